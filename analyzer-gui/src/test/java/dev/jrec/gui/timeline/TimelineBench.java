package dev.jrec.gui.timeline;

import dev.jrec.gui.Fx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Repaint time of the timeline with 50k slices in view: bench/gui-perf.sh runs it (not part of the test suite). */
@EnabledIfSystemProperty(named = "jrec.bench", matches = ".+")
class TimelineBench {
    @Test
    void repaintWith50kSlices() throws Exception {
        long start = 1_000_000_000L, span = 30_000_000_000L;
        SplittableRandom r = new SplittableRandom(7);
        List<Lane> cpus = new ArrayList<>(), threads = new ArrayList<>();
        int slices = 0;
        for (int c = 0; c < 2; c++) {
            Lane l = Lane.cpu(c);
            for (long t = start; t < start + span && slices < 25_000 * (c + 1); ) {
                long d = 100_000 + r.nextInt(1_800_000);
                l.add(t, d, 1000 + r.nextInt(30), 1, "task");
                t += d;
                slices++;
            }
            cpus.add(l);
        }
        for (int th = 0; th < 30; th++) {
            Lane l = Lane.thread(1000 + th, 1000 + th, "worker");
            for (long t = start; t < start + span; ) {
                long d = 2_000_000 + r.nextInt(40_000_000);
                l.add(t, d, r.nextInt(4), 1000 + th, null);
                t += d;
            }
            threads.add(l);
        }
        int states = threads.stream().mapToInt(l -> l.size).sum();
        TimelineData data = new TimelineData(start, start + span, cpus, threads, new long[0][], List.of());
        Fx.start();
        TimelineCanvas c = Fx.call(() -> {
            TimelineCanvas tc = new TimelineCanvas();
            new Scene(new Pane(tc), 1600, 900);
            tc.setWidth(1600);
            tc.setHeight(900);
            tc.show(data);
            return tc;
        });
        double[] whole = new double[60], zoomed = new double[60], frame = new double[20];
        int[] drawn = new int[2];
        for (int i = 0; i < whole.length; i++) {
            whole[i] = Fx.call(() -> {
                c.view(start, start + span);
                c.paint();
                drawn[0] = c.lastDrawn();
                return c.lastPaintNanos() / 1e6;
            });
        }
        for (int i = 0; i < zoomed.length; i++) {
            long at = start + (long) (span * (i / 60.0));
            zoomed[i] = Fx.call(() -> {
                c.view(at, at + 200_000_000L);
                c.paint();
                drawn[1] = Math.max(drawn[1], c.lastDrawn());
                return c.lastPaintNanos() / 1e6;
            });
        }
        for (int i = 0; i < frame.length; i++) {
            frame[i] = Fx.call(() -> {
                long s = System.nanoTime();
                c.view(start, start + span);
                c.paint();
                c.snapshot(null, null);
                return (System.nanoTime() - s) / 1e6;
            });
        }
        System.out.printf("timeline: %,d CPU slices + %,d thread states in 32 lanes over 30 s; repaint of all of it (draw calls) median %.2f ms, max %.2f ms"
                + " (%,d rectangles drawn: one per pixel column at most); 200 ms in view: median %.2f ms; repaint + software rasterization (snapshot) median %.1f ms%n",
                slices, states, median(whole), Arrays.stream(whole).skip(5).max().orElse(0), drawn[0], median(zoomed), median(frame));
    }

    /** The timeline of a real capture: the whole recording's detail, then zooms into it, each read at the pixels' resolution. */
    @Test
    void detailOfACapture() throws Exception {
        java.nio.file.Path capture = java.nio.file.Path.of(System.getProperty("jrec.bench"));
        if (!capture.toString().endsWith(".parquet")) return;
        dev.jrec.gui.WorkbenchWindow w = dev.jrec.gui.Workbenches.open(capture);
        try {
            long t0 = System.nanoTime();
            Fx.run(() -> w.select(w.timeline()));
            Fx.settle(w);
            double whole = (System.nanoTime() - t0) / 1e6;
            TimelineView v = w.timeline();
            TimelineCanvas c = v.canvas();
            TimelineData d = Fx.call(v::data);
            StringBuilder sb = new StringBuilder(String.format("timeline of %s: lanes and the whole recording's detail in %.0f ms (%,d CPU intervals, %,d thread states, %,d markers read, bucket %s)",
                    capture.getFileName(), whole, Fx.call(() -> intervals(d)), Fx.call(() -> states(d)), Fx.call(() -> markers(d)), dev.jrec.gui.Units.duration(d.detailBucket)));
            long mid = (d.startNs + d.endNs) / 2;
            for (long span : new long[] {5_000_000_000L, 200_000_000L, 2_000_000L}) {
                long t1 = System.nanoTime();
                Fx.run(() -> c.view(mid - span / 2, mid + span / 2));
                // the detail is read once the view rests 200 ms: wait for it
                while (Fx.call(() -> !d.detailCovers(c.viewFrom(), c.viewTo(), c.nsPerPixel()))) Thread.sleep(5);
                Fx.settle(w);
                sb.append(String.format("; zoom to %s: detail in view %.0f ms after the zoom (200 ms of it the rest delay; %,d CPU intervals, %,d thread states, %,d markers)",
                        dev.jrec.gui.Units.duration(span), (System.nanoTime() - t1) / 1e6, Fx.call(() -> intervals(d)), Fx.call(() -> states(d)), Fx.call(() -> markers(d))));
            }
            System.out.println(sb);
        } finally {
            dev.jrec.gui.Workbenches.close(w);
        }
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

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
