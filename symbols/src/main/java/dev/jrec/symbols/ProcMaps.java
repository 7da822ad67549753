package dev.jrec.symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The executable mappings of /proc/PID/maps. */
final class ProcMaps {
    private ProcMaps() {}

    /**
     * One executable mapping. path is "" for anonymous memory (JIT code),
     * "[vdso]" and the like for special ones; deleted tells that maps
     * marked the file " (deleted)" (the suffix is removed from path).
     */
    record Mapping(long start, long end, long offset, String dev, long inode, String path, boolean deleted) {
        boolean contains(long addr) {
            return Long.compareUnsigned(addr, start) >= 0 && Long.compareUnsigned(addr, end) < 0;
        }

        boolean fileBacked() {
            return inode != 0 && path.startsWith("/");
        }

        /** The name of its entry in /proc/PID/map_files. */
        String mapFilesName() {
            return Long.toHexString(start) + "-" + Long.toHexString(end);
        }
    }

    /** Executable mappings, sorted by address; empty if the process is gone. */
    static List<Mapping> read(Path proc, int pid) {
        List<String> lines;
        try {
            lines = Files.readAllLines(proc.resolve(Integer.toString(pid)).resolve("maps"));
        } catch (IOException e) {
            return List.of();
        }
        List<Mapping> out = new ArrayList<>();
        for (String line : lines) {
            Mapping m = parse(line);
            if (m != null) {
                out.add(m);
            }
        }
        out.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        return out;
    }

    /** One maps line if it is executable, else null. */
    static Mapping parse(String line) {
        // 55d5c6a3c000-55d5c6a3e000 r-xp 00002000 08:01 1234      /usr/bin/cat
        int p = 0;
        int dash = line.indexOf('-');
        int sp1 = line.indexOf(' ', dash);
        if (dash < 0 || sp1 < 0 || sp1 + 5 > line.length()) {
            return null;
        }
        String perms = line.substring(sp1 + 1, sp1 + 5);
        if (perms.charAt(2) != 'x') {
            return null;
        }
        int sp2 = line.indexOf(' ', sp1 + 1);
        int sp3 = line.indexOf(' ', sp2 + 1);
        int sp4 = line.indexOf(' ', sp3 + 1);
        if (sp2 < 0 || sp3 < 0 || sp4 < 0) {
            return null;
        }
        int sp5 = line.indexOf(' ', sp4 + 1);
        String inode = sp5 < 0 ? line.substring(sp4 + 1) : line.substring(sp4 + 1, sp5);
        String path = sp5 < 0 ? "" : line.substring(sp5).strip();
        boolean deleted = path.endsWith(" (deleted)");
        if (deleted) {
            path = path.substring(0, path.length() - " (deleted)".length());
        }
        try {
            return new Mapping(Long.parseUnsignedLong(line.substring(p, dash), 16),
                    Long.parseUnsignedLong(line.substring(dash + 1, sp1), 16),
                    Long.parseUnsignedLong(line.substring(sp2 + 1, sp3), 16),
                    line.substring(sp3 + 1, sp4), Long.parseLong(inode), path, deleted);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
