package dev.jrec.gui;

import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Workbench windows for tests, each with settings of its own so tests do not see each other's recent files. */
public final class Workbenches {
    private Workbenches() {}

    public static WorkbenchWindow create() throws Exception {
        return create(new Settings(Preferences.userRoot().node("dev/jrec/test/" + UUID.randomUUID())));
    }

    /** A window with these settings: a second window on the same settings is the workbench after a restart. */
    public static WorkbenchWindow create(Settings settings) throws Exception {
        Fx.start();
        return Fx.call(() -> {
            Stage s = new Stage();
            WorkbenchWindow w = new WorkbenchWindow(s, settings);
            s.setWidth(1280);
            s.setHeight(820);
            w.show();
            return w;
        });
    }

    /** A window with the capture open and its first view loaded. */
    public static WorkbenchWindow open(Path capture) throws Exception {
        WorkbenchWindow w = create();
        Fx.run(() -> w.open(capture));
        Fx.settle(w);
        if (w.capture() == null) throw new AssertionError("could not open " + capture + ": " + w.lastErrorProperty().get());
        return w;
    }

    public static void close(WorkbenchWindow w) throws Exception {
        if (w == null) return;
        Fx.run(() -> {
            // error dialogs the test left open
            for (Window win : Window.getWindows().toArray(Window[]::new)) if (win != w.stage() && win instanceof Stage st) st.close();
            w.close();
        });
    }
}
