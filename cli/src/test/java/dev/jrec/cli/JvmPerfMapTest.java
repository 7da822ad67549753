package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM's JIT-compiled hot method named in on-CPU stacks, the way the README tells users to get it:
 * -XX:+PreserveFramePointer so that frame-pointer walks go through compiled Java frames, and
 * jcmd PID Compiler.perfmap so that /tmp/perf-PID.map names the code the JIT wrote.
 */
class JvmPerfMapTest {
    @TempDir Path dir;

    @Test
    void hotJavaMethodAppearsByName() throws Exception {
        Path src = dir.resolve("Hot.java");
        Files.writeString(src, """
                public class Hot {
                    static long sink;
                    static long jrecHotMethod(long x) {
                        for (int i = 0; i < 1_000_000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
                        return x;
                    }
                    public static void main(String[] a) {
                        // until the test kills it: on a loaded host jcmd and the recorder's attach take seconds each
                        long end = System.nanoTime() + 120_000_000_000L, x = 1;
                        System.out.println("started");
                        while (System.nanoTime() < end) x = jrecHotMethod(x);
                        sink = x;
                    }
                }
                """);
        Path bin = Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent();
        Process hot = new ProcessBuilder(bin.resolve("java").toString(), "-XX:+PreserveFramePointer", "-Xmx64m",
                // inlined into main's OSR compilation, the method would have no frame of its own to find
                "-XX:CompileCommand=quiet", "-XX:CompileCommand=dontinline,Hot::jrecHotMethod", src.toString())
                .redirectErrorStream(true).start();
        Path map = Path.of("/tmp/perf-" + hot.pid() + ".map");
        Path capture = dir.resolve("jvm.parquet");
        try {
            assertEquals("started", new String(hot.getInputStream().readNBytes(7)));
            // C2 compiles the method after ~10k loop back-edges, then again (OSR, then normal); on a loaded 2-CPU
            // machine that takes a few seconds, and code compiled after the map is written has no name in it
            Thread.sleep(4000);
            Process jcmd = new ProcessBuilder(bin.resolve("jcmd").toString(), Long.toString(hot.pid()), "Compiler.perfmap")
                    .redirectErrorStream(true).start();
            String jcmdOut = new String(jcmd.getInputStream().readAllBytes());
            assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS) && jcmd.exitValue() == 0, "jcmd: " + jcmdOut);
            assertTrue(Files.readString(map).contains("jrecHotMethod"), "the perf map names the compiled method");

            ChildRecorder.record(dir.resolve("record.log"), "-d", "2s", "--events", "profile", "-p", Long.toString(hot.pid()),
                    "-o", capture.toString());
        } finally {
            hot.destroyForcibly();
            hot.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(map);
        }
        // the main thread (comm "java") spends nearly all its time in the method
        long samples = sql(capture, "SELECT count(*) FROM cpu_sample WHERE comm = 'java'");
        long inHot = sql(capture, "SELECT count(DISTINCT s.ts) FROM cpu_sample s JOIN stack_frame USING (stack_id) JOIN frame USING (frame_id)"
                + " WHERE comm = 'java' AND func = 'long Hot.jrecHotMethod(long)'");
        assertTrue(samples >= 10, "samples of the JVM's main thread: " + samples);
        assertTrue(inHot >= samples * 3 / 4, inHot + " of " + samples + " samples name jrecHotMethod\n"
                + ReportCommandTest.jrec("query", capture.toString(), "SELECT func, module, count(*) n FROM cpu_sample"
                        + " JOIN stack_frame USING (stack_id) JOIN frame USING (frame_id) WHERE depth = 0 GROUP BY ALL ORDER BY n DESC LIMIT 12").out());
    }

    private static long sql(Path c, String query) {
        ReportCommandTest.Run r = ReportCommandTest.jrec("query", c.toString(), query, "--format", "csv");
        assertEquals(0, r.code(), r.err());
        return Long.parseLong(r.out().lines().skip(1).findFirst().orElseThrow().strip());
    }
}
