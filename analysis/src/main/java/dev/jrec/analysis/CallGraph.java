package dev.jrec.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The functions of a {@link StackProfile} with their self and total weight and who called whom, as Hotspot's and
 * JMC's caller/callee (butterfly) views show them: for a function, the frames that called it and those it called,
 * each with the weight of the stacks that went through that call. Tasks (comms) are not functions. A function that
 * recurses counts once per stack in its total and in each call edge, so no number exceeds the profile's total.
 */
public final class CallGraph {
    /**
     * @param name the frame's folded name (kernel frames end in {@code _[k]})
     * @param self weight of the stacks it is the leaf of
     * @param total weight of the stacks it is in
     */
    public record Function(String name, long self, long total) {}

    /** A caller or callee of a function, and the weight of the stacks with that call. */
    public record Call(String name, long weight) {}

    private final long total;
    private final Map<String, long[]> functions = new HashMap<>();
    private final Map<String, Map<String, Long>> callers = new HashMap<>(), callees = new HashMap<>();

    private CallGraph(long total) {
        this.total = total;
    }

    public static CallGraph of(StackProfile p) {
        CallGraph g = new CallGraph(p.total());
        Set<String> seen = new HashSet<>();
        Set<String> edges = new HashSet<>();
        for (StackProfile.Stack s : p.stacks()) {
            seen.clear();
            edges.clear();
            String caller = null, leaf = null;
            for (int f : s.frames()) {
                StackProfile.Frame fr = p.frames().get(f);
                if (fr.type() == StackProfile.FrameType.TASK) continue;
                String name = fr.folded();
                if (seen.add(name)) g.functions.computeIfAbsent(name, k -> new long[2])[1] += s.weight();
                if (caller != null && edges.add(caller + "\u0000" + name)) {
                    g.callees.computeIfAbsent(caller, k -> new HashMap<>()).merge(name, s.weight(), Long::sum);
                    g.callers.computeIfAbsent(name, k -> new HashMap<>()).merge(caller, s.weight(), Long::sum);
                }
                caller = name;
                leaf = name;
            }
            if (leaf != null) g.functions.get(leaf)[0] += s.weight();
        }
        return g;
    }

    /** The profile's total weight: what shares are of. */
    public long total() {
        return total;
    }

    /** Every function, the largest total first (then the largest self, then by name). */
    public List<Function> functions() {
        List<Function> out = new ArrayList<>(functions.size());
        functions.forEach((n, w) -> out.add(new Function(n, w[0], w[1])));
        out.sort(Comparator.comparingLong(Function::total).reversed().thenComparing(Comparator.comparingLong(Function::self).reversed())
                .thenComparing(Function::name));
        return out;
    }

    /** The frames that called {@code function}, the heaviest first. */
    public List<Call> callers(String function) {
        return calls(callers.get(function));
    }

    /** The frames {@code function} called, the heaviest first. */
    public List<Call> callees(String function) {
        return calls(callees.get(function));
    }

    private static List<Call> calls(Map<String, Long> m) {
        if (m == null) return List.of();
        List<Call> out = new ArrayList<>(m.size());
        m.forEach((n, w) -> out.add(new Call(n, w)));
        out.sort(Comparator.comparingLong(Call::weight).reversed().thenComparing(Call::name));
        return out;
    }
}
