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

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final long pageSize;
    private final long mask;
    private final MemorySegment consumer;
    private final MemorySegment producer;
    private final MemorySegment data;
    /** False over memory of {@link RingBufferReader#warmUpRaw}, which its arena frees. */
    private final boolean mapped;

    /** Over memory laid out as a ring's mapping (consumer page; producer page and data): see {@link RingBufferReader#warmUpRaw}. */
    MmapRingBuffer(MemorySegment consumer, MemorySegment producerAndData, long pageSize, int size) {
        this.pageSize = pageSize;
        this.mask = size - 1L;
        this.consumer = consumer;
        this.producer = producerAndData;
        this.data = producerAndData.asSlice(pageSize);
        this.mapped = false;
    }

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
        mapped = true;
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
            if ((len & RawSink.BUSY_BIT) != 0) {
                // reserved but not yet committed: records after it must wait too
                return n;
            }
            int recLen = RawSink.length(len);
            cons += RawSink.size(len);
            if ((len & RawSink.DISCARD_BIT) == 0) {
                handler.onRecord(data, at + RawSink.HEADER, recLen);
                n++;
            }
            LONG.setRelease(consumer, 0L, cons);
            if ((n & 63) == 0 && untilNs != Long.MAX_VALUE && System.nanoTime() - untilNs >= 0) return n;
        }
        return n;
    }

    /**
     * As {@link #drain(RecordHandler, long)}, but hands the records to {@code sink} in runs, copied as the
     * kernel wrote them: a run ends at a busy record, at the sink's room, or when the time is up (checked
     * between runs of {@link #RUN_BYTES}). The space of a run is freed once the sink took it.
     */
    @Override
    public int drainRaw(RawSink sink, long untilNs) {
        int n = 0, runRecords = 0;
        long cons = (long) LONG.getAcquire(consumer, 0L);
        long prod = (long) LONG.getAcquire(producer, 0L);
        long start = cons;
        long room = Math.min(RUN_BYTES, sink.room(0));
        while (cons < prod) {
            int len = (int) INT.getAcquire(data, cons & mask);
            if ((len & RawSink.BUSY_BIT) != 0) break; // reserved but not yet committed: records after it must wait too
            long size = RawSink.size(len);
            if (cons + size - start > room) {
                if (cons > start) {
                    sink.take(data, start & mask, cons - start, runRecords);
                    LONG.setRelease(consumer, 0L, cons);
                    n += runRecords;
                    runRecords = 0;
                    start = cons;
                    if (untilNs != Long.MAX_VALUE && System.nanoTime() - untilNs >= 0) return n;
                }
                room = Math.max(size, Math.min(RUN_BYTES, sink.room(size)));
                continue;
            }
            cons += size;
            if ((len & RawSink.DISCARD_BIT) == 0) runRecords++;
        }
        if (cons > start) {
            sink.take(data, start & mask, cons - start, runRecords);
            LONG.setRelease(consumer, 0L, cons);
            n += runRecords;
        }
        return n;
    }

    /** A run's most bytes: the time is checked between runs. */
    static final long RUN_BYTES = 256 << 10;

    /** Hands the same {@code bytes} of records to the drain again, as a ring that filled once more would. */
    void refill(long bytes) {
        LONG.setRelease(consumer, 0L, 0L);
        LONG.setRelease(producer, 0L, bytes);
    }

    @Override
    public void close() {
        if (!mapped) return;
        Native.munmap(producer);
        Native.munmap(consumer);
    }
}
