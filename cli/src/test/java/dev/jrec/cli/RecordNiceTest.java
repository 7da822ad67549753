package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --nice sets the priority of the thread that drains the rings (and of the JVM's VM Thread, which it waits
 * for); --encoder-nice that of the threads that encode and write; nothing else changes.
 */
class RecordNiceTest {
    @TempDir Path dir;

    /** The nice values of the process's threads named name, read from /proc (field 19 of stat). */
    private static java.util.List<Integer> threadNices(long pid, String name) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.sorted(java.util.Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString()))).toList()) {
                String stat = Files.readString(t.resolve("stat"));
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (comm.equals(name)) out.add(Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]));
            }
        } catch (java.io.IOException | RuntimeException e) {
            // it exited meanwhile
        }
        return out;
    }

    @Test
    void drainAndEncoderThreadsRunAtTheNiceAskedFor() throws Exception {
        Process rec = ChildRecorder.start(java.util.List.of(), dir.resolve("record.log"), "-d", "3s", "--events", "sched", "--nice", "-5",
                "--encoder-nice", "7", "-o", dir.resolve("n.parquet").toString());
        java.util.List<Integer> writer = java.util.List.of(), encoder = java.util.List.of(), vm = java.util.List.of(), mains = java.util.List.of();
        while (!rec.waitFor(100, TimeUnit.MILLISECONDS)) {
            writer = threadNices(rec.pid(), "jrec-writer");
            encoder = threadNices(rec.pid(), "jrec-encoder");
            vm = threadNices(rec.pid(), "VM Thread");
            mains = threadNices(rec.pid(), "java");
            // the threads set their own priority once they run: wait for both
            if (writer.equals(java.util.List.of(7)) && encoder.equals(java.util.List.of(7))) break;
        }
        ChildRecorder.finish(rec, dir.resolve("record.log"));
        String log = Files.readString(dir.resolve("record.log"));
        assertEquals(java.util.List.of(7), writer, log);
        assertEquals(java.util.List.of(7), encoder, log);
        assertEquals(java.util.List.of(-5), vm, log);
        assertTrue(mains.contains(-5), "the drain (the JVM's main thread) at -5: " + mains);
        assertEquals(0, (int) mains.getFirst(), "the launching thread (not the recorder's) keeps its priority: " + mains);
    }

    @Test
    void outOfRangeIsAUsageError() {
        ReportCommandTest.Run r = ReportCommandTest.jrec("record", "--nice", "-30", "-d", "1s", "-o", dir.resolve("x.parquet").toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--nice must be between -20 and 19"), r.err());
    }
}
