package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every named query documents what it computes, its parameters and its columns, and the documentation is true. */
class QueryContractTest {
    @TempDir Path dir;

    /** A value for every parameter any query declares. */
    static Map<String, Object> anyParams() {
        Map<String, Object> p = Filter.ALL.params();
        p.putAll(Map.of("start_ns", KnownCapture.START, "group_by", "", "unit_ns", 1000L, "syscall", "read", "limit", 10L,
                "failed_only", false, "by_time", false, "per_thread", false));
        p.put("errno", null);
        return p;
    }

    @Test
    void everyQueryResourceIsRegistered() throws Exception {
        Path folder = Path.of(Query.class.getResource("queries/runqlat.sql").toURI()).getParent();
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(new TreeSet<>(Query.NAMES), files.map(f -> f.getFileName().toString().replace(".sql", ""))
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    @Test
    void documentedColumnsAreTheResultColumns() throws Exception {
        try (CaptureDb db = CaptureDb.open(KnownCapture.standard().write(dir.resolve("known.parquet"), 3000 * MS))) {
            for (String name : Query.NAMES) {
                Query q = Query.named(name);
                assertFalse(q.description().isBlank(), name + " says what it computes");
                assertTrue(q.description().startsWith(name + ": "), name + ": " + q.description());
                List<String> documented = q.columns().stream().map(c -> c.name() + " " + c.type()).toList();
                assertEquals(documented, q.describe(db.connection(), anyParams()), "-- @column lines of queries/" + name + ".sql");
            }
        }
    }

    /** What a query returns without running (the footer says there is nothing to read) has the columns it would return. */
    @Test
    void anEmptyResultHasTheQuerysColumns() throws Exception {
        try (CaptureDb db = CaptureDb.open(KnownCapture.standard().write(dir.resolve("known.parquet"), 3000 * MS))) {
            for (String name : Query.NAMES) {
                Query q = Query.named(name);
                List<String> described = q.describe(db.connection(), anyParams()).stream()
                        .map(c -> c.substring(0, c.indexOf(' ')) + " " + Query.type(c.substring(c.indexOf(' ') + 1))).toList();
                assertEquals(described, q.empty().columns().stream().map(c -> c.name() + " " + c.type()).toList(), name);
            }
        }
    }

    @Test
    void everyDeclaredParameterIsUsed() {
        for (String name : Query.NAMES) {
            Query q = Query.named(name);
            String body = q.text().lines().filter(l -> !l.startsWith("--")).collect(Collectors.joining("\n"));
            for (String p : q.params().keySet()) assertTrue(body.matches("(?s).*\\$" + p + "\\b.*"), name + " declares $" + p + " but does not use it");
        }
    }

    @Test
    void parametersBecomeTypedPlaceholdersOutsideLiteralsAndComments() {
        Query q = Query.parse("t", """
                -- t: a test
                -- @param pid INTEGER a pid
                -- @param comm VARCHAR a comm
                SELECT '$pid', "$comm" FROM x -- $pid in a comment
                WHERE pid = $pid AND comm = $comm AND 'it''s $x' <> $comm
                """);
        assertEquals("""
                -- t: a test
                -- @param pid INTEGER a pid
                -- @param comm VARCHAR a comm
                SELECT '$pid', "$comm" FROM x -- $pid in a comment
                WHERE pid = CAST(? AS INTEGER) AND comm = CAST(? AS VARCHAR) AND 'it''s $x' <> CAST(? AS VARCHAR)
                """, q.jdbcSql());
        var e = assertThrows(IllegalStateException.class, () -> Query.parse("u", "SELECT $nope"));
        assertTrue(e.getMessage().contains("$nope"), e.getMessage());
    }

    @Test
    void aMissingParameterIsNamed() throws Exception {
        try (CaptureDb db = CaptureDb.open(KnownCapture.standard().write(dir.resolve("k.parquet"), 3000 * MS))) {
            var e = assertThrows(IllegalArgumentException.class, () -> Query.named("syslat").table(db.connection(), Filter.ALL.params()));
            assertTrue(e.getMessage().contains("needs parameter $"), e.getMessage());
        }
    }
}
