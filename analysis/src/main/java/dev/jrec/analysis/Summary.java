package dev.jrec.analysis;

import java.util.List;
import java.util.Map;

/**
 * What {@code jrec report summary} shows: facts about the recording, events and drops per source, when
 * events were lost, and the top processes by each resource the capture recorded.
 *
 * @param facts ordered label → value: capture, host, kernel, recorded span, window, sources, ...
 * @param sources events and drops per source, from the footer (the whole capture)
 * @param losses loss rows in the window, in time order (empty when nothing was lost)
 * @param top the top-process tables the capture has data for, each titled
 */
public record Summary(Map<String, String> facts, Table sources, Table losses, List<Table> top) {
    public Summary {
        facts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(facts));
        top = List.copyOf(top);
    }
}
