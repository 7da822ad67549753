package dev.jrec.bpf.libbpf;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Downcalls into libbpf.so.1 and the few libc calls the reader needs. Only
 * the functions jrec uses are bound. Calls that report failure through errno
 * (libbpf 1.x returns NULL and sets errno for pointer results) capture it.
 */
public final class Libbpf {
    private Libbpf() {}

    static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBBPF = LibbpfLibrary.lookup();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    public static final int BTF_KIND_STRUCT = 4;
    public static final int BTF_KIND_ENUM = 6;
    public static final int BTF_KIND_TYPEDEF = 8;
    public static final int BTF_KIND_VAR = 14;
    public static final int BTF_KIND_DATASEC = 15;
    static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1, SC_PAGESIZE = 30;
    static final int O_RDONLY = OpenFlags.O_RDONLY, O_DIRECTORY = OpenFlags.O_DIRECTORY, O_CLOEXEC = OpenFlags.O_CLOEXEC;
    static final long BPF_ANY = 0;

    private static MethodHandle bpf(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBBPF.findOrThrow(name), fd);
    }

    private static MethodHandle bpfErrno(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBBPF.findOrThrow(name), fd, Linker.Option.captureCallState("errno"));
    }

    private static MethodHandle libc(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.findOrThrow(name), fd);
    }

    private static MethodHandle libcErrno(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.findOrThrow(name), fd, Linker.Option.captureCallState("errno"));
    }

    static final MethodHandle LIBBPF_STRERROR = bpf("libbpf_strerror", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle SET_PRINT = bpf("libbpf_set_print", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle VSNPRINTF = libc("vsnprintf", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));

    static final MethodHandle OBJECT_OPEN_MEM = bpfErrno("bpf_object__open_mem", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    static final MethodHandle OBJECT_LOAD = bpf("bpf_object__load", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle OBJECT_CLOSE = bpf("bpf_object__close", FunctionDescriptor.ofVoid(ADDRESS));
    static final MethodHandle OBJECT_BTF = bpf("bpf_object__btf", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle OBJECT_NEXT_PROGRAM = bpf("bpf_object__next_program", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle OBJECT_FIND_PROGRAM = bpf("bpf_object__find_program_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle OBJECT_FIND_MAP = bpf("bpf_object__find_map_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));

    static final MethodHandle PROGRAM_NAME = bpf("bpf_program__name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle PROGRAM_SECTION = bpf("bpf_program__section_name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle PROGRAM_SET_AUTOLOAD = bpf("bpf_program__set_autoload", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BOOLEAN));
    static final MethodHandle PROGRAM_AUTOLOAD = bpf("bpf_program__autoload", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
    static final MethodHandle PROGRAM_ATTACH = bpfErrno("bpf_program__attach", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle LINK_DESTROY = bpf("bpf_link__destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle PROGRAM_ATTACH_ITER = bpfErrno("bpf_program__attach_iter", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle LINK_FD = bpf("bpf_link__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle ITER_CREATE = bpfErrno("bpf_iter_create", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final MethodHandle PROGRAM_ATTACH_UPROBE_OPTS = bpfErrno("bpf_program__attach_uprobe_opts",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
    static final MethodHandle PROGRAM_ATTACH_USDT = bpfErrno("bpf_program__attach_usdt",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle PROGRAM_ATTACH_PERF_EVENT = bpfErrno("bpf_program__attach_perf_event", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));

    static final MethodHandle OBJECT_NEXT_MAP = bpf("bpf_object__next_map", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle MAP_NAME = bpf("bpf_map__name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle MAP_SET_AUTOCREATE = bpf("bpf_map__set_autocreate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BOOLEAN));
    static final MethodHandle MAP_SET_MAX_ENTRIES = bpf("bpf_map__set_max_entries", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle MAP_MAX_ENTRIES = bpf("bpf_map__max_entries", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle MAP_VALUE_SIZE = bpf("bpf_map__value_size", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle MAP_INITIAL_VALUE = bpf("bpf_map__initial_value", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle MAP_FD = bpf("bpf_map__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle MAP_LOOKUP_ELEM = bpfErrno("bpf_map_lookup_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle MAP_UPDATE_ELEM = bpfErrno("bpf_map_update_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    static final MethodHandle NUM_POSSIBLE_CPUS = bpf("libbpf_num_possible_cpus", FunctionDescriptor.of(JAVA_INT));

    static final MethodHandle BTF_LOAD_VMLINUX = bpfErrno("btf__load_vmlinux_btf", FunctionDescriptor.of(ADDRESS));
    static final MethodHandle BTF_FREE = bpf("btf__free", FunctionDescriptor.ofVoid(ADDRESS));
    static final MethodHandle BTF_FIND_BY_NAME_KIND = bpf("btf__find_by_name_kind", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    static final MethodHandle BTF_TYPE_BY_ID = bpf("btf__type_by_id", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    static final MethodHandle BTF_NAME_BY_OFFSET = bpf("btf__name_by_offset", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));

    static final MethodHandle RING_BUFFER_NEW = bpfErrno("ring_buffer__new", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle RING_BUFFER_CONSUME = bpf("ring_buffer__consume", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle RING_BUFFER_FREE = bpf("ring_buffer__free", FunctionDescriptor.ofVoid(ADDRESS));

    static final MethodHandle MMAP = libcErrno("mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    static final MethodHandle MUNMAP = libc("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle OPEN = libcErrno("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle CLOSE = libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final MethodHandle READ = libcErrno("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle SYSCONF = libc("sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
    static final MethodHandle SETPRIORITY = libcErrno("setpriority", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));

    /** A capture segment for an errno-capturing call. */
    static MemorySegment callState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    /** Text of an errno (positive or negative), as libbpf words it. */
    public static String strerror(int err) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(256);
            int rc = (int) LIBBPF_STRERROR.invokeExact(Math.abs(err), buf, buf.byteSize());
            String s = buf.getString(0);
            return rc == 0 || !s.isEmpty() ? s : "error " + err;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A NUL-terminated C string at a native address, or null for NULL. */
    static String string(MemorySegment ptr) {
        if (ptr.equals(MemorySegment.NULL)) {
            return null;
        }
        return ptr.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
    }

    static long pageSize() {
        try {
            return (long) SYSCONF.invokeExact(SC_PAGESIZE);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int numPossibleCpus() {
        try {
            int n = (int) NUM_POSSIBLE_CPUS.invokeExact();
            if (n < 0) {
                throw new LibbpfException("libbpf_num_possible_cpus", -n);
            }
            return n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Downcalls declare Throwable; anything but a RuntimeException or Error here is a binding bug. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
