package dev.jrec.analysis.render;

import dev.jrec.analysis.Log2Histogram;
import dev.jrec.analysis.Summary;
import dev.jrec.analysis.Table;

/** Writes analysis results in one {@link Format}; results know nothing of how they are shown. */
public interface Renderer {
    void histogram(String view, Log2Histogram h);

    /** A sink that writes a table as its rows arrive, so long listings are never held whole. */
    Table.Sink table(String view);

    void summary(Summary s);
}
