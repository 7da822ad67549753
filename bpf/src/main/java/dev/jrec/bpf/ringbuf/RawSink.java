package dev.jrec.bpf.ringbuf;

import java.lang.foreign.MemorySegment;

/**
 * Takes a ring buffer's bytes as they are, a run of whole records at a time: each record keeps the kernel's
 * 8-byte header ({@code u32} length with the busy and discard bits, {@code u32} page offset), padded to 8
 * bytes. A run is valid only during the call. What a consumer that only moves records elsewhere needs:
 * one copy per run instead of a call per record.
 */
public interface RawSink {
    /**
     * The bytes the next run may hold, at least {@code need} (the record that did not fit the last run):
     * a sink that has less left makes room first.
     */
    long room(long need);

    /** {@code length} bytes at {@code offset} of {@code segment}: {@code records} records, discarded ones not counted. */
    void take(MemorySegment segment, long offset, long length, int records);
}
