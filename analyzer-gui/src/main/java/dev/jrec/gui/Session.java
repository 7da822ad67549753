package dev.jrec.gui;

import javafx.stage.Window;

/** What a view needs from the workbench window it lives in. */
public interface Session {
    /** The open capture; null when none is. */
    OpenCapture capture();

    /**
     * A second capture the views compare the open one with (File › Compare With Capture), or null: the latency
     * histograms overlay its shape, the overview sets its top processes next to the baseline's.
     */
    default OpenCapture baseline() {
        return null;
    }

    Jobs jobs();

    FilterModel filter();

    boolean dark();

    /** Shows the interval [fromNs, toNs) of a thread in the timeline (a histogram event, a table row). */
    void reveal(long fromNs, long toNs, int tid);

    Window window();

    /**
     * Keeps a split pane's divider positions across restarts under {@code id}: puts back the ones saved (the pane's
     * own positions stay when none are) and saves each change.
     */
    default void remember(String id, javafx.scene.control.SplitPane pane) {}
}
