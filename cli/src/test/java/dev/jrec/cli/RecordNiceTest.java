package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
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
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process rec = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Jrec.class.getName(), "record", "-d", "3s", "--events", "sched", "--nice", "-5", "-o", dir.resolve("n.parquet").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("record.log").toFile()).start();
        OptionalInt writer = OptionalInt.empty(), main = OptionalInt.empty();
        while (!rec.waitFor(100, TimeUnit.MILLISECONDS)) {
            writer = threadNice(rec.pid(), "jrec-writer");
            main = threadNice(rec.pid(), "java");
            if (writer.isPresent()) break;
        }
        assertTrue(rec.waitFor(60, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("record.log"));
        Assumptions.assumeTrue(rec.exitValue() != ExitCodes.UNSUPPORTED, "this host cannot record: " + log);
        assertEquals(0, rec.exitValue(), log);
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
