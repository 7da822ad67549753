package dev.jrec.gui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.stage.Stage;

/**
 * What the workbench remembers between runs (java.util.prefs): recent captures, the window's place, the split panes'
 * dividers, the last view, the theme.
 */
public final class Settings {
    static final int RECENT = 10;
    private final Preferences prefs;

    public Settings(Preferences prefs) {
        this.prefs = prefs;
    }

    public static Settings user() {
        return new Settings(Preferences.userRoot().node("dev/jrec/workbench"));
    }

    /** Removes these settings from the store (a throwaway window's). */
    public void forget() {
        try {
            prefs.removeNode();
        } catch (BackingStoreException | IllegalStateException e) {
            // nothing to keep: the node is gone, or the store cannot be written
        }
    }

    /** Most recent first; files that no longer exist are still listed, and say so when opened. */
    public List<Path> recent() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < RECENT; i++) {
            String p = prefs.get("recent." + i, null);
            if (p != null) out.add(Path.of(p));
        }
        return out;
    }

    public void opened(Path capture) {
        List<Path> r = new ArrayList<>(recent());
        Path abs = capture.toAbsolutePath().normalize();
        r.remove(abs);
        r.addFirst(abs);
        for (int i = 0; i < RECENT; i++) {
            if (i < r.size()) prefs.put("recent." + i, r.get(i).toString());
            else prefs.remove("recent." + i);
        }
        flush();
    }

    public boolean dark() {
        return prefs.getBoolean("theme.dark", false);
    }

    public void dark(boolean d) {
        prefs.putBoolean("theme.dark", d);
        flush();
    }

    public int tab() {
        return prefs.getInt("window.tab", 0);
    }

    public void tab(int t) {
        prefs.putInt("window.tab", t);
    }

    /** The divider positions of the split pane {@code id} when the workbench last closed; null when none were saved. */
    public double[] dividers(String id) {
        String v = prefs.get("split." + id, null);
        if (v == null || v.isBlank()) return null;
        try {
            return java.util.Arrays.stream(v.split(",")).mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public void dividers(String id, double[] positions) {
        StringBuilder sb = new StringBuilder();
        for (double p : positions) sb.append(sb.isEmpty() ? "" : ",").append(p);
        prefs.put("split." + id, sb.toString());
    }

    /** Puts the stage where it was when the workbench last closed, if that is known. */
    public void restore(Stage stage) {
        double w = prefs.getDouble("window.width", 1280), h = prefs.getDouble("window.height", 820);
        stage.setWidth(w);
        stage.setHeight(h);
        double x = prefs.getDouble("window.x", Double.NaN), y = prefs.getDouble("window.y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setMaximized(prefs.getBoolean("window.maximized", false));
    }

    public void save(Stage stage) {
        prefs.putBoolean("window.maximized", stage.isMaximized());
        if (!stage.isMaximized()) {
            prefs.putDouble("window.x", stage.getX());
            prefs.putDouble("window.y", stage.getY());
            prefs.putDouble("window.width", stage.getWidth());
            prefs.putDouble("window.height", stage.getHeight());
        }
        flush();
    }

    private void flush() {
        try {
            prefs.flush();
        } catch (BackingStoreException e) {
            // the settings are a convenience: a read-only home must not stop the workbench
        }
    }
}
