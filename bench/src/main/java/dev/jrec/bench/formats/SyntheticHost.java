package dev.jrec.bench.formats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic 2-CPU Linux host for the writer benchmarks: ~200 threads under 31 distinct comms (kernel
 * threads, a Tomcat JVM, postgres backends, containerd/dockerd, node, nginx, redis, sshd/bash, systemd), each
 * with a scheduling weight drawn log-normally, so a few threads dominate as on a real box.
 *
 * <p>Every String it hands out (comms, paths, names) is interned, as the recorder's decoding caches will pass
 * them. Everything is deterministic given the seed.
 */
final class SyntheticHost {
    static final int CPUS = 2;

    /** A thread; {@code pid} is the tgid. Index 0 and 1 are swapper/0 and swapper/1 (tid 0). */
    record Task(int index, int pid, int tid, String comm, int prio, double weight, Kind kind) {
        boolean idle() {
            return kind == Kind.IDLE;
        }
    }

    enum Kind { IDLE, KWORKER, KERNEL, USER }

    final SplittableRandom rnd;
    /** All threads, idle tasks first (index = cpu). */
    final Task[] tasks;
    /** Non-idle threads with cumulative scheduling weights, for weighted picks. */
    private final Task[] runnable;
    private final double[] cumulative;
    private final Task[] user;
    private final double[] userCumulative;
    /** Next pid the kernel would hand out to a fork/clone. */
    int nextPid = 31_000;

    SyntheticHost(long seed) {
        this.rnd = new SplittableRandom(seed);
        List<Task> all = new ArrayList<>();
        all.add(new Task(0, 0, 0, "swapper/0", 120, 0, Kind.IDLE));
        all.add(new Task(1, 0, 0, "swapper/1", 120, 0, Kind.IDLE));
        // Kernel threads: pid == tid.
        kernel(all, 2, "kthreadd", 120, 0.05, Kind.KERNEL);
        kernel(all, 14, "ksoftirqd/0", 120, 3, Kind.KERNEL);
        kernel(all, 15, "rcu_preempt", 98, 2, Kind.KERNEL);
        kernel(all, 16, "migration/0", 0, 0.5, Kind.KERNEL);
        kernel(all, 21, "migration/1", 0, 0.5, Kind.KERNEL);
        kernel(all, 22, "ksoftirqd/1", 120, 3, Kind.KERNEL);
        kernel(all, 47, "kswapd0", 120, 0.2, Kind.KERNEL);
        kernel(all, 171, "jbd2/vda1-8", 120, 1, Kind.KERNEL);
        kernel(all, 188, "kworker/0:1H", 100, 1, Kind.KWORKER);
        kernel(all, 7731, "kworker/0:1", 120, 4, Kind.KWORKER);
        kernel(all, 8102, "kworker/1:2", 120, 4, Kind.KWORKER);
        kernel(all, 9120, "kworker/u4:3", 120, 2, Kind.KWORKER);
        // User processes: name, pid, threads as (comm, count), activity.
        process(all, 1, 0.3, "systemd", 1);
        process(all, 412, 0.5, "systemd-journal", 1);
        process(all, 903, 0.2, "sshd", 1);
        process(all, 15310, 0.5, "sshd", 1);
        process(all, 15333, 0.3, "sshd", 1);
        process(all, 15340, 0.3, "bash", 1);
        process(all, 15702, 0.3, "bash", 1);
        process(all, 998, 1.5, "redis-server", 4);
        process(all, 1011, 0.5, "nginx", 1);
        process(all, 1012, 2, "nginx", 1);
        process(all, 1013, 2, "nginx", 1);
        process(all, 1022, 0.4, "containerd", 25);
        process(all, 1180, 0.3, "dockerd", 20);
        process(all, 2231, 1, "java", 17, "VM Thread", 1, "C2 CompilerThre", 2, "C1 CompilerThre", 1,
                "GC Thread#0", 1, "VM Periodic Tas", 1, "http-nio-8080-e", 47);
        process(all, 1402, 0.3, "postgres", 1);
        for (int i = 0; i < 39; i++) process(all, 4100 + i * 53 + (i * i) % 11, 1.2, "postgres", 1);
        process(all, 3120, 1, "node", 16);
        tasks = all.toArray(Task[]::new);
        runnable = Arrays.copyOfRange(tasks, CPUS, tasks.length);
        cumulative = cumulative(runnable);
        user = Arrays.stream(runnable).filter(t -> t.kind == Kind.USER).toArray(Task[]::new);
        userCumulative = cumulative(user);
    }

    private void kernel(List<Task> all, int pid, String comm, int prio, double activity, Kind kind) {
        all.add(new Task(all.size(), pid, pid, comm.intern(), prio, activity * lognormal(1, 0.5), kind));
    }

    /** {@code spec} is (comm, thread count) pairs; the first thread is the process leader. */
    private void process(List<Task> all, int pid, double activity, Object... spec) {
        int tid = pid;
        for (int s = 0; s < spec.length; s += 2) {
            String comm = ((String) spec[s]).intern();
            int n = (Integer) spec[s + 1];
            for (int i = 0; i < n; i++) {
                all.add(new Task(all.size(), pid, tid, comm, 120, activity * lognormal(1, 1.0), Kind.USER));
                tid += 1 + rnd.nextInt(3);
            }
        }
    }

    private static double[] cumulative(Task[] ts) {
        double[] c = new double[ts.length];
        double sum = 0;
        for (int i = 0; i < ts.length; i++) c[i] = sum += ts[i].weight;
        return c;
    }

    int threadCount() {
        return tasks.length;
    }

    long distinctComms() {
        return Arrays.stream(tasks).map(Task::comm).distinct().count();
    }

    Task idle(int cpu) {
        return tasks[cpu];
    }

    /** A non-idle thread, by scheduling weight. */
    Task pick() {
        return runnable[search(cumulative, rnd.nextDouble() * cumulative[cumulative.length - 1])];
    }

    /** A user-space thread, by scheduling weight. */
    Task pickUser() {
        return user[search(userCumulative, rnd.nextDouble() * userCumulative[userCumulative.length - 1])];
    }

    Task byComm(String comm) {
        for (Task t : tasks) if (t.comm.equals(comm)) return t;
        throw new IllegalArgumentException(comm);
    }

    static int search(double[] cumulative, double x) {
        int i = Arrays.binarySearch(cumulative, x);
        return Math.min(i >= 0 ? i : -i - 1, cumulative.length - 1);
    }

    /** A pid for a new task: the kernel allocates sequentially, other forks consume some in between. */
    int allocatePid() {
        nextPid += 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(6) : 0);
        if (nextPid > 4_194_304) nextPid = 300;
        return nextPid;
    }

    double lognormal(double median, double sigma) {
        return median * Math.exp(sigma * rnd.nextGaussian());
    }

    long lognormalNs(double median, double sigma) {
        return Math.max(1, Math.round(lognormal(median, sigma)));
    }

    long exponentialNs(double mean) {
        return Math.max(1, Math.round(rnd.nextExponential() * mean));
    }

    boolean chance(double p) {
        return rnd.nextDouble() < p;
    }

    /** Zipf-distributed ranks 0..n-1 (rank 0 most frequent). */
    static final class Zipf {
        private final double[] cumulative;

        Zipf(int n, double s) {
            cumulative = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) cumulative[i] = sum += 1 / Math.pow(i + 1, s);
        }

        int next(SplittableRandom rnd) {
            return search(cumulative, rnd.nextDouble() * cumulative[cumulative.length - 1]);
        }
    }

    /** Weighted choice among a fixed set of values. */
    static final class Weighted<T> {
        private final List<T> values = new ArrayList<>();
        private double[] cumulative = new double[0];

        Weighted<T> add(double weight, T value) {
            values.add(value);
            cumulative = Arrays.copyOf(cumulative, values.size());
            cumulative[values.size() - 1] = (values.size() > 1 ? cumulative[values.size() - 2] : 0) + weight;
            return this;
        }

        T next(SplittableRandom rnd) {
            return values.get(search(cumulative, rnd.nextDouble() * cumulative[cumulative.length - 1]));
        }

        int size() {
            return values.size();
        }
    }

    /** Stack ids as a dedup table assigns them: sequentially, in order of first appearance. */
    static final class StackIds {
        private final Map<Long, Long> ids = new HashMap<>();

        long id(int group, int rank) {
            return ids.computeIfAbsent(((long) group << 32) | rank, k -> (long) ids.size() + 1);
        }
    }
}
