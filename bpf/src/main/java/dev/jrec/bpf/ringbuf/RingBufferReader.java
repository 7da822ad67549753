package dev.jrec.bpf.ringbuf;

import java.lang.foreign.MemorySegment;

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

    /**
     * Hands every committed record to {@code sink} as the kernel wrote it, header and padding included, in
     * runs of whole records (see {@link RawSink}); returns the count, as drain does. Readers that cannot
     * hand out their memory in runs do not support it.
     */
    default int drainRaw(RawSink sink, long untilNs) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot hand out raw records");
    }

    /**
     * Runs {@link #drainRaw} into {@code sink} over a ring of made-up records, {@code rounds} times, calling
     * {@code afterRound} after each: the JIT compiles the drain before a recording needs it. A storm that
     * starts with the recording leaves the compiler threads no CPU, and an interpreted drain kept a few
     * percent of a 5000-thread storm's events where a compiled one kept all (bench/storm.sh).
     */
    static void warmUpRaw(RawSink sink, Runnable afterRound, int rounds) {
        int size = 1 << 18, recLen = 88;
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            long page = 4096;
            MemorySegment consumer = arena.allocate(page, page);
            MemorySegment producer = arena.allocate(page + 2L * size, page);
            long bytes = 0;
            for (; bytes + RawSink.size(recLen) <= size; bytes += RawSink.size(recLen)) producer.set(java.lang.foreign.ValueLayout.JAVA_INT, page + bytes, recLen);
            MmapRingBuffer ring = new MmapRingBuffer(consumer, producer, page, size);
            for (int i = 0; i < rounds; i++) {
                ring.refill(bytes);
                ring.drainRaw(sink, Long.MAX_VALUE);
                afterRound.run();
            }
        }
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
