package dev.jrec.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the sizes and durations people type: 16M, 2G, 500ms, 30s, 5m, 1h. */
final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

    private Sizes() {}

    static long bytes(String s, String option) {
        Matcher m = SIZE.matcher(s.strip());
        if (!m.matches()) throw new IllegalArgumentException(option + ": '" + s + "' is not a size; use e.g. 64M or 2G");
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return n << shift;
    }

    static Duration duration(String s, String option) {
        Matcher m = TIME.matcher(s.strip());
        if (!m.matches()) throw new IllegalArgumentException(option + ": '" + s + "' is not a duration; use e.g. 500ms, 30s, 5m or 1h");
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        double ns = v * switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
        return Duration.ofNanos((long) ns);
    }
}
