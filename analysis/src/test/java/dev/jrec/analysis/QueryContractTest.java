package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
        p.put("cpu", null);
        p.put("counts", false);
        p.put("by", "caller");
        return p;
    }

    /** The queries are found by listing their folder, in the build's directory as in a release's jar. */
    @Test
    void queriesAreListedFromADirectoryAndFromAJar() throws Exception {
        Path classes = Path.of(Query.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> inDir = SqlResources.names(classes, "queries");
        assertTrue(inDir.containsAll(List.of("runqlat", "syscount_process", "wakeup_stacks")), inDir.toString());
        Path jar = dir.resolve("analysis.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : inDir) {
                out.putNextEntry(new java.util.jar.JarEntry("dev/jrec/analysis/queries/" + name + ".sql"));
                out.write(Query.named(name).text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
            out.putNextEntry(new java.util.jar.JarEntry("dev/jrec/analysis/queries/README.txt"));
            out.closeEntry();
        }
        assertEquals(inDir, SqlResources.names(jar, "queries"));
        assertEquals(inDir, Query.NAMES);
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
