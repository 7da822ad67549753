package dev.jrec.gui;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.Preferences;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.SplitPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;

/** Recent files, the window's place and the split panes' dividers survive a restart (java.util.prefs, here in target/prefs). */
class SettingsTest {
    private static Settings fresh() {
        return new Settings(Preferences.userRoot().node("dev/jrec/test/" + UUID.randomUUID()));
    }

    @Test
    void recentFilesAreMostRecentFirstWithoutDuplicatesAndBounded() {
        Settings s = fresh();
        for (int i = 0; i < 12; i++) s.opened(Path.of("/tmp/c" + i + ".parquet"));
        s.opened(Path.of("/tmp/c5.parquet"));
        assertEquals(Settings.RECENT, s.recent().size());
        assertEquals(Path.of("/tmp/c5.parquet"), s.recent().get(0));
        assertEquals(Path.of("/tmp/c11.parquet"), s.recent().get(1));
        assertEquals(1, s.recent().stream().filter(p -> p.endsWith("c5.parquet")).count());
    }

    @Test
    void splitPaneDividersComeBackWhereTheyWere() throws Exception {
        Settings s = fresh();
        WorkbenchWindow first = Workbenches.create(s);
        double[] moved;
        try {
            Fx.run(() -> first.select(first.latency()));
            Fx.pulse();
            Fx.run(() -> {
                List<SplitPane> panes = splitPanes(first);
                panes.get(0).setDividerPositions(0.2);
                panes.get(1).setDividerPositions(0.45);
            });
            Fx.pulse();
            moved = Fx.call(() -> splitPanes(first).stream().flatMapToDouble(p -> java.util.Arrays.stream(p.getDividerPositions())).toArray());
        } finally {
            Workbenches.close(first);
        }
        WorkbenchWindow second = Workbenches.create(s);
        try {
            Fx.run(() -> second.select(second.latency()));
            Fx.pulse();
            double[] back = Fx.call(() -> splitPanes(second).stream().flatMapToDouble(p -> java.util.Arrays.stream(p.getDividerPositions())).toArray());
            assertArrayEquals(moved, back, 0.02, "the latency view's dividers after a restart");
            assertEquals(0.2, back[0], 0.02);
        } finally {
            Workbenches.close(second);
        }
    }

    /** The latency view's split panes, outer first. */
    private static List<SplitPane> splitPanes(WorkbenchWindow w) {
        List<SplitPane> panes = new ArrayList<>();
        for (javafx.scene.Node n : w.latency().node().lookupAll(".split-pane")) panes.add((SplitPane) n);
        return panes;
    }

    @Test
    void theWindowComesBackWhereItWas() throws Exception {
        Fx.start();
        Settings s = fresh();
        Fx.run(() -> {
            Stage a = new Stage();
            a.setX(40);
            a.setY(50);
            a.setWidth(900);
            a.setHeight(600);
            s.save(a);
            Stage b = new Stage();
            s.restore(b);
            assertEquals(40, b.getX());
            assertEquals(50, b.getY());
            assertEquals(900, b.getWidth());
            assertEquals(600, b.getHeight());
        });
        s.dark(true);
        assertTrue(s.dark());
    }
}
