package dev.jrec.bpf.ringbuf;

import java.lang.foreign.MemorySegment;

/**
 * Takes a ring buffer's bytes as they are, a run of whole records at a time: each record keeps the kernel's
 * 8-byte header ({@code u32} length with the busy and discard bits, {@code u32} page offset), padded to 8
 * bytes. A run is valid only during the call. What a consumer that only moves records elsewhere needs:
 * one copy per run instead of a call per record.
 */
public interface RawSink {
    /** In a record header's first word: reserved, not committed yet; or committed as discarded (skip it). */
    int BUSY_BIT = 1 << 31, DISCARD_BIT = 1 << 30;
    /** A record header: u32 length with the two bits, u32 page offset. */
    int HEADER = 8;

    /** The record's own length, from its header's first word. */
    static int length(int lenWord) {
        return lenWord & ~(BUSY_BIT | DISCARD_BIT);
    }

    /** The bytes a record takes in the ring: header and record, padded to 8 bytes. */
    static long size(int lenWord) {
        return (length(lenWord) + HEADER + 7) & ~7L;
    }

    /**
     * The bytes the next run may hold, at least {@code need} (the record that did not fit the last run):
     * a sink that has less left makes room first.
     */
    long room(long need);

    /** {@code length} bytes at {@code offset} of {@code segment}: {@code records} records, discarded ones not counted. */
    void take(MemorySegment segment, long offset, long length, int records);
}
