package dev.jrec.analysis;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A top-processes table of one capture next to the same table of another (a baseline: yesterday, a good day, the
 * same host before a deploy). Processes are matched by name, since pids differ between captures, and summed per
 * name; the change compares rates per second of recording, so captures of different lengths compare fairly.
 */
public final class Comparison {
    private Comparison() {}

    /** The column a top table is compared on: its first time column (a name ending in _ms), else its first count. */
    public static String measure(Table t) {
        for (Table.Column c : t.columns()) if (c.type().numeric() && c.name().endsWith("_ms")) return c.name();
        for (Table.Column c : t.columns()) {
            if (c.type().numeric() && !c.name().equals("pid") && !c.name().equals("threads")) return c.name();
        }
        return null;
    }

    /**
     * {@code here} and {@code base} (tables of the same query) by process name: columns {@code comm}, the measure,
     * {@code baseline_} and the measure, {@code change_pct} (of the rate per second; null when the baseline has none),
     * the largest in {@code here} first, then the processes only the baseline had.
     *
     * @param hereSeconds how long the first capture's window is, for the rate
     * @param baseSeconds the baseline's
     */
    public static Table byComm(Table here, double hereSeconds, Table base, double baseSeconds) {
        String m = measure(here);
        if (m == null || base.columns().stream().noneMatch(c -> c.name().equals(m))) {
            throw new IllegalArgumentException(here.title() + ": nothing to compare the two captures on");
        }
        Map<String, double[]> byName = new LinkedHashMap<>();
        add(byName, here, m, 0);
        add(byName, base, m, 1);
        List<Map.Entry<String, double[]>> rows = new ArrayList<>(byName.entrySet());
        rows.sort(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -e.getValue()[0]).thenComparingDouble(e -> -e.getValue()[1]));
        List<List<Object>> out = new ArrayList<>();
        for (Map.Entry<String, double[]> e : rows) {
            double a = e.getValue()[0], b = e.getValue()[1];
            double rateA = a / Math.max(1e-9, hereSeconds), rateB = b / Math.max(1e-9, baseSeconds);
            List<Object> r = new ArrayList<>();
            r.add(e.getKey());
            r.add(decimal(a));
            r.add(decimal(b));
            r.add(b == 0 ? null : decimal(100 * (rateA - rateB) / rateB).setScale(1, RoundingMode.HALF_UP));
            out.add(r);
        }
        return new Table(here.title() + " vs the baseline", List.of(Table.Column.named("comm", Table.Type.TEXT), Table.Column.named(m, Table.Type.DECIMAL),
                Table.Column.named("baseline_" + m, Table.Type.DECIMAL), Table.Column.named("change_pct", Table.Type.DECIMAL)), out);
    }

    private static void add(Map<String, double[]> byName, Table t, String m, int side) {
        int comm = t.column("comm"), v = t.column(m);
        for (List<Object> r : t.rows()) {
            Object value = r.get(v);
            if (value == null) continue;
            byName.computeIfAbsent(String.valueOf(r.get(comm)), k -> new double[2])[side] += ((Number) value).doubleValue();
        }
    }

    private static BigDecimal decimal(double d) {
        return BigDecimal.valueOf(d).setScale(3, RoundingMode.HALF_UP);
    }
}
