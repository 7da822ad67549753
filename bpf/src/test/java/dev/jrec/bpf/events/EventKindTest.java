package dev.jrec.bpf.events;

import dev.jrec.bpf.libbpf.Arch;
import dev.jrec.bpf.libbpf.BpfObject;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * EventKind and Drop name every enumerator of enum jrec_kind and enum jrec_drop, with its value, as the
 * shipped objects of every arch were compiled (jrec_btf_anchor keeps both enums in each object's BTF).
 */
class EventKindTest {
    private static final String[] OBJECTS = {"sched", "proc", "block", "syscalls", "profile", "offcpu", "net", "irq", "mem", "lock", "uprobe"};

    @Test
    void kindsAreTheObjectsEnum() {
        assertObjectsHave("jrec_kind", constants(EventKind.class, "JREC_"));
    }

    @Test
    void dropSlotsAreTheObjectsEnum() {
        assertObjectsHave("jrec_drop", constants(Drop.class, "JREC_DROP_"));
    }

    private static void assertObjectsHave(String cEnum, Map<String, Long> java) {
        for (Arch arch : Arch.values()) for (String name : OBJECTS) {
            try (BpfObject obj = BpfObject.open(name, arch)) {
                assertEquals(java, obj.btf().enumerators(cEnum), arch + " " + name + " enum " + cEnum);
            }
        }
    }

    @Test
    void everyKindHasAName() {
        constants(EventKind.class, "").forEach((field, kind) ->
                assertFalse(EventKind.name(kind.intValue()).startsWith("unknown"), field));
    }

    /** The public int constants of c, by prefix + field name, in declaration order. */
    private static Map<String, Long> constants(Class<?> c, String prefix) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Field f : c.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && f.getType() == int.class) {
                try {
                    out.put(prefix + f.getName(), (long) f.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return out;
    }
}
