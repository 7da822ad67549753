package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --nice sets the priority of the threads that drain and write, and of nothing else. */
class RecordNiceTest {
    @TempDir Path dir;

    /** The nice value of the process's thread named name, read from /proc (field 19 of stat). */
    private static OptionalInt threadNice(long pid, String name) {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                String stat = Files.readString(t.resolve("stat"));
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (comm.equals(name)) return OptionalInt.of(Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]));
            }
        } catch (java.io.IOException | RuntimeException e) {
            // it exited meanwhile
        }
        return OptionalInt.empty();
    }

    @Test
    void writerThreadRunsAtTheNiceAskedFor() throws Exception {
        Process rec = ChildRecorder.start(java.util.List.of(), dir.resolve("record.log"), "-d", "3s", "--events", "sched", "--nice", "-5",
                "-o", dir.resolve("n.parquet").toString());
        OptionalInt writer = OptionalInt.empty(), main = OptionalInt.empty();
        while (!rec.waitFor(100, TimeUnit.MILLISECONDS)) {
            writer = threadNice(rec.pid(), "jrec-writer");
            main = threadNice(rec.pid(), "java");
            if (writer.isPresent()) break;
        }
        ChildRecorder.finish(rec, dir.resolve("record.log"));
        String log = Files.readString(dir.resolve("record.log"));
        assertEquals(OptionalInt.of(-5), writer, log);
        assertEquals(OptionalInt.of(0), main, "the launching thread (not the recorder's) keeps its priority");
    }

    @Test
    void outOfRangeIsAUsageError() {
        ReportCommandTest.Run r = ReportCommandTest.jrec("record", "--nice", "-30", "-d", "1s", "-o", dir.resolve("x.parquet").toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--nice must be between -20 and 19"), r.err());
    }
}
