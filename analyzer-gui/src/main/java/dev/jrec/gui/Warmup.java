package dev.jrec.gui;

import dev.jrec.formats.read.CaptureProbe;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Loads what opening a capture needs before a capture is opened, on a thread of its own: DuckDB's native library
 * (its JDBC driver unpacks and loads a 60 MB library on the first connection, 0.6 s cold here) and the Parquet
 * footer reader's classes (on a second thread). The workbench starts it with the JVM, so it overlaps JavaFX's start and the file
 * chooser; a capture opened before it is done waits only for the rest (a second thread asking for a connection
 * blocks in the driver's class initialization, it does not load the library twice).
 */
public final class Warmup {
    private static Thread thread;

    private Warmup() {}

    /** Starts the warm-up once; later calls do nothing. */
    public static void start() {
        start(null);
    }

    /**
     * Starts the warm-up once, reading the footer of {@code likely} (the capture named on the command line) to load
     * the footer reader's classes and bring the file's end into the page cache; later calls do nothing.
     */
    public static synchronized void start(Path likely) {
        if (thread != null) return;
        thread = Thread.ofPlatform().daemon().name("jrec-warmup").start(() -> {
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
                c.isValid(1);
            } catch (Exception | Error e) {
                // opening the capture will say what is wrong
            }
        });
        if (likely != null) {
            Thread.ofPlatform().daemon().name("jrec-warmup-footer").start(() -> {
                try {
                    CaptureProbe.probe(likely);
                } catch (Exception | Error e) {
                    // opening it will say what is wrong, in a dialog
                }
            });
        }
    }
}
