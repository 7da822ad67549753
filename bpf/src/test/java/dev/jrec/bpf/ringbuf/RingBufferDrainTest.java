package dev.jrec.bpf.ringbuf;

import dev.jrec.bpf.Workloads;
import dev.jrec.bpf.events.Drop;
import dev.jrec.bpf.events.EventDecoder.Hdr;
import dev.jrec.bpf.events.EventKind;
import dev.jrec.bpf.libbpf.BpfObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One drain empties a ring buffer that a sched_switch storm filled undrained: every switch is there
 * and a second drain finds nothing. What each reader costs per record is bench/ringbuf-drain.sh's.
 */
class RingBufferDrainTest {
    @ParameterizedTest
    @EnumSource(ReadMethod.class)
    void oneDrainEmptiesAStormFilledBuffer(ReadMethod method) {
        try (BpfObject obj = BpfObject.open("sched").knob("exclude_tgid", 0).ringBufferBytes(32 << 20)) {
            obj.load(BpfObject.Flavor.AUTO);
            obj.attach();
            Workloads.pingPong(30_000);
            obj.detach();
            long[] switches = new long[1];
            try (RingBufferReader reader = method.open(obj)) {
                int n = reader.drain((s, off, len) -> {
                    if (Hdr.kind(s, off) == EventKind.SCHED_SWITCH) switches[0]++;
                });
                assertEquals(0, obj.drops()[Drop.RINGBUF], "storm overflowed the 32 MiB buffer");
                assertTrue(switches[0] >= 2 * 30_000, "sched_switch records: " + switches[0] + " of " + n);
                assertEquals(0, reader.drain((s, off, len) -> { }), "second drain found records");
            }
        }
    }
}
