package dev.jrec.bpf.ringbuf;

import dev.jrec.bpf.Workloads;
import dev.jrec.bpf.events.Drop;
import dev.jrec.bpf.events.EventKind;
import dev.jrec.bpf.events.EventDecoder.Hdr;
import dev.jrec.bpf.libbpf.BpfObject;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Consumer cost of the two readers: a sched_switch storm fills a large ring
 * buffer undrained, then one drain empties it while the consumer thread's
 * CPU time is measured. Alternating runs (the first ones include JIT
 * warm-up); the best and the median of each are reported.
 */
class RingBufferBenchmarkTest {
    static final int ROUNDS = 5;
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    long sink;

    @Test
    void compareReadersOnASwitchStorm() {
        Map<ReadMethod, double[]> rates = new EnumMap<>(ReadMethod.class);
        for (int round = 0; round < ROUNDS; round++) {
            for (ReadMethod m : ReadMethod.values()) {
                rates.computeIfAbsent(m, k -> new double[ROUNDS])[round] = drainRate(m);
            }
        }
        rates.forEach((m, r) -> {
            double[] sorted = r.clone();
            java.util.Arrays.sort(sorted);
            System.out.printf("ring buffer consumer %s: best %.1f M, median %.1f M records per consumer-CPU second%n",
                    m, sorted[ROUNDS - 1] / 1e6, sorted[ROUNDS / 2] / 1e6);
            assertTrue(sorted[ROUNDS / 2] > 100_000, "implausibly slow reader " + m);
        });
    }

    double drainRate(ReadMethod method) {
        try (BpfObject obj = BpfObject.open("sched").knob("exclude_tgid", 0).ringBufferBytes(32 << 20)) {
            obj.load(BpfObject.Flavor.AUTO);
            obj.attach();
            Workloads.pingPong(30_000);
            obj.detach();
            long[] switches = new long[1];
            try (RingBufferReader reader = method.open(obj)) {
                long t0 = THREADS.getCurrentThreadCpuTime();
                int n = reader.drain((s, off, len) -> {
                    if (Hdr.kind(s, off) == EventKind.SCHED_SWITCH) {
                        switches[0]++;
                    }
                    sink += Hdr.ts(s, off) + len;
                });
                long cpu = THREADS.getCurrentThreadCpuTime() - t0;
                assertEquals(0, obj.drops()[Drop.RINGBUF], "storm overflowed the 32 MiB buffer");
                assertTrue(switches[0] >= 2 * 30_000, "sched_switch records: " + switches[0]);
                assertEquals(0, reader.drain((s, off, len) -> { }), "second drain found records");
                double rate = n / (cpu / 1e9);
                System.out.printf("  %s: %d records (%d switches) in %.1f ms consumer CPU = %.2f M records/s%n",
                        method, n, switches[0], cpu / 1e6, rate / 1e6);
                return rate;
            }
        }
    }
}
