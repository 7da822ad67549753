package dev.jrec.symbols.resymbolize;

import dev.jrec.symbols.elf.ElfFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each loadable segment of a binary lay in its file, to turn a frame's file offset into the
 * address its symbols use. A separate debug file (objcopy --only-keep-debug) keeps the segments' addresses
 * and memory sizes but not their file offsets (its program headers say offset 0, size 0), so for one the
 * offsets are laid out again the way ld, gold and lld lay them out: in address order, each at the first
 * offset past the previous segment's bytes that is congruent to its address modulo the page size (mmap
 * needs that). Code and read-only segments hold no .bss, so their size in the file is their size in memory.
 */
final class FileLayout {
    private static final long PAGE = 0x1000;

    private record Load(long offset, long vaddr, long size) {}

    private final ElfFile elf;
    /** Rebuilt for a debug-only file, null for one whose program headers keep their offsets. */
    private final List<Load> rebuilt;

    FileLayout(ElfFile elf) {
        this.elf = elf;
        List<ElfFile.Segment> segs = elf.loads();
        boolean debugOnly = segs.stream().anyMatch(s -> (s.flags() & 1 /* PF_X */) != 0 && s.filesz() == 0 && s.memsz() > 0);
        if (!debugOnly) {
            rebuilt = null;
            return;
        }
        rebuilt = new ArrayList<>();
        long next = 0;
        for (ElfFile.Segment s : segs) {
            long offset = next + Math.floorMod(s.vaddr() - next, PAGE);
            rebuilt.add(new Load(offset, s.vaddr(), s.memsz()));
            next = offset + s.memsz();
        }
    }

    /** The address a file offset was loaded at, or -1 if no segment held it. */
    long vaddr(long fileOffset) {
        if (rebuilt == null) return elf.fileOffsetToVaddr(fileOffset);
        for (Load l : rebuilt) {
            if (fileOffset >= l.offset() && fileOffset < l.offset() + l.size()) return fileOffset - l.offset() + l.vaddr();
        }
        return -1;
    }
}
