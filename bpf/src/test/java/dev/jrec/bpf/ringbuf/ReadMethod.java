package dev.jrec.bpf.ringbuf;

import dev.jrec.bpf.libbpf.BpfObject;

/** The two readers of a ring buffer, for tests that run or compare both: jrec itself reads only by mmap. */
public enum ReadMethod {
    /** {@link RingBufferReader#open}: the mmapped buffer read from Java. */
    MMAP,
    /** libbpf's ring_buffer__consume with one upcall per record. */
    LIBBPF;

    /** A reader of obj's "events" ring buffer; close it before the object. */
    public RingBufferReader open(BpfObject obj) {
        return switch (this) {
            case MMAP -> RingBufferReader.open(obj);
            case LIBBPF -> new LibbpfRingBuffer(obj.mapFd(BpfObject.EVENTS_MAP));
        };
    }
}
