package dev.jrec.cli;

import dev.jrec.symbols.ProbeBinaries;
import dev.jrec.symbols.elf.ProbePoints;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "probes",
        description = {"List what a file offers to --uprobe, --uretprobe and --usdt, as 'bpftrace -l' does:",
            "its USDT probes (usdt:FILE:PROVIDER:NAME) and functions (uprobe:FILE:FUNC).",
            "",
            "Examples:",
            "  jrec probes /usr/bin/python3.11 --usdt       python's 8 USDT probes",
            "  jrec probes libc 'malloc*'                   libc's malloc functions",
            "  jrec probes -p 1234 libssl -v                the libssl process 1234 maps,",
            "                                               with each function's address",
            "",
            "PATTERN is a glob over the names (* and ?): 'gc*', '*SSL_write*'."},
        mixinStandardHelpOptions = true,
        footer = ExitCodes.HELP_FOOTER)
final class ProbesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BINARY", description = "a path, /proc/PID/exe, a library name (libc, libssl.so.3) or a program on PATH")
    String binary;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATTERN", description = "only names matching this glob (default: all)")
    String pattern;

    @Option(names = {"-p", "--pid"}, paramLabel = "PID", description = "find a library by name among this process's mappings")
    Integer pid;

    @Option(names = "--usdt", description = "USDT probes only")
    boolean usdtOnly;

    @Option(names = "--functions", description = "functions only")
    boolean functionsOnly;

    @Option(names = {"-v", "--verbose"}, description = "also each USDT probe's arguments and semaphore, each function's address, size and IFUNC mark")
    boolean verbose;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (usdtOnly && functionsOnly) throw new ParameterException(spec.commandLine(), "choose one of --usdt and --functions");
        Path file;
        ProbePoints points;
        try {
            file = ProbeBinaries.resolve(binary, pid);
            points = ProbePoints.read(file);
        } catch (IllegalArgumentException | IOException e) {
            spec.commandLine().getErr().println("jrec: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        PathMatcher glob = pattern == null ? null : java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        PrintWriter out = spec.commandLine().getOut();
        if (!functionsOnly) {
            Set<String> seen = new LinkedHashSet<>(); // a probe inlined at several sites is one probe
            for (ProbePoints.Usdt u : points.usdt()) {
                if (!matches(glob, u.name()) || !seen.add(u.provider() + ":" + u.name()) && !verbose) continue;
                out.print("usdt:" + file + ":" + u.provider() + ":" + u.name());
                if (verbose) out.print("  pc 0x" + Long.toHexString(u.pc()) + (u.semaphore() != 0 ? "  semaphore 0x" + Long.toHexString(u.semaphore()) : "")
                        + "  args " + (u.args().isEmpty() ? "(none)" : u.args()));
                out.println();
            }
        }
        if (!usdtOnly) {
            for (ProbePoints.Function f : points.functions()) {
                if (!matches(glob, f.name())) continue;
                out.print("uprobe:" + file + ":" + f.name());
                if (verbose) out.print("  0x" + Long.toHexString(f.vaddr()) + "  size " + f.size() + (f.ifunc() ? "  ifunc" : ""));
                out.println();
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static boolean matches(PathMatcher glob, String name) {
        return glob == null || !name.contains("/") && glob.matches(Path.of(name));
    }
}
