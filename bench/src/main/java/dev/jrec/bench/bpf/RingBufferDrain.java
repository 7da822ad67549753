package dev.jrec.bench.bpf;

import dev.jrec.bpf.Workloads;
import dev.jrec.bpf.events.EventDecoder.Hdr;
import dev.jrec.bpf.libbpf.BpfObject;
import dev.jrec.bpf.ringbuf.ReadMethod;
import dev.jrec.bpf.ringbuf.RingBufferReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * What draining a full ring buffer costs each reader: before every measurement a sched_switch storm
 * (two threads ping-ponging 30,000 times) fills a 32 MiB buffer undrained, then one drain empties it.
 * Single-shot, since a drain can only run once per fill; divide by the record count it prints for
 * the cost per record. Needs root (BPF). Run by bench/ringbuf-drain.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RingBufferDrain {
    static final int PING_PONGS = 30_000;

    @Param({"MMAP", "LIBBPF"})
    ReadMethod method;

    BpfObject obj;
    RingBufferReader reader;

    @Setup(Level.Invocation)
    public void fill() {
        obj = BpfObject.open("sched").knob("exclude_tgid", 0).ringBufferBytes(32 << 20);
        obj.load(BpfObject.Flavor.AUTO);
        obj.attach();
        Workloads.pingPong(PING_PONGS);
        obj.detach();
        reader = method.open(obj);
    }

    @Benchmark
    public int drain(Blackhole bh) {
        return reader.drain((s, off, len) -> bh.consume(Hdr.ts(s, off) + len));
    }

    @TearDown(Level.Invocation)
    public void close() {
        reader.close();
        obj.close();
    }
}
