package dev.jrec.recorder.ring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dump files in a ring's dump folder: jrec-HOST-UTCSTAMP-WHY.parquet, so that ls sorts them by time and says why. */
public final class DumpNames {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private DumpNames() {}

    /** A name not taken yet in {@code dir} for a dump about {@code at}, because of {@code why} (a trigger, "request", ...). */
    public static Path next(Path dir, String host, Instant at, String why) {
        return next(dir, host, at, why, p -> false);
    }

    /** As above, also passing over names {@code pending} (dumps being written, not on disk yet). */
    public static Path next(Path dir, String host, Instant at, String why, java.util.function.Predicate<Path> pending) {
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
