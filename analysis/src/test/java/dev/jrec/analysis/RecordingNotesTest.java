package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.schema.MetadataKeys;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingNotesTest {
    @TempDir Path dir;

    @Test
    void lossesAndRecordingFiltersAreSpelledOut() throws Exception {
        String config = "{\"sources\":[\"sched\",\"syscall\"],\"duration_ms\":3000,\"pids\":[100,300],\"comm\":null,\"cgroup\":null,"
                + "\"ring_bytes\":0,\"max_size_bytes\":0,\"syscall_min_ns\":100000,\"syscalls\":[\"openat\",\"read\"],\"drain_period_ms\":20}";
        Path p = KnownCapture.standard().meta(MetadataKeys.CONFIG, config).write(dir.resolve("c.parquet"), 3000 * MS);
        try (CaptureDb db = CaptureDb.open(p)) {
            assertEquals(List.of(
                    "recorded for pid 100, 300 only (-p)",
                    "only syscalls that took at least 100us were recorded (--syscall-min-duration): faster calls are not counted",
                    "only these syscalls were recorded (--syscalls): openat, read",
                    "the capture lost 10 syscall events (62.5% of them): counts are short; 'report summary' shows when"),
                    RecordingNotes.of(db.metadata(), Analysis.SYSCOUNT));
            assertEquals(List.of("recorded for pid 100, 300 only (-p)",
                    "the capture lost 5 sched events (50.0% of them): counts are short; 'report summary' shows when"),
                    RecordingNotes.of(db.metadata(), Analysis.RUNQLAT));
            assertEquals(List.of("recorded for pid 100, 300 only (-p)"), RecordingNotes.of(db.metadata(), Analysis.EXECSNOOP));
        }
    }

    /** A stack that could not be stored is not an event lost: the notes say so apart, and only where stacks are shown. */
    @Test
    void missingStacksAreNotCountedAsLostEvents() throws Exception {
        Path p = new KnownCapture().sources("sched,mem").loss(1000 * MS, "mem", "stack_missing", 7, 1000 * MS)
                .loss(2000 * MS, "mem", "ringbuf_full", 3, 1000 * MS).write(dir.resolve("stacks.parquet"), 3000 * MS);
        try (CaptureDb db = CaptureDb.open(p)) {
            assertEquals(10, db.metadata().drops(dev.jrec.formats.schema.Source.MEM), "jrec.drops.mem: every loss row");
            assertEquals(7, db.metadata().stacksMissing(dev.jrec.formats.schema.Source.MEM));
            assertEquals(List.of("the capture lost 3 mem events (100.0% of them): counts are short; 'report summary' shows when",
                    "7 mem events have no stack (the stack map was full, or a hash collided): their weight is in the comm's own frame"),
                    RecordingNotes.of(db.metadata(), Analysis.ofStacks(StackProfile.Kind.FAULT)));
            assertEquals(List.of("the capture lost 3 mem events (100.0% of them): counts are short; 'report summary' shows when"),
                    RecordingNotes.of(db.metadata(), Analysis.of("faults")));
        }
    }

    @Test
    void aPlainRecordingHasNoNotes() throws Exception {
        Path p = new KnownCapture().sources("sched").write(dir.resolve("plain.parquet"), 1000 * MS);
        try (CaptureDb db = CaptureDb.open(p)) {
            assertEquals(List.of(), RecordingNotes.of(db.metadata(), Analysis.RUNQLAT));
        }
    }
}
