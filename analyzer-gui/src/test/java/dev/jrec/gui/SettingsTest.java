package dev.jrec.gui;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;

/** Recent files and the window's place survive a restart (java.util.prefs, here in target/prefs). */
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
