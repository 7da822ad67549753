package dev.jrec.gui.timeline;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.gui.Fx;
import dev.jrec.gui.WorkbenchWindow;
import dev.jrec.gui.Workbenches;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The timeline reads what ran and the threads' states per visible window at the pixels' resolution (timeline_cpu_slices,
 * timeline_thread_states): the whole
 * recording comes as at most about two intervals per pixel and CPU, a zoom reads the new window with slices of their
 * own, and what it read adds up to the on-CPU time of the switches in that window.
 */
class TimelineDetailTest {
    @Test
    void zoomingReadsTheWindowInSightAtItsResolution() throws Exception {
        WorkbenchWindow w = Workbenches.open(Fx.sample("cpu-contention"));
        try {
            Fx.run(() -> w.select(w.timeline()));
            Fx.settle(w);
            TimelineView v = w.timeline();
            TimelineCanvas c = v.canvas();
            TimelineData d = Fx.call(v::data);
            long start = w.capture().startNs(), end = w.capture().endNs();
            double px = Fx.call(() -> c.getWidth() - TimelineCanvas.LABELS);
            // read before the canvas had its final width, then kept: within a factor of 2 of a pixel
            assertTrue(d.detailBucket <= 2 * Math.ceil((end - start) / px), "a bucket is about a pixel: " + d.detailBucket);
            long buckets = (end - start) / d.detailBucket + 1;
            for (Lane l : Fx.call(() -> List.copyOf(d.cpus))) assertTrue(l.size <= 2 * buckets + 1, l.title + ": " + l.size + " intervals for " + buckets + " buckets");
            assertTrue(Fx.call(() -> d.cpus.stream().anyMatch(l -> java.util.stream.IntStream.range(0, l.size).anyMatch(l::aggregated))),
                    "slices thinner than a pixel are summed");

            assertTrue(Fx.call(() -> d.threads.stream().anyMatch(l -> java.util.stream.IntStream.range(0, l.size).anyMatch(l::aggregated))),
                    "thread states thinner than a pixel are summed too");
            long mid = start + (end - start) / 2;
            Fx.run(() -> c.view(mid - 1_000_000, mid + 1_000_000));
            Thread.sleep(400); // the view rests: the detail of the new window is read
            Fx.settle(w);
            long from = Fx.call(() -> d.detailFrom), to = Fx.call(() -> d.detailTo), bucket = Fx.call(() -> d.detailBucket);
            assertTrue(from <= mid - 1_000_000 && to >= mid + 1_000_000 && to - from <= 4_000_000, "the window in sight and a margin: " + from + ".." + to);
            assertTrue(bucket <= Fx.call(c::nsPerPixel), "at the zoomed view's resolution: " + bucket);
            List<Lane> cpus = Fx.call(() -> List.copyOf(d.cpus));
            assertEquals(Fx.call(() -> c.lanes().subList(0, cpus.size())), cpus, "the canvas draws the new detail");
            long busy = cpus.stream().mapToLong(Lane::busyNs).sum();
            try (Statement st = w.capture().connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT sum(least(ts, " + to + ") - greatest(ts - prev_oncpu_ns, " + from + ", " + start + ")) FROM sched_switch "
                         + "WHERE prev_pid <> 0 AND prev_oncpu_ns IS NOT NULL AND ts > " + from + " AND ts > " + start + " AND ts - prev_oncpu_ns < " + to)) {
                rs.next();
                assertEquals(rs.getLong(1), busy, "what was read is the on-CPU time of the window");
            }
            Lane busiest = Fx.call(() -> d.threads.getFirst());
            assertTrue(Fx.call(() -> busiest.statesLoaded && busiest.marksLoaded), "the lanes in sight have the new window's states and markers");
            for (int i = 0; i < busiest.size; i++) {
                assertTrue(busiest.start[i] >= from && busiest.start[i] + busiest.dur[i] <= to, "states of the window: " + busiest.start[i]);
            }
            assertTrue(busiest.size > 0);
            Lane cpu0 = cpus.getFirst();
            int slice = java.util.stream.IntStream.range(0, cpu0.size).filter(i -> !cpu0.aggregated(i) && cpu0.dur[i] > 50_000).findFirst().orElse(-1);
            assertTrue(slice >= 0, "slices of their own at 2 ms in view");
            long at = cpu0.start[slice] + cpu0.dur[slice] / 2;
            Fx.run(() -> c.view(at - 20_000, at + 20_000));
            String tip = Fx.call(() -> c.describe(c.xOf(at), TimelineCanvas.AXIS + TimelineCanvas.LANE / 2));
            assertTrue(tip.startsWith(cpu0.labels[slice] + " (pid " + cpu0.key[slice]) && !tip.contains("zoom in"), tip);
        } finally {
            Workbenches.close(w);
        }
    }
}
