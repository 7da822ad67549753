package dev.jrec.gui;

import dev.jrec.analysis.Table;
import java.util.Comparator;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** Analysis {@link Table}s in JavaFX table views, sortable by value (numbers as numbers), and as CSV. */
public final class Tables {
    private Tables() {}

    public static TableView<List<Object>> view() {
        TableView<List<Object>> v = new TableView<>();
        v.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        v.setPlaceholder(new javafx.scene.control.Label("no rows"));
        return v;
    }

    /** Shows {@code t} in {@code v}, replacing its columns and rows. */
    public static void show(TableView<List<Object>> v, Table t) {
        v.getColumns().clear();
        for (int i = 0; i < t.columns().size(); i++) {
            Table.Column c = t.columns().get(i);
            int index = i;
            double scale = durationScale(c);
            TableColumn<List<Object>, Object> col = new TableColumn<>(scale > 0 ? unitless(c) : c.header());
            // Copy as CSV keeps the unit the numbers are in
            col.setUserData(c.header());
            col.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue().get(index)));
            if (scale > 0) {
                col.setCellFactory(x -> new javafx.scene.control.TableCell<>() {
                    @Override
                    protected void updateItem(Object v, boolean empty) {
                        super.updateItem(v, empty);
                        setText(empty || v == null ? null : display(c, v));
                    }
                });
            }
            col.setComparator(VALUES);
            if (c.type().numeric()) col.setStyle("-fx-alignment: CENTER-RIGHT;");
            col.setPrefWidth(width(t, index));
            v.getColumns().add(col);
        }
        v.setItems(FXCollections.observableArrayList(t.rows()));
    }

    /**
     * Nanoseconds per unit of a column that holds a duration (a name ending in _ns, _us or _ms that is not a start
     * time), or 0: such a column reads as 9.02 s, not 9015869.572 µs, and still sorts by value.
     */
    static double durationScale(Table.Column c) {
        if (!c.type().numeric() || c.name().startsWith("start_") || c.name().startsWith("end_")) return 0;
        if (c.name().endsWith("_ns")) return 1;
        if (c.name().endsWith("_us")) return 1e3;
        if (c.name().endsWith("_ms")) return 1e6;
        return 0;
    }

    /** A duration column's header without its unit, which each value now carries: MAX(us) → MAX, avg_runq_us → avg_runq. */
    static String unitless(Table.Column c) {
        String h = c.header();
        if (h.endsWith(")") && h.lastIndexOf('(') > 0) return h.substring(0, h.lastIndexOf('('));
        return c.name().substring(0, c.name().lastIndexOf('_'));
    }

    /** A value as its column shows it: a duration with the unit that fits, anything else as it is. */
    static String display(Table.Column c, Object v) {
        double scale = durationScale(c);
        if (v == null) return "";
        if (scale > 0 && v instanceof Number n) return n.doubleValue() == 0 ? "0" : Units.duration(n.doubleValue() * scale);
        return v.toString();
    }

    /**
     * Wide enough for the header (bold, with room for the sort arrow) and the widest of the first rows, measured in
     * the font they are drawn in: 9 px a character cut "DUR(ns)" values and "ONCPU(ms)" headers short.
     */
    static double width(Table t, int column) {
        javafx.scene.text.Text probe = new javafx.scene.text.Text(durationScale(t.columns().get(column)) > 0
                ? t.columns().get(column).name() : t.columns().get(column).header());
        probe.setFont(javafx.scene.text.Font.font(javafx.scene.text.Font.getDefault().getFamily(), javafx.scene.text.FontWeight.BOLD,
                javafx.scene.text.Font.getDefault().getSize()));
        double w = probe.getLayoutBounds().getWidth() + HEADER_PAD;
        probe.setFont(javafx.scene.text.Font.getDefault());
        for (int r = 0; r < Math.min(200, t.rows().size()); r++) {
            Object o = t.rows().get(r).get(column);
            if (o == null) continue;
            probe.setText(display(t.columns().get(column), o));
            w = Math.max(w, probe.getLayoutBounds().getWidth() + CELL_PAD);
        }
        return Math.max(60, Math.min(480, Math.ceil(w)));
    }

    /** Cell padding and a header's sort arrow, in pixels, beyond the text (Modena's). */
    private static final double CELL_PAD = 16, HEADER_PAD = 30;

    /** Numbers by value, then text; nulls last. */
    static final Comparator<Object> VALUES = (a, b) -> {
        if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1;
        if (a instanceof Number x && b instanceof Number y) return Double.compare(x.doubleValue(), y.doubleValue());
        return a.toString().compareTo(b.toString());
    };

    /** RFC 4180 CSV with a header line of column names: what Copy as CSV puts on the clipboard. */
    public static String csv(List<String> header, List<? extends List<?>> rows) {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        for (List<?> r : rows) line(sb, r);
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) sb.append(',');
            Object v = values.get(i);
            String s = v == null ? "" : v.toString();
            if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) s = '"' + s.replace("\"", "\"\"") + '"';
            sb.append(s);
        }
        sb.append("\r\n");
    }

    /** The CSV of what a table view shows, in its current sort order and column order. */
    public static String csv(TableView<List<Object>> v) {
        List<String> header = v.getColumns().stream().map(c -> c.getUserData() instanceof String h ? h : c.getText()).toList();
        List<List<Object>> rows = v.getItems().stream()
                .map(r -> v.getColumns().stream().map(c -> (Object) c.getCellData(r)).toList()).toList();
        return csv(header, rows);
    }
}
