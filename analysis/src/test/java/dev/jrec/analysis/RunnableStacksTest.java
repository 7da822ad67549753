package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static dev.jrec.analysis.KnownCapture.US;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wall clock's runnable part on {@link KnownStacks} plus two switch-ins of app's thread 100: one 3 µs after its
 * 1.5 ms off-CPU interval at 300 ms ended (the sched program's stamp), having waited 200 µs for a CPU, and two after
 * preemptions: at 300.5 ms (80 µs; near enough to that interval's end to be taken for its switch-in, but it ended
 * once) and at 350 ms (50 µs).
 */
class RunnableStacksTest {
    @TempDir
    Path dir;

    private Reports reports(CaptureDb db) throws Exception {
        return new Reports(db);
    }

    private CaptureDb open() throws Exception {
        KnownCapture c = KnownStacks.capture();
        c.sw(300 * MS + 3 * US, 0, 0, 0, "swapper/0", 0, 100, 100, "app", null, 200 * US);
        c.sw(300 * MS + 500 * US, 0, 0, 0, "swapper/0", 0, 100, 100, "app", null, 80 * US);
        c.sw(350 * MS, 0, 0, 0, "swapper/0", 0, 100, 100, "app", null, 50 * US);
        return CaptureDb.open(c.write(dir.resolve("runnable.parquet"), 3000 * MS));
    }

    @Test
    void waitsAfterAnOffCpuIntervalCarryItsStackTheOthersAreUnattributed() throws Exception {
        try (CaptureDb db = open()) {
            List<String> folded = reports(db).runnableStacks(Filter.ALL).folded();
            String s1 = "app;__libc_start_main;main;read;do_syscall_64_[k];schedule_[k];__schedule_[k]";
            // app's other switch-ins (standard capture): thread 100 at 10 ms (1 µs) and 40 ms (700 µs), 101 at 20 ms (3 µs)
            assertTrue(folded.contains(s1 + " 200"), folded.toString());
            assertTrue(folded.contains("app;[preempted or short sleep] 834"), folded.toString());
            assertTrue(folded.contains("db;[preempted or short sleep] 2003"), folded.toString());
        }
    }

    @Test
    void theWallClockTakesTheWaitOutOfTheOffCpuTimeAndShowsItApart() throws Exception {
        try (CaptureDb db = open()) {
            Reports r = reports(db);
            StackProfile off = r.stacks(StackProfile.Kind.OFFCPU, Filter.ALL);
            StackProfile wall = WallClock.combine(r.stacks(StackProfile.Kind.PROFILE, Filter.ALL), off, r.runnableStacks(Filter.ALL), 1000);
            List<String> folded = wall.folded();
            String s1 = "__libc_start_main;main;read;do_syscall_64_[k];schedule_[k];__schedule_[k]";
            // 1500 + 2500 µs off CPU in S1, 200 of which waiting for a CPU after the first
            assertTrue(folded.contains("app;[off CPU];" + s1 + " 3800"), folded.toString());
            assertTrue(folded.contains("app;[runnable];" + s1 + " 200"), folded.toString());
            assertTrue(folded.contains("app;[runnable];[preempted or short sleep] 834"), folded.toString());
            long runnable = folded.stream().filter(l -> l.contains(";[runnable]")).mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
            long offBefore = off.total(), offAfter = folded.stream().filter(l -> l.contains(";[off CPU]"))
                    .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
            assertEquals(offBefore - 200, offAfter, "only the wait that ended an off-CPU interval leaves it");
            assertEquals(200 + 834 + 2003, runnable);
        }
    }
}
