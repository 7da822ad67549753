package dev.jrec.gui.timeline;

import dev.jrec.bench.gui.FxBenchmark;
import dev.jrec.gui.Fx;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javafx.scene.image.WritableImage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * Repaint time of the timeline with 50k CPU slices and 30 thread lanes over 30 s: all of it in view, 200 ms of it in
 * view, and all of it rasterized in software (a snapshot). In the timeline's package because its lanes and data are
 * package-private: the benchmark builds them directly instead of reading a capture. bench/gui-perf.sh runs it.
 */
public class TimelineBench extends FxBenchmark {
    private static final long START = 1_000_000_000L, SPAN = 30_000_000_000L;

    private TimelineCanvas canvas;
    private int zoomStep;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        List<Lane> cpus = new ArrayList<>(), threads = new ArrayList<>();
        int slices = 0;
        for (int c = 0; c < 2; c++) {
            Lane l = Lane.cpu(c);
            for (long t = START; t < START + SPAN && slices < 25_000 * (c + 1); ) {
                long d = 100_000 + r.nextInt(1_800_000);
                l.add(t, d, 1000 + r.nextInt(30), 1, "task");
                t += d;
                slices++;
            }
            cpus.add(l);
        }
        for (int th = 0; th < 30; th++) {
            Lane l = Lane.thread(1000 + th, 1000 + th, "worker");
            for (long t = START; t < START + SPAN; ) {
                long d = 2_000_000 + r.nextInt(40_000_000);
                l.add(t, d, r.nextInt(4), 1000 + th, null);
                t += d;
            }
            threads.add(l);
        }
        int states = threads.stream().mapToInt(l -> l.size).sum();
        TimelineData data = new TimelineData(START, START + SPAN, cpus, threads, new long[0][], List.of());
        canvas = canvas(TimelineCanvas::new);
        Fx.run(() -> canvas.show(data));
        int drawn = repaintAll();
        System.out.printf("timeline: %,d CPU slices + %,d thread states in 32 lanes over 30 s; %,d rectangles drawn with all of it in view"
                + " (one per pixel column at most)%n", slices, states, drawn);
    }

    @Benchmark
    public int repaintAll() throws Exception {
        return Fx.call(() -> {
            canvas.view(START, START + SPAN);
            canvas.paint();
            return canvas.lastDrawn();
        });
    }

    /** 200 ms in view, at one of 60 places across the recording in turn. */
    @Benchmark
    public int repaint200ms() throws Exception {
        long at = START + (long) (SPAN * (zoomStep++ % 60 / 60.0));
        return Fx.call(() -> {
            canvas.view(at, at + 200_000_000L);
            canvas.paint();
            return canvas.lastDrawn();
        });
    }

    @Benchmark
    public WritableImage repaintAllAndRasterize() throws Exception {
        return Fx.call(() -> {
            canvas.view(START, START + SPAN);
            canvas.paint();
            return canvas.snapshot(null, null);
        });
    }
}
