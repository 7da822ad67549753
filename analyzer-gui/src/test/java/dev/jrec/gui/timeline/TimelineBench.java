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

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
