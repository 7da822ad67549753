package dev.jrec.gui.timeline;

import dev.jrec.gui.Fx;
import dev.jrec.gui.Units;
import dev.jrec.gui.WorkbenchWindow;
import dev.jrec.gui.Workbenches;
import java.nio.file.Path;

/**
 * The timeline of a real capture: the whole recording's detail, then zooms into it, each read at the pixels'
 * resolution; bench/gui-perf.sh runs it once per fresh JVM. End to end (DuckDB queries, the 200 ms rest delay, layout),
 * so a plain main rather than JMH. In the timeline's package to read its package-private data and canvas.
 *
 * <pre>java ... dev.jrec.gui.timeline.TimelineZoomBench CAPTURE</pre>
 */
public final class TimelineZoomBench {
    private TimelineZoomBench() {}

    public static void main(String[] args) throws Exception {
        Path capture = Path.of(args[0]);
        WorkbenchWindow w = Workbenches.open(capture);
        try {
            long t0 = System.nanoTime();
            Fx.run(() -> w.select(w.timeline()));
            Fx.settle(w);
            double whole = (System.nanoTime() - t0) / 1e6;
            TimelineView v = w.timeline();
            TimelineCanvas c = v.canvas();
            TimelineData d = Fx.call(v::data);
            StringBuilder sb = new StringBuilder(String.format("timeline of %s: lanes and the whole recording's detail in %.0f ms (%,d CPU intervals, %,d thread states, %,d markers read, bucket %s)",
                    capture.getFileName(), whole, Fx.call(() -> intervals(d)), Fx.call(() -> states(d)), Fx.call(() -> markers(d)), Units.duration(d.detailBucket)));
            long mid = (d.startNs + d.endNs) / 2;
            for (long span : new long[] {5_000_000_000L, 200_000_000L, 2_000_000L}) {
                long t1 = System.nanoTime();
                Fx.run(() -> c.view(mid - span / 2, mid + span / 2));
                // the detail is read once the view rests 200 ms: wait for it
                while (Fx.call(() -> !d.detailCovers(c.viewFrom(), c.viewTo(), c.nsPerPixel()))) Thread.sleep(5);
                Fx.settle(w);
                sb.append(String.format("; zoom to %s: detail in view %.0f ms after the zoom (200 ms of it the rest delay; %,d CPU intervals, %,d thread states, %,d markers)",
                        Units.duration(span), (System.nanoTime() - t1) / 1e6, Fx.call(() -> intervals(d)), Fx.call(() -> states(d)), Fx.call(() -> markers(d))));
            }
            System.out.println(sb);
        } finally {
            Workbenches.close(w);
        }
        System.exit(0);
    }

    private static long intervals(TimelineData d) {
        return d.cpus.stream().mapToLong(l -> l.size).sum();
    }

    private static long states(TimelineData d) {
        return d.threads.stream().mapToLong(l -> l.size).sum();
    }

    private static long markers(TimelineData d) {
        return d.threads.stream().mapToLong(l -> l.markers.size).sum();
    }
}
