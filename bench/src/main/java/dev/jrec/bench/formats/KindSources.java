package dev.jrec.bench.formats;

import dev.jrec.bench.formats.SyntheticHost.StackIds;
import dev.jrec.bench.formats.SyntheticHost.Task;
import dev.jrec.bench.formats.SyntheticHost.Weighted;
import dev.jrec.bench.formats.SyntheticHost.Zipf;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.write.EventBatch;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Realistic row streams of each event kind on a {@link SyntheticHost}. Each stream has the rate it would
 * have on a busy 2-CPU host ({@link #RATES}); its timestamps follow that rate, and {@link Mixed} interleaves
 * all of them by arrival time. Rows set the columns the recorder's decoders set for that kind
 * (recorder/.../EventRows.java): interned comms, fresh Strings for paths, filenames and arguments.
 */
final class KindSources {
    private KindSources() {}

    /** Events per second on the modelled host, for the real-time segmenting and the mixed capture. */
    static final Map<EventKind, Double> RATES = new EnumMap<>(EventKind.class);
    static {
        RATES.put(EventKind.SCHED_SWITCH, 250_000.0); // SchedSwitchModel: ~4 µs apart host-wide
        RATES.put(EventKind.SCHED_WAKEUP, 120_000.0);
        RATES.put(EventKind.SCHED_WAKEUP_NEW, 150.0);
        RATES.put(EventKind.SCHED_MIGRATE, 3_000.0);
        RATES.put(EventKind.PROC_EXEC, 40.0);
        RATES.put(EventKind.PROC_FORK, 150.0);
        RATES.put(EventKind.PROC_EXIT, 150.0);
        RATES.put(EventKind.BLOCK_RQ_ISSUE, 1_600.0);
        RATES.put(EventKind.BLOCK_RQ_COMPLETE, 1_600.0);
        RATES.put(EventKind.SYSCALL, 400_000.0);
        RATES.put(EventKind.CPU_SAMPLE, 120.0); // 99 Hz x 2 CPUs, idle samples dropped
        RATES.put(EventKind.OFFCPU, 20_000.0);
    }

    static final List<EventKind> KINDS = List.copyOf(RATES.keySet());

    /** A stream of rows of one kind, in arrival order. */
    abstract static class Source {
        final EventKind kind;
        final SyntheticHost h;
        /** ts of the next row. */
        long ts;

        Source(EventKind kind, SyntheticHost h, long startTs) {
            this.kind = kind;
            this.h = h;
            this.ts = startTs;
        }

        /** When the next row reaches user space; rows are emitted in this order. */
        long arrival() {
            return ts;
        }

        /** Adds the next row to {@code b} and advances. */
        abstract void emit(EventBatch b);

        /** Adds a row with the columns every kind has: ts, kind, cpu, pid, tid, comm. */
        final int row(EventBatch b, long at, int cpu, Task t) {
            int r = b.add(kind, at);
            b.setInt(Column.CPU, r, cpu);
            b.setInt(Column.PID, r, t.pid());
            b.setInt(Column.TID, r, t.tid());
            b.setString(Column.COMM, r, t.comm());
            return r;
        }

        final int cpu() {
            return h.rnd.nextInt(SyntheticHost.CPUS);
        }
    }

    static Source of(EventKind k, SyntheticHost h, long startTs) {
        return switch (k) {
            case SCHED_SWITCH -> new SchedSwitch(h, startTs);
            case SCHED_WAKEUP, SCHED_WAKEUP_NEW -> new Wakeup(k, h, startTs);
            case SCHED_MIGRATE -> new Migrate(h, startTs);
            case PROC_EXEC -> new Exec(h, startTs);
            case PROC_FORK -> new Fork(h, startTs);
            case PROC_EXIT -> new Exit(h, startTs);
            case BLOCK_RQ_ISSUE, BLOCK_RQ_COMPLETE -> new Block(k, h, startTs);
            case SYSCALL -> new Syscall(h, startTs);
            case CPU_SAMPLE -> new CpuSample(h, startTs);
            case OFFCPU -> new OffCpu(h, startTs);
            default -> throw new IllegalArgumentException("no source for " + k);
        };
    }

    /** Mean gap between events of a kind, from {@link #RATES}. */
    static double meanGapNs(EventKind k) {
        return 1e9 / RATES.get(k);
    }

    static final class SchedSwitch extends Source {
        private final SchedSwitchModel m;

        SchedSwitch(SyntheticHost h, long startTs) {
            super(EventKind.SCHED_SWITCH, h, startTs);
            m = new SchedSwitchModel(h, startTs);
        }

        @Override
        long arrival() {
            return m.arrival();
        }

        @Override
        void emit(EventBatch b) {
            m.advance();
            ts = m.ts;
            fill(b, m.ts, m.cpu, m.prev, m.next, m.prevState, m.onCpuNs, m.waitNs);
        }

        static void fill(EventBatch b, long ts, int cpu, Task prev, Task next, long prevState, long onCpu, long wait) {
            int r = b.add(EventKind.SCHED_SWITCH, ts);
            b.setInt(Column.CPU, r, cpu);
            b.setInt(Column.PID, r, prev.pid());
            b.setInt(Column.TID, r, prev.tid());
            b.setString(Column.COMM, r, prev.comm());
            b.setInt(Column.PRIO, r, prev.prio());
            b.setLong(Column.DUR_NS, r, onCpu);
            if (wait > 0) b.setLong(Column.WAIT_NS, r, wait); // as the recorder: 0 (unknown) is null
            b.setLong(Column.PREV_STATE, r, prevState);
            b.setInt(Column.NEXT_PID, r, next.pid());
            b.setInt(Column.NEXT_TID, r, next.tid());
            b.setString(Column.NEXT_COMM, r, next.comm());
            b.setInt(Column.NEXT_PRIO, r, next.prio());
        }
    }

    /**
     * The woken task is the subject; cpu is where the wakeup ran, target_cpu where the task is queued,
     * waker_tid the task that woke it (0 from interrupts on an idle CPU).
     */
    static final class Wakeup extends Source {
        private final List<Task> recent = new ArrayList<>();

        Wakeup(EventKind k, SyntheticHost h, long startTs) {
            super(k, h, startTs);
        }

        @Override
        void emit(EventBatch b) {
            int cpu = cpu();
            Task t;
            if (kind == EventKind.SCHED_WAKEUP_NEW) {
                Task parent = h.pickUser();
                int tid = h.allocatePid();
                boolean thread = parent.comm().equals("java") || parent.comm().equals("containerd")
                        || parent.comm().equals("node") ? h.chance(0.7) : h.chance(0.1);
                t = new Task(-1, thread ? parent.pid() : tid, tid, parent.comm(), 120, 0, SyntheticHost.Kind.USER);
            } else {
                t = h.pick();
            }
            int r = row(b, ts, cpu, t);
            b.setInt(Column.PRIO, r, t.prio());
            b.setInt(Column.TARGET_CPU, r, h.chance(0.6) ? cpu : 1 - cpu);
            b.setInt(Column.WAKER_TID, r, h.chance(0.4) ? 0 : h.pick().tid());
            ts += h.exponentialNs(meanGapNs(kind));
        }
    }

    static final class Migrate extends Source {
        Migrate(SyntheticHost h, long startTs) {
            super(EventKind.SCHED_MIGRATE, h, startTs);
        }

        @Override
        void emit(EventBatch b) {
            Task t = h.pick();
            int orig = cpu();
            int r = row(b, ts, h.chance(0.7) ? orig : 1 - orig, t);
            b.setInt(Column.ORIG_CPU, r, orig);
            b.setInt(Column.TARGET_CPU, r, 1 - orig);
            ts += h.exponentialNs(meanGapNs(kind));
        }
    }

    /** Short-lived commands of monitoring scripts, CI jobs and shells; argv varies per call. */
    static final class Exec extends Source {
        private record Program(String filename, String comm, String[][] argvTemplates) {}

        private static final String[] HOSTS = {"db-1", "db-2", "db-3", "cache-1", "web-4", "web-7"};
        private static final String[] FILES = {"/var/log/nginx/access.log", "/var/log/syslog", "/etc/hosts",
                "/var/lib/app/state.json", "/tmp/build-output.txt", "/proc/meminfo", "/opt/app/conf/app.yml"};
        private final Weighted<Program> programs = new Weighted<>();
        private final Weighted<Task> parents = new Weighted<>();

        Exec(SyntheticHost h, long startTs) {
            super(EventKind.PROC_EXEC, h, startTs);
            programs.add(20, new Program("/usr/bin/sh", "sh", new String[][] {{"sh", "-c", "ps -eo pid,comm,rss | grep %w"},
                    {"sh", "-c", "/opt/monitor/check_%h.sh --timeout %n"}, {"/bin/sh", "/usr/local/bin/healthcheck", "%p"}}));
            programs.add(12, new Program("/usr/bin/grep", "grep", new String[][] {{"grep", "-c", "ERROR", "%f"}, {"grep", "%w"}}));
            programs.add(10, new Program("/usr/bin/ps", "ps", new String[][] {{"ps", "-eo", "pid,comm,rss"}, {"ps", "-p", "%p", "-o", "rss="}}));
            programs.add(8, new Program("/usr/bin/cat", "cat", new String[][] {{"cat", "%f"}, {"cat", "/proc/%p/status"}}));
            programs.add(8, new Program("/usr/bin/date", "date", new String[][] {{"date", "+%s"}, {"date", "-u", "+%Y-%m-%dT%H:%M:%SZ"}}));
            programs.add(6, new Program("/usr/bin/sleep", "sleep", new String[][] {{"sleep", "%n"}, {"sleep", "0.%n"}}));
            programs.add(6, new Program("/usr/bin/curl", "curl", new String[][] {{"curl", "-sf", "http://127.0.0.1:8080/health"},
                    {"curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://%h:9100/metrics"}}));
            programs.add(5, new Program("/usr/bin/git", "git", new String[][] {{"git", "status", "--porcelain"},
                    {"git", "rev-parse", "HEAD"}, {"git", "log", "-n", "%n", "--oneline"}}));
            programs.add(4, new Program("/usr/bin/awk", "awk", new String[][] {{"awk", "{print $%n}", "%f"}}));
            programs.add(4, new Program("/usr/bin/python3.12", "python3", new String[][] {{"python3", "/opt/scripts/collect.py", "--host", "%h"},
                    {"/usr/bin/python3", "-c", "import sys; print(sys.version)"}}));
            programs.add(3, new Program("/usr/bin/psql", "psql", new String[][] {{"psql", "-h", "%h", "-U", "app", "-c", "SELECT count(*) FROM jobs WHERE id > %n"}}));
            programs.add(3, new Program("/usr/lib/postgresql/16/bin/postgres", "postgres", new String[][] {{"postgres: autovacuum worker"}}));
            programs.add(2, new Program("/usr/bin/runc", "runc", new String[][] {{"runc", "--root", "/run/containerd/runc/k8s.io", "state", "%x"}}));
            programs.add(2, new Program("/usr/bin/ls", "ls", new String[][] {{"ls", "-la", "/var/log/app"}, {"ls", "/proc/%p/fd"}}));
            programs.add(2, new Program("/usr/bin/tar", "tar", new String[][] {{"tar", "czf", "/backup/app-%n.tgz", "/var/lib/app"}}));
            programs.add(1, new Program("/usr/lib/jvm/temurin-21/bin/java", "java", new String[][] {{"java", "-Xmx512m", "-jar", "/opt/tools/report-%n.jar"}}));
            parents.add(30, h.byComm("bash")).add(25, h.byComm("containerd")).add(15, h.byComm("systemd"))
                    .add(15, h.byComm("sshd")).add(10, h.byComm("java")).add(5, h.byComm("node"));
        }

        @Override
        void emit(EventBatch b) {
            Program p = programs.next(h.rnd);
            int pid = h.allocatePid();
            Task t = new Task(-1, pid, pid, p.comm, 120, 0, SyntheticHost.Kind.USER);
            int r = row(b, ts, cpu(), t);
            b.setInt(Column.PPID, r, parents.next(h.rnd).pid());
            b.setString(Column.FILENAME, r, new String(p.filename)); // decoded: a fresh String
            String[] template = p.argvTemplates[h.rnd.nextInt(p.argvTemplates.length)];
            String[] argv = new String[template.length];
            for (int i = 0; i < argv.length; i++) argv[i] = expand(template[i], pid);
            b.setStrings(Column.ARGV, r, argv);
            ts += h.exponentialNs(meanGapNs(kind));
        }

        /** Decoded from the ring buffer: a fresh String per argument, as the recorder will produce. */
        private String expand(String s, int pid) {
            if (s.indexOf('%') < 0) return new String(s);
            return s.replace("%w", h.chance(0.5) ? "java" : "postgres")
                    .replace("%h", HOSTS[h.rnd.nextInt(HOSTS.length)])
                    .replace("%n", Integer.toString(1 + h.rnd.nextInt(h.chance(0.8) ? 10 : 100_000)))
                    .replace("%f", FILES[h.rnd.nextInt(FILES.length)])
                    .replace("%p", Integer.toString(h.chance(0.5) ? 2231 : pid - h.rnd.nextInt(50)))
                    .replace("%x", Long.toHexString(h.rnd.nextLong()));
        }
    }

    static final class Fork extends Source {
        private final Weighted<Task> parents = new Weighted<>();

        Fork(SyntheticHost h, long startTs) {
            super(EventKind.PROC_FORK, h, startTs);
            parents.add(30, h.byComm("bash")).add(20, h.byComm("containerd")).add(20, h.byComm("java"))
                    .add(10, h.byComm("postgres")).add(10, h.byComm("systemd")).add(10, h.byComm("node"));
        }

        @Override
        void emit(EventBatch b) {
            Task parent = parents.next(h.rnd);
            // A thread in a multi-threaded server often; the parent thread is one of its threads.
            boolean thread = !parent.comm().equals("bash") && !parent.comm().equals("systemd") && h.chance(0.5);
            Task forker = parent.comm().equals("java") || parent.comm().equals("containerd") || parent.comm().equals("node")
                    ? pickThreadOf(parent) : parent;
            int r = row(b, ts, cpu(), forker);
            int child = h.allocatePid();
            b.setInt(Column.CHILD_PID, r, thread ? parent.pid() : child);
            b.setInt(Column.CHILD_TID, r, child);
            ts += h.exponentialNs(meanGapNs(kind));
        }

        private Task pickThreadOf(Task leader) {
            for (int i = 0; i < 50; i++) {
                Task t = h.pickUser();
                if (t.pid() == leader.pid()) return t;
            }
            return leader;
        }
    }

    static final class Exit extends Source {
        private final Weighted<String> comms = new Weighted<String>().add(20, "sh").add(12, "grep").add(10, "ps")
                .add(8, "cat").add(8, "date").add(6, "sleep").add(6, "curl").add(5, "git").add(4, "awk")
                .add(4, "python3").add(3, "psql").add(5, "postgres").add(6, "java").add(3, "containerd").add(4, "node");
        private final Weighted<Integer> codes = new Weighted<Integer>().add(85, 0).add(8, 1 << 8).add(2, 2 << 8)
                .add(2, 9).add(2, 15).add(1, 127 << 8);

        Exit(SyntheticHost h, long startTs) {
            super(EventKind.PROC_EXIT, h, startTs);
        }

        @Override
        void emit(EventBatch b) {
            String comm = comms.next(h.rnd);
            int tid = h.allocatePid();
            boolean thread = (comm.equals("java") || comm.equals("containerd") || comm.equals("node")) && h.chance(0.6);
            Task t = new Task(-1, thread ? h.byComm(comm).pid() : tid, tid, comm, 120, 0, SyntheticHost.Kind.USER);
            int r = row(b, ts, cpu(), t);
            b.setInt(Column.EXIT_CODE, r, codes.next(h.rnd));
            ts += h.exponentialNs(meanGapNs(kind));
        }
    }

    /**
     * Block requests of two virtio disks: 70 % continue a sequential run, the rest jump; sizes 4 KiB-512 KiB,
     * bursty arrivals. Completions carry the issue→complete latency (log-normal, median 250 µs).
     */
    static final class Block extends Source {
        private static final int VDA = 254 << 20, VDB = (254 << 20) | 16;
        private final long[] cursor = {2_048_000, 41_943_040};
        private final Weighted<Long> sizes = new Weighted<Long>().add(45, 4096L).add(10, 8192L).add(10, 16384L)
                .add(5, 32768L).add(5, 65536L).add(10, 131072L).add(5, 262144L).add(5, 524288L);
        private final Weighted<Task> issuers = new Weighted<>();
        private final Weighted<String> writeFlags = new Weighted<String>().add(60, "W").add(20, "WS").add(10, "WM").add(10, "FWS");
        private final Weighted<String> readFlags = new Weighted<String>().add(60, "R").add(30, "RA").add(10, "RM");
        private boolean writing;

        Block(EventKind k, SyntheticHost h, long startTs) {
            super(k, h, startTs);
            issuers.add(25, h.byComm("jbd2/vda1-8")).add(30, h.byComm("kworker/u4:3")).add(25, h.byComm("postgres"))
                    .add(10, h.byComm("java")).add(5, h.byComm("containerd")).add(5, h.byComm("systemd-journal"));
        }

        @Override
        void emit(EventBatch b) {
            int disk = h.chance(0.85) ? 0 : 1;
            Task t = issuers.next(h.rnd);
            int r = row(b, ts, cpu(), t);
            b.setInt(Column.DEV, r, disk == 0 ? VDA : VDB);
            b.setString(Column.DISK, r, disk == 0 ? "vda" : "vdb");
            if (h.chance(0.04)) { // cache flush: no data
                b.setLong(Column.SECTOR, r, 0);
                b.setLong(Column.BYTES, r, 0);
                b.setString(Column.RWBS, r, "FF");
            } else {
                if (h.chance(0.3)) {
                    cursor[disk] = (h.rnd.nextLong(1L << 27) & ~7L);
                    writing = h.chance(0.65);
                }
                long bytes = sizes.next(h.rnd);
                b.setLong(Column.SECTOR, r, cursor[disk]);
                b.setLong(Column.BYTES, r, bytes);
                b.setString(Column.RWBS, r, (writing ? writeFlags : readFlags).next(h.rnd));
                cursor[disk] += bytes / 512;
            }
            if (kind == EventKind.BLOCK_RQ_COMPLETE) b.setLong(Column.DUR_NS, r, h.lognormalNs(250_000, 1.0));
            // Bursts: most requests follow the previous one closely.
            double mean = meanGapNs(kind);
            ts += h.chance(0.7) ? h.exponentialNs(mean * 0.03) : h.exponentialNs(mean * 3.26);
        }
    }

    /** 40 syscalls with a Zipf-like mix, per-syscall return values and latencies, paths for the path syscalls. */
    static final class Syscall extends Source {
        private enum Shape { BLOCKING, READ, WRITE, PATH, MMAP, FD, ZERO }

        private record Sys(String name, int nr, Shape shape) {}

        private final Weighted<Sys> calls = new Weighted<>();
        private final String[] paths;
        private final Zipf pathRank;
        private final Zipf fdRank = new Zipf(300, 1.1);

        Syscall(SyntheticHost h, long startTs) {
            super(EventKind.SYSCALL, h, startTs);
            add(20, "futex", 202, Shape.BLOCKING);
            add(15, "read", 0, Shape.READ);
            add(10, "write", 1, Shape.WRITE);
            add(8, "epoll_wait", 232, Shape.BLOCKING);
            add(6, "recvfrom", 45, Shape.READ);
            add(6, "sendto", 44, Shape.WRITE);
            add(4, "close", 3, Shape.FD);
            add(3, "epoll_ctl", 233, Shape.ZERO);
            add(3, "openat", 257, Shape.PATH);
            add(3, "newfstatat", 262, Shape.PATH);
            add(2, "fstat", 5, Shape.ZERO);
            add(2, "rt_sigprocmask", 14, Shape.ZERO);
            add(2, "ioctl", 16, Shape.ZERO);
            add(2, "pread64", 17, Shape.READ);
            add(2, "writev", 20, Shape.WRITE);
            add(2, "recvmsg", 47, Shape.READ);
            add(2, "epoll_pwait", 281, Shape.BLOCKING);
            add(1, "lseek", 8, Shape.ZERO);
            add(1, "mmap", 9, Shape.MMAP);
            add(1, "munmap", 11, Shape.ZERO);
            add(1, "mprotect", 10, Shape.ZERO);
            add(1, "pwrite64", 18, Shape.WRITE);
            add(1, "sched_yield", 24, Shape.ZERO);
            add(1, "nanosleep", 35, Shape.BLOCKING);
            add(1, "clock_nanosleep", 230, Shape.BLOCKING);
            add(1, "sendmsg", 46, Shape.WRITE);
            add(1, "statx", 332, Shape.PATH);
            add(1, "poll", 7, Shape.BLOCKING);
            add(0.5, "brk", 12, Shape.MMAP);
            add(0.5, "rt_sigaction", 13, Shape.ZERO);
            add(0.5, "readv", 19, Shape.READ);
            add(0.5, "access", 21, Shape.PATH);
            add(0.5, "madvise", 28, Shape.ZERO);
            add(0.5, "getpid", 39, Shape.FD);
            add(0.5, "accept4", 288, Shape.FD);
            add(0.3, "getdents64", 217, Shape.READ);
            add(0.3, "fdatasync", 75, Shape.ZERO);
            add(0.2, "fsync", 74, Shape.ZERO);
            add(0.2, "getrandom", 318, Shape.READ);
            add(0.1, "clone3", 435, Shape.FD);
            if (calls.size() != 40) throw new AssertionError(calls.size());
            List<String> ps = new ArrayList<>();
            String[] fixed = {"/etc/ld.so.cache", "/lib/x86_64-linux-gnu/libc.so.6", "/etc/localtime", "/etc/hosts",
                    "/etc/resolv.conf", "/etc/nsswitch.conf", "/proc/self/stat", "/proc/self/status", "/proc/meminfo",
                    "/proc/loadavg", "/sys/fs/cgroup/cpu.max", "/sys/fs/cgroup/memory.max", "/dev/null", "/dev/urandom",
                    "/usr/share/zoneinfo/UTC", "/var/run/nscd/socket", "", "/etc/passwd", "/etc/group"};
            for (String f : fixed) ps.add(f);
            for (int i = 0; i < 120; i++) ps.add("/var/lib/postgresql/16/main/base/16384/" + (16_400 + i * 7));
            for (int i = 0; i < 60; i++) ps.add("/opt/app/lib/lib" + i + "-2." + (i % 7) + ".jar");
            for (int i = 0; i < 80; i++) ps.add("/proc/" + (2231 + i * 2) + "/stat");
            for (int i = 0; i < 40; i++) ps.add("/var/www/static/img/" + Integer.toHexString(0x3f00 + i * 97) + ".png");
            for (int i = 0; i < 60; i++) ps.add("/home/deploy/.cache/node/" + i % 9 + "/index-" + i + ".json");
            for (int i = 0; i < 40; i++) ps.add("/usr/lib/python3.12/" + (i % 4 == 0 ? "encodings/" : "") + "mod" + i + ".py");
            paths = ps.stream().map(String::intern).toArray(String[]::new);
            pathRank = new Zipf(paths.length, 1.0);
        }

        private void add(double w, String name, int nr, Shape shape) {
            calls.add(w, new Sys(name.intern(), nr, shape));
        }

        @Override
        void emit(EventBatch b) {
            Sys s = calls.next(h.rnd);
            Task t = h.pickUser();
            int r = row(b, ts, cpu(), t);
            b.setInt(Column.SYSCALL_NR, r, s.nr);
            b.setString(Column.SYSCALL, r, s.name);
            long dur;
            long ret;
            switch (s.shape) {
                case BLOCKING -> {
                    dur = h.lognormalNs(60_000, 2.0);
                    ret = switch (s.name) {
                        case "futex" -> h.chance(0.6) ? 0 : h.chance(0.5) ? -11 : h.chance(0.5) ? -110 : 1;
                        case "epoll_wait", "epoll_pwait", "poll" -> h.chance(0.25) ? 0 : 1 + (long) h.lognormal(1, 0.7);
                        default -> 0;
                    };
                }
                case READ -> {
                    dur = h.lognormalNs(2_500, 1.0);
                    double x = h.rnd.nextDouble();
                    ret = x < 0.2 ? -11 : x < 0.25 ? 0 : x < 0.4 ? 4096 : x < 0.45 ? 8192 : Math.min(65536, (long) h.lognormal(300, 1.5));
                }
                case WRITE -> {
                    dur = h.lognormalNs(4_000, 1.0);
                    ret = h.chance(0.002) ? -32 : h.chance(0.2) ? 4096 : Math.min(65536, 1 + (long) h.lognormal(200, 1.3));
                }
                case PATH -> {
                    dur = h.lognormalNs(3_500, 0.8);
                    String path = paths[pathRank.next(h.rnd)];
                    b.setString(Column.PATH, r, new String(path)); // the recorder decodes a fresh String
                    boolean missing = h.chance(0.15);
                    long flags;
                    if (s.name.equals("openat")) {
                        ret = missing ? -2 : 3 + fdRank.next(h.rnd);
                        double x = h.rnd.nextDouble();
                        flags = x < 0.7 ? 0x80000 : x < 0.8 ? 0x80241 : x < 0.9 ? 0x98800 : 0;
                    } else {
                        ret = missing ? -2 : 0;
                        flags = s.name.equals("access") ? (h.chance(0.5) ? 4 : 0)
                                : path.isEmpty() ? 0x1000 : h.chance(0.7) ? 0 : 0x100;
                    }
                    b.setLong(Column.FLAGS, r, flags);
                }
                case MMAP -> {
                    dur = h.lognormalNs(3_000, 0.8);
                    ret = 0x7f00_0000_0000L + (h.rnd.nextLong(1L << 32) << 12);
                }
                case FD -> {
                    dur = h.lognormalNs(1_500, 0.8);
                    ret = s.name.equals("getpid") ? t.pid() : s.name.equals("clone3") ? h.allocatePid()
                            : s.name.equals("close") ? (h.chance(0.97) ? 0 : -9) : 3 + fdRank.next(h.rnd);
                }
                default -> {
                    dur = h.lognormalNs(1_200, 0.9);
                    ret = h.chance(0.98) ? 0 : -22;
                }
            }
            b.setLong(Column.DUR_NS, r, dur);
            b.setLong(Column.RET, r, ret);
            ts += h.exponentialNs(meanGapNs(kind));
        }
    }

    /** 99 Hz per CPU, samples of the idle task dropped; stacks per process with Zipf popularity. */
    static final class CpuSample extends Source {
        private static final long PERIOD = 1_000_000_000L / 99;
        private final long[] next = new long[SyntheticHost.CPUS];
        private final StackIds stacks;
        private final Zipf rank = new Zipf(800, 1.1);
        private int cpu;

        CpuSample(SyntheticHost h, long startTs) {
            this(h, startTs, new StackIds());
        }

        CpuSample(SyntheticHost h, long startTs, StackIds stacks) {
            super(EventKind.CPU_SAMPLE, h, startTs);
            this.stacks = stacks;
            for (int c = 0; c < next.length; c++) next[c] = startTs + c * PERIOD / next.length;
            advance();
        }

        private void advance() {
            // Skip idle samples (~40 % of ticks).
            do {
                cpu = next[0] <= next[1] ? 0 : 1;
                ts = next[cpu] + h.lognormalNs(1_500, 0.5);
                next[cpu] += PERIOD;
            } while (h.chance(0.4));
        }

        @Override
        void emit(EventBatch b) {
            Task t = h.pick();
            int r = row(b, ts, cpu, t);
            b.setLong(Column.STACK_ID, r, stacks.id(t.pid(), rank.next(h.rnd)));
            advance();
        }
    }

    /** Off-CPU intervals: log-normal durations (median 1 ms), blocking and waker stacks per process. */
    static final class OffCpu extends Source {
        private final StackIds stacks = new StackIds();
        private final Zipf blockRank = new Zipf(150, 1.2);
        private final Zipf wakerRank = new Zipf(60, 1.2);

        OffCpu(SyntheticHost h, long startTs) {
            super(EventKind.OFFCPU, h, startTs);
        }

        @Override
        void emit(EventBatch b) {
            Task t = h.pick();
            int r = row(b, ts, cpu(), t);
            b.setLong(Column.DUR_NS, r, h.lognormalNs(1_000_000, 1.8));
            double x = h.rnd.nextDouble();
            b.setLong(Column.PREV_STATE, r, t.kind() == SyntheticHost.Kind.KWORKER ? 0x402 : x < 0.88 ? 1 : 2);
            b.setLong(Column.STACK_ID, r, stacks.id(t.pid(), blockRank.next(h.rnd)));
            Task waker = h.chance(0.3) ? h.idle(cpu()) : h.pick(); // timers and irqs wake from whatever runs
            b.setInt(Column.WAKER_TID, r, waker.tid());
            b.setLong(Column.WAKER_STACK_ID, r, stacks.id(1_000_000 + waker.pid(), wakerRank.next(h.rnd)));
            ts += h.exponentialNs(meanGapNs(kind));
        }
    }

    /** All kinds at their {@link #RATES}, interleaved by arrival time. */
    static final class Mixed {
        private final PriorityQueue<Source> queue = new PriorityQueue<>((a, b) -> Long.compare(a.arrival(), b.arrival()));

        Mixed(SyntheticHost h, long startTs) {
            for (EventKind k : KINDS) queue.add(of(k, h, startTs + h.rnd.nextLong(1_000)));
        }

        void emit(EventBatch b) {
            Source s = queue.poll();
            s.emit(b);
            queue.add(s);
        }

        /** When the next row reaches user space. */
        long arrival() {
            return queue.peek().arrival();
        }
    }
}
