package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** jrec record in a child JVM, as a user runs it (its own process, signals, exit code), for tests that need a real capture. */
final class ChildRecorder {
    private ChildRecorder() {}

    /** Starts {@code jrec record ARGS} with extra JVM options; its output goes to {@code log}. */
    static Process start(List<String> jvmOptions, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Jrec.class.getName(), "record"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Starts {@code jrec record ARGS} and returns once its probes are attached (or it ended, or a minute passed). */
    static Process startAttached(Path log, String... args) throws IOException, InterruptedException {
        Process p = start(List.of(), log, args);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.readString(log).contains("probes attached") && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
        return p;
    }

    /** Waits for it; a host that cannot record skips the test, any other failure fails it. */
    static void finish(Process p, Path log) throws IOException, InterruptedException {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the recorder did not stop: " + Files.readString(log));
        }
        String out = Files.readString(log);
        Assumptions.assumeTrue(p.exitValue() != ExitCodes.UNSUPPORTED, "this host cannot record: " + out);
        assertEquals(0, p.exitValue(), out);
    }

    /** {@code jrec record ARGS} to its end. */
    static void record(Path log, String... args) throws IOException, InterruptedException {
        finish(start(List.of(), log, args), log);
    }
}
