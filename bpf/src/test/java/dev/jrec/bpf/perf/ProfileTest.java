package dev.jrec.bpf.perf;

import dev.jrec.bpf.Sys;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** profile.bpf.o on per-CPU CPU clock events, and offcpu.bpf.o, on this JVM's own threads. */
class ProfileTest {
    static volatile long sink;

    @Test
    void samplesABusyThreadAtTheFrequencyWithStacks() {
        int[] tid = new int[1];
        long[] cpuNs = new long[1];
        try (PerfHarness h = new PerfHarness().targetPids(Sys.pid())) {
            h.run(99, () -> {
                Thread t = Thread.ofPlatform().name("burner").start(() -> {
                    tid[0] = Sys.gettid();
                    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    long end = System.nanoTime() + 1_000_000_000L, x = 0;
                    while (System.nanoTime() < end) {
                        x += x * 31 + 7;
                    }
                    sink = x;
                    cpuNs[0] = mx.getCurrentThreadCpuTime() - cpu0;
                });
                join(t);
            });
            List<StackEvents.Sample> mine = h.samples.stream().filter(s -> s.tid() == tid[0]).toList();
            // 99 Hz of the CPU time it got (up to 1 s: other work may share the CPUs)
            double expected = cpuNs[0] * 99 / 1e9;
            assertTrue(expected > 20, "the burner ran " + cpuNs[0] + " ns");
            assertTrue(Math.abs(mine.size() - expected) <= expected * 0.2 + 2,
                    "samples of the busy thread: " + mine.size() + ", expected " + expected);
            assertTrue(h.samples.stream().allMatch(s -> s.pid() == Sys.pid()), "only the targeted process");
            StackMap stacks = new StackMap(h.profile);
            int withUser = 0;
            for (StackEvents.Sample s : mine) {
                assertEquals("burner", s.comm());
                long[] user = stacks.ips(s.ustackId());
                if (user != null) {
                    withUser++;
                    assertTrue(user[0] > 0 && user[0] < 0x0000_8000_0000_0000L, "user ip " + Long.toHexString(user[0]));
                }
                long[] kernel = stacks.ips(s.kstackId());
                if (kernel != null) {
                    assertTrue(kernel[0] < 0, "kernel ip " + Long.toHexString(kernel[0]));
                }
            }
            // A stack map bucket holds one stack and jrec never evicts (BPF_F_REUSE_STACKID would rename old ids):
            // a second stack hashing to a taken bucket is lost, and counted. A JVM's ~200 distinct stacks in 16,384
            // buckets collide about once a run (the birthday bound), so a few losses are expected, never silent.
            long lost = h.profile.drops()[dev.jrec.bpf.events.Drop.STACK];
            assertTrue(lost <= Math.max(3, h.samples.size() / 20), "stacks lost: " + lost + " of " + h.samples.size() + " samples");
            assertTrue(withUser + lost >= mine.size() * 9 / 10, withUser + " of " + mine.size() + " samples have a user stack, "
                    + lost + " stacks lost");
        }
    }

    @Test
    void offCpuIntervalsOfASleepingThread() {
        int[] tid = new int[1];
        try (PerfHarness h = new PerfHarness().targetPids(Sys.pid())) {
            h.run(99, () -> {
                Thread t = Thread.ofPlatform().name("sleeper").start(() -> {
                    tid[0] = Sys.gettid();
                    for (int i = 0; i < 3; i++) {
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                join(t);
            });
            List<StackEvents.OffCpu> mine = h.offcpus.stream().filter(o -> o.tid() == tid[0]).toList();
            long total = mine.stream().mapToLong(StackEvents.OffCpu::durationNs).sum();
            assertTrue(mine.stream().filter(o -> o.durationNs() >= 95_000_000L).count() == 3,
                    "three 100 ms sleeps: " + mine);
            assertTrue(total >= 300_000_000L && total < 400_000_000L, "off CPU " + total + " ns");
            StackMap stacks = new StackMap(h.offcpu);
            for (StackEvents.OffCpu o : mine) {
                assertEquals(o.ts() - o.startTs(), o.durationNs());
                assertEquals(1, o.state() & 3, "TASK_INTERRUPTIBLE (maybe | TASK_FREEZABLE): " + o.state());
                assertNotNull(stacks.ips(o.kstackId()), "kernel stack of " + o);
                assertNotNull(stacks.ips(o.ustackId()), "user stack of " + o);
            }
            assertTrue(mine.stream().anyMatch(o -> (o.flags() & dev.jrec.bpf.events.EventFlags.WAKER) != 0), "a waker is known: " + mine);
        }
    }

    /**
     * With ustack_bytes, samples and off-CPU records carry the task's user registers and the top of
     * its stack: the ip is the frame-pointer stack's leaf, and the stack holds the return addresses
     * that walk found.
     */
    @Test
    void recordsCarryUserRegistersAndStackWithTheKnob() {
        int[] tid = new int[2];
        try (PerfHarness h = new PerfHarness().targetPids(Sys.pid()).ustackBytes(8192)) {
            h.run(99, () -> {
                Thread burner = Thread.ofPlatform().name("burner").start(() -> {
                    tid[0] = Sys.gettid();
                    // 0.5 s of CPU time, not wall time: the machine may be busy
                    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
                    long end = mx.getCurrentThreadCpuTime() + 500_000_000L, x = 0;
                    while (mx.getCurrentThreadCpuTime() < end) {
                        for (int i = 0; i < 100_000; i++) x += x * 31 + 7;
                    }
                    sink = x;
                });
                Thread sleeper = Thread.ofPlatform().name("sleeper").start(() -> {
                    tid[1] = Sys.gettid();
                    for (int i = 0; i < 3; i++) {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                join(burner);
                join(sleeper);
            });
            StackMap profileStacks = new StackMap(h.profile), offcpuStacks = new StackMap(h.offcpu);
            List<StackEvents.Sample> samples = h.samples.stream().filter(s -> s.tid() == tid[0]).toList();
            assertTrue(samples.size() > 10, "samples: " + samples.size());
            int withRegs = 0, leafMatches = 0;
            for (StackEvents.Sample s : samples) {
                if (s.regs() == null) continue;
                withRegs++;
                assertTrue(s.regs().stackLength() > 0 && s.regs().stackLength() <= 8192, "copied " + s.regs().stackLength());
                long[] user = profileStacks.ips(s.ustackId());
                if (user != null && user[0] == s.regs().ip()) leafMatches++;
            }
            assertTrue(withRegs >= samples.size() * 9 / 10, withRegs + " of " + samples.size() + " samples with registers");
            assertTrue(leafMatches >= withRegs * 9 / 10, leafMatches + " of " + withRegs + ": ip is the frame-pointer leaf");
            List<StackEvents.OffCpu> blocks = h.offcpus.stream().filter(o -> o.tid() == tid[1] && o.durationNs() > 40_000_000L).toList();
            assertEquals(3, blocks.size(), "three sleeps: " + blocks);
            for (StackEvents.OffCpu o : blocks) {
                assertNotNull(o.regs(), "registers of " + o);
                assertTrue(o.regs().stackLength() >= 4096, "copied " + o.regs().stackLength());
                long[] user = offcpuStacks.ips(o.ustackId());
                assertNotNull(user);
                assertEquals(user[0], o.regs().ip(), "the syscall's return address is the leaf");
                // the caller the frame-pointer walk found (if any: the JVM and libc have no frame pointers) is in the copy
                if (user.length < 2) continue;
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(o.regs().stackBytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                java.util.Set<Long> words = new java.util.HashSet<>();
                for (int i = 0; i + 8 <= o.regs().stackLength(); i += 8) words.add(b.getLong(i));
                assertTrue(words.contains(user[1]), "caller's return address 0x" + Long.toHexString(user[1]) + " in the copy");
            }
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
