package dev.jrec.bpf.libbpf;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** What this kernel offers: tracepoints, and whether tp_btf programs can load. */
public final class Probe {
    private Probe() {}

    private static final System.Logger LOG = System.getLogger(Probe.class.getName());
    private static final Path TRACEFS = Path.of("/sys/kernel/tracing");
    private static final Path DEBUGFS_TRACING = Path.of("/sys/kernel/debug/tracing");
    private static final MethodHandle MOUNT = Libbpf.LINKER.downcallHandle(
            Libbpf.LINKER.defaultLookup().findOrThrow("mount"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));

    private static Btf vmlinux;
    private static boolean vmlinuxTried;

    /** The kernel's BTF, loaded once and kept; empty when the kernel has none. */
    static synchronized Optional<Btf> vmlinuxBtf() {
        if (!vmlinuxTried) {
            vmlinuxTried = true;
            try {
                vmlinux = Btf.vmlinux();
            } catch (LibbpfException e) {
                LOG.log(System.Logger.Level.INFO, "no kernel BTF: " + e.getMessage());
            }
        }
        return Optional.ofNullable(vmlinux);
    }

    /**
     * The tracefs events directory, mounting tracefs at /sys/kernel/tracing if
     * neither it nor the debugfs copy is there. Empty if that fails.
     */
    public static synchronized Optional<Path> tracefsEvents() {
        for (Path root : new Path[] {TRACEFS, DEBUGFS_TRACING}) {
            if (Files.isDirectory(root.resolve("events"))) {
                return Optional.of(root.resolve("events"));
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) MOUNT.invokeExact(arena.allocateFrom("nodev"), arena.allocateFrom(TRACEFS.toString()),
                    arena.allocateFrom("tracefs"), 0L, MemorySegment.NULL);
            if (rc == 0 && Files.isDirectory(TRACEFS.resolve("events"))) {
                return Optional.of(TRACEFS.resolve("events"));
            }
        } catch (Throwable t) {
            throw Libbpf.rethrow(t);
        }
        return Optional.empty();
    }

    /** Whether tracepoint category:name exists, per tracefs. */
    public static boolean tracepointExists(String category, String name) {
        return tracefsEvents().map(e -> Files.isDirectory(e.resolve(category).resolve(name))).orElse(false);
    }

    /**
     * Whether a raw/BTF tracepoint of this name exists: the kernel's BTF has a
     * btf_trace_NAME typedef for each. Without BTF, any tracefs category.
     */
    public static boolean rawTracepointExists(String name) {
        // Every tracepoint a handler of jrec's attaches to is also a tracefs event: looking there first
        // spares a recording's start the ~50 ms parse of the kernel's BTF.
        if (tracefsCategories().stream().anyMatch(c -> Files.isDirectory(c.resolve(name)))) {
            return true;
        }
        Optional<Btf> btf = vmlinuxBtf();
        if (btf.isPresent()) {
            return btf.get().find("btf_trace_" + name, Libbpf.BTF_KIND_TYPEDEF).isPresent();
        }
        return tracefsEvents().map(events -> {
            try (var cats = Files.list(events)) {
                return cats.anyMatch(c -> Files.isDirectory(c.resolve(name)));
            } catch (java.io.IOException e) {
                return false;
            }
        }).orElse(false);
    }

    private static java.util.List<Path> categories;

    /** tracefs's event categories (sched, block, raw_syscalls, ...), listed once. */
    private static synchronized java.util.List<Path> tracefsCategories() {
        if (categories == null) {
            categories = tracefsEvents().map(events -> {
                try (var cats = Files.list(events)) {
                    return cats.filter(Files::isDirectory).toList();
                } catch (java.io.IOException e) {
                    return java.util.List.<Path>of();
                }
            }).orElse(java.util.List.of());
        }
        return categories;
    }

    private static Boolean tpBtf;

    /**
     * Whether tp_btf programs load here: tried once with the sched object's
     * sched_switch handler. (libbpf 1.1's libbpf_probe_bpf_prog_type reports
     * BPF_PROG_TYPE_TRACING unsupported everywhere: its probe has no attach target.)
     */
    public static synchronized boolean tpBtfSupported() {
        if (tpBtf == null) {
            tpBtf = vmlinuxBtf().isPresent() && tryTpBtf();
        }
        return tpBtf;
    }

    /** What loads have shown: an object's tp_btf load failed, so later objects go straight to raw_tp. */
    static synchronized boolean tpBtfKnownUnsupported() {
        return Boolean.FALSE.equals(tpBtf) || !Files.isReadable(Path.of("/sys/kernel/btf/vmlinux"));
    }

    static synchronized void tpBtfLoaded() {
        tpBtf = Boolean.TRUE;
    }

    static synchronized void tpBtfFailed() {
        if (tpBtf == null) tpBtf = Boolean.FALSE;
    }

    private static boolean tryTpBtf() {
        try (BpfObject obj = BpfObject.open("sched")) {
            for (String p : obj.programs().values()) {
                String tracepoint = p.substring(p.indexOf('/') + 1);
                if (!tracepoint.equals("sched_switch")) {
                    obj.disable(tracepoint);
                }
            }
            obj.load(BpfObject.Flavor.BTF);
            return true;
        } catch (LibbpfException e) {
            LOG.log(System.Logger.Level.INFO, "tp_btf programs do not load here: " + e.getMessage());
            return false;
        }
    }
}
