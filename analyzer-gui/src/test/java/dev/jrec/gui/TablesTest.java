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
                Text header = new Text(t.columns().get(c).header());
                header.setFont(Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, Font.getDefault().getSize()));
                // a header needs room for its sort arrow as well
                double widest = header.getLayoutBounds().getWidth() + 12;
                for (List<Object> row : t.rows()) widest = Math.max(widest, new Text(row.get(c).toString()).getLayoutBounds().getWidth());
                out.add(new double[] {v.getColumns().get(c).getPrefWidth(), widest});
            }
            return out;
        });
        for (int c = 0; c < need.size(); c++) {
            assertTrue(need.get(c)[0] >= need.get(c)[1] + 12, "column " + t.columns().get(c).header() + ": " + need.get(c)[0]
                    + " px for " + need.get(c)[1] + " px of text");
        }
    }
}
