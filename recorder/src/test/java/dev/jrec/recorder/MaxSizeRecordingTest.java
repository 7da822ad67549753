package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.schema.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --max-size under a syscall storm: the file stays under the limit, and the tail it cut off is counted. */
class MaxSizeRecordingTest {
    @TempDir Path dir;

    /** A process calling getppid() as fast as it can, until destroyed. */
    static Process getppidStorm() throws Exception {
        return new ProcessBuilder(Workloads.PYTHON, "-c", "import os\nwhile True: os.getppid()")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void aLimitedCaptureEndsUnderItsLimitWithItsTailCounted() throws Exception {
        long limit = 2L << 20;
        Path out = dir.resolve("limited.parquet");
        RecordConfig cfg = RecordConfig.defaults(out).withSources(EnumSet.of(Source.SYSCALL)).withDuration(Duration.ofSeconds(60))
                .withMaxSize(limit);
        Process storm = getppidStorm();
        Recorder.Result r;
        try {
            r = new Recorder(cfg).run((e, n, d, b) -> {});
        } finally {
            storm.destroyForcibly().waitFor();
        }
        assertEquals("max_size", r.stopReason());
        long size = Files.size(out);
        // before: 3.7 MiB for a 2 MiB limit, and its last 1.4 s neither recorded nor counted
        assertTrue(size <= limit, size + " bytes for a limit of " + limit);
        TailAccounting tail = TailAccounting.of(out, "max_size");
        System.out.println("--max-size 2M under a getppid storm: " + size + " bytes; " + tail);
        assertTrue(tail.coversTheEnd(), tail.toString());
        try (Capture c = Capture.open(out)) {
            assertEquals("clean", c.metadata().completion());
            assertEquals(tail.lost() + sum(c, "ringbuf_full"), c.metadata().drops(Source.SYSCALL), "the footer counts the tail");
        }
    }

    private static long sum(Capture c, String reason) throws Exception {
        long n = 0;
        try (var events = c.events(dev.jrec.formats.read.EventFilter.ALL)) {
            for (var e : events) {
                if (e.kind() == dev.jrec.formats.schema.EventKind.LOSS && reason.equals(e.getString(dev.jrec.formats.schema.Column.REASON))) {
                    n += e.getLong(dev.jrec.formats.schema.Column.LOST);
                }
            }
        }
        return n;
    }
}
