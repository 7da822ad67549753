package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.EventKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user starts the workload when jrec says it is recording: that line must come only once every probe is
 * attached, so a process started on it is in the capture (before, the line came ~3 s early and such a
 * workload was lost), and it says when the probes attached.
 */
class AttachAnnouncementTest {
    @TempDir Path dir;

    private static final Pattern LINE = Pattern.compile("jrec: recording proc,sched to .* for 4s \\(probes attached (\\d+\\.\\d\\d) s after launch\\)");

    @Test
    void aProcessStartedOnTheRecordingLineIsRecorded() throws Exception {
        Path out = dir.resolve("c.parquet"), log = dir.resolve("record.log");
        Process rec = ChildRecorder.start(List.of(), log, "-d", "4s", "--events", "sched,proc", "-o", out.toString());
        Matcher m = null;
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); System.nanoTime() < deadline && rec.isAlive(); Thread.sleep(5)) {
            m = LINE.matcher(Files.readString(log));
            if (m.find()) break;
            m = null;
        }
        long workload = -1;
        if (m != null) {
            Process p = new ProcessBuilder("/bin/sh", "-c", "exit 0").start();
            workload = p.pid();
            p.waitFor();
        }
        ChildRecorder.finish(rec, log);
        assertTrue(m != null, "no 'probes attached' line: " + Files.readString(log));
        double seconds = Double.parseDouble(m.group(1));
        assertTrue(seconds > 0 && seconds < 60, "a plausible launch-to-attached time: " + m.group());
        boolean exec = false;
        try (Capture c = Capture.open(out); var events = c.events(EventFilter.kinds(EventKind.PROC_EXEC))) {
            for (CapturedEvent e : events) exec |= e.pid() == workload;
        }
        assertTrue(exec, "the exec of pid " + workload + ", started on the recording line, is in the capture");
    }
}
