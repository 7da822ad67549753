package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Test classes whose queries run on {@link KnownCapture#standard()}, opened once per class as {@code jrec report} opens it. */
abstract class OnKnownCapture {
    @TempDir static Path dir;
    static CaptureDb db;
    static Reports reports;

    @BeforeAll
    static void open() throws Exception {
        db = CaptureDb.open(KnownCapture.standard().write(dir.resolve("known.parquet"), 3000 * MS));
        reports = new Reports(db);
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }
}
