package dev.jrec.bpf.ringbuf;

import dev.jrec.bpf.libbpf.Native;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Reads a BPF_MAP_TYPE_RINGBUF the way libbpf's ringbuf.c does, from Java:
 * the consumer page is mapped read-write, the producer page and the data
 * read-only, with the data mapped twice back to back so a record that wraps
 * is still contiguous. Positions are read with acquire and the consumer
 * position written with release ordering, pairing with the kernel's.
 */
final class MmapRingBuffer implements RingBufferReader {
    static final int BUSY_BIT = 1 << 31;
    static final int DISCARD_BIT = 1 << 30;
    static final int HDR_SIZE = 8; // u32 len (with the two bits), u32 page offset

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final long pageSize;
    private final long mask;
    private final MemorySegment consumer;
    private final MemorySegment producer;
    private final MemorySegment data;

    MmapRingBuffer(int mapFd, int size) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("ring buffer size not a power of 2: " + size);
        }
        pageSize = Native.pageSize();
        mask = size - 1L;
        consumer = Native.mmap(pageSize, true, mapFd, 0);
        try {
            producer = Native.mmap(pageSize + 2L * size, false, mapFd, pageSize);
        } catch (RuntimeException e) {
            Native.munmap(consumer);
            throw e;
        }
        data = producer.asSlice(pageSize);
    }

    /**
     * One pass up to the producer position seen on entry. Unlike libbpf's loop, it does not chase
     * records produced meanwhile: under a storm faster than the consumer that chase never ends, and
     * the caller could not stop, account loss or hand batches on in between.
     */
    @Override
    public int drain(RecordHandler handler) {
        return drain(handler, Long.MAX_VALUE);
    }

    @Override
    public int drain(RecordHandler handler, long untilNs) {
        int n = 0;
        long cons = (long) LONG.getAcquire(consumer, 0L);
        long prod = (long) LONG.getAcquire(producer, 0L);
        while (cons < prod) {
            long at = cons & mask;
            int len = (int) INT.getAcquire(data, at);
            if ((len & BUSY_BIT) != 0) {
                // reserved but not yet committed: records after it must wait too
                return n;
            }
            int recLen = len & ~(BUSY_BIT | DISCARD_BIT);
            cons += (recLen + HDR_SIZE + 7) & ~7L;
            if ((len & DISCARD_BIT) == 0) {
                handler.onRecord(data, at + HDR_SIZE, recLen);
                n++;
            }
            LONG.setRelease(consumer, 0L, cons);
            if ((n & 63) == 0 && untilNs != Long.MAX_VALUE && System.nanoTime() - untilNs >= 0) return n;
        }
        return n;
    }

    @Override
    public void close() {
        Native.munmap(producer);
        Native.munmap(consumer);
    }
}
