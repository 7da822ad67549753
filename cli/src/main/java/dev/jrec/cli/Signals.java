package dev.jrec.cli;

import java.util.List;
import java.util.Locale;

/** Signal numbers by name, as kill -l lists them (x86-64 and arm64 share these). */
final class Signals {
    private Signals() {}

    private static final List<String> NAMES = List.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1",
            "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
            "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

    /** 9, KILL, SIGKILL, kill → 9; anything else is a usage error naming the forms. */
    static int number(String s) {
        String t = s.strip().toUpperCase(Locale.ROOT);
        if (t.matches("\\d{1,2}") && Integer.parseInt(t) >= 1 && Integer.parseInt(t) <= 64) return Integer.parseInt(t);
        if (t.startsWith("SIG")) t = t.substring(3);
        int i = NAMES.indexOf(t);
        if (i < 0) throw new picocli.CommandLine.TypeConversionException("'" + s + "' is not a signal: give a number (1-64) or a name such as KILL or SIGTERM");
        return i + 1;
    }

    static final class Converter implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String s) {
            return number(s);
        }
    }
}
