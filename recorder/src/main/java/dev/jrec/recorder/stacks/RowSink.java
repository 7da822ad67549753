package dev.jrec.recorder.stacks;

import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.write.EventBatch;

/**
 * Where {@link StackTable} writes its stack and frame rows: the recorder's
 * EventRows has exactly these two methods. {@link #row} adds a row (first
 * handing over a full batch) and returns its index in {@link #batch}, which
 * must be asked for after row().
 */
public interface RowSink {
    int row(EventKind kind, long ts);

    EventBatch batch();
}
