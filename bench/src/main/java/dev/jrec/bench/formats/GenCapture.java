// Generates a synthetic but self-consistent jrec capture for bench/analysis-perf.sh and bench/gui-perf.sh: N
// scheduler events (sched_switch and sched_wakeup of a simulated host), plus syscall and block I/O rows so that
// every report has work, plus the thread table. Written with jrec's own CaptureWriter, so the file is laid out exactly
// as a recording would be (segments joined, ~8 MiB row groups, ZSTD, page indexes).
//
//   java --enable-native-access=ALL-UNNAMED -cp "bench/target/jrec-bench.jar:$(cat bench/target/classpath)" \
//        dev.jrec.bench.formats.GenCapture OUT.parquet [SCHED_EVENTS] [SYSCALLS] [BLOCK_REQUESTS] [CPUS]
//
// The simulation: CPUS CPUs and 400 threads in 60 processes. Each step either wakes a sleeping thread
// (sched_wakeup; it becomes runnable) or switches on a random CPU: the thread there leaves (preempted
// 30% of the time, so runnable again, else asleep in S, or D 2% of the time) and a random runnable
// thread (or the idle task) comes in. So dur_ns (on-CPU time) and wait_ns (run-queue wait) follow from the
// event times, as jrec's kernel side derives them. Deterministic (seed 42).
package dev.jrec.bench.formats;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

public class GenCapture {
    static final String[] PROCESS_NAMES = {"java", "postgres", "nginx", "redis-server", "node", "python3", "envoy", "containerd",
            "kubelet", "sshd", "systemd-journal", "chronyd", "dockerd", "mysqld", "haproxy"};
    static final String[] SYSCALLS = {"read", "write", "futex", "epoll_wait", "openat", "close", "recvfrom", "sendto",
            "newfstatat", "mmap", "clock_nanosleep", "poll", "ioctl", "lseek", "getdents64"};
    static final int[] SYSCALL_NRS = {0, 1, 202, 232, 257, 3, 45, 44, 262, 9, 230, 7, 16, 8, 217};

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: GenCapture OUT.parquet [SCHED_EVENTS] [SYSCALLS] [BLOCK_REQUESTS] [CPUS]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long schedEvents = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        long syscalls = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000L;
        long blockRequests = args.length > 3 ? Long.parseLong(args[3]) : 100_000L;
        int cpus = args.length > 4 ? Integer.parseInt(args[4]) : 8;

        SplittableRandom rnd = new SplittableRandom(42);
        int nproc = 60, nthreads = 400;
        int[] pid = new int[nthreads + 1], tid = new int[nthreads + 1];
        String[] comm = new String[nthreads + 1];
        int[] prio = new int[nthreads + 1];
        comm[0] = "swapper/0";
        prio[0] = 120;
        String[] pname = new String[nproc];
        int[] ppid = new int[nproc], pidOf = new int[nproc];
        for (int p = 0; p < nproc; p++) {
            pidOf[p] = 1000 + p * 97;
            pname[p] = PROCESS_NAMES[p % PROCESS_NAMES.length];
            ppid[p] = 1;
        }
        for (int t = 1; t <= nthreads; t++) {
            int p = t <= nproc ? t - 1 : rnd.nextInt(nproc); // each process has its main thread
            pid[t] = pidOf[p];
            tid[t] = t <= nproc ? pidOf[p] : pidOf[p] + 1 + (t - nproc);
            String base = pname[p].length() > 11 ? pname[p].substring(0, 11) : pname[p];
            comm[t] = (t <= nproc ? pname[p] : base + "-" + (t % 100)).intern();
            prio[t] = rnd.nextInt(10) == 0 ? 100 + rnd.nextInt(20) : 120;
        }

        long start = 5_000_000_000_000L; // 5000 s after boot
        Map<String, String> md = new LinkedHashMap<>();
        md.put(MetadataKeys.JREC_VERSION, "bench-generated");
        md.put(MetadataKeys.HOST, "synthetic-" + cpus + "cpu");
        md.put(MetadataKeys.KERNEL_RELEASE, "6.18.0-synthetic");
        md.put(MetadataKeys.CPU_COUNT, Integer.toString(cpus));
        md.put(MetadataKeys.START_TS, Long.toString(start));
        md.put(MetadataKeys.CLOCK_REALTIME_OFFSET, Long.toString(1_764_000_000_000_000_000L - start));
        md.put(MetadataKeys.SOURCES, "sched,proc,block,syscall");
        md.put(MetadataKeys.COMMAND_LINE, "GenCapture " + String.join(" ", args));
        md.put(MetadataKeys.STOP_REASON, "duration");

        // scheduler state
        int[] current = new int[cpus];                    // thread index on each CPU, 0 = idle
        long[] since = new long[cpus];                    // when it was switched in
        long[] enqueued = new long[nthreads + 1];         // when it became runnable (0: not runnable)
        int[] runnable = new int[nthreads + 1];
        int nrunnable = 0;
        int[] sleeping = new int[nthreads + 1];
        int nsleeping = 0;
        int[] where = new int[nthreads + 1];              // index in runnable or sleeping
        for (int t = 1; t <= nthreads; t++) {
            where[t] = nsleeping;
            sleeping[nsleeping++] = t;
        }

        long ts = start;
        // ~170k scheduler events per second of a busy 8-CPU host: a mean gap of 6 µs
        long meanGapNs = Math.max(1, 6_000L * 8 / cpus);
        long syscallEvery = Math.max(1, schedEvents / Math.max(1, syscalls));
        long blockEvery = Math.max(1, schedEvents / Math.max(1, blockRequests));
        PriorityQueue<long[]> inflight = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0])); // {done_ts, thread, sector, bytes, write, latency}

        try (CaptureWriter w = CaptureWriter.create(out, md, CaptureWriter.Options.defaults())) {
            EventBatch b = new EventBatch(w.batchCapacity());
            for (int t = 1; t <= nthreads; t++) {
                int r = b.add(EventKind.THREAD, start);
                b.setInt(Column.PID, r, pid[t]);
                b.setInt(Column.TID, r, tid[t]);
                b.setString(Column.COMM, r, comm[t]);
                b.setInt(Column.PPID, r, 1);
                b.setString(Column.CMDLINE, r, "/usr/bin/" + pname[(pid[t] - 1000) / 97] + " --serve");
                b.setLong(Column.START_TS, r, start - 1_000_000_000L * (1 + t));
            }
            long sched = 0, sc = 0, blk = 0, step = 0;
            while (sched < schedEvents) {
                if (b.size() > b.capacity() - 4) {
                    w.write(b);
                    b.clear();
                }
                ts += 1 + (long) (-Math.log(1 - rnd.nextDouble()) * meanGapNs);
                step++;
                while (!inflight.isEmpty() && inflight.peek()[0] <= ts) {
                    if (b.size() > b.capacity() - 4) {
                        w.write(b);
                        b.clear();
                    }
                    long[] io = inflight.poll();
                    int t = (int) io[1];
                    int r = b.add(EventKind.BLOCK_RQ_COMPLETE, io[0]);
                    block(b, r, t, pid, tid, comm, io[2], io[3], io[4] != 0);
                    b.setLong(Column.DUR_NS, r, io[5]);
                }
                int cpu = rnd.nextInt(cpus);
                if (step % syscallEvery == 0 && sc < syscalls && current[cpu] != 0) {
                    int t = current[cpu];
                    int k = rnd.nextInt(SYSCALLS.length);
                    int r = b.add(EventKind.SYSCALL, ts);
                    b.setInt(Column.CPU, r, cpu);
                    b.setInt(Column.PID, r, pid[t]);
                    b.setInt(Column.TID, r, tid[t]);
                    b.setString(Column.COMM, r, comm[t]);
                    b.setInt(Column.SYSCALL_NR, r, SYSCALL_NRS[k]);
                    b.setString(Column.SYSCALL, r, SYSCALLS[k]);
                    long dur = k == 3 || k == 10 ? 1000 + rnd.nextLong(5_000_000) : 200 + rnd.nextLong(20_000);
                    b.setLong(Column.DUR_NS, r, dur);
                    b.setLong(Column.RET, r, rnd.nextInt(50) == 0 ? -(1 + rnd.nextInt(30)) : rnd.nextInt(4096));
                    if (k == 4) {
                        b.setString(Column.PATH, r, "/var/lib/app/data/file-" + rnd.nextInt(2000));
                        b.setLong(Column.FLAGS, r, 0x80000);
                    }
                    sc++;
                }
                if (step % blockEvery == 0 && blk < blockRequests && current[cpu] != 0) {
                    int t = current[cpu];
                    long sector = (long) rnd.nextInt(1 << 26) * 8;
                    long bytes = 4096L << rnd.nextInt(5);
                    boolean write = rnd.nextInt(3) == 0;
                    long lat = 20_000 + (long) (-Math.log(1 - rnd.nextDouble()) * (write ? 400_000 : 150_000));
                    int r = b.add(EventKind.BLOCK_RQ_ISSUE, ts);
                    block(b, r, t, pid, tid, comm, sector, bytes, write);
                    inflight.add(new long[] {ts + lat, t, sector, bytes, write ? 1 : 0, lat});
                    blk++;
                }
                if (nsleeping > 0 && rnd.nextInt(100) < 45) {
                    // a wakeup: a sleeping thread becomes runnable
                    int i = rnd.nextInt(nsleeping), t = sleeping[i];
                    sleeping[i] = sleeping[--nsleeping];
                    where[sleeping[i]] = i;
                    where[t] = nrunnable;
                    runnable[nrunnable++] = t;
                    enqueued[t] = ts;
                    int r = b.add(EventKind.SCHED_WAKEUP, ts);
                    b.setInt(Column.CPU, r, rnd.nextInt(cpus));
                    b.setInt(Column.PID, r, pid[t]);
                    b.setInt(Column.TID, r, tid[t]);
                    b.setString(Column.COMM, r, comm[t]);
                    b.setInt(Column.PRIO, r, prio[t]);
                    b.setInt(Column.TARGET_CPU, r, cpu);
                } else {
                    // a switch on cpu: prev leaves, a runnable thread (or idle) comes in
                    int prev = current[cpu];
                    int next = 0;
                    if (nrunnable > 0) {
                        int i = rnd.nextInt(nrunnable);
                        next = runnable[i];
                        runnable[i] = runnable[--nrunnable];
                        where[runnable[i]] = i;
                    }
                    if (prev == 0 && next == 0) continue;
                    long state = 0;
                    if (prev != 0) {
                        int u = rnd.nextInt(100);
                        if (u < 30) {
                            state = 0;
                            where[prev] = nrunnable;
                            runnable[nrunnable++] = prev;
                            enqueued[prev] = ts;
                        } else {
                            state = u < 32 ? 2 : 1;
                            where[prev] = nsleeping;
                            sleeping[nsleeping++] = prev;
                            enqueued[prev] = 0;
                        }
                    }
                    int r = b.add(EventKind.SCHED_SWITCH, ts);
                    b.setInt(Column.CPU, r, cpu);
                    b.setInt(Column.PID, r, pid[prev]);
                    b.setInt(Column.TID, r, tid[prev]);
                    b.setString(Column.COMM, r, prev == 0 ? "swapper/" + cpu : comm[prev]);
                    b.setInt(Column.PRIO, r, prio[prev]);
                    b.setLong(Column.PREV_STATE, r, state);
                    b.setInt(Column.NEXT_PID, r, pid[next]);
                    b.setInt(Column.NEXT_TID, r, tid[next]);
                    b.setString(Column.NEXT_COMM, r, next == 0 ? "swapper/" + cpu : comm[next]);
                    b.setInt(Column.NEXT_PRIO, r, prio[next]);
                    if (prev != 0 && since[cpu] != 0) b.setLong(Column.DUR_NS, r, ts - since[cpu]);
                    if (next != 0 && enqueued[next] != 0) b.setLong(Column.WAIT_NS, r, ts - enqueued[next]);
                    if (next != 0) enqueued[next] = 0;
                    current[cpu] = next;
                    since[cpu] = ts;
                }
                sched++;
            }
            while (!inflight.isEmpty()) {
                if (b.isFull()) {
                    w.write(b);
                    b.clear();
                }
                long[] io = inflight.poll();
                int r = b.add(EventKind.BLOCK_RQ_COMPLETE, io[0]);
                block(b, r, (int) io[1], pid, tid, comm, io[2], io[3], io[4] != 0);
                b.setLong(Column.DUR_NS, r, io[5]);
            }
            w.write(b);
            Map<String, String> end = new LinkedHashMap<>();
            end.put(MetadataKeys.END_TS, Long.toString(ts));
            w.close(end);
            System.out.printf("%s: %,d sched events, %,d syscalls, %,d block requests, %,d rows, %.1f s of simulated time%n",
                    out, sched, sc, blk, w.totals().rows(), (ts - start) / 1e9);
        }
    }

    static void block(EventBatch b, int r, int t, int[] pid, int[] tid, String[] comm, long sector, long bytes, boolean write) {
        b.setInt(Column.CPU, r, 0);
        b.setInt(Column.PID, r, pid[t]);
        b.setInt(Column.TID, r, tid[t]);
        b.setString(Column.COMM, r, comm[t]);
        b.setInt(Column.DEV, r, 259 << 20);
        b.setString(Column.DISK, r, "nvme0n1");
        b.setLong(Column.SECTOR, r, sector);
        b.setLong(Column.BYTES, r, bytes);
        b.setString(Column.RWBS, r, write ? "WS" : "R");
    }
}
