package dev.jrec.analysis;

import dev.jrec.formats.read.CaptureMetadata;
import dev.jrec.formats.read.CaptureProbe;
import dev.jrec.formats.read.CaptureVerifier;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.ColumnType;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A capture opened in an embedded, in-memory DuckDB, with one documented view per event kind
 * (the modules under {@code views/}, documented in docs/format.md). The events stay in the file:
 * views read it on demand, so captures far larger than memory work.
 */
public final class CaptureDb implements AutoCloseable {
    /** View modules, each a resource {@code views/NAME.sql}, each after the modules it includes ({@link ViewModules}). */
    public static final List<String> MODULES = ViewModules.discovered();

    private final Connection connection;
    private final CaptureMetadata metadata;

    private CaptureDb(Connection connection, CaptureMetadata metadata) {
        this.connection = connection;
        this.metadata = metadata;
    }

    /**
     * Validates the capture (one-line errors, see CaptureProbe), then defines the views. Every page is checked
     * against the capture's checksums first (CaptureVerifier), since DuckDB decodes whatever bytes it finds:
     * on another thread, while DuckDB starts, and before the capture is handed out.
     */
    public static CaptureDb open(Path capture) throws IOException, SQLException {
        CaptureMetadata md = CaptureProbe.probe(capture);
        FutureTask<CaptureVerifier.Verified> verified = new FutureTask<>(() -> CaptureVerifier.verify(capture));
        Thread.ofPlatform().daemon().name("jrec-verify").start(verified);
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement st = c.createStatement()) {
                for (String sql : statements(viewsSql(capture, md))) st.execute(sql);
            }
            verified(verified);
            return new CaptureDb(c, md);
        } catch (IOException | SQLException | RuntimeException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            verified(verified); // a corrupt capture is the reason to give, not what DuckDB made of it
            throw e;
        }
    }

    private static void verified(FutureTask<CaptureVerifier.Verified> task) throws IOException {
        try {
            task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while verifying the capture");
        }
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
    public static String viewsSql(Path capture) throws IOException {
        return viewsSql(capture, CaptureProbe.probe(capture));
    }

    /**
     * With the capture's metadata, already read. The columns a later format version added, which an older capture
     * lacks, read as nulls: the views name every column of this version, and an older capture has none of their kinds.
     */
    static String viewsSql(Path capture, CaptureMetadata md) {
        String file = literal(capture.toAbsolutePath().toString());
        StringBuilder sb = new StringBuilder();
        sb.append("-- jrec capture views over ").append(capture.toAbsolutePath()).append("\n");
        sb.append("CREATE OR REPLACE VIEW capture_rows AS SELECT *");
        for (Column c : md.missingColumns()) sb.append(", NULL::").append(sqlType(c.type())).append(" AS ").append(c.id());
        sb.append(" FROM read_parquet(").append(file).append(");\n");
        sb.append("CREATE OR REPLACE VIEW capture_kv AS SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata(")
                .append(file).append(");\n\n");
        for (String m : MODULES) sb.append(module(m)).append('\n');
        return sb.toString();
    }

    private static String sqlType(ColumnType t) {
        return switch (t) {
            case INT32 -> "INTEGER";
            case INT64 -> "BIGINT";
            case STRING -> "VARCHAR";
            case STRING_LIST -> "VARCHAR[]";
            case INT64_LIST -> "BIGINT[]";
        };
    }

    /** The text of one view module. */
    public static String module(String name) {
        return SqlResources.text("views", name, "view module");
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
