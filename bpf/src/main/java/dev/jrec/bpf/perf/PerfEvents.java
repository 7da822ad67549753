package dev.jrec.bpf.perf;

import dev.jrec.bpf.libbpf.LibbpfException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Per-CPU perf events opened with perf_event_open(2) for every task
 * (pid -1) on each online CPU, created disabled: attaching a BPF program
 * ({@link PerfProgram#attach}) enables them. The fds are owned here until
 * attached; then the link owns (and closes) them.
 */
public final class PerfEvents implements AutoCloseable {
    /** perf_event_attr.type / config for the CPU clock timer that perf record -F and BCC profile use. */
    public static final int PERF_TYPE_SOFTWARE = 1;
    public static final long PERF_COUNT_SW_CPU_CLOCK = 0;
    /** Page faults handled without I/O, and with it: counted after the fault, in the faulting task. */
    public static final long PERF_COUNT_SW_PAGE_FAULTS_MIN = 5, PERF_COUNT_SW_PAGE_FAULTS_MAJ = 6;
    /** perf's default sampling frequency is 4000 Hz; 99 Hz avoids lockstep with 100 Hz timers. */
    public static final int DEFAULT_HZ = 99;

    /** PERF_ATTR_SIZE_VER7: every field up to sig_data. */
    static final int ATTR_SIZE = 128;
    private static final long ATTR_TYPE = 0, ATTR_SIZE_OFF = 4, ATTR_CONFIG = 8, ATTR_SAMPLE_FREQ = 16, ATTR_FLAGS = 40;
    private static final long FLAG_DISABLED = 1L, FLAG_FREQ = 1L << 10;

    private final int[] cpus;
    private final int[] fds;
    private final int hz;

    private PerfEvents(int[] cpus, int[] fds, int hz) {
        this.cpus = cpus;
        this.fds = fds;
        this.hz = hz;
    }

    /**
     * A PERF_COUNT_SW_CPU_CLOCK event sampling at hz on every online CPU.
     * CPUs that went offline since /sys listed them are skipped.
     *
     * @throws LibbpfException if no CPU's event could be opened
     */
    public static PerfEvents cpuClock(int hz) {
        if (hz <= 0 || hz > 100_000) {
            throw new IllegalArgumentException("sampling frequency out of range: " + hz + " Hz");
        }
        return perCpu(PERF_COUNT_SW_CPU_CLOCK, hz, true);
    }

    /**
     * A software event (PERF_COUNT_SW_PAGE_FAULTS_MIN, ...) sampled every period-th time it happens, on
     * every online CPU; {@link #hz} gives the period.
     */
    public static PerfEvents software(long config, long period) {
        if (period <= 0) {
            throw new IllegalArgumentException("sample period out of range: " + period);
        }
        return perCpu(config, period, false);
    }

    private static PerfEvents perCpu(long config, long period, boolean freq) {
        List<Integer> openedCpus = new ArrayList<>();
        List<Integer> openedFds = new ArrayList<>();
        for (int cpu : onlineCpus()) {
            try {
                openedFds.add(open(PERF_TYPE_SOFTWARE, config, period, freq, -1, cpu));
                openedCpus.add(cpu);
            } catch (LibbpfException e) {
                if (e.errno() == 19) { // ENODEV: the CPU went offline
                    continue;
                }
                openedFds.forEach(PerfNative::close);
                throw e;
            }
        }
        if (openedFds.isEmpty()) {
            throw new LibbpfException("perf_event_open: no online CPU");
        }
        return new PerfEvents(openedCpus.stream().mapToInt(Integer::intValue).toArray(),
                openedFds.stream().mapToInt(Integer::intValue).toArray(), (int) Math.min(period, Integer.MAX_VALUE));
    }

    /**
     * perf_event_open(attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC) for a sampling
     * event, created disabled; returns the fd.
     *
     * @param freq whether period is a frequency in Hz (attr.freq) or a count
     */
    public static int open(int type, long config, long period, boolean freq, int pid, int cpu) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment attr = tmp.allocate(ATTR_SIZE, 8); // zeroed
            attr.set(JAVA_INT, ATTR_TYPE, type);
            attr.set(JAVA_INT, ATTR_SIZE_OFF, ATTR_SIZE);
            attr.set(JAVA_LONG, ATTR_CONFIG, config);
            attr.set(JAVA_LONG, ATTR_SAMPLE_FREQ, period);
            attr.set(JAVA_LONG, ATTR_FLAGS, FLAG_DISABLED | (freq ? FLAG_FREQ : 0));
            MemorySegment state = PerfNative.callState(tmp);
            long fd = (long) PerfNative.SYSCALL6.invokeExact(state, PerfNative.SYS_PERF_EVENT_OPEN, attr,
                    (long) pid, (long) cpu, -1L, PerfNative.PERF_FLAG_FD_CLOEXEC);
            if (fd < 0) {
                throw new LibbpfException("perf_event_open(type " + type + ", config " + config + ", cpu " + cpu + ")",
                        PerfNative.errno(state));
            }
            return (int) fd;
        } catch (Throwable t) {
            throw PerfNative.rethrow(t);
        }
    }

    /** CPUs in /sys/devices/system/cpu/online, e.g. "0-3,6". */
    public static int[] onlineCpus() {
        try {
            return parseCpuList(Files.readString(Path.of("/sys/devices/system/cpu/online")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] parseCpuList(String list) {
        List<Integer> out = new ArrayList<>();
        for (String part : list.trim().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            int lo = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int hi = dash < 0 ? lo : Integer.parseInt(part.substring(dash + 1));
            for (int c = lo; c <= hi; c++) {
                out.add(c);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The sampling frequency (cpuClock), or the sample period (software). */
    public int hz() {
        return hz;
    }

    /** The CPUs with an event, in the order of {@link #fd}. */
    public int[] cpus() {
        return cpus.clone();
    }

    public int count() {
        return fds.length;
    }

    /** The i-th event's fd, or -1 once a link took it. */
    public int fd(int i) {
        return fds[i];
    }

    /** The link owns the fd from now on. */
    int take(int i) {
        int fd = fds[i];
        fds[i] = -1;
        return fd;
    }

    /** Closes the fds no link took. */
    @Override
    public void close() {
        for (int i = 0; i < fds.length; i++) {
            if (fds[i] >= 0) {
                PerfNative.close(fds[i]);
                fds[i] = -1;
            }
        }
    }
}
