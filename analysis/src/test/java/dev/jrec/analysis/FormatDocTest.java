package dev.jrec.analysis;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.testing.SampleEvents;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/format.md is the contract: its tables match the code and its SQL runs in plain DuckDB. */
class FormatDocTest {
    static final Path DOC = Path.of("../docs/format.md");
    @TempDir Path dir;

    private static String doc() throws Exception {
        return Files.readString(DOC);
    }

    @Test
    void columnTableMatchesTheSchema() throws Exception {
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher m = Pattern.compile("^\\| (\\w+) \\| (INT32|INT64|STRING|LIST<STRING>|LIST<INT64>) \\|", Pattern.MULTILINE).matcher(doc());
        while (m.find()) documented.put(m.group(1), m.group(2));
        Map<String, String> code = new LinkedHashMap<>();
        for (Column c : Column.values()) {
            code.put(c.id(), switch (c.type()) {
                case INT32 -> "INT32";
                case INT64 -> "INT64";
                case STRING -> "STRING";
                case STRING_LIST -> "LIST<STRING>";
                case INT64_LIST -> "LIST<INT64>";
            });
        }
        assertEquals(code, documented, "section 3 lists every column, in file order, with its type");
    }

    @Test
    void kindTableListsEveryKind() throws Exception {
        String d = doc();
        for (EventKind k : EventKind.values()) {
            assertTrue(d.contains("\n| " + k.id() + " | " + k.source().id() + " |"), "section 4 row for " + k.id());
        }
    }

    @Test
    void everySqlExampleRunsInPlainDuckDb() throws Exception {
        Path capture = dir.resolve("capture.parquet");
        EventBatch b = new EventBatch(300 * EventKind.values().length);
        Random rnd = new Random(9);
        long ts = 1_000_000_000L;
        for (int i = 0; i < 300; i++) for (EventKind k : EventKind.values()) SampleEvents.add(b, k, ts += 1000, rnd);
        try (CaptureWriter w = CaptureWriter.create(capture, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults())) {
            w.write(b);
        }
        List<String> examples = new ArrayList<>();
        Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(doc());
        while (m.find()) examples.add(m.group(1));
        assertTrue(examples.size() >= 8, "examples found: " + examples.size());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            for (String sql : examples) {
                String q = sql.replace("'capture.parquet'", CaptureDb.literal(capture.toString()));
                try (ResultSet rs = st.executeQuery(q)) {
                    assertTrue(rs.next(), "example returns rows:\n" + sql);
                } catch (java.sql.SQLException e) {
                    fail("example fails: " + e.getMessage() + "\n" + sql);
                }
            }
        }
    }
}
