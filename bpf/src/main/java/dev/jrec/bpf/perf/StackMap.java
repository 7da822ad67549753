package dev.jrec.bpf.perf;

import dev.jrec.bpf.libbpf.BpfObject;
import dev.jrec.bpf.libbpf.LibbpfException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Reads a BPF_MAP_TYPE_STACK_TRACE map ("stacks" of profile and offcpu):
 * stack id → instruction pointers, leaf first. The programs never reuse an
 * id (no BPF_F_REUSE_STACKID) and nothing deletes entries, so an id's stack
 * never changes while the object is loaded and what was read is cached.
 * Not thread-safe: the thread that drains the ring buffer reads the map.
 */
public final class StackMap {
    /** The default map name in profile.bpf.c and offcpu.bpf.c. */
    public static final String NAME = "stacks";
    /** PERF_MAX_STACK_DEPTH: u64 slots per value. */
    public static final int MAX_DEPTH = 127;
    private static final long[] EMPTY = new long[0];
    private static final int ENOENT = 2;

    private final int fd;
    private final String what;
    private final Arena arena = Arena.ofAuto(); // read by the drain thread, not the one that made it
    private final MemorySegment key = arena.allocate(JAVA_INT);
    private final MemorySegment value = arena.allocate(8L * MAX_DEPTH, 8);
    private final Map<Integer, long[]> cache = new HashMap<>();
    private long lookups;
    private long missing;

    public StackMap(BpfObject obj, String mapName) {
        this(obj.mapFd(mapName), obj.name() + "." + mapName);
    }

    public StackMap(BpfObject obj) {
        this(obj, NAME);
    }

    StackMap(int fd, String what) {
        this.fd = fd;
        this.what = what;
    }

    /**
     * The stack's ips, leaf first, or null when the id is negative (an error
     * bpf_get_stackid returned) or not in the map. The array is shared: do
     * not modify it.
     */
    public long[] ips(int stackId) {
        if (stackId < 0) {
            return null;
        }
        long[] cached = cache.get(stackId);
        if (cached != null) {
            return cached.length == 0 ? null : cached;
        }
        long[] ips = read(stackId);
        if (ips == null) {
            missing++;
            return null; // not cached: a later read may find it
        }
        cache.put(stackId, ips);
        return ips.length == 0 ? null : ips;
    }

    private long[] read(int stackId) {
        key.set(JAVA_INT, 0, stackId);
        lookups++;
        int rc;
        try {
            rc = (int) PerfNative.MAP_LOOKUP_ELEM.invokeExact(fd, key, value);
        } catch (Throwable t) {
            throw PerfNative.rethrow(t);
        }
        if (rc == -ENOENT) {
            return null;
        }
        if (rc < 0) {
            throw new LibbpfException("bpf_map_lookup_elem(" + what + ", " + stackId + ")", -rc);
        }
        int n = 0;
        while (n < MAX_DEPTH && value.getAtIndex(JAVA_LONG, n) != 0) {
            n++;
        }
        if (n == 0) {
            return EMPTY;
        }
        long[] ips = new long[n];
        MemorySegment.copy(value, JAVA_LONG, 0, ips, 0, n);
        return ips;
    }

    /** Map lookups made (cache misses). */
    public long lookups() {
        return lookups;
    }

    /** Ids asked for that were not in the map. */
    public long missing() {
        return missing;
    }

    /** Entries the kernel holds now (walks the keys). */
    public int size() {
        int n = 0;
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment k = tmp.allocate(JAVA_INT), next = tmp.allocate(JAVA_INT);
            MemorySegment prev = MemorySegment.NULL;
            while ((int) PerfNative.MAP_GET_NEXT_KEY.invokeExact(fd, prev, next) == 0) {
                n++;
                k.copyFrom(next);
                prev = k;
            }
        } catch (Throwable t) {
            throw PerfNative.rethrow(t);
        }
        return n;
    }
}
