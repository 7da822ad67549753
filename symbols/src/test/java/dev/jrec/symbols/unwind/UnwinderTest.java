package dev.jrec.symbols.unwind;

import dev.jrec.symbols.Symbolizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CFI unwinder on real processes: a C program (its own code built with frame pointers, Debian's
 * libc without) blocks in usleep() from sleep_here() on its main thread and from thread_sleep_here()
 * on a second thread. While they sleep, the test takes what a BPF program would copy at a switch-out —
 * ip and sp (the last two fields of /proc/PID/task/TID/syscall), rbp (printed by the program: the
 * syscall file does not show it) and the top of the stack from /proc/PID/mem — and unwinds it with
 * the binaries' .eh_frame.
 */
class UnwinderTest {
    static final String SOURCE = """
            #include <pthread.h>
            #include <stdio.h>
            #include <unistd.h>
            #include <sys/syscall.h>

            volatile unsigned long sink;

            __attribute__((noinline)) void thread_sleep_here(void)
            {
            	printf("thread %ld %p\\n", (long)syscall(SYS_gettid), __builtin_frame_address(0));
            	fflush(stdout);
            	usleep(60000000);
            	sink++;
            }

            static void *worker(void *arg)
            {
            	thread_sleep_here();
            	sink++;
            	return arg;
            }

            static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
            static int fds[2];

            __attribute__((noinline)) void lock_here(void)
            {
            	printf("lock %ld %p\\n", (long)syscall(SYS_gettid), __builtin_frame_address(0));
            	fflush(stdout);
            	pthread_mutex_lock(&held);
            	sink++;
            }

            static void *locker(void *arg)
            {
            	lock_here();
            	return arg;
            }

            __attribute__((noinline)) void read_here(void)
            {
            	char c;
            	printf("read %ld %p\\n", (long)syscall(SYS_gettid), __builtin_frame_address(0));
            	fflush(stdout);
            	if (read(fds[0], &c, 1) == 1)
            		sink++;
            }

            static void *reader(void *arg)
            {
            	read_here();
            	return arg;
            }

            __attribute__((noinline)) void sleep_here(void)
            {
            	printf("main %ld %p\\n", (long)syscall(SYS_gettid), __builtin_frame_address(0));
            	fflush(stdout);
            	usleep(60000000);
            	sink++;
            }

            int main(void)
            {
            	pthread_t t, l, r;
            	pthread_mutex_lock(&held);
            	if (pipe(fds))
            		return 1;
            	pthread_create(&t, NULL, worker, NULL);
            	usleep(100000);
            	pthread_create(&l, NULL, locker, NULL);
            	usleep(100000);
            	pthread_create(&r, NULL, reader, NULL);
            	usleep(100000);
            	sleep_here();
            	pthread_join(t, NULL);
            	return 0;
            }
            """;

    static Process child;
    static Map<String, long[]> threads = new HashMap<>(); // "main"/"thread" -> {tid, rbp}

    static Path build() {
        Path dir = Path.of(System.getProperty("user.dir"), "target", "unwind-test");
        Path exe = dir.resolve("sleeper");
        try {
            Files.createDirectories(dir);
            Path src = dir.resolve("sleeper.c");
            Files.writeString(src, SOURCE);
            Process cc = new ProcessBuilder("cc", "-O1", "-g", "-fno-omit-frame-pointer", "-pthread", "-o", exe.toString(),
                    src.toString()).redirectErrorStream(true).start();
            String out = new String(cc.getInputStream().readAllBytes());
            if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
                throw new IllegalStateException("cc failed: " + out);
            }
            return exe;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        child = new ProcessBuilder(build().toString()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
        for (int i = 0; i < 4; i++) {
            String[] f = out.readLine().split(" ");
            threads.put(f[0], new long[] {Long.parseLong(f[1]), Long.parseUnsignedLong(f[2].substring(2), 16)});
        }
        waitBlocked(threads.get("thread")[0], CLOCK_NANOSLEEP);
        waitBlocked(threads.get("main")[0], CLOCK_NANOSLEEP);
        waitBlocked(threads.get("lock")[0], FUTEX);
        waitBlocked(threads.get("read")[0], READ);
    }

    @AfterAll
    static void stop() {
        if (child != null) child.destroyForcibly();
    }

    private static final int READ = 0, FUTEX = 202, CLOCK_NANOSLEEP = 230;

    static void waitBlocked(long tid, int syscall) throws Exception {
        Path sc = Path.of("/proc", Long.toString(child.pid()), "task", Long.toString(tid), "syscall");
        for (int i = 0; i < 500; i++) {
            String s = Files.readString(sc).strip();
            if (s.startsWith(syscall + " ")) return;
            Thread.sleep(10);
        }
        throw new IllegalStateException("thread " + tid + " not in syscall " + syscall + ": " + Files.readString(sc));
    }

    /** The snapshot a switch-out would copy: ip, sp from /proc/.../syscall, rbp as given, stackBytes from sp. */
    static StackSnapshot snapshot(long tid, Long rbp, int stackBytes) throws IOException {
        int pid = (int) child.pid();
        String[] f = Files.readString(Path.of("/proc", Integer.toString(pid), "task", Long.toString(tid), "syscall")).strip().split(" ");
        long sp = Long.parseUnsignedLong(f[f.length - 2].substring(2), 16);
        long pc = Long.parseUnsignedLong(f[f.length - 1].substring(2), 16);
        byte[] stack = new byte[stackBytes];
        int n = 0;
        try (FileChannel mem = FileChannel.open(Path.of("/proc", Integer.toString(pid), "mem"))) {
            ByteBuffer buf = ByteBuffer.wrap(stack);
            int r;
            while (buf.hasRemaining() && (r = mem.read(buf, sp + buf.position())) > 0) {
                n += r;
            }
        } catch (IOException e) {
            // the end of the stack mapping: keep what was read
        }
        long[] regs = new long[EhFrame.NREGS];
        regs[EhFrame.RA] = pc;
        regs[EhFrame.RSP] = sp;
        int known = 1 << EhFrame.RA | 1 << EhFrame.RSP;
        if (rbp != null) {
            regs[EhFrame.RBP] = rbp;
            known |= 1 << EhFrame.RBP;
        }
        return new StackSnapshot(regs, known, sp, stack, n);
    }

    static List<String> names(Symbolizer sym, int pid, long[] ips) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ips.length; i++) {
            Symbolizer.Frame f = sym.user(pid, ips[i], i == 0);
            out.add(f.func() == null ? f.module() + "+0x" + Long.toHexString(f.fileOffset()) : f.func());
        }
        return out;
    }

    static void assertChain(List<String> funcs, String... chain) {
        int at = -1;
        for (String c : chain) {
            int i = funcs.subList(at + 1, funcs.size()).indexOf(c);
            assertTrue(i >= 0, c + " after " + (at < 0 ? "the start" : funcs.get(at)) + " in " + funcs);
            at += 1 + i;
        }
    }

    @Test
    void mainThreadThroughLibcToMain() throws Exception {
        long[] t = threads.get("main");
        Symbolizer sym = new Symbolizer();
        int pid = (int) child.pid();
        StackSnapshot snap = snapshot(t[0], t[1], 8192);
        long t0 = System.nanoTime();
        Unwinder.Result r = Unwinder.unwind(snap, sym.modules(pid));
        long t1 = System.nanoTime();
        List<String> funcs = names(sym, pid, r.ips());
        System.out.printf("main thread: %s %s (%d by CFI, %s), %.1f us first time%n", funcs, r.status(), r.cfiFrames(),
                r.reason(), (t1 - t0) / 1e3);
        assertChain(funcs, "clock_nanosleep", "usleep", "sleep_here", "main");
        assertEquals(Unwinder.Status.COMPLETE, r.status(), r.reason());
        assertEquals("_start", funcs.getLast());

        // again: rows are cached per pc
        int runs = 50000;
        Unwinder.Modules modules = sym.modules(pid);
        for (int i = 0; i < runs; i++) Unwinder.unwind(snap, modules); // JIT warm-up
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t2 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < runs; i++) Unwinder.unwind(snap, modules);
        System.out.printf("  %.2f us of CPU per unwind (%d frames) with warm caches%n", (mx.getCurrentThreadCpuTime() - t2) / 1e3 / runs,
                r.ips().length);
    }

    @Test
    void secondThreadEndsAtClone() throws Exception {
        long[] t = threads.get("thread");
        Symbolizer sym = new Symbolizer();
        int pid = (int) child.pid();
        Unwinder.Result r = Unwinder.unwind(snapshot(t[0], t[1], 8192), sym.modules(pid));
        List<String> funcs = names(sym, pid, r.ips());
        System.out.printf("second thread: %s %s (%s)%n", funcs, r.status(), r.reason());
        assertChain(funcs, "clock_nanosleep", "usleep", "thread_sleep_here", "worker", "start_thread");
        assertEquals(Unwinder.Status.COMPLETE, r.status(), r.reason());
    }

    /** Blocked in pthread_mutex_lock (a futex wait inside libc) and in read() on a pipe. */
    @Test
    void mutexAndPipeWaitsThroughLibc() throws Exception {
        Symbolizer sym = new Symbolizer();
        int pid = (int) child.pid();
        long[] l = threads.get("lock"), rd = threads.get("read");
        Unwinder.Result lr = Unwinder.unwind(snapshot(l[0], l[1], 8192), sym.modules(pid));
        List<String> lf = names(sym, pid, lr.ips());
        Unwinder.Result rr = Unwinder.unwind(snapshot(rd[0], rd[1], 8192), sym.modules(pid));
        List<String> rf = names(sym, pid, rr.ips());
        System.out.printf("mutex: %s %s%npipe: %s %s%n", lf, lr.status(), rf, rr.status());
        assertChain(lf, "pthread_mutex_lock", "lock_here", "locker", "start_thread", "clone3");
        assertChain(rf, "read", "read_here", "reader", "start_thread", "clone3");
        assertEquals(Unwinder.Status.COMPLETE, lr.status(), lr.reason());
        assertEquals(Unwinder.Status.COMPLETE, rr.status(), rr.reason());
    }

    /** Without rbp the libc frames still unwind (their CFA is rsp-based); the first frame-pointer frame is where it may stop. */
    @Test
    void withoutRbpLibcFramesStillUnwind() throws Exception {
        long[] t = threads.get("main");
        Symbolizer sym = new Symbolizer();
        int pid = (int) child.pid();
        Unwinder.Result r = Unwinder.unwind(snapshot(t[0], null, 8192), sym.modules(pid));
        List<String> funcs = names(sym, pid, r.ips());
        System.out.printf("main thread, rbp unknown: %s %s (%s)%n", funcs, r.status(), r.reason());
        assertChain(funcs, "clock_nanosleep", "usleep", "sleep_here");
    }

    static final String CXX_SOURCE = """
            #include <unistd.h>
            #include <cstdio>
            #include <vector>
            namespace ns {
            template <typename T> struct Sleeper {
            	__attribute__((noinline)) void sleep_here(T n)
            	{
            		std::printf("ready %ld\\n", (long)gettid());
            		std::fflush(stdout);
            		usleep(60000000);
            		sink += n;
            	}
            	T sink{};
            };
            }
            int main()
            {
            	std::vector<int> v{1};
            	ns::Sleeper<int> s;
            	s.sleep_here(v[0]);
            	return (int)s.sink;
            }
            """;

    /**
     * A C++ program built without frame pointers at all (-fomit-frame-pointer): CFI alone unwinds it,
     * and its frames come out demangled as c++filt prints them.
     */
    @Test
    void cxxWithoutFramePointersUnwindsAndDemangles() throws Exception {
        Path dir = Path.of(System.getProperty("user.dir"), "target", "unwind-test");
        Files.createDirectories(dir);
        Path src = dir.resolve("sleeper.cc"), exe = dir.resolve("sleeper-cxx");
        Files.writeString(src, CXX_SOURCE);
        Process cc = new ProcessBuilder("c++", "-O1", "-fomit-frame-pointer", "-o", exe.toString(), src.toString())
                .redirectErrorStream(true).start();
        String ccOut = new String(cc.getInputStream().readAllBytes());
        assertTrue(cc.waitFor(120, TimeUnit.SECONDS) && cc.exitValue() == 0, ccOut);
        Process p = new ProcessBuilder(exe.toString()).start();
        try {
            String line = new BufferedReader(new InputStreamReader(p.getInputStream())).readLine();
            long tid = Long.parseLong(line.split(" ")[1]);
            Path sc = Path.of("/proc", Long.toString(p.pid()), "task", Long.toString(tid), "syscall");
            for (int i = 0; i < 500 && !Files.readString(sc).startsWith(CLOCK_NANOSLEEP + " "); i++) Thread.sleep(10);
            int pid = (int) p.pid();
            String[] f = Files.readString(sc).strip().split(" ");
            long sp = Long.parseUnsignedLong(f[f.length - 2].substring(2), 16), pc = Long.parseUnsignedLong(f[f.length - 1].substring(2), 16);
            byte[] stack = new byte[8192];
            int n = 0;
            try (FileChannel mem = FileChannel.open(Path.of("/proc", Integer.toString(pid), "mem"))) {
                ByteBuffer buf = ByteBuffer.wrap(stack);
                int r;
                while (buf.hasRemaining() && (r = mem.read(buf, sp + buf.position())) > 0) n += r;
            } catch (IOException e) {
                // the top of the stack mapping
            }
            long[] regs = new long[EhFrame.NREGS];
            regs[EhFrame.RA] = pc;
            regs[EhFrame.RSP] = sp;
            // no rbp: nothing here uses it as a frame pointer
            StackSnapshot snap = new StackSnapshot(regs, 1 << EhFrame.RA | 1 << EhFrame.RSP, sp, stack, n);
            Symbolizer sym = new Symbolizer();
            Unwinder.Result r = Unwinder.unwind(snap, sym.modules(pid));
            List<String> funcs = names(sym, pid, r.ips());
            System.out.printf("C++ without frame pointers: %s %s (%s)%n", funcs, r.status(), r.reason());
            assertChain(funcs, "clock_nanosleep", "usleep", "ns::Sleeper<int>::sleep_here(int)", "main");
            assertEquals(Unwinder.Status.COMPLETE, r.status(), r.reason());
        } finally {
            p.destroyForcibly();
        }
    }

    /** Garbage stacks and garbage CFI end truncated, never in an exception or a loop. */
    @Test
    void garbageNeverThrows() throws Exception {
        long[] t = threads.get("main");
        Symbolizer sym = new Symbolizer();
        int pid = (int) child.pid();
        StackSnapshot real = snapshot(t[0], t[1], 8192);
        Unwinder.Modules modules = sym.modules(pid);
        java.util.Random rnd = new java.util.Random(7);
        byte[] bytes = new byte[8192];
        for (int i = 0; i < 2000; i++) {
            rnd.nextBytes(bytes);
            long[] regs = new long[EhFrame.NREGS];
            regs[EhFrame.RA] = i % 2 == 0 ? real.ip() : rnd.nextLong();
            regs[EhFrame.RSP] = real.sp();
            regs[EhFrame.RBP] = real.sp() + rnd.nextInt(8192);
            Unwinder.Result r = Unwinder.unwind(new StackSnapshot(regs, 0x1ffff, real.sp(), bytes, 8192), modules);
            assertTrue(r.ips().length >= 1 && r.ips().length <= Unwinder.MAX_DEPTH);
        }
        for (int i = 0; i < 200; i++) {
            byte[] frame = new byte[4096], hdr = new byte[64];
            rnd.nextBytes(frame);
            rnd.nextBytes(hdr);
            try {
                EhFrame cfi = EhFrame.of(frame, 0x1000, i % 2 == 0 ? hdr : null, 0x800);
                if (cfi != null) cfi.rule(0x1000 + rnd.nextInt(8192));
            } catch (EhFrame.CfiException e) {
                // a reported failure is fine
            }
        }
    }

    /** A copy too small to hold the frames ends truncated, with the frames it could unwind. */
    @Test
    void aSmallCopyIsTruncated() throws Exception {
        long[] t = threads.get("main");
        Symbolizer sym = new Symbolizer();
        int pid = (int) child.pid();
        Unwinder.Result r = Unwinder.unwind(snapshot(t[0], t[1], 16), sym.modules(pid));
        List<String> funcs = names(sym, pid, r.ips());
        System.out.printf("16-byte copy: %s %s (%s)%n", funcs, r.status(), r.reason());
        assertEquals(Unwinder.Status.TRUNCATED, r.status());
        assertTrue(funcs.getFirst().contains("clock_nanosleep"), funcs.toString());
    }
}
