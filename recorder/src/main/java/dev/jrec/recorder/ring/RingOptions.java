package dev.jrec.recorder.ring;

import dev.jrec.formats.write.Ring;
import java.nio.file.Path;
import java.util.List;

/**
 * A ring recording ({@code record --ring}): what it keeps, what dumps its window by itself, and where dumps go.
 *
 * @param limits the window kept: an age of events and a size on disk, whichever comes first
 * @param triggers conditions on the events that dump the window around them
 * @param preNs a trigger's dump holds this much before the event that fired it
 * @param postNs and this much after it: the dump is written once that much more was recorded
 * @param holdoffNs after a trigger fired, others are only logged for this long (a storm of them makes one dump)
 * @param dumpDir where dumps go when no file is named
 * @param keep the most dumps kept in dumpDir, oldest removed first (0: no limit)
 * @param keepBytes the most bytes of dumps kept in dumpDir (0: no limit)
 */
public record RingOptions(Ring.Limits limits, List<Trigger> triggers, long preNs, long postNs, long holdoffNs, Path dumpDir,
                          int keep, long keepBytes, Listener listener) {
    public RingOptions {
        triggers = List.copyOf(triggers);
        if (preNs + postNs > limits.ageNs()) {
            throw new IllegalArgumentException("the trigger window (--pre plus --post) is longer than the ring (--ring) keeps");
        }
    }

    /** What a ring recording says as it goes: a journal's lines. Called from the recorder's threads. */
    public interface Listener {
        /** A trigger fired at {@code ts}; {@code heldOffUntilTs} > ts: within another's holdoff, no dump. */
        default void fired(Trigger t, long ts, String event, long heldOffUntilTs) {}

        default void written(Dump d) {}

        default void failed(String what, Exception e) {}
    }

    /**
     * A dump written: its file and size, the ts span of the events it holds, why (request, trigger, stop), the
     * trigger (null for a request), and how long after it was asked (or its trigger's post-window ended) it was complete.
     */
    public record Dump(Path path, long bytes, long firstTs, long lastTs, String reason, String trigger, long latencyNs) {}
}
