package dev.jrec.bpf.libbpf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One jrec BPF object (bpf/ARCH/NAME.bpf.o on the classpath): set knobs and map
 * sizes, {@link #load}, {@link #attach}, then read its "events" ring buffer
 * and "drops" counters. Knobs and sizes are remembered so a failed tp_btf
 * load can be retried with raw_tp programs on a fresh open.
 *
 * <p>Filters ({@link #targetPids}, {@link #targetComm}, {@link #targetCgroup})
 * are set before load like knobs; the maps they need are filled by
 * {@link #load} itself, so they are in force from {@link #attach} on. They
 * combine: an event must pass all that are set. The recorder's own process
 * is left out by default (knob exclude_tgid; set it to 0 to record it).
 */
public final class BpfObject implements AutoCloseable {
    /** Which wrapper of each handler gets loaded. */
    public enum Flavor { BTF, RAW, AUTO }

    public static final String EVENTS_MAP = "events";
    public static final String DROPS_MAP = "drops";
    /** The -p set: a hash of tgids, sized before load by {@link #targetPids}. */
    public static final String TGIDS_MAP = "targ_tgids";
    /** The --cgroup directory's fd at index 0. */
    public static final String CGROUP_MAP = "cgroup_map";
    /** Size of {@link #TGIDS_MAP} unless more pids are given; room for {@link #addTargetPids} after load. */
    public static final int DEFAULT_MAX_TGIDS = 1024;
    /** statfs type of a cgroup v2 mount, as java.nio.file.FileStore#type() names it. */
    private static final String CGROUP2_FS = "cgroup2";
    private static final System.Logger LOG = System.getLogger(BpfObject.class.getName());

    private final String name;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment elf;
    private final Map<String, byte[]> knobs = new LinkedHashMap<>();
    private final Map<String, Integer> maxEntries = new LinkedHashMap<>();
    private final Set<String> disabled = new LinkedHashSet<>();
    private final List<MemorySegment> links = new ArrayList<>();
    /** iter/ programs' links, made on their first {@link #runIter}; destroyed by {@link #close}. */
    private final Map<String, MemorySegment> iterLinks = new java.util.HashMap<>();
    private final List<String> loadedPrograms = new ArrayList<>();
    private final Set<Integer> targetPids = new LinkedHashSet<>();
    private Path targetCgroup;
    private MemorySegment obj;
    private Map<String, Btf.Slot> rodata;
    private Flavor flavor;

    private BpfObject(String name, byte[] elfBytes) {
        LibbpfLog.install();
        this.name = name;
        this.elf = arena.allocate(elfBytes.length, 8).copyFrom(MemorySegment.ofArray(elfBytes));
        open();
        knob("exclude_tgid", ProcessHandle.current().pid()); // never record ourselves unless asked
    }

    /** Opens bpf/ARCH/NAME.bpf.o from the classpath for this machine's {@link Arch}, e.g. "sched". */
    public static BpfObject open(String name) {
        return open(name, Arch.current());
    }

    /** Opens another arch's object too: its BTF and knobs can be read, but it loads only on its arch. */
    public static BpfObject open(String name, Arch arch) {
        String resource = "/bpf/" + arch.dirName() + "/" + name + ".bpf.o";
        try (InputStream in = BpfObject.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no BPF object " + resource + " on the classpath");
            }
            return new BpfObject(name, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    private void open() {
        try (Arena tmp = Arena.ofConfined()) {
            // struct bpf_object_open_opts { size_t sz; const char *object_name; } and zeroes after
            MemorySegment opts = tmp.allocate(24, 8);
            opts.set(JAVA_LONG, 0, opts.byteSize());
            opts.set(java.lang.foreign.ValueLayout.ADDRESS, 8, tmp.allocateFrom("jrec_" + name));
            MemorySegment state = Libbpf.callState(tmp);
            MemorySegment o = (MemorySegment) Libbpf.OBJECT_OPEN_MEM.invokeExact(state, elf, elf.byteSize(), opts);
            if (o.equals(MemorySegment.NULL)) {
                throw new LibbpfException("bpf_object__open_mem(" + name + ")", Libbpf.errno(state));
            }
            obj = o;
            MemorySegment btf = (MemorySegment) Libbpf.OBJECT_BTF.invokeExact(obj);
            rodata = new Btf(btf, false).datasec(".rodata");
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
        knobs.forEach(this::writeKnob);
        maxEntries.forEach(this::writeMaxEntries);
    }

    private void requireOpenNotLoaded() {
        if (obj == null) {
            throw new IllegalStateException(name + " is closed");
        }
        if (flavor != null) {
            throw new IllegalStateException(name + " is already loaded: knobs and sizes are fixed at load");
        }
    }

    /** Sets a {@code const volatile} integer or bool knob; the value is cut to the variable's size. */
    public BpfObject knob(String var, long value) {
        Btf.Slot slot = slot(var);
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(value);
        byte[] bytes = new byte[(int) slot.size()];
        if (slot.size() > 8) {
            throw new IllegalArgumentException(var + " is " + slot.size() + " bytes: use knob(String, byte[])");
        }
        System.arraycopy(b.array(), 0, bytes, 0, bytes.length); // little-endian: low bytes first
        return knob(var, bytes);
    }

    /** Sets an array knob (comm filter, syscall bitmap); shorter values are zero-padded. */
    public BpfObject knob(String var, byte[] value) {
        requireOpenNotLoaded();
        Btf.Slot slot = slot(var);
        if (value.length > slot.size()) {
            throw new IllegalArgumentException(var + " holds " + slot.size() + " bytes, got " + value.length);
        }
        byte[] padded = java.util.Arrays.copyOf(value, (int) slot.size());
        writeKnob(var, padded);
        knobs.put(var, padded);
        return this;
    }

    /** The object's own BTF (types of its programs and maps); valid until close. */
    public Btf btf() {
        if (obj == null) {
            throw new IllegalStateException(name + " is closed");
        }
        try {
            return new Btf((MemorySegment) Libbpf.OBJECT_BTF.invokeExact(obj), false);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /** Names of this object's knobs. */
    public Set<String> knobs() {
        return rodata.keySet();
    }

    private Btf.Slot slot(String var) {
        Btf.Slot slot = rodata.get(var);
        if (slot == null) {
            throw new IllegalArgumentException(name + " has no knob " + var + "; it has " + rodata.keySet());
        }
        return slot;
    }

    private void writeKnob(String var, byte[] value) {
        Btf.Slot slot = slot(var);
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment size = tmp.allocate(JAVA_LONG);
            MemorySegment init = (MemorySegment) Libbpf.MAP_INITIAL_VALUE.invokeExact(map(".rodata"), size);
            if (init.equals(MemorySegment.NULL)) {
                throw new LibbpfException("bpf_map__initial_value(" + name + ".rodata) returned NULL");
            }
            long total = size.get(JAVA_LONG, 0);
            if (slot.offset() + slot.size() > total) {
                throw new LibbpfException(var + " at " + slot.offset() + " lies outside .rodata of " + total + " bytes");
            }
            init.reinterpret(total).asSlice(slot.offset(), slot.size()).copyFrom(MemorySegment.ofArray(value));
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /** Sets a map's max_entries; for the ring buffer that is its size in bytes (power of 2, ≥ page). */
    public BpfObject maxEntries(String map, int entries) {
        requireOpenNotLoaded();
        writeMaxEntries(map, entries);
        maxEntries.put(map, entries);
        return this;
    }

    /** Sizes the "events" ring buffer. */
    public BpfObject ringBufferBytes(int bytes) {
        if (Integer.bitCount(bytes) != 1 || bytes < Libbpf.pageSize()) {
            throw new IllegalArgumentException("ring buffer size must be a power of 2 of at least a page: " + bytes);
        }
        return maxEntries(EVENTS_MAP, bytes);
    }

    /**
     * Records only these processes (tgids; threads of them included).
     * Before load; calls add up. A task is filtered by its own tgid in every
     * event that names it, e.g. a wakeup is kept if the woken task is
     * targeted, a switch if either side is. Grows the pid map past
     * {@link #DEFAULT_MAX_TGIDS} if needed.
     */
    public BpfObject targetPids(int... pids) {
        requireOpenNotLoaded();
        if (pids.length == 0) {
            throw new IllegalArgumentException("targetPids needs at least one pid");
        }
        for (int pid : pids) {
            if (pid <= 0) {
                throw new IllegalArgumentException("not a pid: " + pid);
            }
            targetPids.add(pid);
        }
        knob("filter_tgid", 1);
        return maxEntries(TGIDS_MAP, Math.max(DEFAULT_MAX_TGIDS, targetPids.size()));
    }

    /**
     * After load, with {@link #targetPids} set before it: adds processes to
     * the set while recording (e.g. children of a targeted process).
     */
    public void addTargetPids(int... pids) {
        if (flavor == null || targetPids.isEmpty()) {
            throw new IllegalStateException("addTargetPids is for after load of an object given targetPids before it");
        }
        for (int pid : pids) {
            if (pid <= 0) {
                throw new IllegalArgumentException("not a pid: " + pid);
            }
            putTgid(pid);
            targetPids.add(pid);
        }
    }

    /** The pids set with {@link #targetPids} and {@link #addTargetPids}. */
    public Set<Integer> pidsTargeted() {
        return Set.copyOf(targetPids);
    }

    /**
     * Records only tasks whose comm is this name, cut to the kernel's 15
     * bytes (as /proc/PID/comm shows it). Before load.
     */
    public BpfObject targetComm(String comm) {
        byte[] b = comm.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0 || comm.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("bad comm filter: '" + comm + "'");
        }
        return knob("targ_comm", java.util.Arrays.copyOf(b, Math.min(b.length, 15)));
    }

    /**
     * Records only tasks in this cgroup v2 directory or below it (e.g.
     * /sys/fs/cgroup/system.slice/foo.service). Before load. As in
     * libbpf-tools (runqlat -c), bpf_current_task_under_cgroup decides for
     * the task running the probe; events naming another task (a switch's
     * next task, a wakeup's target) use what the sched object learnt when
     * that task was last switched out (see sched.bpf.c).
     *
     * @throws IllegalArgumentException if dir is not a directory of a cgroup2 mount
     */
    public BpfObject targetCgroup(Path dir) {
        requireOpenNotLoaded();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("cgroup " + dir + " is not a directory");
        }
        String type;
        try {
            type = Files.getFileStore(dir).type();
        } catch (IOException e) {
            throw new UncheckedIOException("cgroup " + dir, e);
        }
        if (!CGROUP2_FS.equals(type)) {
            throw new IllegalArgumentException("cgroup " + dir + " is on " + type + ", not on a cgroup v2 mount"
                    + " (see the cgroup2 line of /proc/self/mounts)");
        }
        knob("filter_cg", 1);
        targetCgroup = dir;
        return this;
    }

    /** The cgroup set with {@link #targetCgroup}, or null. */
    public Path cgroupTargeted() {
        return targetCgroup;
    }

    /** After load: puts the filters' entries in their maps. */
    private void fillFilterMaps() {
        for (int pid : targetPids) {
            putTgid(pid);
        }
        if (targetCgroup != null) {
            putCgroup(targetCgroup);
        }
    }

    private void putTgid(int pid) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment key = tmp.allocate(JAVA_INT);
            key.set(JAVA_INT, 0, pid);
            MemorySegment value = tmp.allocate(JAVA_BYTE);
            value.set(JAVA_BYTE, 0, (byte) 1);
            updateElem(TGIDS_MAP, key, value);
        }
    }

    private void putCgroup(Path dir) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment state = Libbpf.callState(tmp);
            int fd = (int) Libbpf.OPEN.invokeExact(state, tmp.allocateFrom(dir.toString()),
                    Libbpf.O_RDONLY | Libbpf.O_DIRECTORY | Libbpf.O_CLOEXEC);
            if (fd < 0) {
                throw new LibbpfException("open(" + dir + ")", Libbpf.errno(state));
            }
            try {
                MemorySegment key = tmp.allocate(JAVA_INT);
                key.set(JAVA_INT, 0, 0);
                MemorySegment value = tmp.allocate(JAVA_INT);
                value.set(JAVA_INT, 0, fd);
                updateElem(CGROUP_MAP, key, value); // the map keeps its own reference to the cgroup
            } finally {
                int unused = (int) Libbpf.CLOSE.invokeExact(fd);
            }
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    private void updateElem(String mapName, MemorySegment key, MemorySegment value) {
        int fd = mapFd(mapName);
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment state = Libbpf.callState(tmp);
            int rc = (int) Libbpf.MAP_UPDATE_ELEM.invokeExact(state, fd, key, value, Libbpf.BPF_ANY);
            if (rc < 0) {
                throw new LibbpfException("bpf_map_update_elem(" + name + "." + mapName + ")", -rc);
            }
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    private void writeMaxEntries(String map, int entries) {
        try {
            int rc = (int) Libbpf.MAP_SET_MAX_ENTRIES.invokeExact(map(map), entries);
            if (rc < 0) {
                throw new LibbpfException("bpf_map__set_max_entries(" + map + ")", -rc);
            }
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /** Leaves out the handlers of this tracepoint (e.g. "sched_migrate_task"). */
    public BpfObject disable(String tracepoint) {
        requireOpenNotLoaded();
        disabled.add(tracepoint);
        return this;
    }

    /** Program names with their section, e.g. btf_sched_switch = tp_btf/sched_switch. */
    public Map<String, String> programs() {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            MemorySegment p = MemorySegment.NULL;
            while (!(p = (MemorySegment) Libbpf.OBJECT_NEXT_PROGRAM.invokeExact(obj, p)).equals(MemorySegment.NULL)) {
                out.put(Libbpf.string((MemorySegment) Libbpf.PROGRAM_NAME.invokeExact(p)),
                        Libbpf.string((MemorySegment) Libbpf.PROGRAM_SECTION.invokeExact(p)));
            }
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
        return out;
    }

    /**
     * Verifies and loads, then fills the filters' maps. AUTO tries tp_btf
     * where the kernel supports it and falls back to raw_tp if that load
     * fails. Handlers of tracepoints this kernel lacks are left out (see
     * {@link #loadedPrograms()}).
     */
    public Flavor load(Flavor wanted) {
        requireOpenNotLoaded();
        // AUTO tries tp_btf with this very object rather than a probe program first: a probe is one more
        // load, and every load parses the kernel's BTF again (~50 ms of a recording's start each).
        Flavor first = wanted == Flavor.AUTO ? (Probe.tpBtfKnownUnsupported() ? Flavor.RAW : Flavor.BTF) : wanted;
        try {
            loadAs(first);
            if (wanted == Flavor.AUTO && first == Flavor.BTF) Probe.tpBtfLoaded();
        } catch (LibbpfException e) {
            if (wanted != Flavor.AUTO || first == Flavor.RAW) {
                throw e;
            }
            Probe.tpBtfFailed();
            LOG.log(System.Logger.Level.WARNING, name + ": tp_btf load failed (" + e.getMessage() + "), retrying with raw_tp");
            close(obj);
            obj = null;
            open();
            loadAs(Flavor.RAW);
        }
        fillFilterMaps();
        return flavor;
    }

    private void loadAs(Flavor f) {
        String keep = f == Flavor.BTF ? "tp_btf/" : "raw_tp/";
        loadedPrograms.clear();
        try (Arena tmp = Arena.ofConfined()) {
            for (Map.Entry<String, String> p : programs().entrySet()) {
                String section = p.getValue();
                String tracepoint = section.substring(section.lastIndexOf('/') + 1);
                boolean on = isPerfEvent(section) || isUserProbe(section) || isIter(section) && f == Flavor.BTF
                        || section.startsWith(keep) && !disabled.contains(tracepoint) && Probe.rawTracepointExists(tracepoint)
                        || isClassicTracepoint(section) && !disabled.contains(tracepoint)
                                && Probe.tracepointExists(section.split("/")[1], tracepoint);
                MemorySegment prog = (MemorySegment) Libbpf.OBJECT_FIND_PROGRAM.invokeExact(obj, tmp.allocateFrom(p.getKey()));
                int rc = (int) Libbpf.PROGRAM_SET_AUTOLOAD.invokeExact(prog, on);
                if (rc < 0) {
                    throw new LibbpfException("bpf_program__set_autoload(" + p.getKey() + ")", -rc);
                }
                if (on) {
                    loadedPrograms.add(p.getKey());
                }
            }
            createFlavorMaps(f);
            int rc = (int) Libbpf.OBJECT_LOAD.invokeExact(obj);
            if (rc < 0) {
                throw new LibbpfException("bpf_object__load(" + name + ", " + f + ")", -rc);
            }
            flavor = f;
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /**
     * Maps named btf_... serve only the tp_btf handlers (e.g. task storage,
     * which raw_tp's untrusted task pointers cannot use) and raw_... only the
     * raw_tp ones: only the loaded flavor's are created, so a kernel without
     * task storage can still load the raw flavor.
     */
    private void createFlavorMaps(Flavor f) throws Throwable {
        MemorySegment m = MemorySegment.NULL;
        while (!(m = (MemorySegment) Libbpf.OBJECT_NEXT_MAP.invokeExact(obj, m)).equals(MemorySegment.NULL)) {
            String map = Libbpf.string((MemorySegment) Libbpf.MAP_NAME.invokeExact(m));
            boolean btfOnly = map.startsWith("btf_"), rawOnly = map.startsWith("raw_");
            if (btfOnly || rawOnly) {
                int rc = (int) Libbpf.MAP_SET_AUTOCREATE.invokeExact(m, btfOnly == (f == Flavor.BTF));
                if (rc < 0) {
                    throw new LibbpfException("bpf_map__set_autocreate(" + map + ")", -rc);
                }
            }
        }
    }

    /** Programs that were loaded (or will be, before load succeeds). */
    public List<String> loadedPrograms() {
        return List.copyOf(loadedPrograms);
    }

    /** The flavor that loaded, or null before load. */
    public Flavor flavor() {
        return flavor;
    }

    /**
     * Classic tracepoint programs (tp/CATEGORY/NAME) load in either flavor: they read the tracepoint's record,
     * whose fields CO-RE can test one by one where its raw arguments changed between kernels (oom:mark_victim).
     */
    static boolean isClassicTracepoint(String section) {
        return section.startsWith("tp/") || section.startsWith("tracepoint/");
    }

    /**
     * iter/ programs run when {@link #runIter} walks their objects. They need the kernel's BTF as tp_btf does,
     * so they load with the BTF flavor only: a kernel that lacks one (iter/tcp is 5.9+) loads raw_tp without them.
     */
    static boolean isIter(String section) {
        return section.startsWith("iter/");
    }

    /** uprobe, uretprobe and usdt programs run where {@link #attachUprobe} and {@link #attachUsdt} put them, once per probe point. */
    static boolean isUserProbe(String section) {
        return section.equals("uprobe") || section.equals("uretprobe") || section.equals("usdt");
    }

    /**
     * Attaches a loaded uprobe or uretprobe program at {@code fileOffset} in {@code binary} (the function's
     * first instruction, as an offset in the file: what the symbol's address maps to), for process {@code pid}
     * or every process (-1) that runs the file. {@code cookie} is what the program's bpf_get_attach_cookie
     * returns: which probe this is. Detached by {@link #detach}.
     */
    public void attachUprobe(String program, boolean retprobe, int pid, String binary, long fileOffset, long cookie) {
        requireUserProbe(program);
        try (Arena tmp = Arena.ofConfined()) {
            // struct bpf_uprobe_opts { size_t sz; size_t ref_ctr_offset; __u64 bpf_cookie; bool retprobe; const char *func_name; }
            MemorySegment opts = tmp.allocate(40, 8);
            opts.set(JAVA_LONG, 0, opts.byteSize());
            opts.set(JAVA_LONG, 16, cookie);
            opts.set(java.lang.foreign.ValueLayout.JAVA_BOOLEAN, 24, retprobe);
            MemorySegment prog = (MemorySegment) Libbpf.OBJECT_FIND_PROGRAM.invokeExact(obj, tmp.allocateFrom(program));
            MemorySegment state = Libbpf.callState(tmp);
            MemorySegment link = (MemorySegment) Libbpf.PROGRAM_ATTACH_UPROBE_OPTS.invokeExact(state, prog, pid,
                    tmp.allocateFrom(binary), fileOffset, opts);
            if (link.equals(MemorySegment.NULL)) {
                throw new LibbpfException("bpf_program__attach_uprobe_opts(" + program + ", " + binary + "+0x"
                        + Long.toHexString(fileOffset) + ")", Libbpf.errno(state));
            }
            links.add(link);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /**
     * Attaches a loaded usdt program at every site of USDT probe {@code provider:probe} in {@code binary}
     * (libbpf parses the notes, the arguments' locations and the semaphore, which it raises), for process
     * {@code pid} or every process (-1). {@code cookie} is what the program's bpf_usdt_cookie returns.
     */
    public void attachUsdt(String program, int pid, String binary, String provider, String probe, long cookie) {
        requireUserProbe(program);
        try (Arena tmp = Arena.ofConfined()) {
            // struct bpf_usdt_opts { size_t sz; __u64 usdt_cookie; }
            MemorySegment opts = tmp.allocate(16, 8);
            opts.set(JAVA_LONG, 0, opts.byteSize());
            opts.set(JAVA_LONG, 8, cookie);
            MemorySegment prog = (MemorySegment) Libbpf.OBJECT_FIND_PROGRAM.invokeExact(obj, tmp.allocateFrom(program));
            MemorySegment state = Libbpf.callState(tmp);
            MemorySegment link = (MemorySegment) Libbpf.PROGRAM_ATTACH_USDT.invokeExact(state, prog, pid,
                    tmp.allocateFrom(binary), tmp.allocateFrom(provider), tmp.allocateFrom(probe), opts);
            if (link.equals(MemorySegment.NULL)) {
                throw new LibbpfException("bpf_program__attach_usdt(" + binary + ":" + provider + ":" + probe + ")", Libbpf.errno(state));
            }
            links.add(link);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    private void requireUserProbe(String program) {
        if (flavor == null) {
            throw new IllegalStateException(name + " is not loaded");
        }
        String section = programs().get(program);
        if (section == null || !isUserProbe(section)) {
            throw new IllegalArgumentException(name + " has no uprobe/usdt program " + program + ": " + programs());
        }
    }

    /** perf_event programs (profile) run from perf events that {@link #attachPerfEvent} binds them to. */
    static boolean isPerfEvent(String section) {
        return section.equals("perf_event") || section.startsWith("perf_event/");
    }

    /**
     * Binds a loaded perf_event program to an open perf event (bpf_program__attach_perf_event, which
     * enables it). The link owns the fd from then on: {@link #detach} and {@link #close} close it.
     */
    public void attachPerfEvent(String program, int perfFd) {
        if (flavor == null) {
            throw new IllegalStateException(name + " is not loaded");
        }
        String section = programs().get(program);
        if (section == null || !isPerfEvent(section)) {
            throw new IllegalArgumentException(name + " has no perf_event program " + program + ": " + programs());
        }
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment prog = (MemorySegment) Libbpf.OBJECT_FIND_PROGRAM.invokeExact(obj, tmp.allocateFrom(program));
            MemorySegment state = Libbpf.callState(tmp);
            MemorySegment link = (MemorySegment) Libbpf.PROGRAM_ATTACH_PERF_EVENT.invokeExact(state, prog, perfFd);
            if (link.equals(MemorySegment.NULL)) {
                throw new LibbpfException("bpf_program__attach_perf_event(" + program + ")", Libbpf.errno(state));
            }
            links.add(link);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /** Attaches every loaded tracepoint program; links are destroyed by {@link #close}. */
    public void attach() {
        if (flavor == null) {
            throw new IllegalStateException(name + " is not loaded");
        }
        Map<String, String> sections = programs();
        try (Arena tmp = Arena.ofConfined()) {
            for (String p : loadedPrograms) {
                if (isPerfEvent(sections.get(p)) || isIter(sections.get(p)) || isUserProbe(sections.get(p))) continue;
                MemorySegment prog = (MemorySegment) Libbpf.OBJECT_FIND_PROGRAM.invokeExact(obj, tmp.allocateFrom(p));
                MemorySegment state = Libbpf.callState(tmp);
                MemorySegment link = (MemorySegment) Libbpf.PROGRAM_ATTACH.invokeExact(state, prog);
                if (link.equals(MemorySegment.NULL)) {
                    throw new LibbpfException("bpf_program__attach(" + p + ")", Libbpf.errno(state));
                }
                links.add(link);
            }
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /**
     * Runs a loaded iter/ program once over all its objects (every TCP socket, for iter/tcp): creates an
     * iterator and reads it to its end, which is when the program has seen each one. False when the program
     * is not loaded (the raw_tp flavor). Works after {@link #detach} too.
     */
    public boolean runIter(String program) {
        if (!loadedPrograms.contains(program)) return false;
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment link = iterLinks.get(program);
            if (link == null) {
                MemorySegment prog = (MemorySegment) Libbpf.OBJECT_FIND_PROGRAM.invokeExact(obj, tmp.allocateFrom(program));
                MemorySegment state = Libbpf.callState(tmp);
                link = (MemorySegment) Libbpf.PROGRAM_ATTACH_ITER.invokeExact(state, prog, MemorySegment.NULL);
                if (link.equals(MemorySegment.NULL)) {
                    throw new LibbpfException("bpf_program__attach_iter(" + program + ")", Libbpf.errno(state));
                }
                iterLinks.put(program, link);
            }
            int linkFd = (int) Libbpf.LINK_FD.invokeExact(link);
            MemorySegment state = Libbpf.callState(tmp);
            int fd = (int) Libbpf.ITER_CREATE.invokeExact(state, linkFd);
            if (fd < 0) throw new LibbpfException("bpf_iter_create(" + program + ")", Libbpf.errno(state));
            try {
                MemorySegment buf = tmp.allocate(4096);
                long n;
                while ((n = (long) Libbpf.READ.invokeExact(state, fd, buf, 4096L)) > 0) {
                    // the programs write nothing to the iterator: reading just drives the walk
                }
                if (n < 0) throw new LibbpfException("read(" + program + " iterator)", Libbpf.errno(state));
            } finally {
                int unused = (int) Libbpf.CLOSE.invokeExact(fd);
            }
            return true;
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /** Detaches all programs; the object stays loaded and its maps readable. */
    public void detach() {
        destroy(links);
    }

    private static void destroy(java.util.Collection<MemorySegment> links) {
        for (MemorySegment link : links) {
            try {
                int unused = (int) Libbpf.LINK_DESTROY.invokeExact(link);
            } catch (Throwable t) {
                throw Libbpf.rethrow(t);
            }
        }
        links.clear();
    }

    private MemorySegment map(String mapName) {
        if (obj == null) {
            throw new IllegalStateException(name + " is closed");
        }
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment m = (MemorySegment) Libbpf.OBJECT_FIND_MAP.invokeExact(obj, tmp.allocateFrom(mapName));
            if (m.equals(MemorySegment.NULL)) {
                throw new IllegalArgumentException(name + " has no map " + mapName);
            }
            return m;
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /** A loaded map's file descriptor. */
    public int mapFd(String mapName) {
        try {
            int fd = (int) Libbpf.MAP_FD.invokeExact(map(mapName));
            if (fd < 0) {
                throw new LibbpfException("bpf_map__fd(" + mapName + ")", -fd);
            }
            return fd;
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    public int maxEntries(String mapName) {
        try {
            return (int) Libbpf.MAP_MAX_ENTRIES.invokeExact(map(mapName));
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    /**
     * The "drops" counters summed over CPUs, indexed by reason
     * (dev.jrec.bpf.events.Drop): ring buffer full, map full, read failed.
     */
    public long[] drops() {
        int slots = maxEntries(DROPS_MAP);
        int cpus = Libbpf.numPossibleCpus();
        int fd = mapFd(DROPS_MAP);
        long[] sums = new long[slots];
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment key = tmp.allocate(4, 4);
            MemorySegment values = tmp.allocate(8L * cpus, 8); // per-CPU values are 8-byte aligned
            MemorySegment state = Libbpf.callState(tmp);
            for (int slot = 0; slot < slots; slot++) {
                key.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, slot);
                int rc = (int) Libbpf.MAP_LOOKUP_ELEM.invokeExact(state, fd, key, values);
                if (rc < 0) {
                    throw new LibbpfException("bpf_map_lookup_elem(drops)", Libbpf.errno(state));
                }
                for (int cpu = 0; cpu < cpus; cpu++) {
                    sums[slot] += values.getAtIndex(JAVA_LONG, cpu);
                }
            }
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
        return sums;
    }

    private static void close(MemorySegment o) {
        try {
            Libbpf.OBJECT_CLOSE.invokeExact(o);
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
    }

    @Override
    public void close() {
        detach();
        destroy(iterLinks.values());
        if (obj != null) {
            close(obj);
            obj = null;
        }
        arena.close();
    }
}
