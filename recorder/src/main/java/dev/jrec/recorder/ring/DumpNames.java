package dev.jrec.recorder.ring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.write.Ring;

/** Dump files in a ring's dump folder: jrec-HOST-UTCSTAMP-WHY.parquet, so that ls sorts them by time and says why. */
public final class DumpNames {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private DumpNames() {}

    /**
     * A name not taken yet in {@code dir} (nor {@code pending}: dumps being written) for a dump of the recording
     * whose metadata is {@code recording}, about its ts {@code ts} (its wall time, or now without a realtime
     * offset), because of {@code why} (a trigger, "request", ...).
     */
    public static Path next(Path dir, Map<String, String> recording, long ts, String why, java.util.function.Predicate<Path> pending) {
        long offset = Ring.Snapshot.realtimeOffset(recording);
        Instant at = offset == Long.MIN_VALUE ? Instant.now() : Instant.ofEpochSecond(0, ts + offset);
        String host = recording.getOrDefault(MetadataKeys.HOST, "host");
        String base = "jrec-" + slug(host) + "-" + STAMP.format(at) + "-" + slug(why);
        Path p = dir.resolve(base + ".parquet");
        for (int i = 2; Files.exists(p) || pending.test(p); i++) p = dir.resolve(base + "-" + i + ".parquet");
        return p;
    }

    /** Whether {@code p} is named as a dump (what --keep may remove). */
    public static boolean isDump(Path p) {
        String n = p.getFileName().toString();
        return n.startsWith("jrec-") && n.endsWith(".parquet");
    }

    static String slug(String s) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-+|-+$", "");
        return t.length() > 40 ? t.substring(0, 40) : t.isEmpty() ? "x" : t;
    }
}
