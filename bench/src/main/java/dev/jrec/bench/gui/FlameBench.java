package dev.jrec.bench.gui;

import dev.jrec.analysis.StackProfile;
import dev.jrec.gui.Fx;
import dev.jrec.gui.flame.FlameCanvas;
import dev.jrec.gui.flame.FlameTree;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javafx.scene.image.WritableImage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * The flame graph with 50k distinct frames: building its tree from a profile, a repaint (draw calls), and a repaint
 * rasterized in software (a snapshot, an upper bound for a GPU-rendered window). bench/gui-perf.sh runs it.
 */
public class FlameBench extends FxBenchmark {
    private StackProfile profile;
    private FlameCanvas canvas;
    private int zoom;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        profile = synthetic(50_000, 42);
        FlameTree tree = FlameTree.of(profile);
        canvas = canvas(FlameCanvas::new);
        int drawn = Fx.call(() -> {
            canvas.show(tree, "samples");
            canvas.zoomTo(0);
            return canvas.lastDrawn();
        });
        System.out.printf("flame graph: %,d stacks, %,d frames (nodes), %,d frames drawn at the root%n", profile.stacks().size(), tree.size(), drawn);
    }

    @Benchmark
    public FlameTree buildTree() {
        return FlameTree.of(profile);
    }

    /** Alternates between the root and a zoom into node 1, as clicks do. */
    @Benchmark
    public int repaint() throws Exception {
        int z = zoom ^= 1;
        return Fx.call(() -> {
            canvas.zoomTo(z);
            return canvas.lastDrawn();
        });
    }

    @Benchmark
    public WritableImage repaintAndRasterize() throws Exception {
        return Fx.call(() -> {
            canvas.paint();
            return canvas.snapshot(null, null);
        });
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
}
