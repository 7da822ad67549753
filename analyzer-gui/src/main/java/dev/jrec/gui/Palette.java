package dev.jrec.gui;

import javafx.scene.paint.Color;

/** Colors of what the workbench draws itself, for the light and the dark theme. */
public record Palette(Color background, Color lane, Color laneAlt, Color text, Color mutedText, Color grid, Color selection,
        Color loss, Color highlight) {
    public static final Palette LIGHT = new Palette(Color.web("#ffffff"), Color.web("#f4f5f7"), Color.web("#eceef1"),
            Color.web("#1d1f23"), Color.web("#5f6670"), Color.web("#d5d9de"), Color.web("#2f6fde", 0.22),
            Color.web("#d93025", 0.16), Color.web("#e040fb"));
    public static final Palette DARK = new Palette(Color.web("#1e2024"), Color.web("#26292e"), Color.web("#2c2f35"),
            Color.web("#e6e8eb"), Color.web("#9aa1ab"), Color.web("#3a3e45"), Color.web("#6ea8ff", 0.28),
            Color.web("#ff6b5e", 0.20), Color.web("#ff66ff"));

    public static Palette of(boolean dark) {
        return dark ? DARK : LIGHT;
    }

    /** A stable color for a process or a name, so a pid keeps its color in every lane and every redraw. */
    public static Color forKey(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        double hue = ((h >>> 40) % 360 + 360) % 360;
        return Color.hsb(hue, 0.55, 0.86);
    }

    /** Flame graph colors: warm for user code, a cooler range for kernel frames, grey for the task root. */
    public static Color frame(String name, boolean kernel) {
        int h = name.hashCode();
        double v = ((h >>> 8) & 0xff) / 255.0;
        return kernel ? Color.hsb(25 + 20 * v, 0.55, 0.92) : Color.hsb(5 + 45 * v, 0.65, 0.96);
    }

    /** Off-CPU frames of a wall-clock flame graph: blues, so time spent waiting stands apart from time spent running. */
    public static Color coldFrame(String name) {
        double v = ((name.hashCode() >>> 8) & 0xff) / 255.0;
        return Color.hsb(195 + 30 * v, 0.45, 0.95);
    }

    /**
     * Frames of a wall-clock graph's runnable subtree (waiting for a CPU): lavenders, apart from both the on-CPU
     * frames' reds and yellows and the off-CPU blues (the timeline's amber would pass for on-CPU here).
     */
    public static Color runnableFrame(String name) {
        double v = ((name.hashCode() >>> 8) & 0xff) / 255.0;
        return Color.hsb(270 + 20 * v, 0.35, 0.97);
    }

    /** Thread states: green running, amber runnable (waiting for a CPU), blue S, red D, a pale grey for idle (I). */
    public static Color state(String state) {
        return switch (state) {
            case "running" -> Color.web("#34a853");
            case "runnable" -> Color.web("#f9ab00");
            case "S" -> Color.web("#8ab4f8", 0.65);
            case "D" -> Color.web("#d93025");
            case "I" -> Color.web("#bdbdbd", 0.35);
            default -> Color.web("#9e9e9e");
        };
    }
}
