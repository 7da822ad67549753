package dev.jrec.symbols;

import dev.jrec.symbols.elf.ElfFile;
import dev.jrec.symbols.elf.SymbolTable;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kernel text symbols from /proc/kallsyms, sorted for binary search, with
 * the [module] column (core kernel symbols have none), plus module load
 * addresses (/proc/modules) and build-ids (/sys/kernel/notes,
 * /sys/module/NAME/notes). Needs root (kptr_restrict): otherwise every
 * address reads 0 and nothing resolves.
 */
public final class Kallsyms {
    /** The module name of core kernel frames, as perf names it. */
    public static final String KERNEL = "[kernel.kallsyms]";
    /** After the last symbol of a module or of the core kernel, how far an address still counts as in it. */
    private static final long LAST_SYMBOL_REACH = 128 * 1024;

    /** A resolved kernel address. */
    public record Resolved(String func, long funcOffset, String module, String buildId, long fileOffset) {}

    private final long[] addrs;
    private final int[] nameStart;
    private final byte[] names;
    private final short[] moduleOf;
    private final List<String> modules;
    private final long textBase;
    private final Map<String, Long> moduleBase;
    private final Map<String, String> buildIds = new HashMap<>();
    private final Path sys;

    private Kallsyms(long[] addrs, int[] nameStart, byte[] names, short[] moduleOf, List<String> modules, long textBase,
                     Map<String, Long> moduleBase, Path sys) {
        this.addrs = addrs;
        this.nameStart = nameStart;
        this.names = names;
        this.moduleOf = moduleOf;
        this.modules = modules;
        this.textBase = textBase;
        this.moduleBase = moduleBase;
        this.sys = sys;
    }

    /** Reads /proc/kallsyms and /proc/modules now. */
    public static Kallsyms load() {
        return load(Path.of("/proc"), Path.of("/sys"));
    }

    static Kallsyms load(Path proc, Path sys) {
        List<String> modules = new ArrayList<>();
        modules.add(KERNEL);
        Map<String, Integer> moduleIndex = new HashMap<>();
        moduleIndex.put(KERNEL, 0);
        int n = 0;
        long[] addrs = new long[1 << 17];
        int[] nameStart = new int[1 << 17];
        short[] moduleOf = new short[1 << 17];
        java.io.ByteArrayOutputStream names = new java.io.ByteArrayOutputStream(1 << 22);
        long textBase = 0;
        try (BufferedReader r = Files.newBufferedReader(proc.resolve("kallsyms"), StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = r.readLine()) != null) {
                // ffffffff81000000 T _text   or   ffffffffc0a01000 t ext4_foo\t[ext4]
                int sp1 = line.indexOf(' ');
                if (sp1 < 0 || sp1 + 3 >= line.length()) {
                    continue;
                }
                char type = line.charAt(sp1 + 1);
                String rest = line.substring(sp1 + 3);
                int tab = rest.indexOf('\t');
                String name = tab < 0 ? rest : rest.substring(0, tab);
                long addr = Long.parseUnsignedLong(line, 0, sp1, 16);
                if (name.equals("_text") && tab < 0) {
                    textBase = addr;
                }
                if (type != 't' && type != 'T' && type != 'w' && type != 'W') {
                    continue;
                }
                if (addr == 0) {
                    continue; // kptr_restrict hides addresses
                }
                String module = KERNEL;
                if (tab >= 0) {
                    module = rest.substring(tab + 1).strip();
                    if (module.startsWith("[") && module.endsWith("]")) {
                        module = module.substring(1, module.length() - 1); // "[ext4]" -> ext4
                    }
                }
                Integer mi = moduleIndex.get(module);
                if (mi == null) {
                    mi = modules.size();
                    modules.add(module);
                    moduleIndex.put(module, mi);
                }
                if (n == addrs.length) {
                    addrs = Arrays.copyOf(addrs, n * 2);
                    nameStart = Arrays.copyOf(nameStart, n * 2);
                    moduleOf = Arrays.copyOf(moduleOf, n * 2);
                }
                addrs[n] = addr;
                nameStart[n] = names.size();
                moduleOf[n] = (short) (int) mi;
                byte[] b = name.getBytes(StandardCharsets.ISO_8859_1);
                names.write(b, 0, b.length);
                n++;
            }
        } catch (IOException e) {
            n = 0;
        }
        // sort by address (kallsyms is nearly sorted; modules come after the core kernel)
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        final long[] a0 = addrs;
        Arrays.sort(order, (x, y) -> Long.compareUnsigned(a0[x], a0[y]));
        long[] sa = new long[n];
        int[] sn = new int[n + 1];
        short[] sm = new short[n];
        byte[] all = names.toByteArray();
        java.io.ByteArrayOutputStream sorted = new java.io.ByteArrayOutputStream(all.length);
        for (int k = 0; k < n; k++) {
            int i = order[k];
            sa[k] = addrs[i];
            sm[k] = moduleOf[i];
            sn[k] = sorted.size();
            int end = i + 1 < n ? nameStart[i + 1] : all.length;
            sorted.write(all, nameStart[i], end - nameStart[i]);
        }
        sn[n] = sorted.size();
        Map<String, Long> bases = new HashMap<>();
        try {
            for (String line : Files.readAllLines(proc.resolve("modules"))) {
                String[] f = line.split(" ");
                if (f.length >= 6 && f[5].startsWith("0x")) {
                    bases.put(f[0], Long.parseUnsignedLong(f[5].substring(2), 16));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no module bases: module frames carry no file offset
        }
        return new Kallsyms(sa, sn, sorted.toByteArray(), sm, modules, textBase, bases, sys);
    }

    public int size() {
        return addrs.length;
    }

    /**
     * The symbol of a kernel address: module is KERNEL or the module's
     * name in brackets ("[ext4]", "[bpf]"); fileOffset is the offset from
     * _text for the core kernel (vmlinux vaddr = that + _text's link
     * address) and from the module's load address for modules; -1 when
     * unknown. func is null when nothing covers the address.
     */
    public Resolved resolve(long addr, long lookupAddr) {
        int i = floor(lookupAddr);
        if (i < 0) {
            return new Resolved(null, -1, KERNEL, buildId(KERNEL), textBase != 0 ? addr - textBase : -1);
        }
        String mod = modules.get(moduleOf[i]);
        String module = mod.equals(KERNEL) ? KERNEL : "[" + mod + "]";
        long fileOffset = -1;
        if (mod.equals(KERNEL)) {
            fileOffset = textBase != 0 ? addr - textBase : -1;
        } else if (moduleBase.containsKey(mod)) {
            fileOffset = addr - moduleBase.get(mod);
        }
        boolean last = i == addrs.length - 1 || moduleOf[i + 1] != moduleOf[i];
        if (last && lookupAddr - addrs[i] > LAST_SYMBOL_REACH) {
            return new Resolved(null, -1, module, buildId(mod), fileOffset);
        }
        String func = new String(names, nameStart[i], nameStart[i + 1] - nameStart[i], StandardCharsets.ISO_8859_1);
        return new Resolved(func, addr - addrs[i], module, buildId(mod), fileOffset);
    }

    private int floor(long addr) {
        return SymbolTable.floor(addrs, addr);
    }

    /** GNU build-id of the kernel (/sys/kernel/notes) or of a module, or null. */
    String buildId(String module) {
        String id = buildIds.get(module);
        if (id == null) {
            Path notes = module.equals(KERNEL) ? sys.resolve("kernel/notes")
                    : sys.resolve("module").resolve(module).resolve("notes/.note.gnu.build-id");
            try {
                id = ElfFile.buildIdNote(Files.readAllBytes(notes));
            } catch (IOException | RuntimeException e) {
                id = null;
            }
            id = id == null ? "" : id;
            buildIds.put(module, id);
        }
        return id.isEmpty() ? null : id;
    }
}
