package dev.jrec.bpf.ringbuf;

import dev.jrec.bpf.libbpf.BpfObject;

/**
 * Drains a BPF ring buffer. Not thread-safe: one thread drains. Records are
 * submitted without wakeups, so callers drain on a timer.
 */
public interface RingBufferReader extends AutoCloseable {
    /** Hands every committed record to handler, then frees their space; returns the count. */
    int drain(RecordHandler handler);

    /**
     * As {@link #drain(RecordHandler)}, but returns once {@code System.nanoTime()} passes {@code untilNs}
     * (checked between records), leaving the rest for the next call: a consumer slower than the storm
     * must still come back in time to account its loss. Readers that cannot stop midway drain it all.
     */
    default int drain(RecordHandler handler, long untilNs) {
        return drain(handler);
    }

    @Override
    void close();

    /**
     * A reader of obj's "events" ring buffer; close it before the object. It reads the mmapped buffer from
     * Java, with no native call per drain: faster than libbpf's ring_buffer__consume with an upcall per
     * record on a sched_switch storm (bench/ringbuf-drain.sh; bpf's test tree keeps that reader to compare).
     */
    static RingBufferReader open(BpfObject obj) {
        return new MmapRingBuffer(obj.mapFd(BpfObject.EVENTS_MAP), obj.maxEntries(BpfObject.EVENTS_MAP));
    }
}
