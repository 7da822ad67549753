package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.schema.MetadataKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script that starts `jrec record &` and later `kill -INT`s it: the shell starts its background jobs with
 * SIGINT ignored, which the JVM used to keep, so the recording ran on. Now it finishes the capture, as perf does.
 */
class RecordAsScriptJobTest {
    @TempDir Path dir;

    @Test
    void sigintStopsABackgroundJobOfAScript() throws Exception {
        Path out = dir.resolve("bg.parquet"), log = dir.resolve("record.log");
        String java = ProcessHandle.current().info().command().orElseThrow();
        String script = "\"$0\" --enable-native-access=ALL-UNNAMED -cp \"$1\" " + Jrec.class.getName()
                + " record -d 120s --events sched -o \"$2\" 2>\"$3\" & pid=$!\n"
                + "while ! grep -q 'probes attached' \"$3\" 2>/dev/null; do kill -0 $pid 2>/dev/null || { wait $pid; exit $?; }; sleep 0.05; done\n"
                + "kill -INT $pid; wait $pid";
        Process sh = new ProcessBuilder("/bin/sh", "-c", script, java, System.getProperty("java.class.path"), out.toString(), log.toString())
                .redirectErrorStream(true).start();
        try {
            assertTrue(sh.waitFor(90, TimeUnit.SECONDS), "the recording did not stop on SIGINT: " + Files.readString(log));
            ChildRecorder.finish(sh, log); // exit 4 (cannot record here) skips
        } finally {
            sh.destroyForcibly();
        }
        try (Capture c = Capture.open(out)) {
            assertEquals("signal", c.metadata().get(MetadataKeys.STOP_REASON));
            assertEquals("clean", c.metadata().completion());
        }
    }
}
