package dev.jrec.recorder;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import java.nio.file.Path;

/** How a capture ends: its last event, its end, and the loss rows of one reason (the cut tail). */
record TailAccounting(long lastEvent, long end, long lostFrom, long lostTo, long lost) {
    static TailAccounting of(Path capture, String reason) throws Exception {
        long last = Long.MIN_VALUE, from = Long.MAX_VALUE, to = Long.MIN_VALUE, lost = 0;
        try (Capture c = Capture.open(capture); Capture.EventStream events = c.events(EventFilter.ALL)) {
            long end = Long.parseLong(c.metadata().get(MetadataKeys.END_TS));
            for (CapturedEvent e : events) {
                if (e.kind() == EventKind.LOSS) {
                    if (!reason.equals(e.getString(Column.REASON))) continue;
                    from = Math.min(from, e.ts() - e.getLong(Column.DUR_NS));
                    to = Math.max(to, e.ts());
                    lost += e.getLong(Column.LOST);
                } else if (e.kind().source() != dev.jrec.formats.schema.Source.META) {
                    last = Math.max(last, e.ts());
                }
            }
            return new TailAccounting(last, end, from, to, lost);
        }
    }

    /** The loss rows cover the time from the last event to the end: nothing there is unexplained. */
    boolean coversTheEnd() {
        return lost > 0 && lostFrom <= lastEvent && lostTo >= end;
    }

    @Override
    public String toString() {
        return String.format("last event at %d, end at %d (%.3f s later); %d lost over [%d, %d]",
                lastEvent, end, (end - lastEvent) / 1e9, lost, lostFrom, lostTo);
    }
}
