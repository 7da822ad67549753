package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDB optimizers {@link DuckDbSettings} turns off gave wrong answers at random; this query caught it. */
class DuckDbSettingsTest {
    @TempDir Path dir;

    @Test
    void processNamesJoinEveryTime() throws Exception {
        Path p = KnownCapture.standard().write(dir.resolve("known.parquet"), 3000 * MS);
        var params = QueryContractTest.anyParams();
        for (int i = 0; i < 20; i++) {
            try (CaptureDb db = CaptureDb.open(p)) {
                DuckDbSettings.apply(db.connection());
                Table t = Query.named("top_offcpu").table(db.connection(), params);
                assertEquals("postgres", t.get(0, "comm"), "run " + i);
                assertEquals("app-main", t.get(1, "comm"), "run " + i);
            }
        }
    }
}
