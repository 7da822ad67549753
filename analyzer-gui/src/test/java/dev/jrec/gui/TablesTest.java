package dev.jrec.gui;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.analysis.Table;
import java.util.List;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import org.junit.jupiter.api.Test;

/** Columns of an analysis table are wide enough for their header and values, as drawn: nothing cut to "320405…". */
class TablesTest {
    @Test
    void columnsFitTheirHeaderAndWidestValue() throws Exception {
        Fx.start();
        Table t = new Table("bucket events", List.of(Table.Column.named("dur_ns", Table.Type.INTEGER),
                new Table.Column("oncpu_ms", "ONCPU(ms)", Table.Type.DECIMAL), Table.Column.named("comm", Table.Type.TEXT)),
                List.of(List.of(3204051234L, new java.math.BigDecimal("9015869.572"), "kworker/u4:2-events_unbound"),
                        List.of(12L, new java.math.BigDecimal("1.000"), "sh")));
        List<double[]> need = Fx.call(() -> {
            javafx.scene.control.TableView<List<Object>> v = Tables.view();
            Tables.show(v, t);
            List<double[]> out = new java.util.ArrayList<>();
            for (int c = 0; c < t.columns().size(); c++) {
                Text header = new Text(v.getColumns().get(c).getText());
                header.setFont(Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, Font.getDefault().getSize()));
                // a header needs room for its sort arrow as well
                double widest = header.getLayoutBounds().getWidth() + 12;
                for (List<Object> row : t.rows()) widest = Math.max(widest, new Text(Tables.display(t.columns().get(c), row.get(c))).getLayoutBounds().getWidth());
                out.add(new double[] {v.getColumns().get(c).getPrefWidth(), widest});
            }
            return out;
        });
        for (int c = 0; c < need.size(); c++) {
            assertTrue(need.get(c)[0] >= need.get(c)[1] + 12, "column " + t.columns().get(c).header() + ": " + need.get(c)[0]
                    + " px for " + need.get(c)[1] + " px of text");
        }
    }

    /** A duration column reads with the unit that fits (a 9 s syscall is not 9015869.572 µs), sorts by value, copies raw. */
    @Test
    void durationsShowTheirUnitAndSortByValue() throws Exception {
        Fx.start();
        Table t = new Table("syscount", List.of(Table.Column.named("syscall", Table.Type.TEXT), Table.Column.named("max_us", Table.Type.DECIMAL),
                Table.Column.named("start_ns", Table.Type.INTEGER)),
                List.of(List.of("futex", new java.math.BigDecimal("9015869.572"), 5L), List.of("read", new java.math.BigDecimal("75.600"), 7L),
                        List.of("write", new java.math.BigDecimal("660.000"), 9L)));
        List<String> shown = Fx.call(() -> {
            javafx.scene.control.TableView<List<Object>> v = Tables.view();
            Tables.show(v, t);
            var max = v.getColumns().get(1);
            v.getSortOrder().setAll(java.util.List.of(max));
            max.setSortType(javafx.scene.control.TableColumn.SortType.DESCENDING);
            v.sort();
            List<String> out = new java.util.ArrayList<>();
            out.add(max.getText() + " " + v.getColumns().get(2).getText());
            for (List<Object> r : v.getItems()) out.add(r.get(0) + " " + Tables.display(t.columns().get(1), r.get(1)) + " " + Tables.display(t.columns().get(2), r.get(2)));
            out.add(Tables.csv(v).lines().findFirst().orElseThrow());
            out.add(Tables.csv(v).lines().skip(1).findFirst().orElseThrow());
            return out;
        });
        assertEquals(List.of("MAX START(ns)", "futex 9.016 s 5", "write 660 µs 9", "read 75.6 µs 7", "SYSCALL,MAX(us),START(ns)", "futex,9015869.572,5"), shown);
    }
}
