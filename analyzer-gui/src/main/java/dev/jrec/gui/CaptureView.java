package dev.jrec.gui;

import javafx.scene.Node;

/**
 * One tab of the workbench. A view loads lazily: a filter change only marks it stale, and it queries when it is
 * shown, so a filter applied in the timeline costs the queries of the views the user looks at, not of all of them.
 */
public abstract class CaptureView {
    protected final Session session;
    private boolean stale = true;

    protected CaptureView(Session session) {
        this.session = session;
    }

    public abstract String title();

    public abstract Node node();

    /** Queries for the session's capture and filter (through its Jobs) and shows the result. */
    protected abstract void reload();

    /** Forgets what was shown of a capture that was closed. */
    public abstract void clear();

    /** What File › Export PNG writes: the chart, graph or timeline, without the controls around it. */
    public Node exportNode() {
        return node();
    }

    public void invalidate() {
        stale = true;
    }

    /** Reloads when the capture or the filter changed since the view last loaded. */
    public void showIfStale() {
        if (stale && session.capture() != null) {
            stale = false;
            reload();
        }
    }

    /** Applies a theme change to what the view draws itself (canvases, charts). */
    public void themeChanged() {}
}
