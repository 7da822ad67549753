package dev.jrec.analysis.render;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.analysis.Log2Histogram;
import dev.jrec.analysis.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableRenderTest {
    static final Table T = new Table("t", List.of(
            Table.Column.named("time_s", Table.Type.DECIMAL), Table.Column.named("comm", Table.Type.TEXT),
            Table.Column.named("pid", Table.Type.INTEGER), Table.Column.named("path", Table.Type.TEXT)),
            List.of(Arrays.asList(new BigDecimal("0.110000"), "cat", 300, "/etc/passwd"),
                    Arrays.asList(new BigDecimal("12.000001"), "a,\"b\"", 7, null)));

    private static String render(Format f, Table t) {
        StringWriter s = new StringWriter();
        t.replay(f.renderer(new PrintWriter(s), "-").table("v"));
        return s.toString();
    }

    @Test
    void textAlignsNumbersRightAndDerivesBccHeaders() {
        assertEquals("""
                  TIME(s)  COMM   PID  PATH
                 0.110000  cat    300  /etc/passwd
                12.000001  a,"b"    7  -
                """, render(Format.TEXT, T));
    }

    @Test
    void csvQuotesWhatNeedsIt() {
        assertEquals("""
                time_s,comm,pid,path
                0.110000,cat,300,/etc/passwd
                12.000001,"a,""b""\",7,
                """, render(Format.CSV, T));
    }

    @Test
    void jsonRowsAreObjectsWithTypedValues() {
        assertEquals("""
                {"view":"v","columns":["time_s","comm","pid","path"],"rows":[
                {"time_s":0.110000,"comm":"cat","pid":300,"path":"/etc/passwd"},
                {"time_s":12.000001,"comm":"a,\\"b\\"","pid":7,"path":null}]}
                """, render(Format.JSON, T));
    }

    @Test
    void longListingsStreamAtTheWidthsOfTheirFirstRows() {
        StringWriter s = new StringWriter();
        Table.Sink sink = Format.TEXT.renderer(new PrintWriter(s), "-").table("v");
        sink.columns(List.of(Table.Column.named("n", Table.Type.INTEGER)));
        for (int i = 0; i < TableText.SIZING_ROWS; i++) sink.row(List.of(1));
        assertEquals(TableText.SIZING_ROWS + 1, s.toString().lines().count(), "written once the widths are known");
        sink.row(List.of(12345));
        sink.end();
        assertTrue(s.toString().endsWith("\n12345\n"), "a wider value pushes its line out");
    }

    @Test
    void histogramAsJsonAndCsv() {
        Log2Histogram h = new Log2Histogram("usecs", 1000, "", List.of(new Log2Histogram.Group("", "", new long[] {1, 2}, 3, 2500, 3000, 3000, 3000)));
        StringWriter s = new StringWriter();
        Format.JSON.renderer(new PrintWriter(s), "-").histogram("runqlat", h);
        assertEquals("""
                {"view":"runqlat","unit":"usecs","unit_ns":1000,"group_by":"","groups":[
                {"key":"","name":"","count":3,"p50_ns":2500.0,"p99_ns":3000.0,"p999_ns":3000.0,"max_ns":3000,"buckets":[{"low":0,"high":1,"count":1},{"low":2,"high":3,"count":2}]}]}
                """, s.toString());
        s = new StringWriter();
        Format.CSV.renderer(new PrintWriter(s), "-").histogram("runqlat", h);
        assertEquals("group,name,low,high,count\n,,0,1,1\n,,2,3,2\n", s.toString());
    }
}
