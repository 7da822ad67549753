package dev.jrec.bench.gui;

import dev.jrec.analysis.StackProfile;
import dev.jrec.gui.Fx;
import dev.jrec.gui.flame.FlameCanvas;
import dev.jrec.gui.flame.FlameTree;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Pane;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The flame graph with 50k distinct frames: building its tree from a profile, a repaint (draw calls), and a repaint
 * rasterized in software (a snapshot, an upper bound for a GPU-rendered window). Repaints run on the JavaFX thread, as
 * in the app, so their times include the hand-off to it (tens of microseconds). bench/gui-perf.sh runs it headless.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-Dglass.platform=Headless", "-Dprism.order=sw"})
@State(Scope.Benchmark)
public class FlameBench {
    private StackProfile profile;
    private FlameCanvas canvas;
    private int zoom;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        profile = synthetic(50_000, 42);
        FlameTree tree = FlameTree.of(profile);
        Fx.start();
        canvas = Fx.call(() -> {
            FlameCanvas fc = new FlameCanvas();
            new Scene(new Pane(fc), 1600, 900);
            fc.setWidth(1600);
            fc.setHeight(900);
            fc.show(tree, "samples");
            return fc;
        });
        int drawn = Fx.call(() -> {
            canvas.zoomTo(0);
            return canvas.lastDrawn();
        });
        System.out.printf("flame graph: %,d stacks, %,d frames (nodes), %,d frames drawn at the root%n", profile.stacks().size(), tree.size(), drawn);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Platform.exit();
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
