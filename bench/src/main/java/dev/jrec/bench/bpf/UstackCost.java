package dev.jrec.bench.bpf;

import dev.jrec.bpf.libbpf.BpfObject;
import dev.jrec.bpf.perf.PerfEvents;
import dev.jrec.bpf.perf.PerfProgram;
import dev.jrec.bpf.perf.StackEvents;
import dev.jrec.bpf.ringbuf.Drainer;
import dev.jrec.bpf.ringbuf.RingBufferReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-kernel cost of the --call-graph dwarf copy (kernel.bpf_stats_enabled: run_time_ns / run_cnt
 * of each program), by ustack_bytes, under a scheduler-heavy workload: {@code perf bench sched pipe}
 * pinned to one CPU, every switch-out a block shorter than --offcpu-min (so the copy is all cost:
 * the worst case), host-wide (no pid filter), and the profile program at 999 Hz on a busy loop.
 * Run by {@code bench/ustack-cost.sh} (root, bpftool, perf); prints a table.
 */
public final class UstackCost {
    private UstackCost() {}

    public static void main(String[] args) throws Exception {
        Path stats = Path.of("/proc/sys/kernel/bpf_stats_enabled");
        String old = Files.readString(stats).strip();
        Files.writeString(stats, "1");
        try {
            System.out.println("ustack_bytes | offcpu switch ns/run | runs | pipe wall ms | profile ns/run | profile B/record");
            // alternating, so that the machine's other load hits every size alike; read the medians
            for (int round = 0; round < 3; round++) {
                for (int bytes : new int[] {0, 2048, 8192, 16384}) {
                    run(bytes);
                }
            }
        } finally {
            Files.writeString(stats, old);
        }
    }

    private static void run(int bytesArg) throws Exception {
        java.util.Set<String> others = progStats(null).keySet();
        int bytes = bytesArg;
        try (BpfObject offcpu = BpfObject.open("offcpu"); BpfObject profile = BpfObject.open("profile")) {
            offcpu.knob(StackEvents.USTACK_BYTES_KNOB, bytes);
            profile.knob(StackEvents.USTACK_BYTES_KNOB, bytes);
            offcpu.load(BpfObject.Flavor.AUTO);
            PerfProgram.load(profile);
            java.util.Set<String> mine = new java.util.HashSet<>(progStats(null).keySet());
            mine.removeAll(others);
            AtomicLong recBytes = new AtomicLong(), records = new AtomicLong();
            try (RingBufferReader ro = RingBufferReader.open(offcpu); RingBufferReader rp = RingBufferReader.open(profile);
                 PerfEvents events = PerfEvents.cpuClock(999)) {
                Drainer d = new Drainer("offcpu", ro, (s, o, len) -> { }, Duration.ofMillis(10));
                Drainer dp = new Drainer("profile", rp, (s, o, len) -> {
                    recBytes.addAndGet(len);
                    records.incrementAndGet();
                }, Duration.ofMillis(10));
                try (PerfProgram p = PerfProgram.attach(profile, "profile_sample", events)) {
                    offcpu.attach();
                    Map<String, long[]> before = progStats(mine);
                    long t0 = System.nanoTime();
                    Process burn = new ProcessBuilder("sh", "-c", "timeout 2 sh -c 'while :; do :; done'").start();
                    Process pipe = new ProcessBuilder("taskset", "-c", "0", "perf", "bench", "sched", "pipe", "-l", "200000")
                            .redirectErrorStream(true).start();
                    pipe.getInputStream().readAllBytes();
                    pipe.waitFor();
                    long wall = System.nanoTime() - t0;
                    burn.waitFor();
                    Map<String, long[]> after = progStats(mine);
                    offcpu.detach();
                    long[] sw = delta(before, after, "btf_offcpu_switch");
                    long[] pr = delta(before, after, "profile_sample");
                    System.out.printf("%12d | %20.0f | %7d | %12.0f | %14.0f | %.0f%n", bytes, sw[1] / (double) Math.max(1, sw[0]), sw[0],
                            wall / 1e6, pr[1] / (double) Math.max(1, pr[0]), recBytes.get() / (double) Math.max(1, records.get()));
                } finally {
                    d.stop();
                    dp.stop();
                }
            }
        }
    }

    private static long[] delta(Map<String, long[]> before, Map<String, long[]> after, String name) {
        long[] a = after.getOrDefault(name, new long[2]), b = before.getOrDefault(name, new long[2]);
        return new long[] {a[0] - b[0], a[1] - b[1]};
    }

    /**
     * "id" → {run_cnt, run_time_ns} of the loaded programs (only ids, when not null); stats are
     * summed by name under the name as key, too. bpftool here does not show owner pids: the
     * programs loaded between two calls are taken as this test's.
     */
    private static Map<String, long[]> progStats(java.util.Set<String> ids) throws Exception {
        for (int attempt = 0; attempt < 10; attempt++) {
            Map<String, long[]> m = progStatsOnce(ids);
            if (!m.isEmpty()) return m;
            Thread.sleep(50); // bpftool fails when a program goes away while it lists them: other tests run too
        }
        return Map.of();
    }

    private static Map<String, long[]> progStatsOnce(java.util.Set<String> ids) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "bpftool prog show -j | python3 -c '"
                + "import json,sys\n"
                + "for e in json.load(sys.stdin):\n"
                + "    print(e.get(\"id\"), e.get(\"name\"), e.get(\"run_cnt\",0), e.get(\"run_time_ns\",0))'").start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        Map<String, long[]> m = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length != 4) continue;
            if (ids == null) {
                m.put(f[0], null);
            } else if (ids.contains(f[0])) {
                m.put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
            }
        }
        return m;
    }
}
