package dev.jrec.symbols.resymbolize;

import dev.jrec.symbols.elf.Binary;
import dev.jrec.symbols.elf.ElfFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * ELF files with symbols under a directory, found by GNU build-id: the debuginfod/.build-id layout
 * (.build-id/ab/cdef....debug, as /usr/lib/debug has it), else any ELF file below the directory whose
 * build-id matches: unstripped binaries copied from a build, a debug package unpacked anywhere.
 */
final class DebugFiles {
    /** Deeper trees are not worth walking: debug directories are shallow. */
    private static final int MAX_DEPTH = 8;

    private final Path dir;
    private final Map<String, Optional<ElfFile>> byBuildId = new HashMap<>();
    private Map<String, Path> scanned;

    DebugFiles(Path dir) {
        this.dir = dir;
    }

    /** The ELF file with symbols for this build-id (lowercase hex), if the directory has one. */
    Optional<ElfFile> find(String buildId) {
        return byBuildId.computeIfAbsent(buildId.toLowerCase(Locale.ROOT), this::lookup);
    }

    private Optional<ElfFile> lookup(String id) {
        if (id.length() > 2) {
            for (Path p : new Path[] {Binary.buildIdPath(dir, id, ".debug"), Binary.buildIdPath(dir, id, "")}) {
                Optional<ElfFile> elf = withSymbols(p, id);
                if (elf.isPresent()) return elf;
            }
        }
        Path p = scan().get(id);
        return p == null ? Optional.empty() : withSymbols(p, id);
    }

    private static Optional<ElfFile> withSymbols(Path p, String id) {
        if (!Files.isRegularFile(p)) return Optional.empty();
        try {
            ElfFile elf = ElfFile.read(p);
            return id.equals(elf.buildId()) && elf.hasSymtab() ? Optional.of(elf) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not an ELF file, or a damaged one: as if absent
        }
    }

    /** Every ELF file's build-id below the directory, read once; those with a symbol table win ties. */
    private Map<String, Path> scan() {
        if (scanned != null) return scanned;
        scanned = new HashMap<>();
        try (Stream<Path> files = Files.walk(dir, MAX_DEPTH, EnumSet.noneOf(FileVisitOption.class).toArray(FileVisitOption[]::new))) {
            files.filter(Files::isRegularFile).filter(DebugFiles::isElf).forEach(p -> {
                try {
                    ElfFile elf = ElfFile.read(p);
                    if (elf.buildId() != null && (elf.hasSymtab() || !scanned.containsKey(elf.buildId()))) {
                        scanned.put(elf.buildId(), p);
                    }
                } catch (IOException | RuntimeException e) {
                    // unreadable or not a complete ELF file: skipped
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // an unreadable subdirectory ends the walk: what was found so far still counts
        }
        return scanned;
    }

    private static boolean isElf(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }
}
