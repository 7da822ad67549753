package dev.jrec.bpf.perf;

import dev.jrec.bpf.libbpf.Arch;
import dev.jrec.bpf.libbpf.BpfObject;
import dev.jrec.bpf.libbpf.Btf;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Java mirrors of jrec_cpu_sample and jrec_offcpu match the compiled objects of every arch. */
class PerfEventsTest {
    @Test
    void mirrorsMatchTheObjectsBtf() {
        for (Arch arch : Arch.values()) for (Map.Entry<StructLayout, String> e : StackEvents.OBJECT_OF.entrySet()) {
            StructLayout layout = e.getKey();
            try (BpfObject obj = BpfObject.open(e.getValue(), arch)) {
                Btf.Struct c = obj.btf().struct(layout.name().orElseThrow());
                assertEquals(c.size(), layout.byteSize(), arch + " " + layout.name() + " size");
                Map<String, Long> want = new LinkedHashMap<>();
                c.members().forEach((name, slot) -> want.put(name, slot.offset()));
                Map<String, Long> got = new LinkedHashMap<>();
                for (MemoryLayout m : layout.memberLayouts()) {
                    String name = m.name().orElseThrow();
                    got.put(name, layout.byteOffset(MemoryLayout.PathElement.groupElement(name)));
                }
                assertEquals(want, got, arch + " " + layout.name() + " members");
            }
        }
        assertEquals(48, StackEvents.CPU_SAMPLE_LAYOUT.byteSize());
        assertEquals(104, StackEvents.OFFCPU_LAYOUT.byteSize());
    }

    @Test
    void cpuListsParse() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 6, 8, 9}, PerfEvents.parseCpuList("0-3,6,8-9\n"));
        assertArrayEquals(new int[] {0}, PerfEvents.parseCpuList("0"));
    }
}
