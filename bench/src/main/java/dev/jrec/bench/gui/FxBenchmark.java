package dev.jrec.bench.gui;

import dev.jrec.gui.Fx;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Pane;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the workbench's JMH benchmarks share (JMH reads these annotations from the superclass): headless JavaFX with
 * software rendering in a fork of its own, and a canvas the size of a large window. Their repaints run on the JavaFX
 * thread, as in the app, so each time includes the hand-off to it (tens of microseconds).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-Dglass.platform=Headless", "-Dprism.order=sw"})
@State(Scope.Benchmark)
public abstract class FxBenchmark {
    /** Starts JavaFX and makes the canvas on its thread, 1600×900 in a scene of its own that no window shows. */
    protected static <C extends Canvas> C canvas(Callable<C> make) throws Exception {
        Fx.start();
        return Fx.call(() -> {
            C c = make.call();
            new Scene(new Pane(c), 1600, 900);
            c.setWidth(1600);
            c.setHeight(900);
            return c;
        });
    }

    @TearDown(Level.Trial)
    public void exitFx() {
        Platform.exit();
    }
}
