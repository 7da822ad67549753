package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User probes against a program whose calls are known exactly (probe_target.c, compiled here): N calls of
 * target_fn(i), N firings of the USDT probe jrectest:tick(i, "name"), M calls of slow_fn sleeping 2 ms, and L
 * blocks of 4242 bytes allocated in leak_fn of which K are never freed; a 1 MiB malloc kept (glibc maps it), 5
 * mappings of 64 KiB of which one is kept whole and one unmapped in part, 4 blocks kept from posix_memalign (one
 * of them glibc's malloc hands out inside it), one from valloc, one from memalign.
 */
class ProbeTargetTest {
    private static final int N = 5000, M = 12, L = 40, K = 7;

    @TempDir static Path dir;
    static String capture;
    static long pid;
    static Path bin;

    @BeforeAll
    static void record() throws Exception {
        bin = TestPrograms.compile(dir, "cc", "probe_target.c");
        Process w = TestPrograms.startReady(bin, N, M, L, K);
        pid = w.pid();
        Path capturePath = dir.resolve("target.parquet"), log = dir.resolve("record.log");
        Process p = ChildRecorder.startAttached(log, "-d", "3s", "--events", "proc", "-p", Long.toString(pid),
                "-o", capturePath.toString(), "--uprobe", bin + ":target_fn(i)", "--uretprobe", bin + ":slow_fn(ms)",
                "--usdt", bin + ":jrectest:tick(i, str name)", "--memleak");
        TestPrograms.run(w);
        ChildRecorder.finish(p, log);
        capture = capturePath.toString();
    }

    private static List<String> lines(String... args) {
        return ReportCommandTest.lines(args);
    }

    private static String sql(String query) {
        return ReportCommandTest.sql(capture, query);
    }

    @Test
    void everyCallWithItsArgument() {
        String calls = sql("SELECT count(*), count(DISTINCT args[1]), min(args[1]), max(args[1]) FROM uprobe_call"
                + " WHERE kind = 'uprobe' AND func = 'target_fn' AND pid = " + pid);
        assertTrue(calls.endsWith(N + " " + N + " 0 " + (N - 1)), calls);
    }

    @Test
    void everyUsdtFiringWithBothArguments() {
        String ticks = sql("SELECT count(*), count(DISTINCT args[1]), min(args[1]), max(args[1]), count(*) FILTER (arg_str = 'name')"
                + " FROM uprobe_call WHERE kind = 'usdt' AND func = 'tick' AND pid = " + pid);
        assertTrue(ticks.endsWith(N + " " + N + " 0 " + (N - 1) + " " + N), ticks);
    }

    @Test
    void slowCallsInTheTwoToFourMillisecondBucket() {
        String slow = sql("SELECT count(*), min(dur_ns) >= 2000000, min(ret), max(ret) FROM uprobe_call"
                + " WHERE kind = 'uretprobe' AND func = 'slow_fn' AND pid = " + pid);
        assertTrue(slow.endsWith(M + " true 2 2"), slow);
        List<String> lat = lines("report", capture, "funclatency", "slow_fn", "-m");
        assertEquals("msecs : count distribution", lat.getFirst(), String.join("\n", lat));
        long total = 0, inBucket = 0, below = 0;
        for (String l : lat) {
            String[] f = l.split(" ");
            if (f.length >= 5 && f[1].equals("->")) {
                total += Long.parseLong(f[4]);
                if (f[0].equals("2") && f[2].equals("3")) inBucket = Long.parseLong(f[4]);
                if (Long.parseLong(f[2]) < 2) below += Long.parseLong(f[4]);
            }
        }
        assertEquals(M, total, String.join("\n", lat));
        assertEquals(0, below, String.join("\n", lat));
        // a sleep never ends early, but on a busy host it may end late: most, not all, are in 2 -> 3
        assertTrue(inBucket >= M / 2, "the 2 ms sleeps in the 2 -> 3 ms bucket:\n" + String.join("\n", lat));
        List<String> count = lines("report", capture, "funccount", "-p", Long.toString(pid));
        assertTrue(count.stream().anyMatch(l -> l.startsWith("target_fn " + N + " uprobe:")), String.join("\n", count));
        assertTrue(count.stream().anyMatch(l -> l.startsWith("tick " + N + " usdt:")), String.join("\n", count));
    }

    @Test
    void theLeakByTheFunctionThatMadeIt() {
        List<String> rows = lines("report", capture, "memleak", "-p", Long.toString(pid), "--format", "csv");
        String leak = row(rows, "leak_fn+");
        String[] f = leak.split(",");
        assertEquals(K * 4242L, Long.parseLong(f[0]), leak);
        assertEquals(K, Long.parseLong(f[1]), leak);
        assertTrue(f[4].startsWith("malloc+0x0 [libc.so.6] <- leak_fn+0x") && f[4].contains("main+0x"), leak);
        String big = row(rows, "big_fn+");
        assertTrue(big.startsWith((1 << 20) + ",1,"), big);
        String map = row(rows, "map_fn+");
        assertTrue(map.startsWith((65536 + 49152) + ",2,") && stack(map).startsWith("mmap+0x0 [libc.so.6] <- map_fn+0x"), map);
        // the mapping glibc made for big_fn's block is its malloc's, not a second leak
        assertEquals(1, rows.stream().filter(r -> stack(r).startsWith("mmap")).count(), String.join("\n", rows));
        // the block aligned to 16 is malloc's inside posix_memalign: counted once, by align_fn
        List<String> aligned = rows.stream().filter(r -> stack(r).contains("<- align_fn+")).toList(); // two call sites in main
        assertEquals(List.of(12000L, 4L), List.of(aligned.stream().mapToLong(r -> Long.parseLong(r.split(",")[0])).sum(),
                aligned.stream().mapToLong(r -> Long.parseLong(r.split(",")[1])).sum()), String.join("\n", rows));
        assertTrue(aligned.stream().allMatch(r -> stack(r).startsWith("posix_memalign+0x0 [libc.so.6] <- align_fn+0x")), String.join("\n", aligned));
        assertTrue(rows.stream().noneMatch(r -> stack(r).startsWith("malloc") && stack(r).contains("memalign")), String.join("\n", rows));
        String valloc = row(rows, "valloc_fn+");
        assertTrue(valloc.startsWith("5000,1,") && stack(valloc).startsWith("valloc+0x0 [libc.so.6] <- valloc_fn+0x"), valloc);
        // glibc's memalign and aligned_alloc are one function, probed once: either name
        String memalign = row(rows, "memalign_fn+");
        assertTrue(memalign.startsWith("700,1,") && stack(memalign).matches("(memalign|aligned_alloc)\\+0x0 \\[libc.so.6\\] <- memalign_fn\\+0x.*"), memalign);
    }

    private static String row(List<String> rows, String frame) {
        return rows.stream().filter(r -> stack(r).contains("<- " + frame)).findFirst().orElseThrow(() -> new AssertionError(frame + " in\n" + String.join("\n", rows)));
    }

    /** memleak's stack column in a CSV row (bytes, allocations, pid, comm, stack). */
    private static String stack(String csvRow) {
        String[] f = csvRow.split(",");
        return f.length > 4 ? f[4] : "";
    }

    @Test
    void thePostmortemHasTheCallsTheirLatencyAndTheLeak() throws Exception {
        Path html = dir.resolve("target.html");
        ReportCommandTest.Run e = ReportCommandTest.jrec("export", capture, "--as", "html", "-o", html.toString());
        assertEquals(0, e.code(), e.err());
        String page = Files.readString(html);
        int section = page.indexOf("<section id=\"probes\"><h2>User probes</h2>");
        assertTrue(section > 0, "a User probes section");
        String probes = page.substring(section, page.indexOf("</section>", section));
        assertTrue(probes.contains("target_fn") && probes.contains(">" + String.format("%,d", N) + "<"), "funccount's target_fn row");
        assertTrue(probes.contains("leak_fn+0x") && probes.contains(">" + String.format("%,d", K * 4242) + "<"), "memleak's leak_fn row");
        assertTrue(page.contains("funclatency: slow_fn"), "slow_fn's histogram among the latency ones");
    }
}
