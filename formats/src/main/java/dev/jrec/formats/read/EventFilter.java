package dev.jrec.formats.read;

import dev.jrec.formats.schema.EventKind;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which rows to read: kinds and a half-open ts range [from, to). Applied to row-group statistics first,
 * so a time range skips row groups without decoding them.
 */
public record EventFilter(Set<EventKind> kinds, long fromNs, long toNs) {
    public static final EventFilter ALL = new EventFilter(EnumSet.allOf(EventKind.class), Long.MIN_VALUE, Long.MAX_VALUE);

    public EventFilter {
        kinds = Set.copyOf(kinds);
    }

    public static EventFilter kinds(EventKind first, EventKind... rest) {
        return new EventFilter(EnumSet.of(first, rest), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public EventFilter between(long from, long to) {
        return new EventFilter(kinds, from, to);
    }

    boolean allKinds() {
        return kinds.size() == EventKind.values().length;
    }
}
