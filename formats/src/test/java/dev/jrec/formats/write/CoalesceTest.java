package dev.jrec.formats.write;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.testing.SampleEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A quiet recording's many tiny segments become one row group; big segments are copied as they are. */
class CoalesceTest {
    @TempDir Path dir;

    @Test
    void tinySegmentsAreRewrittenIntoOneRowGroup() throws Exception {
        Path out = dir.resolve("quiet.parquet");
        long[] now = {0};
        CaptureWriter.Options opts = CaptureWriter.Options.defaults().withClock(() -> now[0]);
        Random rnd = new Random(1);
        EventBatch b = new EventBatch(100);
        try (CaptureWriter w = CaptureWriter.create(out, SampleEvents.recordingMetadata(), opts)) {
            for (int second = 0; second < 40; second++) {
                b.clear();
                for (int i = 0; i < 50; i++) SampleEvents.add(b, EventKind.values()[i % EventKind.values().length], second * 1_000_000_000L + i * 1000L, rnd);
                w.write(b);
                now[0] += 1_000_000_000L; // a second passes: the segment is closed
                w.maybeRoll();
            }
            w.close();
        }
        try (Capture c = Capture.open(out)) {
            assertEquals(2000, c.metadata().rows());
            assertEquals(1, c.metadata().rowGroups(), "40 one-second segments of 50 rows");
            assertTrue(Integer.parseInt(c.metadata().get("jrec.segments")) >= 39);
        }
        assertEquals(2000, Capture.readAllEvents(out).size());
    }

    @Test
    void planKeepsBigSegmentsAndRunsOfSmallOnes() {
        List<Path> segs = List.of(Path.of("1"), Path.of("2"), Path.of("3"), Path.of("4"), Path.of("5"));
        List<Coalescer.Part> plan = Coalescer.plan(segs, List.of(10L, 20L, 500_000L, 30L, 40L));
        assertEquals(3, plan.size());
        assertEquals(List.of(Path.of("1"), Path.of("2")), plan.get(0).segments());
        assertFalse(plan.get(1).rewrite());
        assertEquals(70, plan.get(2).rows());
        assertFalse(Coalescer.plan(List.of(Path.of("1")), List.of(5L)).getFirst().rewrite(), "a lone small segment is copied");
    }
}
