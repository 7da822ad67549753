package dev.jrec.analysis;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a point in a capture as users write it: an offset from the recording's start ({@code 2.5s},
 * {@code 500ms}, {@code 1m}; a bare number is seconds), an offset back from its end ({@code -5s}), or a
 * wall-clock time ({@code 2026-11-25T23:42:34Z}, or without a zone in this machine's zone), which the
 * capture's {@code jrec.clock.realtime_offset_ns} turns into its clock.
 */
public final class TimeSpec {
    private static final Pattern OFFSET = Pattern.compile("(-?)(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(ns|us|µs|ms|s|m|min|h)?");

    private TimeSpec() {}

    /**
     * @param startNs the recording's start on the capture clock
     * @param endNs its end
     * @param realtimeOffsetNs add to a ts for ns since the epoch; 0 when unknown
     */
    public static long parse(String spec, long startNs, long endNs, long realtimeOffsetNs) {
        String s = spec.strip();
        Matcher m = OFFSET.matcher(s.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long ns = new java.math.BigDecimal(m.group(2)).multiply(java.math.BigDecimal.valueOf(unitNs(m.group(3))))
                    .setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
            return m.group(1).isEmpty() ? startNs + ns : endNs - ns;
        }
        Instant wall = wallClock(s);
        if (wall == null) {
            throw new IllegalArgumentException("'" + spec + "' is not a time: use an offset from the start like 2.5s or 500ms, "
                    + "-5s for the last 5 seconds, or an ISO time like 2026-11-25T23:42:34Z");
        }
        if (realtimeOffsetNs == 0) throw new IllegalArgumentException("the capture does not record its wall clock; give '" + spec + "' as an offset like 2.5s");
        long epochNs = Math.addExact(Math.multiplyExact(wall.getEpochSecond(), 1_000_000_000L), wall.getNano());
        return epochNs - realtimeOffsetNs;
    }

    private static long unitNs(String unit) {
        if (unit == null) return 1_000_000_000L;
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }

    private static Instant wallClock(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeException e) {
            // no zone: fall through
        }
        try {
            return LocalDateTime.parse(s).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
