package dev.jrec.bpf.perf;

import dev.jrec.bpf.libbpf.BpfObject;
import dev.jrec.bpf.ringbuf.Drainer;
import dev.jrec.bpf.ringbuf.RingBufferReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Loads profile and offcpu, attaches them, runs a workload, returns the decoded records. */
final class PerfHarness implements AutoCloseable {
    final BpfObject profile = BpfObject.open("profile");
    final BpfObject offcpu = BpfObject.open("offcpu");
    final List<StackEvents.Sample> samples = new ArrayList<>();
    final List<StackEvents.OffCpu> offcpus = new ArrayList<>();

    /** Records only these processes (e.g. the test JVM itself: exclude_tgid is then turned off). */
    PerfHarness targetPids(int... pids) {
        for (BpfObject o : List.of(profile, offcpu)) {
            o.knob("exclude_tgid", 0);
            o.targetPids(pids);
        }
        return this;
    }

    /** The --call-graph dwarf copy: registers and this many bytes of user stack with each record. */
    PerfHarness ustackBytes(int bytes) {
        for (BpfObject o : List.of(profile, offcpu)) {
            o.knob(StackEvents.USTACK_BYTES_KNOB, bytes);
        }
        return this;
    }

    PerfHarness minBlockNs(long ns) {
        offcpu.knob("min_block_ns", ns);
        return this;
    }

    void run(int hz, Runnable workload) {
        PerfProgram.load(profile);
        offcpu.load(BpfObject.Flavor.AUTO);
        try (RingBufferReader rp = RingBufferReader.open(profile);
             RingBufferReader ro = RingBufferReader.open(offcpu);
             PerfEvents events = PerfEvents.cpuClock(hz)) {
            Drainer dp = new Drainer("profile", rp, (s, o, len) -> samples.add(StackEvents.sample(s, o)), Duration.ofMillis(10));
            Drainer dof = new Drainer("offcpu", ro, (s, o, len) -> offcpus.add(StackEvents.offCpu(s, o)), Duration.ofMillis(10));
            try (PerfProgram attached = PerfProgram.attach(profile, "profile_sample", events)) {
                offcpu.attach();
                workload.run();
                offcpu.detach();
            } finally {
                dp.stop();
                dof.stop();
            }
        }
    }

    @Override
    public void close() {
        profile.close();
        offcpu.close();
    }
}
