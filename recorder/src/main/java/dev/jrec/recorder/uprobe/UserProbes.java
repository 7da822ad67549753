package dev.jrec.recorder.uprobe;

import dev.jrec.bpf.libbpf.BpfObject;
import dev.jrec.bpf.uprobe.ProbeSpec;
import dev.jrec.recorder.uprobe.UserProbe.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A recording's user probes, resolved to files and offsets before anything loads: a probe that names no
 * function or note is a one-line error with what to try, not a libbpf errno after the kernel objects loaded.
 * The index of a probe in this list is its attach cookie, which every record carries.
 */
public final class UserProbes {
    /**
     * A probe ready to attach: the file it is in, the function's offset in that file (uprobes), and how rows
     * name it: {@code label} as bpftrace names probes, {@code func} the function or the USDT probe's name,
     * {@code module} the file.
     */
    public record Resolved(UserProbe probe, Path file, long offset, String label, String func, String module) {
        public int argCount() {
            return probe.argNames().size();
        }
    }

    private final List<Resolved> probes;
    private final List<Integer> pids;
    private final int sampleEvery;
    private final boolean stacks;
    private final int ustackBytes;

    private UserProbes(List<Resolved> probes, List<Integer> pids, int sampleEvery, boolean stacks, int ustackBytes) {
        this.probes = List.copyOf(probes);
        this.pids = List.copyOf(pids);
        this.sampleEvery = sampleEvery;
        this.stacks = stacks;
        this.ustackBytes = stacks ? ustackBytes : 0;
    }

    /**
     * Resolves each probe's BINARY (through the first of {@code pids}' maps when there are pids) and its function
     * or note; an optional probe that cannot be, or would fire where another does, is left out.
     * {@code sampleEvery}: record one call in N per probe and CPU; {@code stacks}: take each call's user stack;
     * {@code ustackBytes}: with stacks, copy this much of it at each call for unwinding with .eh_frame (0: frame
     * pointers and the caller only).
     */
    public static UserProbes resolve(List<UserProbe> probes, List<Integer> pids, int sampleEvery, boolean stacks, int ustackBytes) {
        if (probes.size() > ProbeSpec.MAX_PROBES) {
            throw new IllegalArgumentException(probes.size() + " probes: one recording attaches at most " + ProbeSpec.MAX_PROBES);
        }
        if (sampleEvery < 1) throw new IllegalArgumentException("--uprobe-sample " + sampleEvery + ": give N >= 1 (1 records every call)");
        Integer pid = pids.isEmpty() ? null : pids.getFirst();
        List<Resolved> out = new ArrayList<>();
        for (UserProbe p : probes) {
            if (!p.optional()) {
                out.add(ProbeTargets.resolve(p, pid));
                continue;
            }
            Resolved r;
            try {
                r = ProbeTargets.resolve(p, pid);
            } catch (IllegalArgumentException absent) {
                continue;
            }
            boolean twice = out.stream().anyMatch(o -> o.probe().type() == r.probe().type() && o.offset() == r.offset() && o.file().equals(r.file()));
            if (!twice) out.add(r);
        }
        return new UserProbes(out, pids, sampleEvery, stacks, ustackBytes);
    }

    public List<Resolved> all() {
        return probes;
    }

    /** The probe a record names by its index, or null for an index this recording never attached. */
    public Resolved probe(int index) {
        return index >= 0 && index < probes.size() ? probes.get(index) : null;
    }

    public int sampleEvery() {
        return sampleEvery;
    }

    /** Bytes of user stack copied at each call (--uprobe-stacks dwarf), 0 for frame pointers only. */
    public int ustackBytes() {
        return ustackBytes;
    }

    /** The same probes with frame-pointer stacks only. */
    public UserProbes withoutCopies() {
        return new UserProbes(probes, pids, sampleEvery, stacks, 0);
    }

    /** Sets uprobe.bpf.c's knobs; before load. */
    public void configure(BpfObject obj) {
        obj.knob(ProbeSpec.KNOB, ProbeSpec.knob(probes.stream().map(r -> r.probe().spec(stacks)).toList()));
        obj.knob("sample_every", sampleEvery);
        obj.knob(dev.jrec.bpf.perf.StackEvents.USTACK_BYTES_KNOB, ustackBytes);
    }

    /**
     * Attaches every probe, per process of -p or system-wide: a uretprobe is the entry program (which keeps
     * the call's state) and the return program, both with the probe's cookie.
     */
    public void attach(BpfObject obj) {
        List<Integer> targets = pids.isEmpty() ? List.of(-1) : pids;
        for (int i = 0; i < probes.size(); i++) {
            Resolved r = probes.get(i);
            String file = r.file().toString();
            for (int pid : targets) {
                switch (r.probe().type()) {
                    case UPROBE -> obj.attachUprobe("uprobe_entry", false, pid, file, r.offset(), i);
                    case URETPROBE -> {
                        obj.attachUprobe("uprobe_entry", false, pid, file, r.offset(), i);
                        obj.attachUprobe("uretprobe_return", true, pid, file, r.offset(), i);
                    }
                    case USDT -> obj.attachUsdt("usdt_fire", pid, file, r.probe().provider(), r.probe().name(), i);
                }
            }
        }
    }

    /** The probes for the footer's jrec.config: label, argument names, the string argument's name, sampling. */
    public String toJson() {
        StringBuilder b = new StringBuilder(",\"uprobe_sample\":" + sampleEvery + ",\"uprobe_stacks\":" + stacks
                + ",\"uprobe_ustack_bytes\":" + ustackBytes + ",\"probes\":[");
        for (int i = 0; i < probes.size(); i++) {
            Resolved r = probes.get(i);
            if (i > 0) b.append(',');
            b.append("{\"probe\":").append(json(r.label())).append(",\"args\":[");
            List<String> names = r.probe().argNames();
            for (int a = 0; a < names.size(); a++) b.append(a > 0 ? "," : "").append(json(names.get(a)));
            b.append("],\"str\":").append(r.probe().strName() == null ? "null" : json(r.probe().strName())).append('}');
        }
        return b.append(']').toString();
    }

    private static String json(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The label of a probe as bpftrace would list it. */
    static String label(Type type, Path file, UserProbe p) {
        return type.id() + ":" + file + ":" + (type == Type.USDT ? p.provider() + ":" + p.name() : p.func());
    }
}
