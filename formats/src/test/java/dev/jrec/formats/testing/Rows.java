package dev.jrec.formats.testing;

import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.schema.Column;
import java.util.Map;
import java.util.TreeMap;

/** A read row in the same shape as {@link SampleEvents#row}, for comparisons. */
public final class Rows {
    private Rows() {}

    public static Map<String, Object> of(CapturedEvent e) {
        Map<String, Object> m = new TreeMap<>();
        for (Column c : Column.values()) {
            Object v = e.getValue(c);
            if (v == null) continue;
            if (v instanceof long[] a) v = java.util.Arrays.stream(a).boxed().toList();
            m.put(c.id(), v);
        }
        return m;
    }
}
