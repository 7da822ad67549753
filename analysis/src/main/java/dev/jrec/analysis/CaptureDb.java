package dev.jrec.analysis;

import dev.jrec.formats.read.CaptureMetadata;
import dev.jrec.formats.read.CaptureProbe;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A capture opened in an embedded, in-memory DuckDB, with one documented view per event kind
 * (the modules under {@code views/}, documented in docs/format.md). The events stay in the file:
 * views read it on demand, so captures far larger than memory work.
 */
public final class CaptureDb implements AutoCloseable {
    /** View modules, in dependency order; each is a resource {@code views/NAME.sql}. */
    public static final List<String> MODULES = List.of("meta", "process", "sched", "proc", "block", "syscall", "stacks", "histogram");

    private final Connection connection;
    private final CaptureMetadata metadata;

    private CaptureDb(Connection connection, CaptureMetadata metadata) {
        this.connection = connection;
        this.metadata = metadata;
    }

    /** Validates the capture (one-line errors, see CaptureProbe), then defines the views. */
    public static CaptureDb open(Path capture) throws IOException, SQLException {
        CaptureMetadata md = CaptureProbe.probe(capture);
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement st = c.createStatement()) {
            for (String sql : statements(viewsSql(capture))) st.execute(sql);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new CaptureDb(c, md);
    }

    /**
     * The same capture over another connection to its database, e.g. a wrapper that keeps the statements it
     * runs so a UI can cancel them; closing the result closes {@code c}.
     */
    public CaptureDb over(Connection c) {
        return new CaptureDb(c, metadata);
    }

    public Connection connection() {
        return connection;
    }

    public CaptureMetadata metadata() {
        return metadata;
    }

    /**
     * The SQL that defines every view over {@code capture}: what {@link #open} runs, and what
     * {@code jrec views} prints for the DuckDB CLI ({@code duckdb -init views.sql}).
     */
    public static String viewsSql(Path capture) {
        String file = literal(capture.toAbsolutePath().toString());
        StringBuilder sb = new StringBuilder();
        sb.append("-- jrec capture views over ").append(capture.toAbsolutePath()).append("\n");
        sb.append("CREATE OR REPLACE VIEW capture_rows AS SELECT * FROM read_parquet(").append(file).append(");\n");
        sb.append("CREATE OR REPLACE VIEW capture_kv AS SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata(")
                .append(file).append(");\n\n");
        for (String m : MODULES) sb.append(module(m)).append('\n');
        return sb.toString();
    }

    /** The text of one view module. */
    public static String module(String name) {
        try (InputStream in = CaptureDb.class.getResourceAsStream("views/" + name + ".sql")) {
            if (in == null) throw new IllegalArgumentException("no view module " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A SQL string literal: the one place a value enters SQL text (a table function's file name cannot be bound). */
    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** Splits a script of statements that each end with ';' at the end of a line; comment lines are dropped. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.strip().startsWith("--")) continue;
            cur.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                if (!cur.toString().isBlank()) out.add(cur.toString().strip());
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().strip());
        return out;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
