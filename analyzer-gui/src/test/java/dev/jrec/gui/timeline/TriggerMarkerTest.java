package dev.jrec.gui.timeline;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.CaptureMetadata;
import dev.jrec.formats.read.CaptureProbe;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.write.CaptureRewriter;
import dev.jrec.gui.Fx;
import dev.jrec.gui.Units;
import dev.jrec.gui.WorkbenchWindow;
import dev.jrec.gui.Workbenches;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ring dump's trigger, from its footer keys: a red line with a flag at its ts on the timeline, told on hover, and
 * a banner on the overview; none of it for a capture no trigger made.
 */
class TriggerMarkerTest {
    static final String NAME = "runqlat > 50ms", EVENT = "sched_switch pid=4242 tid=4243 comm=busy wait_ns=61234567 cpu=1",
            WALL = "2026-11-20T09:41:07.123456789Z";

    @TempDir
    Path dir;

    /** The cpu-contention sample as a trigger's dump would have it: its rows, and the trigger's keys in its footer. */
    private Path dump(long[] tsOut) throws Exception {
        Path sample = Fx.sample("cpu-contention");
        CaptureMetadata md = CaptureProbe.probe(sample);
        long start = md.startNs().getAsLong(), end = md.endNs().getAsLong();
        long ts = start + (end - start) * 3 / 5 + 1_234; // off any tick or pixel boundary
        Map<String, String> footer = new LinkedHashMap<>(md.all());
        footer.put(MetadataKeys.COMPLETION, "dump");
        footer.put(MetadataKeys.DUMP_REASON, "trigger");
        footer.put(MetadataKeys.TRIGGER_NAME, NAME);
        footer.put(MetadataKeys.TRIGGER_TS, Long.toString(ts));
        footer.put(MetadataKeys.TRIGGER_WALL, WALL);
        footer.put(MetadataKeys.TRIGGER_EVENT, EVENT);
        Path out = dir.resolve("dump.parquet");
        CaptureRewriter.rewrite(sample, out, null, footer);
        tsOut[0] = ts;
        return out;
    }

    @Test
    void aTriggersDumpShowsTheTriggerAtItsTime() throws Exception {
        long[] ts = new long[1];
        WorkbenchWindow w = Workbenches.open(dump(ts));
        try {
            assertEquals(List.of("Dumped by the trigger '" + NAME + "' at " + WALL + ": " + EVENT + " (the red line on the timeline)"), banners(w));
            Fx.run(() -> w.select(w.timeline()));
            Fx.settle(w);
            TimelineCanvas c = w.timeline().canvas();
            assertEquals(new CaptureMetadata.Trigger(NAME, ts[0], WALL, EVENT), Fx.call(c::trigger));
            assertMarkerAt(c, ts[0]);

            double x = Fx.call(() -> c.xOf(ts[0])), y = TimelineCanvas.AXIS + 1.5 * TimelineCanvas.LANE;
            String tip = Fx.call(() -> c.describe(x, y));
            assertTrue(tip.startsWith("trigger '" + NAME + "' fired at " + WALL + " (" + Units.offset(ts[0] - w.capture().startNs()) + " from the start)\nby " + EVENT + "\n"), tip);
            assertTrue(tip.contains("\nbusy (pid "), "the trigger, then what ran there: " + tip);
            assertFalse(Fx.call(() -> c.describe(x + 40, y)).contains("trigger"), "away from the line, the lanes alone");

            // zoomed in around it, the line moves with the view: it is drawn at the trigger's time, not a fixed place
            Fx.run(() -> c.view(ts[0] - 3_000_000, ts[0] + 1_000_000));
            Fx.settle(w);
            assertEquals(TimelineCanvas.LABELS + 0.75 * (Fx.call(c::getWidth) - TimelineCanvas.LABELS), Fx.call(() -> c.xOf(ts[0])), 1);
            assertMarkerAt(c, ts[0]);
        } finally {
            Workbenches.close(w);
        }
    }

    @Test
    void aCaptureNoTriggerMadeHasNoMarker() throws Exception {
        WorkbenchWindow w = Workbenches.open(Fx.sample("cpu-contention"));
        try {
            assertEquals(List.of(), banners(w));
            Fx.run(() -> w.select(w.timeline()));
            Fx.settle(w);
            TimelineCanvas c = w.timeline().canvas();
            assertNull(Fx.call(c::trigger));
            WritableImage img = Fx.call(() -> c.snapshot(null, null));
            for (int x = (int) TimelineCanvas.LABELS; x < img.getWidth(); x++) {
                for (int y = 0; y < img.getHeight(); y++) assertFalse(isTrigger(img.getPixelReader().getColor(x, y)), "red at " + x + "," + y);
            }
        } finally {
            Workbenches.close(w);
        }
    }

    /** The line crosses the lanes at the trigger's x (and nowhere near it), the flag starts there under the axis. */
    private static void assertMarkerAt(TimelineCanvas c, long ts) throws Exception {
        double x = Fx.call(() -> c.xOf(ts));
        WritableImage img = Fx.call(() -> c.snapshot(null, null));
        PixelReader px = img.getPixelReader();
        int lanes = (int) (TimelineCanvas.AXIS + 1.5 * TimelineCanvas.LANE), bottom = (int) (TimelineCanvas.AXIS + 3.5 * TimelineCanvas.LANE);
        for (int y : new int[] {lanes, bottom}) {
            assertTrue(isTrigger(px.getColor((int) Math.floor(x), y)) || isTrigger(px.getColor((int) Math.floor(x) - 1, y)), "line at x " + x + ", y " + y);
            for (int dx : new int[] {-12, -4, 4, 12}) assertFalse(isTrigger(px.getColor((int) Math.floor(x) + dx, y)), "only at x " + x + ", not " + dx);
        }
        int flagY = (int) TimelineCanvas.AXIS + 2;
        assertTrue(isTrigger(px.getColor((int) x + 6, flagY)) && isTrigger(px.getColor((int) x + 40, flagY)), "the flag right of the line");
        assertFalse(isTrigger(px.getColor((int) x - 12, flagY)), "and not left of it");
    }

    private static boolean isTrigger(Color p) {
        Color t = TimelineOverlays.TRIGGER;
        return Math.abs(p.getRed() - t.getRed()) < 0.05 && Math.abs(p.getGreen() - t.getGreen()) < 0.05 && Math.abs(p.getBlue() - t.getBlue()) < 0.05;
    }

    private static List<String> banners(WorkbenchWindow w) throws Exception {
        return Fx.call(() -> w.overview().node().lookupAll(".trigger-banner").stream().map(n -> ((Label) n).getText()).toList());
    }
}
