package dev.jrec.bpf.ringbuf;

import dev.jrec.bpf.libbpf.BpfObject;

/**
 * Drains a BPF ring buffer. Not thread-safe: one thread drains. Records are
 * submitted without wakeups, so callers drain on a timer (see {@link Drainer}).
 */
public interface RingBufferReader extends AutoCloseable {
    /** How records are read. */
    enum Method {
        /** Reads the mmapped buffer directly from Java: no native calls per drain. */
        MMAP,
        /** libbpf's ring_buffer__consume with one upcall per record. */
        LIBBPF
    }

    /** The faster method on the sched_switch storm benchmark (see RingBufferBenchmarkTest). */
    Method DEFAULT = Method.MMAP;

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

    /** A reader of obj's "events" ring buffer; close it before the object. */
    static RingBufferReader open(BpfObject obj, Method method) {
        int fd = obj.mapFd(BpfObject.EVENTS_MAP);
        int size = obj.maxEntries(BpfObject.EVENTS_MAP);
        return switch (method) {
            case MMAP -> new MmapRingBuffer(fd, size);
            case LIBBPF -> new LibbpfRingBuffer(fd);
        };
    }

    static RingBufferReader open(BpfObject obj) {
        return open(obj, DEFAULT);
    }
}
