package dev.jrec.analysis;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named analysis query, kept as the SQL resource {@code queries/NAME.sql} over the documented views
 * (Perfetto's stdlib is the model). The file declares its parameters, {@code -- @param NAME TYPE what}, and
 * its result, {@code -- @column NAME TYPE what}; the SQL refers to a parameter as {@code $NAME}. Values are
 * always bound through JDBC: each {@code $NAME} becomes {@code CAST(? AS TYPE)}, so a value never becomes
 * SQL text, and a null still has a type.
 */
public final class Query {
    /** Every named query: the resources {@code queries/*.sql}, by name; each has a test on a capture with known content. */
    public static final List<String> NAMES = SqlResources.names("queries");

    private static final Pattern PARAM_DOC = Pattern.compile("^-- @param (\\w+) (\\S+) (.+)$", Pattern.MULTILINE);
    private static final Pattern COLUMN_DOC = Pattern.compile("^-- @column (\\w+) (\\S+) (.+)$", Pattern.MULTILINE);
    private static final Map<String, Query> CACHE = new ConcurrentHashMap<>();

    public record Param(String name, String type, String doc) {}

    public record ColumnDoc(String name, String type, String doc) {}

    private final String name;
    private final String text;
    private final Map<String, Param> params;
    private final List<ColumnDoc> columns;
    private final String jdbcSql;
    private final List<Param> bindOrder;

    private Query(String name, String text) {
        this.name = name;
        this.text = text;
        Map<String, Param> p = new LinkedHashMap<>();
        for (Matcher m = PARAM_DOC.matcher(text); m.find(); ) p.put(m.group(1), new Param(m.group(1), m.group(2), m.group(3)));
        this.params = java.util.Collections.unmodifiableMap(p);
        List<ColumnDoc> c = new ArrayList<>();
        for (Matcher m = COLUMN_DOC.matcher(text); m.find(); ) c.add(new ColumnDoc(m.group(1), m.group(2), m.group(3)));
        this.columns = List.copyOf(c);
        List<Param> order = new ArrayList<>();
        this.jdbcSql = substitute(text, p, order);
        this.bindOrder = List.copyOf(order);
    }

    public static Query named(String name) {
        return CACHE.computeIfAbsent(name, n -> new Query(n, resource(n)));
    }

    /** A query from text rather than a resource (tests of the parameter syntax). */
    static Query parse(String name, String text) {
        return new Query(name, text);
    }

    /** The SQL sent to DuckDB, parameters replaced by typed placeholders. */
    String jdbcSql() {
        return jdbcSql;
    }

    /** Result columns as "name TYPE" with DuckDB's type names, to check the {@code @column} lines against. */
    List<String> describe(Connection c, Map<String, ?> values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(jdbcSql)) {
            for (int i = 0; i < bindOrder.size(); i++) bind(c, ps, i + 1, bindOrder.get(i), values.get(bindOrder.get(i).name()));
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> out = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) out.add(md.getColumnLabel(i) + " " + md.getColumnTypeName(i));
                return out;
            }
        }
    }

    private static String resource(String name) {
        return SqlResources.text("queries", name, "query");
    }

    public String name() {
        return name;
    }

    /** The SQL as kept in the resource, with its {@code $NAME} parameters and documentation. */
    public String text() {
        return text;
    }

    /** The comment lines before the first {@code @param}: what the query computes. */
    public String description() {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.startsWith("--") || line.startsWith("-- @")) break;
            sb.append(line.substring(2).strip()).append(' ');
        }
        return sb.toString().strip();
    }

    /** The text of the header line {@code -- @KEY TEXT}, or null when there is none. */
    public String header(String key) {
        List<String> all = headers(key);
        return all.isEmpty() ? null : all.getFirst();
    }

    /** The texts of every header line {@code -- @KEY TEXT}, in order. */
    public List<String> headers(String key) {
        List<String> out = new ArrayList<>();
        for (Matcher m = Pattern.compile("^-- @" + Pattern.quote(key) + " (.+)$", Pattern.MULTILINE).matcher(text); m.find(); ) out.add(m.group(1).strip());
        return out;
    }

    public Map<String, Param> params() {
        return params;
    }

    public List<ColumnDoc> columns() {
        return columns;
    }

    /**
     * Runs the query and streams its rows. {@code values} must hold every declared parameter (a null value
     * is a value); entries the query does not declare are ignored, so a {@link Filter}'s map fits any query.
     */
    public void stream(Connection c, Map<String, ?> values, Table.Sink sink) throws SQLException {
        for (String p : params.keySet()) {
            if (!values.containsKey(p)) throw new IllegalArgumentException("query " + name + " needs parameter $" + p);
        }
        try (PreparedStatement ps = c.prepareStatement(jdbcSql)) {
            for (int i = 0; i < bindOrder.size(); i++) bind(c, ps, i + 1, bindOrder.get(i), values.get(bindOrder.get(i).name()));
            try (ResultSet rs = ps.executeQuery()) {
                read(rs, sink, true);
            }
        }
    }

    public Table table(Connection c, Map<String, ?> values) throws SQLException {
        Table.Collector t = new Table.Collector(name);
        stream(c, values, t);
        return t.table();
    }

    /**
     * The query's result when it is known to have no rows (the footer counts no rows of the kind it reads),
     * without running it: its documented columns, as {@link #table} would return them.
     */
    public Table empty() {
        List<Table.Column> cols = new ArrayList<>(columns.size());
        for (ColumnDoc c : columns) cols.add(Table.Column.named(c.name(), type(c.type())));
        return new Table(name, cols, List.of());
    }

    /** Runs SQL a user typed ({@code jrec query}); columns keep the names the user gave them. */
    /**
     * Returns -1 when the statement gave rows (streamed to sink), else the count it reports: a statement
     * without rows, such as COPY (...) TO 'out.csv' or CREATE VIEW, is as welcome as a query.
     */
    public static long streamSql(Connection c, String sql, Table.Sink sink) throws SQLException {
        try (Statement st = c.createStatement()) {
            if (!st.execute(sql)) return Math.max(0, st.getUpdateCount());
            try (ResultSet rs = st.getResultSet()) {
                read(rs, sink, false);
            }
            return -1;
        }
    }

    /**
     * The line of a DuckDB error that says what is wrong. Its JDBC driver puts a generic line first
     * ("Attempting to execute an unsuccessful or closed pending query result") and the cause on a line
     * that starts with "Error: ".
     */
    public static String errorLine(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        for (String line : m.split("\n")) if (line.startsWith("Error: ")) return line.substring("Error: ".length()).strip();
        return m.lines().findFirst().orElse(m).strip();
    }

    private static void bind(Connection c, PreparedStatement ps, int index, Param p, Object v) throws SQLException {
        if (v instanceof List<?> list) {
            String element = p.type().endsWith("[]") ? p.type().substring(0, p.type().length() - 2) : "VARCHAR";
            ps.setObject(index, c.createArrayOf(element, list.toArray()));
        } else {
            ps.setObject(index, v);
        }
    }

    private static void read(ResultSet rs, Table.Sink sink, boolean bccHeaders) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<Table.Column> cols = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            Table.Type t = type(md.getColumnTypeName(i));
            String label = md.getColumnLabel(i);
            cols.add(bccHeaders ? Table.Column.named(label, t) : new Table.Column(label, label, t));
        }
        sink.columns(List.copyOf(cols));
        while (rs.next()) {
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) row.add(value(rs.getObject(i)));
            sink.row(java.util.Collections.unmodifiableList(row));
        }
        sink.end();
    }

    static Table.Type type(String duckdbType) {
        String t = duckdbType.toUpperCase(Locale.ROOT);
        if (t.endsWith("]") || t.startsWith("LIST")) return Table.Type.LIST;
        if (t.startsWith("DECIMAL")) return Table.Type.DECIMAL;
        if (t.startsWith("TIMESTAMP") || t.startsWith("DATE") || t.startsWith("TIME") || t.equals("INTERVAL")) return Table.Type.TIME;
        return switch (t) {
            case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT" -> Table.Type.INTEGER;
            case "FLOAT", "REAL", "DOUBLE" -> Table.Type.FLOAT;
            case "VARCHAR" -> Table.Type.TEXT;
            case "BOOLEAN" -> Table.Type.BOOLEAN;
            default -> Table.Type.OTHER;
        };
    }

    /** JDBC values as plain Java: numbers, strings, booleans, lists; anything else as DuckDB prints it. */
    static Object value(Object v) throws SQLException {
        if (v == null || v instanceof Number || v instanceof String || v instanceof Boolean) return v;
        if (v instanceof Array a) {
            Object[] items = (Object[]) a.getArray();
            List<Object> out = new ArrayList<>(items.length);
            for (Object o : items) out.add(value(o));
            return java.util.Collections.unmodifiableList(out);
        }
        return v.toString();
    }

    /** Replaces each {@code $NAME} outside literals and comments by a typed placeholder, in order. */
    private String substitute(String sql, Map<String, Param> declared, List<Param> order) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char ch = sql.charAt(i);
            if (ch == '-' && sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
                out.append(sql, i, end);
                i = end;
            } else if (ch == '\'' || ch == '"') {
                int end = sql.indexOf(ch, i + 1);
                while (end > 0 && end + 1 < sql.length() && sql.charAt(end + 1) == ch) end = sql.indexOf(ch, end + 2);
                if (end < 0) throw new IllegalStateException("query " + name + ": unterminated literal");
                out.append(sql, i, end + 1);
                i = end + 1;
            } else if (ch == '$' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) end++;
                String p = sql.substring(i + 1, end);
                Param param = declared.get(p);
                if (param == null) throw new IllegalStateException("query " + name + " uses $" + p + " without declaring it (-- @param)");
                order.add(param);
                out.append("CAST(? AS ").append(param.type()).append(')');
                i = end;
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString();
    }
}
