package dev.jrec.bpf.libbpf;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** The native calls the ring buffer readers need, for code outside this package. */
public final class Native {
    private Native() {}

    /** An upcall stub and the arena that keeps it alive. */
    public record Upcall(MemorySegment stub, Arena arena) implements AutoCloseable {
        @Override
        public void close() {
            arena.close();
        }
    }

    /**
     * Sets the calling thread's nice value (Linux: setpriority(PRIO_PROCESS, 0) applies to the calling
     * thread only; threads it starts later inherit it). Returns 0, or the errno if refused.
     */
    public static int setThreadNice(int nice) {
        return setThreadNice(0, nice);
    }

    /** As {@link #setThreadNice(int)}, for the thread {@code tid} of this process (0: the calling one). */
    public static int setThreadNice(int tid, int nice) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment state = Libbpf.callState(tmp);
            int rc = (int) Libbpf.SETPRIORITY.invokeExact(state, 0 /* PRIO_PROCESS */, tid, nice);
            return rc == 0 ? 0 : Libbpf.errno(state);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    public static long pageSize() {
        return Libbpf.pageSize();
    }

    /** mmap(NULL, length, PROT_READ[|PROT_WRITE], MAP_SHARED, fd, offset), as a segment of that length. */
    public static MemorySegment mmap(long length, boolean writable, int fd, long offset) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment state = Libbpf.callState(tmp);
            int prot = Libbpf.PROT_READ | (writable ? Libbpf.PROT_WRITE : 0);
            MemorySegment p = (MemorySegment) Libbpf.MMAP.invokeExact(state, MemorySegment.NULL, length, prot,
                    Libbpf.MAP_SHARED, fd, offset);
            if (p.address() == -1L) {
                throw new LibbpfException("mmap(fd " + fd + ", " + length + " bytes at " + offset + ")", Libbpf.errno(state));
            }
            return p.reinterpret(length);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    public static void munmap(MemorySegment mapping) {
        try {
            int unused = (int) Libbpf.MUNMAP.invokeExact(mapping, mapping.byteSize());
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /** A stub for ring_buffer_sample_fn: int (*)(void *ctx, void *data, size_t size). */
    public static Upcall ringBufferSampleUpcall(MethodHandle target) {
        Arena arena = Arena.ofShared();
        MemorySegment stub = Libbpf.LINKER.upcallStub(target,
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), arena);
        return new Upcall(stub, arena);
    }

    public static MemorySegment ringBufferNew(int mapFd, MemorySegment sampleFn) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment state = Libbpf.callState(tmp);
            MemorySegment rb = (MemorySegment) Libbpf.RING_BUFFER_NEW.invokeExact(state, mapFd, sampleFn,
                    MemorySegment.NULL, MemorySegment.NULL);
            if (rb.equals(MemorySegment.NULL)) {
                throw new LibbpfException("ring_buffer__new", Libbpf.errno(state));
            }
            return rb;
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /** Records consumed, or a negative errno (also when the sample callback returned an error). */
    public static int ringBufferConsume(MemorySegment rb) {
        try {
            return (int) Libbpf.RING_BUFFER_CONSUME.invokeExact(rb);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    public static void ringBufferFree(MemorySegment rb) {
        try {
            Libbpf.RING_BUFFER_FREE.invokeExact(rb);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }
}
