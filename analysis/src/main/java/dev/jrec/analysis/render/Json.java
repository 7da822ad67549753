package dev.jrec.analysis.render;

import java.math.BigDecimal;
import java.util.List;

/** The little JSON jrec writes: strings, numbers, booleans, null, lists. */
final class Json {
    private Json() {}

    static String value(Object v) {
        if (v == null) return "null";
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof Double d) return d.isNaN() || d.isInfinite() ? "null" : d.toString();
        if (v instanceof Float f) return f.isNaN() || f.isInfinite() ? "null" : f.toString();
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) sb.append(i > 0 ? "," : "").append(value(l.get(i)));
            return sb.append(']').toString();
        }
        return string(v.toString());
    }

    static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
