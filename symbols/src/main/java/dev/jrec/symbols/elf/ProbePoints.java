package dev.jrec.symbols.elf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * What an ELF file offers to probe: its function symbols by name, with the file offset a uprobe is placed at
 * (as libbpf's elf_find_func_offset computes it: the symbol's address, less its section's address, plus the
 * section's file offset), and its USDT notes (.note.stapsdt, as systemtap's sys/sdt.h writes them). Symbolization
 * (ElfFile) wants the opposite lookup, address to name, so this reads the tables its own way.
 */
public final class ProbePoints {
    private static final int SHT_SYMTAB = 2, SHT_NOTE = 7, SHT_DYNSYM = 11;
    private static final int STT_FUNC = 2, STT_GNU_IFUNC = 10, SHN_UNDEF = 0, SHN_LORESERVE = 0xff00;
    private static final int NT_STAPSDT = 3;

    /** A function: its address and size, its file offset, and whether it is an IFUNC (a resolver, run once at load). */
    public record Function(String name, long vaddr, long size, long fileOffset, boolean ifunc) {}

    /** A USDT probe site: provider and name, the site's address, .stapsdt.base's address as linked, the semaphore's address (0: none), its arguments' locations. */
    public record Usdt(String provider, String name, long pc, long base, long semaphore, String args) {}

    private final Map<String, List<Function>> byName;
    private final List<Usdt> usdt;

    private ProbePoints(Map<String, List<Function>> byName, List<Usdt> usdt) {
        this.byName = byName;
        this.usdt = usdt;
    }

    /** Reads path; an IOException with a one-line message when it is not a readable little-endian ELF64 file. */
    public static ProbePoints read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            if (ch.size() < 64) throw new IOException(path + " is not an ELF file (too small)");
            MemorySegment m = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            if (m.get(JAVA_INT_UNALIGNED, 0) != 0x464c457f) throw new IOException(path + " is not an ELF file");
            if (m.get(JAVA_BYTE, 4) != 2 || m.get(JAVA_BYTE, 5) != 1) throw new IOException(path + " is not a little-endian 64-bit ELF file");
            return parse(m);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IOException(path + ": malformed ELF (" + e.getMessage() + ")", e);
        }
    }

    private static ProbePoints parse(MemorySegment m) {
        long shoff = m.get(JAVA_LONG_UNALIGNED, 40);
        int shentsize = m.get(JAVA_SHORT_UNALIGNED, 58) & 0xffff, shnum = m.get(JAVA_SHORT_UNALIGNED, 60) & 0xffff;
        int shstrndx = m.get(JAVA_SHORT_UNALIGNED, 62) & 0xffff;
        Map<String, List<Function>> byName = new LinkedHashMap<>();
        List<Usdt> notes = new ArrayList<>();
        if (shoff == 0 || shnum == 0) return new ProbePoints(byName, notes);
        long[] addr = new long[shnum], off = new long[shnum];
        for (int i = 0; i < shnum; i++) {
            long s = shoff + (long) i * shentsize;
            addr[i] = m.get(JAVA_LONG_UNALIGNED, s + 16);
            off[i] = m.get(JAVA_LONG_UNALIGNED, s + 24);
        }
        long names = off[shstrndx];
        for (int i = 0; i < shnum; i++) {
            long s = shoff + (long) i * shentsize;
            int type = m.get(JAVA_INT_UNALIGNED, s + 4);
            long size = m.get(JAVA_LONG_UNALIGNED, s + 32);
            if (type == SHT_SYMTAB || type == SHT_DYNSYM) {
                int link = m.get(JAVA_INT_UNALIGNED, s + 40);
                long entsize = m.get(JAVA_LONG_UNALIGNED, s + 56);
                if (entsize >= 24 && link < shnum) symbols(m, off[i], size, entsize, off[link], addr, off, byName);
            } else if (type == SHT_NOTE && cString(m, names + (m.get(JAVA_INT_UNALIGNED, s) & 0xffffffffL)).equals(".note.stapsdt")) {
                stapsdt(m, off[i], size, notes);
            }
        }
        for (List<Function> l : byName.values()) l.sort(Comparator.comparingLong(Function::vaddr));
        return new ProbePoints(byName, List.copyOf(notes));
    }

    private static void symbols(MemorySegment m, long at, long size, long entsize, long strtab, long[] addr, long[] off,
                                Map<String, List<Function>> out) {
        for (long e = at; e + 24 <= at + size; e += entsize) {
            int info = m.get(JAVA_BYTE, e + 4) & 0xf;
            int shndx = m.get(JAVA_SHORT_UNALIGNED, e + 6) & 0xffff;
            if (info != STT_FUNC && info != STT_GNU_IFUNC || shndx == SHN_UNDEF || shndx >= SHN_LORESERVE || shndx >= addr.length) continue;
            String name = cString(m, strtab + (m.get(JAVA_INT_UNALIGNED, e) & 0xffffffffL));
            if (name.isEmpty()) continue;
            long value = m.get(JAVA_LONG_UNALIGNED, e + 8);
            Function f = new Function(name, value, m.get(JAVA_LONG_UNALIGNED, e + 16), value - addr[shndx] + off[shndx], info == STT_GNU_IFUNC);
            List<Function> same = out.computeIfAbsent(name, k -> new ArrayList<>());
            if (same.stream().noneMatch(g -> g.vaddr() == f.vaddr())) same.add(f); // .symtab and .dynsym both list exported ones
        }
    }

    /** Notes of type 3, owner "stapsdt": pc, base, semaphore (8 bytes each), then provider, name and args, NUL-terminated. */
    private static void stapsdt(MemorySegment m, long at, long size, List<Usdt> out) {
        for (long n = at; n + 12 <= at + size; ) {
            long namesz = m.get(JAVA_INT_UNALIGNED, n) & 0xffffffffL, descsz = m.get(JAVA_INT_UNALIGNED, n + 4) & 0xffffffffL;
            int type = m.get(JAVA_INT_UNALIGNED, n + 8);
            long desc = n + 12 + align4(namesz);
            if (type == NT_STAPSDT && cString(m, n + 12).equals("stapsdt") && descsz >= 24) {
                String provider = cString(m, desc + 24);
                String name = cString(m, desc + 24 + provider.length() + 1);
                String args = cString(m, desc + 24 + provider.length() + 1 + name.length() + 1);
                out.add(new Usdt(provider, name, m.get(JAVA_LONG_UNALIGNED, desc), m.get(JAVA_LONG_UNALIGNED, desc + 8),
                        m.get(JAVA_LONG_UNALIGNED, desc + 16), args));
            }
            n = desc + align4(descsz);
        }
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }

    private static String cString(MemorySegment m, long at) {
        long end = at;
        while (end < m.byteSize() && m.get(JAVA_BYTE, end) != 0) end++;
        byte[] b = new byte[(int) (end - at)];
        MemorySegment.copy(m, JAVA_BYTE, at, b, 0, b.length);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Functions of that name (a version suffix, name@VER or name@@VER, is ignored), by address. */
    public List<Function> find(String name) {
        int at = name.indexOf('@');
        return List.copyOf(byName.getOrDefault(at > 0 ? name.substring(0, at) : name, List.of()));
    }

    /** Every function, by name. */
    public List<Function> functions() {
        return byName.values().stream().flatMap(List::stream).sorted(Comparator.comparing(Function::name).thenComparingLong(Function::vaddr)).toList();
    }

    /** The USDT probe sites, in the notes' order (a probe inlined in several places has a site for each). */
    public List<Usdt> usdt() {
        return usdt;
    }
}
