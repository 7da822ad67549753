package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.Source;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -p and --comm narrow a recording to the chosen processes, in the kernel. */
class ScopeTest {
    @TempDir Path dir;

    /** A process that waits for a line on stdin, then makes n failed opens. */
    private static Process waitingOpener(int n) throws Exception {
        String py = "import os,sys\nsys.stdin.readline()\nfor _ in range(%d):\n    try: os.open('/nonexistent/scope', 0)\n    except OSError: pass\n".formatted(n);
        return new ProcessBuilder(Workloads.PYTHON, "-c", py).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void go(Process p) throws Exception {
        OutputStream in = p.getOutputStream();
        in.write('\n');
        in.flush();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    }

    @Test
    void pidsLimitTheRecordingToThoseProcesses() throws Exception {
        Process a = waitingOpener(50), b = waitingOpener(50), c = waitingOpener(50);
        RecordConfig cfg = RecordConfig.defaults(dir.resolve("pids.parquet")).withSources(EnumSet.of(Source.SYSCALL))
                .withPids(List.of((int) a.pid(), (int) b.pid()));
        Recorder.Result r;
        try (LiveRecording rec = new LiveRecording(cfg)) {
            go(a);
            go(b);
            go(c);
            r = rec.stop();
        }
        List<CapturedEvent> rows = new ArrayList<>();
        try (Capture cap = Capture.open(r.output()); var s = cap.events(EventFilter.kinds(EventKind.SYSCALL))) {
            s.forEach(rows::add);
        }
        assertTrue(rows.stream().filter(e -> e.pid() == a.pid()).count() >= 50);
        assertTrue(rows.stream().filter(e -> e.pid() == b.pid()).count() >= 50);
        assertEquals(0, rows.stream().filter(e -> e.pid() != a.pid() && e.pid() != b.pid()).count(), "only the two targeted processes");
    }
}
