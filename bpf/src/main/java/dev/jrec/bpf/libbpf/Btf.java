package dev.jrec.bpf.libbpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * Read-only view of a libbpf struct btf: enough to find .rodata variables
 * and struct member offsets. Owned instances (vmlinux) must be closed.
 */
public final class Btf implements AutoCloseable {
    // struct btf_type { u32 name_off; u32 info; u32 size_or_type; } then vlen 12-byte entries
    private static final int TYPE_SIZE = 12, ENTRY_SIZE = 12;

    /** A named slot: a variable in a DATASEC or a member of a struct, in bytes. */
    public record Slot(String name, long offset, long size) {}

    /** A struct's size and members in declaration order (byte offsets; size -1 when not recorded). */
    public record Struct(String name, long size, Map<String, Slot> members) {}

    private final MemorySegment btf;
    private final boolean owned;

    Btf(MemorySegment btf, boolean owned) {
        this.btf = btf;
        this.owned = owned;
    }

    /** The running kernel's BTF (/sys/kernel/btf/vmlinux). */
    public static Btf vmlinux() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libbpf.callState(arena);
            MemorySegment p = (MemorySegment) Libbpf.BTF_LOAD_VMLINUX.invokeExact(state);
            if (p.equals(MemorySegment.NULL)) {
                throw new LibbpfException("btf__load_vmlinux_btf", Libbpf.errno(state));
            }
            return new Btf(p, true);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /** Type id of name with the given BTF_KIND_*, if present. */
    public Optional<Integer> find(String name, int kind) {
        try (Arena arena = Arena.ofConfined()) {
            int id = (int) Libbpf.BTF_FIND_BY_NAME_KIND.invokeExact(btf, arena.allocateFrom(name), kind);
            return id > 0 ? Optional.of(id) : Optional.empty();
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    private MemorySegment type(int id) {
        try {
            MemorySegment t = (MemorySegment) Libbpf.BTF_TYPE_BY_ID.invokeExact(btf, id);
            if (t.equals(MemorySegment.NULL)) {
                throw new LibbpfException("no BTF type " + id);
            }
            t = t.reinterpret(TYPE_SIZE);
            return t.reinterpret(TYPE_SIZE + (long) vlen(t) * ENTRY_SIZE);
        } catch (Throwable e) {
            throw Libbpf.rethrow(e);
        }
    }

    private static int vlen(MemorySegment t) {
        return t.get(JAVA_INT_UNALIGNED, 4) & 0xffff;
    }

    private static int entry(MemorySegment t, int i, int field) {
        return t.get(JAVA_INT_UNALIGNED, TYPE_SIZE + (long) i * ENTRY_SIZE + field * 4L);
    }

    private String name(int nameOff) {
        try {
            return Libbpf.string((MemorySegment) Libbpf.BTF_NAME_BY_OFFSET.invokeExact(btf, nameOff));
        } catch (Throwable e) {
            throw Libbpf.rethrow(e);
        }
    }

    /** Variables of a DATASEC such as ".rodata", with their offsets in the section. */
    public Map<String, Slot> datasec(String section) {
        int id = find(section, Libbpf.BTF_KIND_DATASEC)
                .orElseThrow(() -> new LibbpfException("no BTF DATASEC " + section));
        MemorySegment sec = type(id);
        Map<String, Slot> vars = new LinkedHashMap<>();
        for (int i = 0; i < vlen(sec); i++) {
            // struct btf_var_secinfo { u32 type; u32 offset; u32 size; }
            MemorySegment var = type(entry(sec, i, 0));
            String n = name(var.get(JAVA_INT_UNALIGNED, 0));
            vars.put(n, new Slot(n, Integer.toUnsignedLong(entry(sec, i, 1)), Integer.toUnsignedLong(entry(sec, i, 2))));
        }
        return vars;
    }

    /** A struct's member offsets, for checking the Java mirrors of event structs. */
    public Struct struct(String name) {
        int id = find(name, Libbpf.BTF_KIND_STRUCT)
                .orElseThrow(() -> new LibbpfException("no BTF struct " + name));
        MemorySegment t = type(id);
        boolean bitfields = (t.get(JAVA_INT_UNALIGNED, 4) >>> 31) != 0;
        Map<String, Slot> members = new LinkedHashMap<>();
        for (int i = 0; i < vlen(t); i++) {
            // struct btf_member { u32 name_off; u32 type; u32 offset (bits) }
            String n = name(entry(t, i, 0));
            long bits = Integer.toUnsignedLong(entry(t, i, 2));
            if (bitfields) {
                bits &= 0xffffff;
            }
            members.put(n, new Slot(n, bits / 8, -1));
        }
        return new Struct(name, Integer.toUnsignedLong(t.get(JAVA_INT_UNALIGNED, 8)), members);
    }

    /** An enum's enumerators and their values, in declaration order. */
    public Map<String, Long> enumerators(String name) {
        int id = find(name, Libbpf.BTF_KIND_ENUM)
                .orElseThrow(() -> new LibbpfException("no BTF enum " + name));
        MemorySegment t = type(id);
        boolean signed = (t.get(JAVA_INT_UNALIGNED, 4) >>> 31) != 0;
        Map<String, Long> values = new LinkedHashMap<>();
        for (int i = 0; i < vlen(t); i++) {
            // struct btf_enum { u32 name_off; s32 val; }: 8 bytes, not ENTRY_SIZE
            long at = TYPE_SIZE + i * 8L;
            int v = t.get(JAVA_INT_UNALIGNED, at + 4);
            values.put(name(t.get(JAVA_INT_UNALIGNED, at)), signed ? v : Integer.toUnsignedLong(v));
        }
        return values;
    }

    @Override
    public void close() {
        if (owned) {
            try {
                Libbpf.BTF_FREE.invokeExact(btf);
            } catch (Throwable e) {
                throw Libbpf.rethrow(e);
            }
        }
    }
}
