package dev.jrec.symbols.elf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Function symbols sorted by address, stored compactly: names stay as
 * offsets into the string tables they came from and are decoded on lookup
 * (each frame is looked up once).
 */
public final class SymbolTable {
    /** A symbol that covers an address. */
    public record Symbol(String name, long start, long size) {}

    static final SymbolTable EMPTY = new Builder().build();
    /** How far back a lookup walks past nested or unsized symbols for one that contains the address. */
    private static final int WALK_BACK = 32;

    private final long[] starts;
    private final long[] sizes;
    private final int[] tables;
    private final int[] names;
    private final int[] ranks;
    private final byte[][] strtabs;

    private SymbolTable(long[] starts, long[] sizes, int[] tables, int[] names, int[] ranks, byte[][] strtabs) {
        this.starts = starts;
        this.sizes = sizes;
        this.tables = tables;
        this.names = names;
        this.ranks = ranks;
        this.strtabs = strtabs;
    }

    public int size() {
        return starts.length;
    }

    /**
     * The symbol containing addr: a sized symbol whose [start, start+size)
     * holds it, else an unsized one (assembly label) right before it; null
     * when addr falls after the end of the nearest function (a gap, PLT,
     * code of a stripped local function).
     */
    public Symbol lookup(long addr) {
        int i = floor(addr);
        if (i < 0) {
            return null;
        }
        for (int j = i; j >= 0 && j > i - WALK_BACK; j--) {
            if (sizes[j] > 0 && Long.compareUnsigned(addr - starts[j], sizes[j]) < 0) {
                return symbol(j);
            }
        }
        return sizes[i] == 0 ? symbol(i) : null;
    }

    private int floor(long addr) {
        return floor(starts, addr);
    }

    /** Index of the last of the ascending (unsigned) starts at or below addr, or -1: the entry that may cover it. */
    public static int floor(long[] starts, long addr) {
        int lo = 0, hi = starts.length - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], addr) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private Symbol symbol(int i) {
        byte[] t = strtabs[tables[i]];
        int end = names[i];
        while (end < t.length && t[end] != 0 && (t[end] != '@' || isPlt(t, end))) {
            end++; // "clock_nanosleep@GLIBC_2.2.5": the version is not part of the name; "rand@plt" is a stub's
        }
        return new Symbol(new String(t, names[i], end - names[i], StandardCharsets.UTF_8), starts[i], sizes[i]);
    }

    private static boolean isPlt(byte[] t, int at) {
        return at + 4 < t.length && t[at + 1] == 'p' && t[at + 2] == 'l' && t[at + 3] == 't' && t[at + 4] == 0;
    }

    /** Collects symbols in any order; {@link #build} sorts and removes aliases, keeping the best-ranked name. */
    static final class Builder {
        private final List<byte[]> strtabs = new ArrayList<>();
        private long[] starts = new long[256];
        private long[] sizes = new long[256];
        private int[] tables = new int[256];
        private int[] names = new int[256];
        private int[] ranks = new int[256];
        private int n;

        /** Registers a string table; returns its index for {@link #add}. */
        int strtab(byte[] table) {
            strtabs.add(table);
            return strtabs.size() - 1;
        }

        /**
         * rank: lower wins among symbols at the same address (global function 0, weak 1, local 2; untyped +4;
         * .dynsym behind a debug file's symtab +8). Within the same rank / 4: global or weak before
         * local, then fewer leading underscores, then unversioned names, then global before weak.
         */
        void add(long start, long size, int table, int nameOff, int rank) {
            if (n == starts.length) {
                int cap = n * 2;
                starts = Arrays.copyOf(starts, cap);
                sizes = Arrays.copyOf(sizes, cap);
                tables = Arrays.copyOf(tables, cap);
                names = Arrays.copyOf(names, cap);
                ranks = Arrays.copyOf(ranks, cap);
            }
            starts[n] = start;
            sizes[n] = size;
            tables[n] = table;
            names[n] = nameOff;
            ranks[n] = rank;
            n++;
        }

        /** Adds every symbol of t (e.g. a debug file's to a stripped file's .dynsym). */
        void addAll(SymbolTable t, int rankBonus) {
            int base = strtabs.size();
            for (byte[] s : t.strtabs) {
                strtabs.add(s);
            }
            for (int i = 0; i < t.starts.length; i++) {
                add(t.starts[i], t.sizes[i], base + t.tables[i], t.names[i], rankBonus + t.ranks[i]);
            }
        }

        SymbolTable build() {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> {
                int c = Long.compareUnsigned(starts[a], starts[b]);
                if (c != 0) {
                    return c;
                }
                c = Integer.compare(ranks[a] / 4, ranks[b] / 4); // functions before untyped labels, symtab before dynsym
                if (c != 0) {
                    return c;
                }
                c = Boolean.compare(sizes[a] == 0, sizes[b] == 0); // sized first
                if (c != 0) {
                    return c;
                }
                c = Boolean.compare(ranks[a] % 4 == 2, ranks[b] % 4 == 2); // exported names before local aliases
                if (c != 0) {
                    return c;
                }
                c = Integer.compare(underscores(a), underscores(b)); // weak getpid before global __getpid
                if (c != 0) {
                    return c;
                }
                c = Boolean.compare(versioned(a), versioned(b)); // foo before foo@GLIBC_2.2.5
                return c != 0 ? c : Integer.compare(ranks[a], ranks[b]);
            });
            int m = 0;
            long[] s = new long[n], z = new long[n];
            int[] t = new int[n], nm = new int[n], rk = new int[n];
            long prev = 0;
            for (int k = 0; k < n; k++) {
                int i = order[k];
                if (m > 0 && starts[i] == prev) {
                    if (z[m - 1] == 0 && sizes[i] > 0) {
                        z[m - 1] = sizes[i]; // an alias knows the size
                    }
                    continue;
                }
                s[m] = starts[i];
                z[m] = sizes[i];
                t[m] = tables[i];
                nm[m] = names[i];
                rk[m] = ranks[i];
                prev = starts[i];
                m++;
            }
            return new SymbolTable(Arrays.copyOf(s, m), Arrays.copyOf(z, m), Arrays.copyOf(t, m), Arrays.copyOf(nm, m),
                    Arrays.copyOf(rk, m), strtabs.toArray(new byte[0][]));
        }

        private boolean versioned(int i) {
            byte[] tab = strtabs.get(tables[i]);
            for (int k = names[i]; k < tab.length && tab[k] != 0; k++) {
                if (tab[k] == '@') {
                    return true;
                }
            }
            return false;
        }

        /** Leading underscores of a name: __GI_foo and __foo lose to foo. */
        private int underscores(int i) {
            byte[] tab = strtabs.get(tables[i]);
            int k = names[i];
            while (k < tab.length && tab[k] == '_') {
                k++;
            }
            return k - names[i];
        }
    }
}
