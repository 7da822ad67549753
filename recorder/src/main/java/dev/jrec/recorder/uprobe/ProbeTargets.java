package dev.jrec.recorder.uprobe;

import dev.jrec.recorder.uprobe.UserProbe.Type;
import dev.jrec.symbols.ProbeBinaries;
import dev.jrec.symbols.elf.ProbePoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where a probe goes: its file, and the function's offset in it or the USDT note it names, checked before load. */
final class ProbeTargets {
    private ProbeTargets() {}

    static UserProbes.Resolved resolve(UserProbe p, Integer pid) {
        Path file = ProbeBinaries.resolve(p.binary(), pid);
        ProbePoints points;
        try {
            points = ProbePoints.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(p.type().option + " " + p.binary() + ": " + e.getMessage());
        }
        String label = UserProbes.label(p.type(), file, p);
        if (p.type() == Type.USDT) {
            boolean found = points.usdt().stream().anyMatch(u -> u.provider().equals(p.provider()) && u.name().equals(p.name()));
            if (!found) {
                throw new IllegalArgumentException("no USDT probe " + p.provider() + ":" + p.name() + " in " + file
                        + ": 'jrec probes " + file + " --usdt' lists those it has");
            }
            return new UserProbes.Resolved(p, file, 0, label, p.name(), file.toString());
        }
        List<ProbePoints.Function> fns = points.find(p.func());
        if (fns.isEmpty()) {
            throw new IllegalArgumentException("no symbol " + p.func() + " in " + file + ": it may be inlined or static in a stripped"
                    + " file; nm -D " + file + " | grep " + p.func() + ", or probe a caller, or a USDT probe (jrec probes " + file + ")");
        }
        ProbePoints.Function fn = fns.getFirst();
        if (fn.ifunc()) {
            throw new IllegalArgumentException(p.func() + " in " + file + " is an IFUNC: its symbol is the resolver, run once at load,"
                    + " not the implementation the calls reach; probe that instead ('jrec probes " + file + " \"*" + p.func() + "*\"')");
        }
        return new UserProbes.Resolved(p, file, fn.fileOffset(), label, p.func(), file.toString());
    }
}
