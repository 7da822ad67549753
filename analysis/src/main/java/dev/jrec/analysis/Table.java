package dev.jrec.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A result with named, typed columns: what listings (biosnoop, execsnoop, ...), top-N tables and ad-hoc
 * SQL return. Listings can be long, so queries hand rows to a {@link Sink} as DuckDB produces them; a
 * Table is the collected form, for results that are known to be small.
 */
public record Table(String title, List<Column> columns, List<List<Object>> rows) {
    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public enum Type {
        INTEGER, DECIMAL, FLOAT, TEXT, BOOLEAN, LIST, TIME, OTHER;

        public boolean numeric() {
            return this == INTEGER || this == DECIMAL || this == FLOAT;
        }
    }

    /**
     * @param name machine name, used by CSV and JSON ({@code lat_ms})
     * @param header what a terminal shows ({@code LAT(ms)})
     */
    public record Column(String name, String header, Type type) {
        /** A named query's column: the header BCC's tools would print, from the name ({@code time_s} → {@code TIME(s)}). */
        public static Column named(String name, Type type) {
            int u = name.lastIndexOf('_');
            String suffix = u < 0 ? "" : name.substring(u + 1);
            String header = switch (suffix) {
                case "s", "ms", "us", "ns" -> name.substring(0, u).toUpperCase(Locale.ROOT) + "(" + suffix + ")";
                default -> name.toUpperCase(Locale.ROOT);
            };
            return new Column(name, header, type);
        }
    }

    /** Receives a result as it is read: columns once, then each row (values as {@link Table} holds them). */
    public interface Sink {
        void columns(List<Column> columns);

        void row(List<Object> values);

        default void end() {}

        /** This sink with each column passed through {@code rename} first: a view's own heading for a query's column. */
        default Sink renaming(java.util.function.UnaryOperator<Column> rename) {
            Sink sink = this;
            return new Sink() {
                @Override
                public void columns(List<Column> columns) {
                    sink.columns(columns.stream().map(rename).toList());
                }

                @Override
                public void row(List<Object> values) {
                    sink.row(values);
                }

                @Override
                public void end() {
                    sink.end();
                }
            };
        }
    }

    public int column(String name) {
        for (int i = 0; i < columns.size(); i++) if (columns.get(i).name().equals(name)) return i;
        throw new IllegalArgumentException("no column " + name + " in " + columns);
    }

    public Object get(int row, String column) {
        return rows.get(row).get(column(column));
    }

    /** Sends this table to a sink. */
    public void replay(Sink sink) {
        sink.columns(columns);
        for (List<Object> r : rows) sink.row(r);
        sink.end();
    }

    /** A sink that collects rows into a Table. */
    public static final class Collector implements Sink {
        private final String title;
        private List<Column> columns = List.of();
        private final List<List<Object>> rows = new ArrayList<>();

        public Collector(String title) {
            this.title = title;
        }

        @Override
        public void columns(List<Column> c) {
            columns = c;
        }

        @Override
        public void row(List<Object> values) {
            rows.add(values);
        }

        public Table table() {
            return new Table(title, columns, rows);
        }
    }
}
