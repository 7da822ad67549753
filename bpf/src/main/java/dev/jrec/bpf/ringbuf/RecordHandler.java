package dev.jrec.bpf.ringbuf;

import java.lang.foreign.MemorySegment;

/**
 * Receives one ring buffer record: {@code length} bytes at {@code offset} of
 * {@code segment}. The bytes are valid only during the call (the kernel
 * reuses them once it returns): copy out what must outlive it.
 */
@FunctionalInterface
public interface RecordHandler {
    void onRecord(MemorySegment segment, long offset, int length);
}
