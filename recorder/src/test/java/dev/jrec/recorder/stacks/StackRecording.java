package dev.jrec.recorder.stacks;

import dev.jrec.bpf.libbpf.BpfObject;
import dev.jrec.bpf.perf.PerfEvents;
import dev.jrec.bpf.perf.PerfProgram;
import dev.jrec.bpf.perf.StackEvents;
import dev.jrec.bpf.perf.StackMap;
import dev.jrec.bpf.ringbuf.Drainer;
import dev.jrec.bpf.ringbuf.RecordHandler;
import dev.jrec.bpf.ringbuf.RingBufferReader;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.write.EventBatch;
import dev.jrec.symbols.Symbolizer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * The test harness: runs a child process with profile and offcpu attached
 * to it alone, keeps its records (snapshotting its maps as records arrive,
 * as the recorder does), and after it exited turns them into rows with a
 * StackTable, the way the recorder's decoder will.
 */
final class StackRecording implements AutoCloseable {
    final BpfObject profile = BpfObject.open("profile");
    final BpfObject offcpu = BpfObject.open("offcpu");
    final List<StackEvents.Sample> samples = new ArrayList<>();
    final List<StackEvents.OffCpu> offcpus = new ArrayList<>();
    final Symbolizer symbolizer = new Symbolizer();
    final StackTable table = new StackTable(symbolizer);
    final Sink sink = new Sink();
    StackMap profileStacks;
    StackMap offcpuStacks;
    /** One instance per map: the StackTable caches per StackLookup instance. */
    StackLookup profileLookup;
    StackLookup offcpuLookup;
    int pid;
    long[] profileDrops;
    long[] offcpuDrops;
    /** What the child printed. */
    String output = "";
    /** The ustack_bytes knob of both objects: 0 is frame pointers only (set before run). */
    int ustackBytes = 0;

    /** Collects rows in one big batch. */
    static final class Sink implements RowSink {
        final EventBatch batch = new EventBatch(1 << 16);

        @Override
        public int row(EventKind kind, long ts) {
            return batch.add(kind, ts);
        }

        @Override
        public EventBatch batch() {
            return batch;
        }
    }

    /** Starts exe (waiting on stdin), attaches to its pid, lets it run, waits for it to exit. */
    void run(Path exe, int hz, boolean snapshotWhileAlive) {
        Process child;
        try {
            child = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pid = (int) child.pid();
        try {
            for (BpfObject o : List.of(profile, offcpu)) {
                o.targetPids(pid);
                o.knob(StackEvents.USTACK_BYTES_KNOB, ustackBytes);
            }
            PerfProgram.load(profile);
            offcpu.load(BpfObject.Flavor.valueOf(System.getProperty("jrec.test.flavor", "AUTO")));
            profileStacks = new StackMap(profile);
            offcpuStacks = new StackMap(offcpu);
            profileLookup = profileStacks::ips;
            offcpuLookup = offcpuStacks::ips;
            try (RingBufferReader rp = RingBufferReader.open(profile);
                 RingBufferReader ro = RingBufferReader.open(offcpu);
                 PerfEvents events = PerfEvents.cpuClock(hz)) {
                RecordHandler onSample = (s, o, len) -> {
                    StackEvents.Sample e = StackEvents.sample(s, o);
                    if (snapshotWhileAlive) {
                        table.processSeen(e.pid());
                    }
                    samples.add(e);
                };
                RecordHandler onOff = (s, o, len) -> {
                    StackEvents.OffCpu e = StackEvents.offCpu(s, o);
                    if (snapshotWhileAlive) {
                        table.processSeen(e.pid());
                    }
                    offcpus.add(e);
                };
                Drainer dp = new Drainer("profile", rp, onSample, Duration.ofMillis(10));
                Drainer dof = new Drainer("offcpu", ro, onOff, Duration.ofMillis(10));
                try (PerfProgram attached = PerfProgram.attach(profile, "profile_sample", events)) {
                    offcpu.attach();
                    try (OutputStream in = child.getOutputStream()) {
                        in.write("go\n".getBytes());
                    }
                    if (!child.waitFor(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException(exe + " did not finish");
                    }
                    Thread.sleep(50); // its last records
                    offcpu.detach();
                } finally {
                    dp.stop();
                    dof.stop();
                }
            }
            profileDrops = profile.drops();
            offcpuDrops = offcpu.drops();
            output = new String(child.getInputStream().readAllBytes());
            if (child.exitValue() != 0) {
                throw new IllegalStateException(exe + " exited with " + child.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            child.destroyForcibly();
        }
    }

    /** stack_id of each of the child's samples (symbolizing now). */
    List<Long> sampleStacks() {
        List<Long> out = new ArrayList<>();
        for (StackEvents.Sample s : samples) {
            if (s.pid() == pid) {
                out.add(table.stackId(sink, s.ts(), s.pid(), profileLookup, s.kstackId(), s.ustackId(), false, s.regs()));
            }
        }
        return out;
    }

    long offcpuStack(StackEvents.OffCpu o) {
        return table.stackId(sink, o.ts(), o.pid(), offcpuLookup, o.kstackId(), o.ustackId(), true, o.regs());
    }

    /** Row index of each frame row by frame_id. */
    Map<Long, Integer> frameRows() {
        EventBatch b = sink.batch;
        Map<Long, Integer> out = new HashMap<>();
        for (int r = 0; r < b.size(); r++) {
            if (b.kind(r) == EventKind.FRAME) {
                out.put(b.getLong(Column.FRAME_ID, r), r);
            }
        }
        return out;
    }

    /** frame_ids of a stack, leaf first, and its unwind. */
    long[] frameIds(long stackId) {
        EventBatch b = sink.batch;
        for (int r = 0; r < b.size(); r++) {
            if (b.kind(r) == EventKind.STACK && b.getLong(Column.STACK_ID, r) == stackId) {
                return (long[]) b.getObject(Column.FRAME_IDS, r);
            }
        }
        return null;
    }

    String unwind(long stackId) {
        EventBatch b = sink.batch;
        for (int r = 0; r < b.size(); r++) {
            if (b.kind(r) == EventKind.STACK && b.getLong(Column.STACK_ID, r) == stackId) {
                return (String) b.getObject(Column.UNWIND, r);
            }
        }
        return null;
    }

    /** The function names of a stack (leaf first), from the rows written. */
    List<String> funcs(long stackId) {
        EventBatch b = sink.batch;
        Map<Long, String> funcs = new HashMap<>();
        long[] frames = null;
        for (int r = 0; r < b.size(); r++) {
            if (b.kind(r) == EventKind.FRAME) {
                funcs.put(b.getLong(Column.FRAME_ID, r), (String) b.getObject(Column.FUNC, r));
            } else if (b.kind(r) == EventKind.STACK && b.getLong(Column.STACK_ID, r) == stackId) {
                frames = (long[]) b.getObject(Column.FRAME_IDS, r);
            }
        }
        List<String> out = new ArrayList<>();
        if (frames != null) {
            for (long f : frames) {
                out.add(funcs.getOrDefault(f, "?"));
            }
        }
        return out;
    }

    /** The CPU seconds the workload reported burning. */
    double burntCpuSeconds() {
        for (String line : output.split("\n")) {
            if (line.startsWith("cpu ")) {
                return Double.parseDouble(line.substring(4).strip());
            }
        }
        throw new IllegalStateException("no cpu line in: " + output);
    }

    static byte[] copy(MemorySegment s, long o, int len) {
        byte[] b = new byte[len];
        MemorySegment.copy(s, JAVA_BYTE, o, b, 0, len);
        return b;
    }

    @Override
    public void close() {
        profile.close();
        offcpu.close();
    }
}
