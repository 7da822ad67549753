package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * USDT in a JVM: HotSpot's hotspot:thread__start(name, length, java_tid, native_tid, daemon) for a program that
 * starts a known number of named threads; the JVM's own threads (compiler, GC) have other names.
 */
class JvmUsdtTest {
    private static final int THREADS = 17;
    private static final String PROGRAM = """
            public class StartThreads {
                public static void main(String[] args) throws Exception {
                    System.out.println("ready");
                    System.out.flush();
                    System.in.read();
                    for (int i = 0; i < Integer.parseInt(args[0]); i++) {
                        Thread t = new Thread(() -> { }, "jrec-worker-" + i);
                        t.start();
                        t.join();
                    }
                }
            }
            """;

    @TempDir Path dir;

    @Test
    void everyThreadStartWithItsName() throws Exception {
        Path src = dir.resolve("StartThreads.java");
        Files.writeString(src, PROGRAM);
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path libjvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
        Process w = new ProcessBuilder(java, src.toString(), Integer.toString(THREADS)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(w.getInputStream()));
        assertEquals("ready", out.readLine());
        Path capture = dir.resolve("jvm.parquet"), log = dir.resolve("record.log");
        Process p = ChildRecorder.startAttached(log, "-d", "3s", "--events", "proc", "-p", Long.toString(w.pid()),
                "-o", capture.toString(), "--usdt", libjvm + ":hotspot:thread__start(str name, length, java_tid, native_tid, daemon)");
        w.getOutputStream().write('\n');
        w.getOutputStream().flush();
        assertTrue(w.waitFor(30, TimeUnit.SECONDS), "the JVM finished");
        ChildRecorder.finish(p, log);
        ReportCommandTest.Run r = ReportCommandTest.jrec("query", capture.toString(),
                "SELECT count(*), count(DISTINCT arg_str), count(DISTINCT args[3]), max(args[1]), max(args[4])"
                        + " FROM uprobe_call WHERE kind = 'usdt' AND func = 'thread__start' AND arg_str LIKE 'jrec-worker-%'"
                        + " AND pid = " + w.pid());
        assertEquals(0, r.code(), r.err());
        // 17 starts, 17 names and native tids; "jrec-worker-16" is 14 bytes long; none of them a daemon
        assertTrue(r.out().strip().replaceAll("\\s+", " ").endsWith(THREADS + " " + THREADS + " " + THREADS + " 14 0"), r.out());
    }
}
