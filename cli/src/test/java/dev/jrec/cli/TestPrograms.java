package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The C and C++ programs the probe tests build from their resources (optimized, with symbols and frame pointers: each
 * noinline function is a symbol, and stacks reach main), which print "ready" and wait for a line on stdin before
 * the calls a recording attached in between is to see.
 */
final class TestPrograms {
    private TestPrograms() {}

    /** Builds the resource next to this class with compiler (cc, g++) into dir: the program, named as the source without its extension. */
    static Path compile(Path dir, String compiler, String resource) throws Exception {
        Path src = dir.resolve(resource), bin = dir.resolve(resource.substring(0, resource.lastIndexOf('.')));
        try (var in = TestPrograms.class.getResourceAsStream(resource)) {
            Files.copy(in, src);
        }
        Process cc = new ProcessBuilder(compiler, "-O2", "-g", "-fno-omit-frame-pointer", "-o", bin.toString(), src.toString())
                .redirectErrorStream(true).start();
        String out = new String(cc.getInputStream().readAllBytes());
        assertEquals(0, cc.waitFor(), compiler + " " + resource + " (the compiler, and sys/sdt.h from systemtap-sdt-dev, .ci/run installs): " + out);
        return bin;
    }

    /** Starts bin with args, once it has said it is ready. */
    static Process startReady(Path bin, Object... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(bin.toString()));
        for (Object a : args) cmd.add(a.toString());
        Process w = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertEquals("ready", new BufferedReader(new InputStreamReader(w.getInputStream())).readLine(), bin + " said it is ready");
        return w;
    }

    /** Lets a ready program make its calls, and waits for it to end well. */
    static void run(Process w) throws Exception {
        w.getOutputStream().write('\n');
        w.getOutputStream().flush();
        assertTrue(w.waitFor(30, TimeUnit.SECONDS), "the program finished");
        assertEquals(0, w.exitValue());
    }
}
