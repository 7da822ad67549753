package dev.jrec.bpf.libbpf;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Routes libbpf's log (including verifier logs of failed loads) to the
 * System.Logger "dev.jrec.bpf.libbpf" instead of stderr.
 */
public final class LibbpfLog {
    private LibbpfLog() {}

    static final System.Logger LOG = System.getLogger("dev.jrec.bpf.libbpf");
    // Verifier logs arrive in one call; longer ones are cut, with a marker.
    private static final int MAX_MESSAGE = 1 << 20;
    private static final int LIBBPF_WARN = 0, LIBBPF_INFO = 1;
    private static boolean installed;

    /** Installs the routing once per JVM; later calls do nothing. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            MethodHandle target = MethodHandles.lookup().findStatic(LibbpfLog.class, "print",
                    MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class));
            MemorySegment stub = Libbpf.LINKER.upcallStub(target,
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), Arena.global());
            var unusedPrevious = (MemorySegment) Libbpf.SET_PRINT.invokeExact(stub);
            installed = true;
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    static System.Logger.Level level(int libbpfLevel) {
        return switch (libbpfLevel) {
            case LIBBPF_WARN -> System.Logger.Level.WARNING;
            case LIBBPF_INFO -> System.Logger.Level.INFO;
            default -> System.Logger.Level.DEBUG;
        };
    }

    // An upcall must not throw: an exception here would crash the JVM.
    private static int print(int libbpfLevel, MemorySegment fmt, MemorySegment args) {
        try {
            System.Logger.Level level = level(libbpfLevel);
            if (!LOG.isLoggable(level)) {
                return 0;
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(MAX_MESSAGE);
                int n = (int) Libbpf.VSNPRINTF.invokeExact(buf, (long) MAX_MESSAGE, fmt, args);
                String msg = buf.getString(0).stripTrailing();
                if (n >= MAX_MESSAGE) {
                    msg += " [cut at " + MAX_MESSAGE + " of " + n + " bytes]";
                }
                LOG.log(level, msg);
                return n;
            }
        } catch (Throwable t) {
            return 0;
        }
    }
}
