package dev.jrec.symbols;

import dev.jrec.symbols.demangle.Demangler;
import dev.jrec.symbols.elf.Binary;
import dev.jrec.symbols.elf.SymbolTable;
import dev.jrec.symbols.unwind.Unwinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names instruction addresses at record time. Kernel addresses through
 * /proc/kallsyms; user addresses through a snapshot of the process's
 * executable mappings taken the first time the pid is seen
 * ({@link #snapshot}) — kept after the process exits, with every mapped
 * binary parsed right then (through /proc/PID/map_files, so a binary
 * deleted or replaced later still resolves) — and a JIT's
 * /tmp/perf-PID.map for anonymous code. Each binary is parsed once (keyed
 * by device, inode and path). Not thread-safe: the recorder's consumer
 * thread owns it.
 */
public final class Symbolizer {
    /** Module names of frames outside any file. */
    public static final String JIT = "[jit]", ANON = "[anon]", UNKNOWN = "[unknown]";
    /** A process's maps (or perf map) are read again on a miss at most this often. */
    static final long REFRESH_NS = 200_000_000L;
    private static final System.Logger LOG = System.getLogger(Symbolizer.class.getName());

    /**
     * One symbolized address. func null: unresolved; funcOffset and
     * fileOffset -1: unknown. key is the frame's identity: (module,
     * build-id, file offset) for file-backed code, (module, pid, address)
     * for JIT/anonymous code, (module, address) for the kernel.
     */
    public record Frame(Object key, String func, long funcOffset, String module, String buildId, long fileOffset, long addr) {
        public boolean resolved() {
            return func != null;
        }
    }

    record FileKey(String module, String buildId, long fileOffset) {}

    record AddrKey(String module, int pid, long addr) {}

    private static final Object FAILED = new Object();

    private final Path proc;
    private final Path sys;
    private final Path debugRoot;
    private final Path perfMapDir;
    private Kallsyms kallsyms;
    private final Map<String, Object> binaries = new HashMap<>();
    private final Map<Integer, Process> processes = new HashMap<>();
    private long binaryFailures;
    /** C++ and Rust names are demangled here, at record time, as c++filt prints them. */
    private final Demangler demangler = new Demangler();

    public Symbolizer() {
        this(Path.of("/proc"), Path.of("/sys"), Binary.DEBUG_ROOT, Path.of("/tmp"));
    }

    Symbolizer(Path proc, Path sys, Path debugRoot, Path perfMapDir) {
        this.proc = proc;
        this.sys = sys;
        this.debugRoot = debugRoot;
        this.perfMapDir = perfMapDir;
    }

    /** What is known of one process: its executable mappings at snapshot time, their binaries, its perf map. */
    private final class Process {
        final int pid;
        List<ProcMaps.Mapping> maps;
        Binary[] bins;
        /** Per mapping, its CFI and load bias for the unwinder (filled on first use). */
        Unwinder.Code[] codes;
        long mapsReadAt;
        PerfMap perfMap;
        long perfMapReadAt;

        Process(int pid) {
            this.pid = pid;
            readMaps();
        }

        void readMaps() {
            List<ProcMaps.Mapping> fresh = ProcMaps.read(proc, pid);
            mapsReadAt = System.nanoTime();
            if (fresh.isEmpty() && maps != null) {
                return; // gone: keep what we had
            }
            maps = fresh;
            bins = new Binary[fresh.size()];
            codes = new Unwinder.Code[fresh.size()];
            for (int i = 0; i < bins.length; i++) {
                ProcMaps.Mapping m = fresh.get(i);
                if (m.fileBacked()) {
                    bins[i] = binary(pid, m);
                }
            }
        }

        int find(long addr) {
            int lo = 0, hi = maps.size() - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                ProcMaps.Mapping m = maps.get(mid);
                if (m.contains(addr)) {
                    return mid;
                }
                if (Long.compareUnsigned(addr, m.start()) < 0) {
                    hi = mid - 1;
                } else {
                    lo = mid + 1;
                }
            }
            return -1;
        }

        SymbolTable.Symbol jit(long addr) {
            if (perfMap == null) {
                perfMap = PerfMap.read(perfMapDir.resolve("perf-" + pid + ".map"));
                perfMapReadAt = System.nanoTime();
            }
            SymbolTable.Symbol s = perfMap.lookup(addr);
            if (s == null && System.nanoTime() - perfMapReadAt > REFRESH_NS) {
                perfMap = PerfMap.read(perfMapDir.resolve("perf-" + pid + ".map"));
                perfMapReadAt = System.nanoTime();
                s = perfMap.lookup(addr);
            }
            return s;
        }
    }

    /**
     * Takes the pid's snapshot if there is none: call it as soon as a pid is
     * seen (cheap when it is known), so that it is taken while the process
     * lives.
     */
    public void snapshot(int pid) {
        if (pid > 0 && !processes.containsKey(pid)) {
            processes.put(pid, new Process(pid));
        }
    }

    /** Drops the pid's snapshot (after exec: new image, same pid). */
    public void forget(int pid) {
        processes.remove(pid);
    }

    /** Drops the snapshots of processes no longer in /proc (a ring recording's epochs: memory bounded over days). */
    public void forgetExited() {
        processes.keySet().removeIf(pid -> !java.nio.file.Files.isDirectory(proc.resolve(Integer.toString(pid))));
    }

    public boolean known(int pid) {
        return processes.containsKey(pid);
    }

    /** Binaries parsed and binaries that could not be. */
    public int binariesLoaded() {
        return (int) binaries.values().stream().filter(b -> b instanceof Binary).count();
    }

    public long binaryFailures() {
        return binaryFailures;
    }

    private Binary binary(int pid, ProcMaps.Mapping m) {
        String key = m.dev() + ":" + m.inode() + ":" + m.path();
        Object b = binaries.get(key);
        if (b == null) {
            b = FAILED;
            IOException last = null;
            Path pidDir = proc.resolve(Integer.toString(pid));
            // map_files opens the very file mapped (even deleted); root/ resolves inside the process's mount namespace
            for (Path p : new Path[] {pidDir.resolve("map_files").resolve(m.mapFilesName()),
                    pidDir.resolve("root").resolve(m.path().substring(1)), Path.of(m.path())}) {
                try {
                    if (!Files.isReadable(p)) {
                        continue;
                    }
                    b = Binary.load(m.path(), p, debugRoot);
                    break;
                } catch (IOException e) {
                    last = e;
                }
            }
            if (b == FAILED) {
                binaryFailures++;
                LOG.log(System.Logger.Level.DEBUG, "cannot read " + m.path() + " of pid " + pid
                        + (last != null ? ": " + last.getMessage() : ""));
            }
            binaries.put(key, b);
        }
        return b instanceof Binary bin ? bin : null;
    }

    static final String VDSO = "[vdso]";
    private Binary vdso;
    private boolean vdsoTried;

    /**
     * The kernel's vDSO, which is in no file: every process maps the same image, so jrec's own copy
     * (read from its memory) names the frames of all of them. Null if it cannot be read.
     */
    private Binary vdso() {
        if (vdsoTried) return vdso;
        vdsoTried = true;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                if (!line.endsWith(VDSO)) continue;
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                long start = Long.parseUnsignedLong(range[0], 16), end = Long.parseUnsignedLong(range[1], 16);
                byte[] image = new byte[(int) (end - start)];
                try (var mem = java.nio.channels.FileChannel.open(Path.of("/proc/self/mem"))) {
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(image);
                    while (buf.hasRemaining() && mem.read(buf, start + buf.position()) > 0) {
                        // keep reading: the image is a few pages
                    }
                }
                Path copy = Files.createTempFile("jrec-vdso", ".so");
                try {
                    Files.write(copy, image);
                    vdso = Binary.load(VDSO, copy, debugRoot);
                } finally {
                    Files.deleteIfExists(copy);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot read the vDSO: " + e.getMessage());
            vdso = null;
        }
        return vdso;
    }

    private Kallsyms kallsyms() {
        if (kallsyms == null) {
            kallsyms = Kallsyms.load(proc, sys);
        }
        return kallsyms;
    }

    /**
     * A kernel address; leaf tells whether it is the sampled instruction
     * (else a return address, looked up at addr - 1 so a call at the end of
     * a function names that function).
     */
    public Frame kernel(long addr, boolean leaf) {
        Kallsyms.Resolved r = kallsyms().resolve(addr, leaf ? addr : addr - 1);
        return new Frame(new AddrKey(r.module(), -1, addr), demangler.demangle(r.func()), r.func() == null ? -1 : r.funcOffset(),
                r.module(), r.buildId(), r.fileOffset(), addr);
    }

    /**
     * The process's code for the CFI unwinder: runtime address → the .eh_frame of the binary mapped
     * there and the load bias, from the snapshot of its maps (taken now if there is none; read again
     * on a miss, as {@link #user} does). The vDSO's CFI comes from jrec's own copy.
     */
    public Unwinder.Modules modules(int pid) {
        snapshot(pid);
        Process p = processes.get(pid);
        if (p == null) {
            return pc -> null;
        }
        return pc -> {
            int i = p.find(pc);
            if (i < 0 && System.nanoTime() - p.mapsReadAt > REFRESH_NS) {
                p.readMaps();
                i = p.find(pc);
            }
            if (i < 0) {
                return null;
            }
            Unwinder.Code[] codes = p.codes;
            Unwinder.Code c = codes[i];
            if (c == null) {
                c = code(p, i, pc);
                ProcMaps.Mapping m = p.maps.get(i);
                // one bias for the whole mapping (it lies in one PT_LOAD segment): remember it
                if (c.cfi() == null || code(p, i, m.start()).bias() == c.bias() && code(p, i, m.end() - 1).bias() == c.bias()) {
                    codes[i] = c;
                }
            }
            return c;
        };
    }

    private Unwinder.Code code(Process p, int i, long pc) {
        ProcMaps.Mapping m = p.maps.get(i);
        boolean vdsoMapping = m.path().equals(VDSO);
        Binary b = vdsoMapping ? vdso() : m.fileBacked() ? p.bins[i] : null;
        if (b == null) {
            return new Unwinder.Code(null, 0);
        }
        long vaddr = vdsoMapping ? b.vaddr(pc - m.start()) : b.vaddr(pc - m.start() + m.offset());
        return new Unwinder.Code(vaddr < 0 ? null : b.cfi(), pc - vaddr);
    }

    /** A user address of process pid (snapshotted now if it was not). */
    public Frame user(int pid, long addr, boolean leaf) {
        snapshot(pid);
        Process p = processes.get(pid);
        if (p == null) {
            return new Frame(new AddrKey(UNKNOWN, pid, addr), null, -1, UNKNOWN, null, -1, addr);
        }
        int i = p.find(addr);
        if (i < 0 && System.nanoTime() - p.mapsReadAt > REFRESH_NS) {
            p.readMaps(); // dlopen or new JIT code since the snapshot
            i = p.find(addr);
        }
        if (i < 0) {
            return new Frame(new AddrKey(UNKNOWN, pid, addr), null, -1, UNKNOWN, null, -1, addr);
        }
        ProcMaps.Mapping m = p.maps.get(i);
        long lookup = leaf ? addr : addr - 1;
        if (m.path().equals(VDSO) && vdso() != null) {
            long vaddr = vdso.vaddr(addr - m.start());
            SymbolTable.Symbol s = vaddr < 0 ? null : vdso.symbols().lookup(leaf ? vaddr : vaddr - 1);
            return new Frame(new AddrKey(VDSO, pid, addr), s == null ? null : demangler.demangle(s.name()), s == null ? -1 : vaddr - s.start(),
                    VDSO, vdso.buildId(), addr - m.start(), addr);
        }
        if (!m.fileBacked()) {
            SymbolTable.Symbol s = m.path().isEmpty() || m.path().startsWith("[anon") ? p.jit(lookup) : null;
            if (s != null) {
                return new Frame(new AddrKey(JIT, pid, addr), demangler.demangle(s.name()), addr - s.start(), JIT, null, -1, addr);
            }
            String module = m.path().isEmpty() ? ANON : m.path();
            return new Frame(new AddrKey(module, pid, addr), null, -1, module, null, -1, addr);
        }
        long fileOffset = addr - m.start() + m.offset();
        Binary b = p.bins[i];
        if (b == null) {
            return new Frame(new FileKey(m.path(), null, fileOffset), null, -1, m.path(), null, fileOffset, addr);
        }
        long vaddr = b.vaddr(fileOffset);
        SymbolTable.Symbol s = vaddr < 0 ? null : b.symbols().lookup(leaf ? vaddr : vaddr - 1);
        return new Frame(new FileKey(b.module(), b.buildId(), fileOffset), s == null ? null : demangler.demangle(s.name()),
                s == null ? -1 : vaddr - s.start(), b.module(), b.buildId(), fileOffset, addr);
    }
}
