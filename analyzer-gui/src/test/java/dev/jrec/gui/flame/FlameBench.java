package dev.jrec.gui.flame;

import dev.jrec.analysis.StackProfile;
import dev.jrec.gui.Fx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Repaint time of the flame graph with 50k frames: bench/gui-perf.sh runs it (not part of the test suite). */
@EnabledIfSystemProperty(named = "jrec.bench", matches = ".+")
class FlameBench {
    @Test
    void repaintWith50kFrames() throws Exception {
        StackProfile p = synthetic(50_000, 42);
        long t0 = System.nanoTime();
        FlameTree t = FlameTree.of(p);
        double buildMs = (System.nanoTime() - t0) / 1e6;
        Fx.start();
        FlameCanvas c = Fx.call(() -> {
            FlameCanvas fc = new FlameCanvas();
            Pane root = new Pane(fc);
            new Scene(root, 1600, 900);
            fc.setWidth(1600);
            fc.setHeight(900);
            fc.show(t, "samples");
            return fc;
        });
        double[] paint = new double[100], frame = new double[20];
        int[] drawn = new int[1];
        for (int i = 0; i < paint.length; i++) {
            int zoom = i % 2 == 0 ? 0 : 1;
            paint[i] = Fx.call(() -> {
                c.zoomTo(zoom);
                drawn[0] = Math.max(drawn[0], c.lastDrawn());
                return c.lastPaintNanos() / 1e6;
            });
        }
        for (int i = 0; i < frame.length; i++) {
            frame[i] = Fx.call(() -> {
                long s = System.nanoTime();
                c.paint();
                c.snapshot(null, null);
                return (System.nanoTime() - s) / 1e6;
            });
        }
        System.out.printf("flame graph: %,d stacks, %,d frames (nodes), tree built in %.0f ms; repaint (draw calls) median %.2f ms, max %.2f ms, %,d frames drawn;"
                + " repaint + software rasterization (snapshot) median %.1f ms%n", p.stacks().size(), t.size(), buildMs, median(paint),
                Arrays.stream(paint).skip(20).max().orElse(0), drawn[0], median(frame));
    }

    /** Stacks of a deep, wide program: 50k distinct frames in paths of depth 5-40 under 8 tasks. */
    static StackProfile synthetic(int frames, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<StackProfile.Frame> fs = new ArrayList<>();
        for (int i = 0; i < 8; i++) fs.add(new StackProfile.Frame("task-" + i, null, StackProfile.FrameType.TASK));
        for (int i = 8; i < frames; i++) {
            fs.add(new StackProfile.Frame("pkg.module" + (i % 97) + ".Class" + (i % 1013) + ".method" + i, "/usr/lib/app.so",
                    i % 5 == 0 ? StackProfile.FrameType.KERNEL : StackProfile.FrameType.USER));
        }
        List<StackProfile.Stack> stacks = new ArrayList<>();
        int next = 8;
        while (next < frames) {
            int depth = 5 + r.nextInt(36);
            int[] path = new int[depth];
            path[0] = r.nextInt(8);
            for (int d = 1; d < depth; d++) path[d] = next < frames && r.nextInt(3) > 0 ? next++ : 8 + r.nextInt(Math.max(1, Math.min(next - 8, 200)));
            stacks.add(new StackProfile.Stack(path, 1 + r.nextInt(200)));
        }
        return new StackProfile(StackProfile.Kind.PROFILE, fs, stacks);
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
