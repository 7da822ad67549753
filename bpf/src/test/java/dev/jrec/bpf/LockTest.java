package dev.jrec.bpf;

import dev.jrec.bpf.events.Drop;
import dev.jrec.bpf.events.Event;
import dev.jrec.bpf.events.Event.Futex;
import dev.jrec.bpf.events.Event.LockContention;
import dev.jrec.bpf.events.EventKind;
import dev.jrec.bpf.libbpf.BpfObject;
import dev.jrec.bpf.perf.StackMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock object on real contention. Kernel locks: threads of this JVM map, touch and unmap memory at once,
 * so their mmap(2) and munmap(2) wait for each other on the process's mmap_lock (an rwsem taken for write);
 * perf stat counts the lock tracepoints around the attach (outer) and within the workload (inner): every
 * recorded contention ended after a begin the outer count saw, and every end the inner count saw was recorded
 * (but for waits that began before the attach). Futexes: {@link FutexPingPong}'s known waits and wakes.
 */
class LockTest {
    private static final int LCB_F_WRITE = 4, JREC_LOCK_MMAP = 1;

    /** Both flavors: raw_tp reads the task's mm and sighand through probe reads, tp_btf directly. */
    @ParameterizedTest
    @EnumSource(value = BpfObject.Flavor.class, names = {"BTF", "RAW"})
    void kernelLockContentionsAreRecordedWithTheirLockStackAndDuration(BpfObject.Flavor flavor) throws Exception {
        List<Event> events;
        long[] drops;
        long[] outer, inner = new long[2];
        Map<Long, long[]> stacks = new java.util.HashMap<>();
        int pid = Sys.pid();
        try (BpfObject obj = BpfObject.open("lock").ringBufferBytes(16 << 20).knob("exclude_tgid", 0)) {
            assertEquals(flavor, obj.load(flavor));
            PerfCount around = PerfCount.start();
            events = Capture.during(obj, () -> {
                PerfCount within = PerfCount.start();
                mmapStorm(4, 1500);
                long[] c = within.stop();
                inner[0] = c[0];
                inner[1] = c[1];
            });
            outer = around.stop();
            drops = obj.drops();
            StackMap map = new StackMap(obj);
            for (LockContention l : Capture.only(events, LockContention.class)) {
                if (l.kstackId() >= 0) stacks.computeIfAbsent((long) l.kstackId(), id -> map.ips(l.kstackId()));
            }
        }
        List<LockContention> all = Capture.only(events, LockContention.class);
        List<LockContention> mine = all.stream().filter(l -> l.hdr().pid() == pid && l.lockClass() == JREC_LOCK_MMAP).toList();
        System.out.printf(flavor + " lock: %d contentions recorded (%d on this JVM's mmap_lock), perf counted begin/end %d/%d around the "
                + "attach, %d/%d within the workload; drops %s%n", all.size(), mine.size(), outer[0], outer[1], inner[0], inner[1],
                Arrays.toString(drops));
        // Nothing reads the stack map here (the recorder empties it as it goes), so a stack may collide with an
        // earlier one (35 of 1,544 in a CI run): counted, and held to 95 % kept below; no record may be lost.
        assertArrayEquals(new long[3], Arrays.copyOf(drops, 3), "records dropped");
        long lost = all.stream().filter(l -> l.kstackId() < 0 && l.kstackId() != -14).count();
        assertTrue(lost <= drops[3], "every stack lost is counted: " + lost + " lost, " + drops[3] + " counted");
        assertTrue(all.size() <= outer[0], "recorded " + all.size() + " > contention_begin counted around the attach " + outer[0]);
        assertTrue(all.size() <= outer[1], "recorded " + all.size() + " > contention_end counted around the attach " + outer[1]);
        assertTrue(all.size() >= inner[1] * 0.99 - 2, "recorded " + all.size() + " < contention_end counted within the workload " + inner[1]);
        assertTrue(mine.size() >= 20, "mmap_lock contentions of the mmap storm: " + mine.size());
        assertEquals(1, mine.stream().map(LockContention::lock).distinct().count(), "one mm, one mmap_lock");
        assertTrue(mine.stream().anyMatch(l -> (l.lcbFlags() & LCB_F_WRITE) != 0), "mmap/munmap take it for write");
        long[] ns = mine.stream().mapToLong(LockContention::durationNs).sorted().toArray();
        System.out.printf("  mmap_lock waits: min %d ns, median %d ns, max %d ns%n", ns[0], ns[ns.length / 2], ns[ns.length - 1]);
        assertTrue(ns[0] > 0 && ns[ns.length - 1] < 2_000_000_000L, "durations within the workload");
        long withStack = mine.stream().filter(l -> l.kstackId() >= 0 && stacks.get((long) l.kstackId()).length > 3).count();
        assertTrue(withStack >= mine.size() * 0.95, "kernel stacks: " + withStack + " of " + mine.size());
        long storm = mine.stream().filter(l -> l.hdr().comm().startsWith("mmap-storm")).count();
        assertTrue(storm >= mine.size() * 0.9, "the storm's threads wait (the JIT's mapping code now and then): " + storm + " of "
                + mine.size()); // a JVM's compiler threads map code cache too
        for (LockContention l : mine) assertEquals(0, l.ret(), "acquired");
        Map<Integer, Long> byFlags = all.stream().collect(Collectors.groupingBy(LockContention::lcbFlags, Collectors.counting()));
        System.out.println("  by contention_begin flags: " + byFlags);
    }

    @Test
    void futexWaitsAndWakesAreRecordedOncePerCallWithTheirWaker() throws Exception {
        int rounds = 200;
        FutexPingPong pp = new FutexPingPong();
        List<Event> events;
        long[] drops;
        try (BpfObject obj = BpfObject.open("lock").ringBufferBytes(16 << 20).knob("exclude_tgid", 0).targetPids(Sys.pid())) {
            events = Capture.during(obj, () -> {
                try {
                    pp.run(rounds);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            drops = obj.drops();
        }
        List<Futex> all = Capture.only(events, Futex.class);
        List<Futex> waits = all.stream().filter(f -> f.hdr().kind() == EventKind.FUTEX_WAIT && f.uaddr() == pp.uaddr).toList();
        List<Futex> wakes = all.stream().filter(f -> f.hdr().kind() == EventKind.FUTEX_WAKE && f.uaddr() == pp.uaddr).toList();
        System.out.printf("futex: %d records of this JVM, %d waits and %d wakes on the word (the threads made %d waits, %d wakes), "
                + "drops %s%n", all.size(), waits.size(), wakes.size(), pp.waitRets.size() + 2, pp.wakeRets.size(), Arrays.toString(drops));
        assertArrayEquals(new long[Drop.SLOTS], drops, "drops");
        assertTrue(all.stream().allMatch(f -> f.hdr().pid() == Sys.pid()), "-p: this JVM only");

        List<Long> expected = new ArrayList<>(pp.waitRets);
        expected.add(pp.timedOutRet);
        expected.add(pp.againRet);
        assertEquals(-110, pp.timedOutRet, "ETIMEDOUT");
        assertEquals(-11, pp.againRet, "EAGAIN");
        assertEquals(expected, waits.stream().map(Futex::ret).toList(), "every wait, in order, with its return value");
        assertEquals(pp.wakeRets, wakes.stream().map(Futex::ret).toList(), "every wake that woke someone");
        assertEquals(rounds, pp.wakeRets.stream().filter(r -> r == 1).count(), "each wake woke the waiter");
        for (Futex w : waits) {
            assertEquals(pp.waiterTid, w.hdr().tid());
            assertEquals("futex-waiter", w.hdr().comm());
            assertEquals(FutexPingPong.FUTEX_WAIT | FutexPingPong.PRIVATE, w.op());
            assertTrue(w.ustackId() >= 0 || w.ustackId() == -14, "user stack " + w.ustackId());
        }
        for (Futex w : wakes) {
            assertEquals(pp.wakerTid, w.hdr().tid());
            assertEquals(FutexPingPong.FUTEX_WAKE | FutexPingPong.PRIVATE, w.op());
        }
        Futex timedOut = waits.get(waits.size() - 2), again = waits.getLast();
        assertTrue(timedOut.durationNs() >= FutexPingPong.TIMEOUT_NS && timedOut.durationNs() < 2_000_000_000L, "timed wait "
                + timedOut.durationNs());
        assertTrue(again.durationNs() < timedOut.durationNs(), "EAGAIN: no wait");
        // the waker of each woken wait: the last wake on the word begun before the wait ended, after it began
        int named = 0;
        for (Futex w : waits) {
            if (w.ret() != 0) continue;
            long end = w.hdr().ts(), start = end - w.durationNs();
            Futex waker = null;
            for (Futex k : wakes) {
                long kStart = k.hdr().ts() - k.durationNs();
                if (kStart <= end && kStart >= start) waker = k;
            }
            assertTrue(waker != null, "a wake within the wait ending at " + end);
            assertEquals(pp.wakerTid, waker.hdr().tid());
            named++;
        }
        assertEquals(rounds, named);
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MMAP = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("mmap"),
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("munmap"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));

    /** threads threads mapping 256 KiB, touching every page and unmapping it, for ms milliseconds. */
    static void mmapStorm(int threads, long ms) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                long len = 256 << 10;
                while (System.nanoTime() < deadline) {
                    try {
                        MemorySegment m = ((MemorySegment) MMAP.invokeExact(MemorySegment.NULL, len, 3 /* RW */, 0x22 /* PRIVATE|ANON */,
                                -1, 0L)).reinterpret(len);
                        for (long off = 0; off < len; off += 4096) m.set(JAVA_BYTE, off, (byte) 1);
                        int unused = (int) MUNMAP.invokeExact(m, len);
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "mmap-storm-" + t);
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            try {
                th.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** perf stat -a counting lock:contention_begin and contention_end while its child sleep runs. */
    record PerfCount(Process perf, Path out) {
        static PerfCount start() {
            try {
                Path out = Files.createTempFile("jrec-perf", ".csv");
                Process p = new ProcessBuilder("perf", "stat", "-a", "-x,", "-o", out.toString(), "-e",
                        "lock:contention_begin,lock:contention_end", "--", "sleep", "600")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (p.children().noneMatch(c -> c.info().command().orElse("").endsWith("sleep"))) { // counting once sleep runs
                    assertTrue(p.isAlive() && System.nanoTime() < deadline, "perf stat started");
                    Thread.sleep(5);
                }
                return new PerfCount(p, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        /** {begins, ends}. */
        long[] stop() {
            try {
                perf.children().forEach(ProcessHandle::destroy);
                assertTrue(perf.waitFor(10, TimeUnit.SECONDS), "perf stat exits with its sleep");
                long[] c = new long[2];
                for (String line : Files.readAllLines(out)) {
                    String[] f = line.split(",");
                    if (f.length > 2 && f[2].equals("lock:contention_begin")) c[0] = Long.parseLong(f[0]);
                    if (f.length > 2 && f[2].equals("lock:contention_end")) c[1] = Long.parseLong(f[0]);
                }
                Files.deleteIfExists(out);
                return c;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
