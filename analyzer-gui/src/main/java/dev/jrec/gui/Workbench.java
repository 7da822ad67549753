package dev.jrec.gui;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * {@code jrec open [capture.parquet]}: the workbench. This class does not extend Application, so the JavaFX
 * launcher's module check does not refuse to start when JavaFX is on the class path.
 */
public final class Workbench {
    private Workbench() {}

    public static void main(String[] args) {
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println("usage: jrec open [capture.parquet]   the workbench: overview, latency histograms, flame graphs, timeline, SQL");
                return;
            }
        }
        // DuckDB's native library and the capture's footer load while JavaFX starts
        Warmup.start(args.length > 0 && !args[0].startsWith("-") ? Path.of(args[0]) : null);
        Application.launch(App.class, args);
    }

    /** The JavaFX application: one window, opening the capture named on the command line if any. */
    public static final class App extends Application {
        @Override
        public void start(Stage stage) {
            WorkbenchWindow w = new WorkbenchWindow(stage, Settings.user());
            w.show();
            List<String> args = getParameters().getUnnamed();
            if (!args.isEmpty()) w.open(Path.of(args.getFirst()));
        }
    }
}
