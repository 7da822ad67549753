package dev.jrec.bpf.ringbuf;

import dev.jrec.bpf.libbpf.LibbpfException;
import dev.jrec.bpf.libbpf.Native;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * libbpf's ring_buffer__new/__consume with an FFM upcall per record. Kept to
 * compare against {@link MmapRingBuffer}; records are passed as offsets into
 * one segment spanning the address space, so no per-record segment is made.
 */
final class LibbpfRingBuffer implements RingBufferReader {
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private final MemorySegment rb;
    private final Native.Upcall upcall;
    private RecordHandler handler;
    private RuntimeException failure;

    LibbpfRingBuffer(int mapFd) {
        try {
            MethodHandle target = MethodHandles.lookup().findVirtual(LibbpfRingBuffer.class, "sample",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, long.class)).bindTo(this);
            upcall = Native.ringBufferSampleUpcall(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        rb = Native.ringBufferNew(mapFd, upcall.stub());
    }

    // An exception must not unwind through libbpf: remember it, stop, rethrow after.
    private int sample(MemorySegment ctx, MemorySegment record, long size) {
        try {
            handler.onRecord(ALL, record.address(), (int) size);
            return 0;
        } catch (RuntimeException e) {
            failure = e;
            return -1;
        }
    }

    @Override
    public int drain(RecordHandler h) {
        handler = h;
        failure = null;
        int n = Native.ringBufferConsume(rb);
        handler = null;
        if (failure != null) {
            throw failure;
        }
        if (n < 0) {
            throw new LibbpfException("ring_buffer__consume", -n);
        }
        return n;
    }

    @Override
    public void close() {
        Native.ringBufferFree(rb);
        upcall.close();
    }
}
