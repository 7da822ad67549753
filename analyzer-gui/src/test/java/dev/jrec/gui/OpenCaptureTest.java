package dev.jrec.gui;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.CaptureProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening: the real app on the sample captures, and a bad file's one line in a dialog. */
class OpenCaptureTest {
    @TempDir Path dir;

    @Test
    void aFileThatIsNotACaptureGetsTheProbesLineInADialog() throws Exception {
        Path bad = dir.resolve("notes.parquet");
        Files.writeString(bad, "this is not parquet at all, just some text that is long enough");
        String expected = assertThrows(java.io.IOException.class, () -> CaptureProbe.probe(bad)).getMessage();
        WorkbenchWindow w = Workbenches.create();
        try {
            Fx.run(() -> w.open(bad));
            Fx.settle(w);
            assertEquals(expected, Fx.call(() -> w.lastErrorProperty().get()));
            assertTrue(expected.contains("is not a Parquet file"), expected);
            assertNull(w.capture());
            boolean dialog = Fx.call(() -> javafx.stage.Window.getWindows().stream()
                    .anyMatch(x -> x != w.stage() && x.isShowing()));
            assertTrue(dialog, "the error is shown in a dialog");
        } finally {
            Workbenches.close(w);
        }
    }

    @Test
    void aTruncatedCaptureSaysSo() throws Exception {
        byte[] whole = Files.readAllBytes(Fx.sample("cpu-contention"));
        Path cut = dir.resolve("cut.parquet");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        WorkbenchWindow w = Workbenches.create();
        try {
            Fx.run(() -> w.open(cut));
            Fx.settle(w);
            assertTrue(Fx.call(() -> w.lastErrorProperty().get()).contains("is truncated"), Fx.call(() -> w.lastErrorProperty().get()));
        } finally {
            Workbenches.close(w);
        }
    }

    @Test
    void aCorruptPageIsOneLineSayingWhereNotDuckDbsInternals() throws Exception {
        Path sample = Fx.sample("cpu-contention");
        long at;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT coalesce(dictionary_page_offset, data_page_offset) + total_compressed_size // 2"
                     + " FROM parquet_metadata('" + sample + "') ORDER BY total_compressed_size DESC LIMIT 1")) {
            rs.next();
            at = rs.getLong(1);
        }
        byte[] b = Files.readAllBytes(sample);
        b[(int) at] ^= 0x5a;
        Path bad = Files.write(dir.resolve("flipped.parquet"), b);
        WorkbenchWindow w = Workbenches.create();
        try {
            Fx.run(() -> w.open(bad));
            Fx.settle(w);
            String said = Fx.call(() -> w.lastErrorProperty().get());
            assertNotNull(said, "an error is shown");
            assertTrue(said.startsWith(bad + " is corrupt: page ") && said.contains("fails its checksum"), said);
            assertEquals(1, said.lines().count(), said);
            assertNull(w.capture());
        } finally {
            Workbenches.close(w);
        }
    }

    @Test
    void openingShowsTheOverviewAndRemembersTheFile() throws Exception {
        Path capture = Fx.sample("cpu-contention");
        long t0 = System.nanoTime();
        WorkbenchWindow w = Workbenches.open(capture);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        try {
            assertTrue(ms < 10_000, "first view in " + ms + " ms");
            assertEquals(capture, w.capture().path());
            String facts = Fx.call(() -> w.stage().getTitle());
            assertTrue(facts.contains("cpu-contention"), facts);
            assertTrue(Fx.call(() -> w.overview().node().lookupAll(".fact-value").size()) >= 4, "host, kernel, span, sources shown");
            Settings s = Fx.call(() -> {
                java.lang.reflect.Field f = WorkbenchWindow.class.getDeclaredField("settings");
                f.setAccessible(true);
                return (Settings) f.get(w);
            });
            assertEquals(capture, s.recent().getFirst());
        } finally {
            Workbenches.close(w);
        }
    }
}
