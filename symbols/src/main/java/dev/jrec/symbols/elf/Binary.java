package dev.jrec.symbols.elf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One executable or shared object, parsed once: its ELF (for file offset
 * to vaddr) and its symbols, completed from a separate debug file when the
 * binary is stripped (/usr/lib/debug/.build-id/xx/yyyy.debug, then
 * .gnu_debuglink next to it, in .debug/ and under /usr/lib/debug).
 */
public final class Binary {
    public static final Path DEBUG_ROOT = Path.of("/usr/lib/debug");

    private final String module;
    private final ElfFile elf;
    private final SymbolTable symbols;
    private final Path debugFile;

    private Binary(String module, ElfFile elf, SymbolTable symbols, Path debugFile) {
        this.module = module;
        this.elf = elf;
        this.symbols = symbols;
        this.debugFile = debugFile;
    }

    /**
     * Parses file (a path that opens the binary now: /proc/PID/map_files/...
     * or the path itself) as module (the name frames will carry).
     * dir is where the binary lives on the host, for .gnu_debuglink.
     */
    public static Binary load(String module, Path file, Path debugRoot) throws IOException {
        ElfFile elf = ElfFile.read(file);
        if (elf.hasSymtab()) {
            return new Binary(module, elf, elf.symbols(), null);
        }
        for (Path candidate : debugCandidates(module, elf, debugRoot)) {
            if (!Files.isRegularFile(candidate)) {
                continue;
            }
            try {
                ElfFile dbg = ElfFile.read(candidate);
                if (elf.buildId() != null && dbg.buildId() != null && !elf.buildId().equals(dbg.buildId())) {
                    continue; // a debug file of another build
                }
                SymbolTable.Builder b = new SymbolTable.Builder();
                b.addAll(dbg.symbols(), 0);
                b.addAll(elf.symbols(), 8); // .dynsym names lose to the full symtab's at the same address
                return new Binary(module, elf, b.build(), candidate);
            } catch (IOException e) {
                // unreadable debug file: try the next, else .dynsym alone
            }
        }
        return new Binary(module, elf, elf.symbols(), null);
    }

    /** Where a debug directory keeps the file of a build-id: root/.build-id/ab/cdef...SUFFIX (".debug", or "" for the binary). */
    public static Path buildIdPath(Path root, String buildId, String suffix) {
        return root.resolve(".build-id").resolve(buildId.substring(0, 2)).resolve(buildId.substring(2) + suffix);
    }

    static List<Path> debugCandidates(String module, ElfFile elf, Path debugRoot) {
        List<Path> out = new ArrayList<>();
        String id = elf.buildId();
        if (id != null && id.length() > 2) {
            out.add(buildIdPath(debugRoot, id, ".debug"));
        }
        String link = elf.debuglink();
        if (link != null && !link.isEmpty() && !link.contains("/") && module.startsWith("/")) {
            Path dir = Path.of(module).getParent();
            if (dir != null) {
                out.add(dir.resolve(link));
                out.add(dir.resolve(".debug").resolve(link));
                out.add(debugRoot.resolve(dir.toString().substring(1)).resolve(link));
            }
        }
        return out;
    }

    /** The path frames name (as /proc/PID/maps shows it, " (deleted)" removed). */
    public String module() {
        return module;
    }

    public String buildId() {
        return elf.buildId();
    }

    public ElfFile elf() {
        return elf;
    }

    /** The debug file whose symbols were used, or null. */
    public Path debugFile() {
        return debugFile;
    }

    public SymbolTable symbols() {
        return symbols;
    }

    private dev.jrec.symbols.unwind.EhFrame cfi;
    private boolean cfiTried;

    /** Its .eh_frame CFI (indexed on first use), or null when it has none. */
    public dev.jrec.symbols.unwind.EhFrame cfi() {
        if (!cfiTried) {
            cfiTried = true;
            ElfFile.Section frame = elf.ehFrame(), hdr = elf.ehFrameHdr();
            if (frame != null) {
                try {
                    cfi = dev.jrec.symbols.unwind.EhFrame.of(frame.bytes(), frame.vaddr(),
                            hdr == null ? null : hdr.bytes(), hdr == null ? 0 : hdr.vaddr());
                } catch (RuntimeException e) {
                    cfi = null; // malformed: frames of this binary are walked by frame pointer
                }
            }
        }
        return cfi;
    }

    /** The vaddr of a file offset (PT_LOAD), or -1. */
    public long vaddr(long fileOffset) {
        return elf.fileOffsetToVaddr(fileOffset);
    }
}
