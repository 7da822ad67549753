package dev.jrec.bench.gui;

import dev.jrec.gui.Fx;
import dev.jrec.gui.Settings;
import dev.jrec.gui.Warmup;
import dev.jrec.gui.WorkbenchWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The time from starting the JVM to the first view of a capture named on the command line, as {@code jrec open
 * capture.parquet} does it (the warm-up at main, JavaFX started, the window shown, the capture opened): bench/gui-perf.sh
 * runs it in a fresh JVM with JavaFX on the module path, headless. A plain main, not JMH: it times one JVM's start,
 * which only happens once per process.
 */
public final class LaunchBench {
    private LaunchBench() {}

    public static void main(String[] args) throws Exception {
        Instant jvmStart = ProcessHandle.current().info().startInstant().orElseThrow();
        Path capture = Path.of(args[0]);
        double mainMs = since(jvmStart);
        Warmup.start(capture);
        Fx.start();
        double fxMs = since(jvmStart);
        double[] built = new double[1];
        WorkbenchWindow w = Fx.call(() -> {
            WorkbenchWindow win = new WorkbenchWindow(new Stage(), new Settings(Preferences.userRoot().node("dev/jrec/bench/" + UUID.randomUUID())));
            built[0] = since(jvmStart);
            win.show();
            win.open(capture);
            return win;
        });
        double shown = since(jvmStart);
        while (Fx.call(() -> w.overview().node().lookupAll(".fact-value").isEmpty())) Thread.sleep(5);
        double first = since(jvmStart);
        while (Fx.call(() -> w.overview().node().lookupAll(".table-view").isEmpty())) Thread.sleep(5);
        double summary = since(jvmStart);
        Fx.settle(w);
        double charts = since(jvmStart);
        System.out.printf("%s launched: JVM start to main %.0f ms, to JavaFX started %.0f ms, to window built %.0f ms, to window shown %.0f ms, to first view (the footer's facts) %.0f ms,"
                + " to summary with top processes %.0f ms, to overview with its CPU chart %.0f ms%n", capture.getFileName(), mainMs, fxMs, built[0], shown, first, summary, charts);
        Fx.run(w::close);
        Platform.exit();
        System.exit(0);
    }

    private static double since(Instant t) {
        return Duration.between(t, Instant.now()).toNanos() / 1e6;
    }
}
