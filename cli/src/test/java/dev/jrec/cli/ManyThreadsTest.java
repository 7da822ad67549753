package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BCC's offcputime is known to run out of memory on hosts with thousands of busy threads. jrec with
 * 2000 threads blocking and waking: every thread's blocked intervals are recorded, and the recorder's
 * memory stays within the bound its launcher sets.
 */
class ManyThreadsTest {
    static final int THREADS = 2000;

    @TempDir Path dir;

    private static long kib(String status, String field) {
        return status.lines().filter(l -> l.startsWith(field + ":")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst()
                .orElse(0);
    }

    @Test
    void twoThousandBlockingThreadsAreRecordedInBoundedMemory() throws Exception {
        Path src = dir.resolve("threads.c"), exe = dir.resolve("threads");
        Files.writeString(src, """
                #include <pthread.h>
                #include <stdio.h>
                #include <time.h>
                #include <unistd.h>
                static time_t end;
                static void *sleeper(void *arg) {
                    while (time(0) < end) usleep(50000);
                    return arg;
                }
                int main(void) {
                    pthread_t t[%d];
                    pthread_attr_t a;
                    pthread_attr_init(&a);
                    pthread_attr_setstacksize(&a, 64 * 1024);
                    end = time(0) + 8;
                    for (int i = 0; i < %d; i++) pthread_create(&t[i], &a, sleeper, 0);
                    puts("started");
                    fflush(stdout);
                    for (int i = 0; i < %d; i++) pthread_join(t[i], 0);
                    return 0;
                }
                """.formatted(THREADS, THREADS, THREADS));
        Process cc = new ProcessBuilder("gcc", "-O1", "-pthread", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
        String ccOut = new String(cc.getInputStream().readAllBytes());
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, ccOut);

        Process threads = new ProcessBuilder(exe.toString()).start();
        Path capture = dir.resolve("threads.parquet");
        long peakRssKib = 0;
        try {
            assertEquals("started", new String(threads.getInputStream().readNBytes(7)));
            // the heap bound the ./jrec launcher gives a recording
            Process rec = ChildRecorder.start(List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx192m"), dir.resolve("record.log"), "-d", "3s",
                    "--events", "sched,offcpu", "-p", Long.toString(threads.pid()), "-o", capture.toString());
            Path status = Path.of("/proc/" + rec.pid() + "/status");
            while (!rec.waitFor(100, TimeUnit.MILLISECONDS)) {
                try {
                    peakRssKib = Math.max(peakRssKib, kib(Files.readString(status), "VmHWM"));
                } catch (java.io.IOException e) {
                    break; // it just exited
                }
            }
            ChildRecorder.finish(rec, dir.resolve("record.log"));
        } finally {
            threads.destroyForcibly();
        }
        long tids = sql(capture, "SELECT count(DISTINCT tid) FROM offcpu WHERE pid = " + threads.pid());
        long intervals = sql(capture, "SELECT count(*) FROM offcpu WHERE pid = " + threads.pid());
        long drops = sql(capture, "SELECT coalesce(sum(lost), 0) FROM loss");
        long offcpuDrops = sql(capture, "SELECT coalesce(sum(lost), 0) FROM loss WHERE source = 'offcpu'");
        System.out.printf("%d threads: %d off-CPU intervals of %d threads, %d events lost (%d of them off-CPU), recorder peak RSS %d MiB%n",
                THREADS, intervals, tids, drops, offcpuDrops, peakRssKib / 1024);
        // each thread blocks ~20 times a second; a thread missing entirely would be a tracking-map limit
        assertTrue(tids >= THREADS * 95 / 100 || drops > 0, tids + " of " + THREADS + " threads seen blocking, no loss counted");
        assertTrue(tids >= THREADS / 2, "threads seen blocking: " + tids);
        assertTrue(peakRssKib > 0 && peakRssKib < 400 * 1024, "recorder peak RSS " + peakRssKib / 1024 + " MiB");
    }

    private static long sql(Path c, String query) {
        ReportCommandTest.Run r = ReportCommandTest.jrec("query", c.toString(), query, "--format", "csv");
        assertEquals(0, r.code(), r.err());
        return Long.parseLong(r.out().lines().skip(1).findFirst().orElseThrow().strip());
    }
}
