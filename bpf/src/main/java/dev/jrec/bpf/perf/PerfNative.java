package dev.jrec.bpf.perf;

import dev.jrec.bpf.libbpf.Arch;
import dev.jrec.bpf.libbpf.LibbpfException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The downcalls this package needs: perf_event_open through syscall(2), and
 * the few libbpf calls for perf_event programs and stack maps that
 * dev.jrec.bpf.libbpf does not bind publicly.
 */
final class PerfNative {
    private PerfNative() {}

    static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBBPF = dev.jrec.bpf.libbpf.LibbpfLibrary.lookup();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** Its syscall number: 298 on x86_64, 241 on arm64 (asm-generic). */
    static final long SYS_PERF_EVENT_OPEN = Arch.of(System.getProperty("os.arch")) == Arch.ARM64 ? 241 : 298;
    static final long PERF_FLAG_FD_CLOEXEC = 8;

    /** long syscall(long number, ...): every argument passed as a long, as glibc reads them. */
    static final MethodHandle SYSCALL6 = LINKER.downcallHandle(LIBC.findOrThrow("syscall"),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    static final MethodHandle CLOSE = LINKER.downcallHandle(LIBC.findOrThrow("close"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /** libbpf 1.x returns -errno (and sets errno). */
    static final MethodHandle MAP_LOOKUP_ELEM = bpf("bpf_map_lookup_elem",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle MAP_GET_NEXT_KEY = bpf("bpf_map_get_next_key",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    private static MethodHandle bpf(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBBPF.findOrThrow(name), fd);
    }

    static MemorySegment callState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    static void close(int fd) {
        try {
            int unused = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new LibbpfException("native call failed: " + t);
    }
}
