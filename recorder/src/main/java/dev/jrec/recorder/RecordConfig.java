package dev.jrec.recorder;

import dev.jrec.formats.schema.Source;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A recording's resolved settings.
 *
 * @param duration null to record until Ctrl-C/SIGTERM
 * @param pids processes to trace (empty: all)
 * @param comm only tasks with this comm (null: all)
 * @param cgroup only tasks in this cgroup v2 path (null: all)
 * @param ringBytes size of each source's ring buffer, 0 for the per-source default
 * @param maxSizeBytes stop cleanly once the capture reaches this size (0: no limit)
 * @param syscallMinNs only syscalls at least this long
 * @param syscalls only these syscalls (empty: all)
 * @param drainPeriod how often the ring buffers are drained
 * @param sampleHz profile: samples per second per CPU
 * @param offcpuMinNs offcpu: only blocked intervals at least this long
 * @param diskHeadroomBytes stop cleanly when free space falls below the capture's size plus this:
 *     joining the segments at the end needs that room
 * @param ustackBytes profile and offcpu: bytes of user stack copied with the registers at each event and
 *     unwound with .eh_frame at record time (--call-graph dwarf); 0 for frame pointers only
 */
public record RecordConfig(Path output, Duration duration, Set<Source> sources, List<Integer> pids, String comm,
                           String cgroup, int ringBytes, long maxSizeBytes, long syscallMinNs, Set<String> syscalls,
                           Duration drainPeriod, List<String> commandLine, int sampleHz, long offcpuMinNs,
                           long diskHeadroomBytes, int ustackBytes) {
    public static final Set<Source> DEFAULT_SOURCES = EnumSet.of(Source.SCHED, Source.PROC, Source.BLOCK);
    public static final long DEFAULT_DISK_HEADROOM = 64L << 20;
    /** 99 Hz, not 100, so sampling does not run in lockstep with timer-driven work (perf's and BCC's habit). */
    public static final int DEFAULT_SAMPLE_HZ = 99;
    /** 1 ms, like BCC offcputime -m: shorter blocks are many and rarely the story. */
    public static final long DEFAULT_OFFCPU_MIN_NS = 1_000_000;
    /** 0: per source, {@link #ringBytes(Source)}. */
    public static final int DEFAULT_RING_BYTES = 0;
    /** --call-graph dwarf with 8 KiB, perf's default size: see docs/stacks.md for what it costs. */
    public static final int DEFAULT_USTACK_BYTES = 8192;
    /** The most user stack one event can carry (what the BPF programs' record holds). */
    public static final int MAX_USTACK_BYTES = dev.jrec.bpf.perf.StackEvents.USTACK_MAX;

    /** Without ustackBytes: {@link #DEFAULT_USTACK_BYTES}. */
    public RecordConfig(Path output, Duration duration, Set<Source> sources, List<Integer> pids, String comm,
                        String cgroup, int ringBytes, long maxSizeBytes, long syscallMinNs, Set<String> syscalls,
                        Duration drainPeriod, List<String> commandLine, int sampleHz, long offcpuMinNs,
                        long diskHeadroomBytes) {
        this(output, duration, sources, pids, comm, cgroup, ringBytes, maxSizeBytes, syscallMinNs, syscalls, drainPeriod,
                commandLine, sampleHz, offcpuMinNs, diskHeadroomBytes, DEFAULT_USTACK_BYTES);
    }

    public RecordConfig {
        sources = Set.copyOf(sources);
        pids = List.copyOf(pids);
        syscalls = Set.copyOf(syscalls);
        commandLine = List.copyOf(commandLine);
    }

    public static RecordConfig defaults(Path output) {
        return new RecordConfig(output, null, DEFAULT_SOURCES, List.of(), null, null, DEFAULT_RING_BYTES, 0, 0,
                Set.of(), Duration.ofMillis(20), List.of(), DEFAULT_SAMPLE_HZ, DEFAULT_OFFCPU_MIN_NS, DEFAULT_DISK_HEADROOM);
    }

    public RecordConfig withSources(Set<Source> s) {
        return new RecordConfig(output, duration, s, pids, comm, cgroup, ringBytes, maxSizeBytes, syscallMinNs, syscalls, drainPeriod, commandLine, sampleHz, offcpuMinNs, diskHeadroomBytes, ustackBytes);
    }

    public RecordConfig withDuration(Duration d) {
        return new RecordConfig(output, d, sources, pids, comm, cgroup, ringBytes, maxSizeBytes, syscallMinNs, syscalls, drainPeriod, commandLine, sampleHz, offcpuMinNs, diskHeadroomBytes, ustackBytes);
    }

    public RecordConfig withPids(List<Integer> p) {
        return new RecordConfig(output, duration, sources, p, comm, cgroup, ringBytes, maxSizeBytes, syscallMinNs, syscalls, drainPeriod, commandLine, sampleHz, offcpuMinNs, diskHeadroomBytes, ustackBytes);
    }

    public RecordConfig withRingBytes(int bytes) {
        return new RecordConfig(output, duration, sources, pids, comm, cgroup, bytes, maxSizeBytes, syscallMinNs, syscalls, drainPeriod, commandLine, sampleHz, offcpuMinNs, diskHeadroomBytes, ustackBytes);
    }

    public RecordConfig withMaxSize(long bytes) {
        return new RecordConfig(output, duration, sources, pids, comm, cgroup, ringBytes, bytes, syscallMinNs, syscalls, drainPeriod, commandLine, sampleHz, offcpuMinNs, diskHeadroomBytes, ustackBytes);
    }

    public RecordConfig withDiskHeadroom(long bytes) {
        return new RecordConfig(output, duration, sources, pids, comm, cgroup, ringBytes, maxSizeBytes, syscallMinNs, syscalls, drainPeriod, commandLine, sampleHz, offcpuMinNs, bytes, ustackBytes);
    }

    public RecordConfig withUstackBytes(int bytes) {
        return new RecordConfig(output, duration, sources, pids, comm, cgroup, ringBytes, maxSizeBytes, syscallMinNs, syscalls, drainPeriod, commandLine, sampleHz, offcpuMinNs, diskHeadroomBytes, bytes);
    }

    public RecordConfig withComm(String c) {
        return new RecordConfig(output, duration, sources, pids, c, cgroup, ringBytes, maxSizeBytes, syscallMinNs, syscalls, drainPeriod, commandLine, sampleHz, offcpuMinNs, diskHeadroomBytes, ustackBytes);
    }

    /**
     * Ring buffer size for a source: --buffer if given, else 32 MiB for syscall (~415k records: a quarter
     * second of a 1.6M syscalls/s storm, which a 2-CPU host's recorder drains at about the rate they come;
     * bench/overhead.sh's getppid loop lost 1.3-3.2 % of its calls with 16 MiB, none in 3 rounds with 32 or
     * 64 MiB; 32 keeps the recorder's RSS at 270-282 MiB, 64 took it to 338-348), 16 MiB for sched
     * (~170k records; the pinned pipe loses none) and for profile and offcpu with stack copies
     * (--call-graph dwarf: 8 KiB a record, ~2,000 records between drains), and 4 MiB for the others.
     * Ring buffers are kernel memory, charged to the recorder's cgroup.
     */
    public int ringBytes(Source s) {
        if (ringBytes > 0) return ringBytes;
        if (s == Source.SYSCALL) return 32 << 20;
        boolean copies = ustackBytes > 0 && (s == Source.PROFILE || s == Source.OFFCPU);
        return s == Source.SCHED || copies ? 16 << 20 : 4 << 20;
    }

    /** The settings as JSON, for the footer's jrec.config. */
    public String toJson() {
        return toJson("");
    }

    /** With {@code more}: further {@code ,"key":value} members, the recorder's own settings. */
    String toJson(String more) {
        return "{\"sources\":[" + sources.stream().map(s -> '"' + s.id() + '"').sorted().collect(Collectors.joining(",")) + "]"
                + ",\"duration_ms\":" + (duration == null ? "null" : duration.toMillis())
                + ",\"pids\":" + pids
                + ",\"comm\":" + str(comm)
                + ",\"cgroup\":" + str(cgroup)
                + ",\"ring_bytes\":" + ringBytes
                + ",\"max_size_bytes\":" + maxSizeBytes
                + ",\"syscall_min_ns\":" + syscallMinNs
                + ",\"syscalls\":[" + syscalls.stream().sorted().map(RecordConfig::str).collect(Collectors.joining(",")) + "]"
                + ",\"sample_hz\":" + sampleHz
                + ",\"offcpu_min_ns\":" + offcpuMinNs
                + ",\"ustack_bytes\":" + ustackBytes
                + ",\"drain_period_ms\":" + drainPeriod.toMillis() + more + "}";
    }

    /** s as a JSON string (null as null). */
    static String str(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
