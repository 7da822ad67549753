package dev.jrec.bpf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Futex waits whose number is known: a waiter thread sleeps on a private futex word with FUTEX_WAIT, a waker
 * thread wakes it with FUTEX_WAKE only once /proc says the waiter is blocked in futex(2) on that word, so that
 * every wake wakes it (ret 1) and every wait returns 0 (no -EAGAIN from a word changed before the wait). Both
 * keep what each of their calls returned, to compare with what was recorded. Then one wait that times out
 * (-ETIMEDOUT) and one that does not wait at all (-EAGAIN).
 */
final class FutexPingPong {
    static final int FUTEX_WAIT = 0, FUTEX_WAKE = 1, PRIVATE = 128;
    static final long TIMEOUT_NS = 20_000_000;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** long syscall(long nr, int *uaddr, int op, int val, const struct timespec *timeout) */
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("syscall"),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    private static final long SYS_FUTEX = System.getProperty("os.arch").equals("aarch64") ? 98 : 202;

    final long uaddr;
    final List<Long> waitRets = new ArrayList<>();
    final List<Long> wakeRets = new ArrayList<>();
    long timedOutRet, againRet;
    int waiterTid, wakerTid;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment word = arena.allocate(JAVA_INT);

    FutexPingPong() {
        uaddr = word.address();
    }

    /** The calls' return values as futex(2) gives them: -errno on failure. */
    private static long futex(MemorySegment uaddr, int op, int val, MemorySegment timeout) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(STATE);
            long r = (long) SYSCALL.invokeExact(state, SYS_FUTEX, uaddr, op, val, timeout);
            return r < 0 ? -(int) ERRNO.get(state, 0L) : r;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    void run(int rounds) throws InterruptedException {
        AtomicInteger round = new AtomicInteger();
        Thread waiter = new Thread(() -> {
            waiterTid = Sys.gettid();
            for (int i = 0; i < rounds; i++) {
                word.set(JAVA_INT, 0, 0);
                round.set(i + 1); // published after the word is 0: the waker looks for this round's wait
                while (word.get(JAVA_INT, 0) == 0) waitRets.add(futex(word, FUTEX_WAIT | PRIVATE, 0, MemorySegment.NULL));
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment ts = a.allocate(16, 8);
                ts.set(JAVA_LONG, 8, TIMEOUT_NS);
                word.set(JAVA_INT, 0, 0);
                timedOutRet = futex(word, FUTEX_WAIT | PRIVATE, 0, ts);
                againRet = futex(word, FUTEX_WAIT | PRIVATE, 5, MemorySegment.NULL);
            }
        }, "futex-waiter");
        Thread waker = new Thread(() -> {
            wakerTid = Sys.gettid();
            for (int i = 0; i < rounds; i++) {
                while (round.get() != i + 1) Thread.onSpinWait();
                while (!blockedOnWord()) Thread.onSpinWait();
                word.set(JAVA_INT, 0, 1);
                wakeRets.add(futex(word, FUTEX_WAKE | PRIVATE, 1, MemorySegment.NULL));
            }
        }, "futex-waker");
        waiter.start();
        waker.start();
        waiter.join();
        waker.join();
    }

    /** /proc/self/task/TID/syscall: "202 0xUADDR 0x80 ..." while the waiter sleeps in futex(2) on the word. */
    private boolean blockedOnWord() {
        try {
            String[] f = Files.readString(Path.of("/proc/self/task/" + waiterTid + "/syscall")).trim().split(" ");
            return f.length > 2 && f[0].equals(Long.toString(SYS_FUTEX)) && Long.decode(f[1]) == uaddr;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
