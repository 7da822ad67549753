package dev.jrec.gui;

import java.util.Locale;

/** Durations and offsets as an SRE reads them: 3 significant digits and the unit that fits. */
public final class Units {
    private Units() {}

    public static String duration(double ns) {
        double a = Math.abs(ns);
        if (a < 1e3) return String.format(Locale.ROOT, "%.0f ns", ns);
        if (a < 1e6) return String.format(Locale.ROOT, "%.3g µs", ns / 1e3);
        if (a < 1e9) return String.format(Locale.ROOT, "%.3g ms", ns / 1e6);
        return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }

    /** A time from the recording's start, precise to the µs: what a user types back into a filter. */
    public static String offset(long ns) {
        return String.format(Locale.ROOT, "%.6f s", ns / 1e9);
    }

    /** A count with thousands separators. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
