package dev.jrec.symbols;

import dev.jrec.symbols.elf.SymbolTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JIT's symbol file, /tmp/perf-PID.map: one "START SIZE name" line (hex,
 * with or without 0x) per compiled method, appended as methods are made.
 */
final class PerfMap {
    private final long[] starts;
    private final long[] sizes;
    private final String[] names;

    private PerfMap(long[] starts, long[] sizes, String[] names) {
        this.starts = starts;
        this.sizes = sizes;
        this.names = names;
    }

    static final PerfMap EMPTY = new PerfMap(new long[0], new long[0], new String[0]);

    static PerfMap read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException | java.io.UncheckedIOException e) {
            return EMPTY;
        }
        record E(long start, long size, String name) {}
        List<E> es = new ArrayList<>(lines.size());
        for (String line : lines) {
            int a = line.indexOf(' '), b = a < 0 ? -1 : line.indexOf(' ', a + 1);
            if (b < 0) {
                continue;
            }
            try {
                es.add(new E(hex(line.substring(0, a)), hex(line.substring(a + 1, b)), line.substring(b + 1)));
            } catch (NumberFormatException e) {
                // a line being written: skip
            }
        }
        // later lines win: a method recompiled at a reused address
        es.sort((x, y) -> Long.compareUnsigned(x.start(), y.start()));
        int n = es.size();
        long[] s = new long[n], z = new long[n];
        String[] nm = new String[n];
        for (int i = 0; i < n; i++) {
            s[i] = es.get(i).start();
            z[i] = es.get(i).size();
            nm[i] = es.get(i).name();
        }
        return new PerfMap(s, z, nm);
    }

    private static long hex(String s) {
        return Long.parseUnsignedLong(s.startsWith("0x") ? s.substring(2) : s, 16);
    }

    int size() {
        return starts.length;
    }

    /** The entry covering addr as {name, start}, or null. */
    SymbolTable.Symbol lookup(long addr) {
        int found = SymbolTable.floor(starts, addr);
        if (found < 0 || Long.compareUnsigned(addr - starts[found], sizes[found]) >= 0) {
            return null;
        }
        return new SymbolTable.Symbol(names[found], starts[found], sizes[found]);
    }
}
