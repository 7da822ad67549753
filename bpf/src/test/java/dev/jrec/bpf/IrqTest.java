package dev.jrec.bpf;

import dev.jrec.bpf.events.Drop;
import dev.jrec.bpf.events.Event;
import dev.jrec.bpf.events.Event.Hardirq;
import dev.jrec.bpf.events.Event.Softirq;
import dev.jrec.bpf.libbpf.BpfObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The irq object against the kernel's own counts. /proc/interrupts and /proc/softirqs are read four times:
 * before the object is attached (A), first and last thing in the workload (W0, W1), after it is detached (B).
 * The kernel counts an interrupt just before it runs the handler, so every recorded run was counted between A
 * and B, and every run counted between W0 and W1 was recorded (it exits long before the detach): per IRQ and
 * summed over the CPUs, W1 - W0 &lt;= recorded &lt;= B - A. The upper bound is exact. The lower one gives 1 per CPU
 * (a run may still be in its handler when the detach comes: a softirq pass can last a millisecond) and 10 % of the
 * count: some runs /proc counted went unrecorded, with no drops: 3 to 22 of ~5,950 disk interrupts (0.05-0.4 %),
 * and once 10 of 259 RCU softirqs, all on one CPU; the cause is not established (open question in issue 16's
 * notes: BPF recursion misses are a candidate). A broken pairing loses far more.
 */
class IrqTest {
    @Test
    void everyHandlerRunIsRecordedOnceWithItsDuration() throws Exception {
        Path file = Files.createTempFile("jrec-irq", ".bin");
        IrqCounts a = IrqCounts.read();
        IrqCounts[] w = new IrqCounts[2];
        long[] window = new long[2];
        List<Event> events;
        long[] drops;
        try (BpfObject obj = BpfObject.open("irq").ringBufferBytes(16 << 20)) {
            events = Capture.during(obj, () -> {
                w[0] = IrqCounts.read();
                window[0] = System.nanoTime();
                directWrites(file, 1500); // the disk's interrupts
                loopbackTraffic(2000);    // NET_RX softirqs, without a device
                window[1] = System.nanoTime();
                w[1] = IrqCounts.read();
            });
            drops = obj.drops();
        } finally {
            Files.deleteIfExists(file);
        }
        IrqCounts b = IrqCounts.read();
        int cpus = a.soft().values().iterator().next().length;

        List<Hardirq> hard = Capture.only(events, Hardirq.class);
        List<Softirq> soft = Capture.only(events, Softirq.class);
        Map<String, long[]> hardSeen = new LinkedHashMap<>(), softSeen = new LinkedHashMap<>();
        for (Hardirq h : hard) hardSeen.computeIfAbsent(Integer.toString(h.irq()), k -> new long[cpus])[h.hdr().cpu()]++;
        List<String> vectors = new ArrayList<>(a.soft().keySet()); // /proc/softirqs lists them in vector order
        for (Softirq s : soft) softSeen.computeIfAbsent(vectors.get(s.vec()), k -> new long[cpus])[s.hdr().cpu()]++;

        System.out.printf("irq: %d hardirq and %d softirq records, drops %s%n", hard.size(), soft.size(), Arrays.toString(drops));
        bracket("hardirq", hardSeen, IrqCounts.delta(w[1].hard(), w[0].hard()), IrqCounts.delta(b.hard(), a.hard()));
        bracket("softirq", softSeen, IrqCounts.delta(w[1].soft(), w[0].soft()), IrqCounts.delta(b.soft(), a.soft()));

        assertArrayEquals(new long[Drop.SLOTS], drops, "drops");
        int disk = busiest(IrqCounts.delta(w[1].hard(), w[0].hard()));
        assertTrue(hard.stream().filter(h -> h.irq() == disk).count() >= 100, "the direct writes' interrupts (irq " + disk + ")");
        assertTrue(softSeen.getOrDefault("NET_RX", new long[cpus]).length > 0 && Arrays.stream(softSeen.get("NET_RX")).sum() > 0,
                "loopback traffic's NET_RX");
        for (Hardirq h : hard) {
            assertTrue(a.line(h.irq()).endsWith(" " + h.name()) || a.line(h.irq()).contains(" " + h.name() + ","),
                    "irq " + h.irq() + " named " + h.name() + " as in /proc/interrupts: " + a.line(h.irq()));
            assertTrue(h.ret() >= 0 && h.ret() <= 3, "irqreturn_t " + h.ret());
        }
        plausible("hardirq", hard.stream().mapToLong(Hardirq::durationNs).sorted().toArray(), hard.stream().map(Hardirq::hdr).toList());
        plausible("softirq", soft.stream().mapToLong(Softirq::durationNs).sorted().toArray(), soft.stream().map(Softirq::hdr).toList());
        assertTrue(soft.stream().anyMatch(s -> s.hdr().ts() >= window[0] && s.hdr().ts() <= window[1]), "ts on the monotonic clock");
    }

    /** 0.9 (W1 - W0) - CPUs &lt;= recorded &lt;= B - A for every IRQ (or vector), over all CPUs; printed per CPU for the report. */
    private static void bracket(String what, Map<String, long[]> seen, Map<String, long[]> inner, Map<String, long[]> outer) {
        outer.forEach((key, hi) -> {
            long[] got = seen.getOrDefault(key, new long[hi.length]), lo = inner.get(key);
            if (Arrays.stream(hi).sum() > 0) {
                System.out.printf("  %s %-8s recorded %-16s /proc within workload %-16s around attach %s%n", what, key,
                        Arrays.toString(got), Arrays.toString(lo), Arrays.toString(hi));
            }
            long g = Arrays.stream(got).sum(), l = Arrays.stream(lo).sum(), h = Arrays.stream(hi).sum();
            assertTrue(g <= h && g >= l - hi.length - l / 10, what + " " + key + ": recorded " + g + ", /proc counted " + l
                    + " within the workload and " + h + " around the attach");
        });
        for (String key : seen.keySet()) assertTrue(outer.containsKey(key), what + " " + key + " recorded but not in /proc");
    }

    /** Every duration is > 0; most handlers take microseconds (a vCPU preempted by its host may stretch one). */
    private static void plausible(String what, long[] sortedNs, List<dev.jrec.bpf.events.Header> hdrs) {
        assertTrue(sortedNs.length > 0, what + " records");
        System.out.printf("  %s durations: min %d ns, median %d ns, max %d ns%n", what, sortedNs[0], sortedNs[sortedNs.length / 2],
                sortedNs[sortedNs.length - 1]);
        assertTrue(sortedNs[0] > 0, what + " shortest " + sortedNs[0]);
        assertTrue(sortedNs[sortedNs.length / 2] < 1_000_000, what + " median " + sortedNs[sortedNs.length / 2] + " ns");
        assertTrue(sortedNs[sortedNs.length - 1] < 1_000_000_000L, what + " longest " + sortedNs[sortedNs.length - 1] + " ns");
        for (var h : hdrs) assertTrue(!h.comm().isEmpty(), what + " names the interrupted task");
    }

    private static int busiest(Map<String, long[]> delta) {
        return Integer.parseInt(delta.entrySet().stream().max(Map.Entry.comparingByValue(
                java.util.Comparator.comparingLong(v -> Arrays.stream(v).sum()))).orElseThrow().getKey());
    }

    /** n 4 KiB writes that bypass the page cache: one request, one completion interrupt, each. */
    private static void directWrites(Path file, int n) {
        try {
            Process p = new ProcessBuilder("dd", "if=/dev/zero", "of=" + file, "bs=4k", "count=" + n, "oflag=direct,dsync")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertEquals(0, p.waitFor(), "dd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** n round trips of one byte over a loopback TCP connection. */
    private static void loopbackTraffic(int n) {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket peer = server.accept()) {
            client.setTcpNoDelay(true);
            peer.setTcpNoDelay(true);
            OutputStream out = client.getOutputStream(), back = peer.getOutputStream();
            InputStream in = peer.getInputStream(), reply = client.getInputStream();
            for (int i = 0; i < n; i++) {
                out.write(1);
                back.write(in.read());
                assertEquals(1, reply.read());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
