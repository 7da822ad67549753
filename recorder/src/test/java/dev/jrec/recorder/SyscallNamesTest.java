package dev.jrec.recorder;

import dev.jrec.bpf.libbpf.Arch;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Each arch's table agrees with the numbers syscalls.bpf.c and PerfNative use for it. */
class SyscallNamesTest {
    private static final Path SYSCALLS_BPF = Path.of(System.getProperty("basedir", "."))
            .resolve("../bpf/src/main/bpf/syscalls.bpf.c");

    @Test
    void tablesAgreeWithTheBpfProgramsNumbers() throws IOException {
        String c = Files.readString(SYSCALLS_BPF);
        String x86 = c.substring(c.indexOf("#if defined(__TARGET_ARCH_x86)"), c.indexOf("#else"));
        String arm64 = c.substring(c.indexOf("#else"), c.indexOf("#endif", c.indexOf("#else")));
        assertNumbers(Arch.X86_64, x86, 27);
        assertNumbers(Arch.ARM64, arm64, 23);
    }

    @Test
    void eachArchHasItsOwnNumbers() {
        String[] x86 = SyscallNames.load(Arch.X86_64), arm64 = SyscallNames.load(Arch.ARM64);
        assertEquals(298, SyscallNames.number(x86, "perf_event_open"));
        assertEquals(241, SyscallNames.number(arm64, "perf_event_open"));
        assertEquals("read", x86[0]);
        assertEquals("io_setup", arm64[0]);
        assertEquals(63, SyscallNames.number(arm64, "read"));
        assertEquals(-1, SyscallNames.number(arm64, "open")); // asm-generic has only openat
        assertEquals(469, SyscallNames.number(arm64, "file_setattr"));
        assertFalse(SyscallNames.name(Arch.current() == Arch.ARM64 ? 56 : 257).isEmpty());
        assertEquals(Arch.current() == Arch.ARM64 ? 56 : 257, SyscallNames.number("openat"));
    }

    /** NR_OPENAT = 257 names openat 257 in the table. */
    private static void assertNumbers(Arch arch, String enumBlock, int expected) {
        String[] table = SyscallNames.load(arch);
        Map<String, Integer> nrs = new LinkedHashMap<>();
        Matcher m = Pattern.compile("NR_([A-Z0-9_]+) = (\\d+)").matcher(enumBlock);
        while (m.find()) nrs.put(m.group(1).toLowerCase(java.util.Locale.ROOT), Integer.parseInt(m.group(2)));
        assertEquals(expected, nrs.size(), arch + ": " + nrs);
        nrs.forEach((name, nr) -> assertEquals(name, table[nr], arch + " " + nr));
    }
}
