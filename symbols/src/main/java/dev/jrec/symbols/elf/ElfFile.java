package dev.jrec.symbols.elf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * What symbolization needs from a little-endian ELF64 file, read once:
 * type, PT_LOAD segments, GNU build-id, .gnu_debuglink, and the function
 * symbols of .symtab and .dynsym. The file is mapped only while parsing.
 */
public final class ElfFile {
    static final int ET_EXEC = 2, ET_DYN = 3;
    private static final int PT_LOAD = 1, PT_NOTE = 4, PT_GNU_EH_FRAME = 0x6474e550;
    /** .eh_frame(_hdr) larger than this are not kept (libjvm.so's is ~2 MiB). */
    private static final long MAX_UNWIND_SECTION = 64L << 20;
    private static final int SHT_SYMTAB = 2, SHT_NOTE = 7, SHT_NOBITS = 8, SHT_DYNSYM = 11;
    private static final int STT_NOTYPE = 0, STT_FUNC = 2, STT_GNU_IFUNC = 10;
    private static final int STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2;
    private static final int SHN_UNDEF = 0, SHN_ABS = 0xfff1;
    private static final int NT_GNU_BUILD_ID = 3;

    /** A PT_LOAD program header. */
    public record Segment(long offset, long vaddr, long filesz, long memsz, int flags) {}

    private final Path path;
    private final int type;
    private final List<Segment> loads;
    private final String buildId;
    private final String debuglink;
    private final boolean hasSymtab;
    private final SymbolTable symbols;
    private final Section ehFrameHdr;
    private final Section ehFrame;

    /** An allocated section's bytes and the vaddr they are loaded at. */
    public record Section(long vaddr, byte[] bytes) {}

    private ElfFile(Path path, int type, List<Segment> loads, String buildId, String debuglink, boolean hasSymtab,
                    SymbolTable symbols, Section ehFrameHdr, Section ehFrame) {
        this.path = path;
        this.type = type;
        this.loads = loads;
        this.buildId = buildId;
        this.debuglink = debuglink;
        this.hasSymtab = hasSymtab;
        this.symbols = symbols;
        this.ehFrameHdr = ehFrameHdr;
        this.ehFrame = ehFrame;
    }

    /** Parses path; throws IOException when it is not a readable little-endian ELF64 file. */
    public static ElfFile read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = ch.size();
            if (size < 64) {
                throw new IOException(path + ": too small for ELF");
            }
            MemorySegment m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return parse(path, m);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IOException(path + ": malformed ELF (" + e.getMessage() + ")", e);
        }
    }

    private static ElfFile parse(Path path, MemorySegment m) throws IOException {
        if (m.get(JAVA_INT_UNALIGNED, 0) != 0x464c457f) {
            throw new IOException(path + ": not ELF");
        }
        if (m.get(JAVA_BYTE, 4) != 2 || m.get(JAVA_BYTE, 5) != 1) {
            throw new IOException(path + ": not a little-endian ELF64 file");
        }
        int type = m.get(JAVA_SHORT_UNALIGNED, 16) & 0xffff;
        long phoff = m.get(JAVA_LONG_UNALIGNED, 32), shoff = m.get(JAVA_LONG_UNALIGNED, 40);
        int phentsize = m.get(JAVA_SHORT_UNALIGNED, 54) & 0xffff, phnum = m.get(JAVA_SHORT_UNALIGNED, 56) & 0xffff;
        int shentsize = m.get(JAVA_SHORT_UNALIGNED, 58) & 0xffff, shnum = m.get(JAVA_SHORT_UNALIGNED, 60) & 0xffff;
        int shstrndx = m.get(JAVA_SHORT_UNALIGNED, 62) & 0xffff;
        if (shoff != 0 && shnum == 0) {
            shnum = (int) m.get(JAVA_LONG_UNALIGNED, shoff + 32); // extended numbering: sh_size of section 0
        }
        if (shoff != 0 && shstrndx == 0xffff) {
            shstrndx = m.get(JAVA_INT_UNALIGNED, shoff + 40);   // sh_link of section 0
        }

        List<Segment> loads = new ArrayList<>();
        String buildId = null;
        Section ehFrameHdr = null, ehFrame = null;
        for (int i = 0; i < phnum; i++) {
            long p = phoff + (long) i * phentsize;
            int ptype = m.get(JAVA_INT_UNALIGNED, p);
            long off = m.get(JAVA_LONG_UNALIGNED, p + 8), vaddr = m.get(JAVA_LONG_UNALIGNED, p + 16);
            long filesz = m.get(JAVA_LONG_UNALIGNED, p + 32), memsz = m.get(JAVA_LONG_UNALIGNED, p + 40);
            if (ptype == PT_LOAD) {
                loads.add(new Segment(off, vaddr, filesz, memsz, m.get(JAVA_INT_UNALIGNED, p + 4)));
            } else if (ptype == PT_NOTE && buildId == null && off + filesz <= m.byteSize()) {
                buildId = buildIdNote(m, off, filesz);
            } else if (ptype == PT_GNU_EH_FRAME && off + filesz <= m.byteSize() && filesz < MAX_UNWIND_SECTION) {
                ehFrameHdr = section(m, off, vaddr, filesz);
            }
        }

        String debuglink = null;
        boolean hasSymtab = false;
        SymbolTable.Builder symbols = new SymbolTable.Builder();
        long[] plt = null, pltSec = null, relaPlt = null; // {addr or offset, size, link}
        if (shoff != 0 && shnum > 0 && shoff + (long) shnum * shentsize <= m.byteSize()) {
            long strtabOff = m.get(JAVA_LONG_UNALIGNED, shoff + (long) shstrndx * shentsize + 24);
            for (int i = 0; i < shnum; i++) {
                long s = shoff + (long) i * shentsize;
                int stype = m.get(JAVA_INT_UNALIGNED, s + 4);
                long off = m.get(JAVA_LONG_UNALIGNED, s + 24), size = m.get(JAVA_LONG_UNALIGNED, s + 32);
                if (stype == SHT_NOBITS || off + size > m.byteSize()) {
                    continue;
                }
                String name = cString(m, strtabOff + (m.get(JAVA_INT_UNALIGNED, s) & 0xffffffffL));
                if (stype == SHT_NOTE && buildId == null) {
                    buildId = buildIdNote(m, off, size);
                } else if (name.equals(".eh_frame") && size < MAX_UNWIND_SECTION) {
                    ehFrame = section(m, off, m.get(JAVA_LONG_UNALIGNED, s + 16), size);
                } else if (name.equals(".plt") || name.equals(".plt.sec")) {
                    long[] sec = {m.get(JAVA_LONG_UNALIGNED, s + 16), size, 0};
                    if (name.equals(".plt")) plt = sec;
                    else pltSec = sec;
                } else if (name.equals(".rela.plt")) {
                    relaPlt = new long[] {off, size, m.get(JAVA_INT_UNALIGNED, s + 40)};
                } else if (name.equals(".gnu_debuglink") && size > 4) {
                    debuglink = cString(m, off);
                } else if (stype == SHT_SYMTAB || stype == SHT_DYNSYM) {
                    hasSymtab |= stype == SHT_SYMTAB;
                    int link = m.get(JAVA_INT_UNALIGNED, s + 40);
                    long entsize = m.get(JAVA_LONG_UNALIGNED, s + 56);
                    long ls = shoff + (long) link * shentsize;
                    long strOff = m.get(JAVA_LONG_UNALIGNED, ls + 24), strSize = m.get(JAVA_LONG_UNALIGNED, ls + 32);
                    if (entsize < 24 || strOff + strSize > m.byteSize()) {
                        continue;
                    }
                    readSymbols(m, off, size, entsize, strOff, strSize, symbols);
                }
            }
        }
        if (relaPlt != null && (plt != null || pltSec != null)) {
            pltSymbols(m, shoff, shentsize, shnum, relaPlt, plt, pltSec, symbols);
        }
        return new ElfFile(path, type, List.copyOf(loads), buildId, debuglink, hasSymtab, symbols.build(), ehFrameHdr, ehFrame);
    }

    /**
     * Names the PLT's stubs as perf does, {@code rand@plt}: otherwise an address in the PLT falls to the
     * unsized {@code _init} before it. x86-64: stub i of .plt.sec (IBT builds) is at its start + 16 i; in
     * .plt, after the 16-byte PLT0. Each .rela.plt entry names the symbol of its stub, in order.
     */
    private static void pltSymbols(MemorySegment m, long shoff, int shentsize, int shnum, long[] rela, long[] plt, long[] pltSec,
                                   SymbolTable.Builder out) {
        int dynsym = (int) rela[2];
        if (dynsym <= 0 || dynsym >= shnum) return;
        long ds = shoff + (long) dynsym * shentsize;
        long symOff = m.get(JAVA_LONG_UNALIGNED, ds + 24), symEnt = m.get(JAVA_LONG_UNALIGNED, ds + 56);
        int strLink = m.get(JAVA_INT_UNALIGNED, ds + 40);
        if (symEnt < 24 || strLink <= 0 || strLink >= shnum) return;
        long strOff = m.get(JAVA_LONG_UNALIGNED, shoff + (long) strLink * shentsize + 24);
        long base = pltSec != null ? pltSec[0] : plt[0] + 16, end = pltSec != null ? pltSec[0] + pltSec[1] : plt[0] + plt[1];
        java.io.ByteArrayOutputStream names = new java.io.ByteArrayOutputStream();
        names.write(0);
        List<long[]> stubs = new ArrayList<>();
        for (long e = rela[0], i = 0; e + 24 <= rela[0] + rela[1] && e + 24 <= m.byteSize(); e += 24, i++) {
            long addr = base + 16 * i;
            if (addr + 16 > end) break;
            long sym = m.get(JAVA_LONG_UNALIGNED, e + 8) >>> 32;
            long nameAt = symOff + sym * symEnt;
            if (sym == 0 || nameAt + 24 > m.byteSize()) continue;
            String name = cString(m, strOff + (m.get(JAVA_INT_UNALIGNED, nameAt) & 0xffffffffL));
            if (name.isEmpty()) continue;
            stubs.add(new long[] {addr, names.size()});
            names.writeBytes((name + "@plt").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            names.write(0);
        }
        if (stubs.isEmpty()) return;
        int table = out.strtab(names.toByteArray());
        for (long[] stub : stubs) out.add(stub[0], 16, table, (int) stub[1], 0);
    }

    private static Section section(MemorySegment m, long off, long vaddr, long size) {
        byte[] b = new byte[(int) size];
        MemorySegment.copy(m, JAVA_BYTE, off, b, 0, b.length);
        return new Section(vaddr, b);
    }

    private static void readSymbols(MemorySegment m, long off, long size, long entsize, long strOff, long strSize,
                                    SymbolTable.Builder out) {
        byte[] strtab = new byte[(int) Math.min(strSize, Integer.MAX_VALUE - 8)];
        MemorySegment.copy(m, JAVA_BYTE, strOff, strtab, 0, strtab.length);
        int table = out.strtab(strtab);
        for (long e = off; e + 24 <= off + size; e += entsize) {
            int nameOff = m.get(JAVA_INT_UNALIGNED, e);
            int info = m.get(JAVA_BYTE, e + 4) & 0xff;
            int shndx = m.get(JAVA_SHORT_UNALIGNED, e + 6) & 0xffff;
            long value = m.get(JAVA_LONG_UNALIGNED, e + 8), symSize = m.get(JAVA_LONG_UNALIGNED, e + 16);
            int stt = info & 0xf, bind = info >> 4;
            if (shndx == SHN_UNDEF || shndx == SHN_ABS || value == 0 || nameOff <= 0 || nameOff >= strtab.length) {
                continue;
            }
            boolean func = stt == STT_FUNC || stt == STT_GNU_IFUNC;
            // untyped global labels of hand-written assembly count, with a lower rank than functions
            if (!func && !(stt == STT_NOTYPE && bind != STB_LOCAL)) {
                continue;
            }
            if (strtab[nameOff] == '$' || strtab[nameOff] == '.') {
                continue; // mapping symbols and local labels
            }
            int rank = (func ? 0 : 4) + switch (bind) {
                case STB_GLOBAL -> 0;
                case STB_WEAK -> 1;
                default -> 2;
            };
            out.add(value, symSize, table, nameOff, rank);
        }
    }

    /** The hex build-id from the notes in [off, off+size), or null. */
    static String buildIdNote(MemorySegment m, long off, long size) {
        long p = off, end = off + size;
        while (p + 12 <= end) {
            int namesz = m.get(JAVA_INT_UNALIGNED, p), descsz = m.get(JAVA_INT_UNALIGNED, p + 4);
            int ntype = m.get(JAVA_INT_UNALIGNED, p + 8);
            if (namesz < 0 || descsz < 0) {
                return null;
            }
            long name = p + 12, desc = name + align4(namesz);
            if (desc + descsz > end) {
                return null;
            }
            if (ntype == NT_GNU_BUILD_ID && namesz == 4 && m.get(JAVA_INT_UNALIGNED, name) == 0x00554e47) { // "GNU\0"
                byte[] id = new byte[descsz];
                MemorySegment.copy(m, JAVA_BYTE, desc, id, 0, descsz);
                return HexFormat.of().formatHex(id);
            }
            p = desc + align4(descsz);
        }
        return null;
    }

    /** The build-id in a notes blob such as /sys/kernel/notes, or null. */
    public static String buildIdNote(byte[] notes) {
        return buildIdNote(MemorySegment.ofArray(notes), 0, notes.length);
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }

    private static String cString(MemorySegment m, long off) {
        long end = off;
        long limit = Math.min(m.byteSize(), off + 4096);
        while (end < limit && m.get(JAVA_BYTE, end) != 0) {
            end++;
        }
        byte[] b = new byte[(int) (end - off)];
        MemorySegment.copy(m, JAVA_BYTE, off, b, 0, b.length);
        return new String(b, StandardCharsets.UTF_8);
    }

    public Path path() {
        return path;
    }

    /** ET_EXEC (2) or ET_DYN (3: PIE executables and shared objects), ... */
    public int type() {
        return type;
    }

    public List<Segment> loads() {
        return loads;
    }

    /** Hex GNU build-id, or null. */
    public String buildId() {
        return buildId;
    }

    /** The file name .gnu_debuglink names, or null. */
    public String debuglink() {
        return debuglink;
    }

    /** Whether it has a .symtab (not only .dynsym): a stripped file has not. */
    public boolean hasSymtab() {
        return hasSymtab;
    }

    public SymbolTable symbols() {
        return symbols;
    }

    /** .eh_frame_hdr (by PT_GNU_EH_FRAME), or null. */
    public Section ehFrameHdr() {
        return ehFrameHdr;
    }

    /** .eh_frame (by section header), or null (e.g. a file without section headers: see {@link #ehFrameHdr}). */
    public Section ehFrame() {
        return ehFrame;
    }

    /** The vaddr that a file offset is loaded at, by the PT_LOAD segment holding it; -1 if none does. */
    public long fileOffsetToVaddr(long fileOffset) {
        for (Segment s : loads) {
            if (fileOffset >= s.offset() && fileOffset < s.offset() + s.filesz()) {
                return fileOffset - s.offset() + s.vaddr();
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return path + " (type " + type + ", build-id " + buildId + ", " + symbols.size() + " symbols"
                + (hasSymtab ? "" : ", stripped") + ", loads " + Arrays.toString(loads.toArray()) + ")";
    }
}
