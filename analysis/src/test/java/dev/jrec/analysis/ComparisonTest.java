package dev.jrec.analysis;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two top tables side by side by process name, with the change in rate per second. */
class ComparisonTest {
    static Table top(Object[]... rows) {
        return new Table("top processes by CPU time", List.of(Table.Column.named("pid", Table.Type.INTEGER), Table.Column.named("comm", Table.Type.TEXT),
                Table.Column.named("switches", Table.Type.INTEGER), Table.Column.named("oncpu_ms", Table.Type.DECIMAL)),
                java.util.Arrays.stream(rows).map(List::of).toList());
    }

    @Test
    void processesAreMatchedByNameSummedAndComparedPerSecond() {
        // here: 10 s with two busy workers (400 + 600 ms) and nginx 50 ms; baseline: 20 s with busy 1000 ms, cron 5 ms
        Table here = top(new Object[] {11, "busy", 10, new BigDecimal("400")}, new Object[] {12, "busy", 10, new BigDecimal("600")},
                new Object[] {13, "nginx", 3, new BigDecimal("50")});
        Table base = top(new Object[] {91, "busy", 5, new BigDecimal("1000")}, new Object[] {92, "cron", 1, new BigDecimal("5")});
        Table t = Comparison.byComm(here, 10, base, 20);
        assertEquals("oncpu_ms", Comparison.measure(here));
        assertEquals(List.of("comm", "oncpu_ms", "baseline_oncpu_ms", "change_pct"), t.columns().stream().map(Table.Column::name).toList());
        assertEquals(List.of("busy", "nginx", "cron"), t.rows().stream().map(r -> r.get(0)).toList());
        // busy: 1000 ms in 10 s (100 ms/s) against 1000 ms in 20 s (50 ms/s): +100 %
        assertEquals(new BigDecimal("1000.000"), t.get(0, "oncpu_ms"));
        assertEquals(new BigDecimal("100.0"), t.get(0, "change_pct"));
        assertNull(t.get(1, "change_pct"), "nginx was not in the baseline: no rate to compare with");
        assertEquals(new BigDecimal("-100.0"), t.get(2, "change_pct"), "cron is gone");
    }
}
