package dev.jrec.bpf.events;

import dev.jrec.bpf.libbpf.Arch;
import dev.jrec.bpf.libbpf.BpfObject;
import dev.jrec.bpf.libbpf.Btf;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Java mirrors must match the C structs as compiled into the shipped objects, of every arch. */
class EventLayoutsTest {
    @Test
    void everyMirrorMatchesTheObjectsBtf() {
        for (Arch arch : Arch.values()) for (Map.Entry<StructLayout, String> e : EventLayouts.OBJECT_OF.entrySet()) {
            StructLayout layout = e.getKey();
            try (BpfObject obj = BpfObject.open(e.getValue(), arch)) {
                Btf.Struct c = obj.btf().struct(layout.name().orElseThrow());
                assertEquals(c.size(), layout.byteSize(), arch + " " + layout.name() + " size");
                assertEquals(offsets(c), offsets(layout), arch + " " + layout.name() + " members");
            }
        }
    }

    @Test
    void headerMatchesTheObjectsBtf() {
        for (Arch arch : Arch.values()) {
            try (BpfObject obj = BpfObject.open("sched", arch)) {
                Btf.Struct c = obj.btf().struct("jrec_hdr");
                assertEquals(40, c.size(), arch.toString());
                assertEquals(offsets(c), offsets(EventLayouts.HDR), arch.toString());
            }
        }
    }

    private static Map<String, Long> offsets(Btf.Struct c) {
        Map<String, Long> out = new LinkedHashMap<>();
        c.members().forEach((name, slot) -> out.put(name, slot.offset()));
        return out;
    }

    private static Map<String, Long> offsets(StructLayout l) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (MemoryLayout m : l.memberLayouts()) {
            String name = m.name().orElseThrow();
            out.put(name, l.byteOffset(MemoryLayout.PathElement.groupElement(name)));
        }
        return out;
    }
}
