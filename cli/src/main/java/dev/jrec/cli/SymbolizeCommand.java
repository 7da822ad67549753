package dev.jrec.cli;

import dev.jrec.formats.read.CaptureVerifier;
import dev.jrec.symbols.resymbolize.Resymbolizer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "symbolize",
        description = {"Name the stack frames a recording could not name, from debug files found later.",
            "Every frame keeps its binary's GNU build-id and the file offset of its address, so a stripped",
            "binary's frames can be named against its debug file, or an unstripped copy of the same build, on",
            "any machine. DIR is searched in the .build-id/ab/cdef...debug layout (as /usr/lib/debug, debuginfod",
            "caches and unpacked -dbgsym packages have it), then for any ELF file whose build-id matches.",
            "Only frame rows change; the capture is rewritten in place (or to -o) once the copy is complete.",
            "",
            "Example:  jrec symbolize capture.parquet --debug-dir ./build/debug"},
        mixinStandardHelpOptions = true,
        footer = ExitCodes.HELP_FOOTER)
final class SymbolizeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CAPTURE", description = "a capture written by 'jrec record' with stacks (--events profile/offcpu)")
    Path capture;

    @Option(names = "--debug-dir", paramLabel = "DIR", required = true, description = "where to look for debug files or unstripped binaries")
    Path debugDir;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the result here instead of replacing CAPTURE")
    Path output;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(debugDir)) {
            throw new ParameterException(spec.commandLine(), "--debug-dir " + debugDir + " is not a directory");
        }
        CaptureVerifier.verify(capture); // a foreign, truncated or damaged file gets its one-line error before any work
        Path out = output == null ? capture : output;
        Resymbolizer.Outcome o = Resymbolizer.run(capture, out, debugDir);
        PrintWriter w = spec.commandLine().getOut();
        if (o.unresolved() == 0) {
            w.printf("%s: every frame already has a name; nothing to do%n", capture);
        } else if (o.named() == 0) {
            w.printf("%s: none of %s unnamed frames found a debug file with symbols under %s; unchanged%n", capture,
                    Units.count(o.unresolved()), debugDir);
        } else {
            w.printf("%s: named %s of %s unnamed frames%s%n", out, Units.count(o.named()), Units.count(o.unresolved()),
                    output == null ? "" : " (from " + capture + ")");
        }
        o.stillUnresolved().forEach((module, n) -> w.printf("  still unnamed  %8s  %s%n", Units.count(n), module));
        return ExitCodes.OK;
    }
}
