package dev.jrec.gui.flame;

import dev.jrec.analysis.WallClock;
import dev.jrec.analysis.StackProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Weighted stacks merged into a call tree, flattened for drawing: nodes in depth-first order with children sorted by
 * name (as flamegraph.pl does, so the picture does not depend on sample order), each knowing where its subtree ends,
 * so drawing skips a whole subtree that is too narrow to see. Node 0 is the root, "all".
 */
public final class FlameTree {
    final String[] names;
    final boolean[] kernel;
    final long[] start;
    final long[] weight;
    final int[] depth;
    final int[] end;
    final int[] parent;
    /** Under an off-CPU marker of a wall-clock graph: drawn in cold colors. */
    final boolean[] cold;
    /** Under a runnable marker of a wall-clock graph (waiting for a CPU): drawn in lavenders. */
    final boolean[] runnable;
    final int maxDepth;

    private FlameTree(String[] names, boolean[] kernel, long[] start, long[] weight, int[] depth, int[] end, int[] parent, int maxDepth) {
        this.names = names;
        this.kernel = kernel;
        this.start = start;
        this.weight = weight;
        this.depth = depth;
        this.end = end;
        this.parent = parent;
        this.maxDepth = maxDepth;
        this.cold = new boolean[names.length];
        this.runnable = new boolean[names.length];
        // parents precede their children in depth-first order
        for (int i = 1; i < names.length; i++) {
            cold[i] = cold[parent[i]] || WallClock.OFF_CPU.equals(names[i]);
            runnable[i] = runnable[parent[i]] || WallClock.RUNNABLE.equals(names[i]);
        }
    }

    /** A node while the tree is built. */
    private static final class Node {
        final String name;
        final boolean kernel;
        long weight;
        final Map<String, Node> children = new HashMap<>();

        Node(String name, boolean kernel) {
            this.name = name;
            this.kernel = kernel;
        }
    }

    public static FlameTree of(StackProfile p) {
        Node root = new Node("all", false);
        int count = 1;
        for (StackProfile.Stack s : p.stacks()) {
            Node n = root;
            n.weight += s.weight();
            for (int f : s.frames()) {
                StackProfile.Frame fr = p.frames().get(f);
                String name = fr.folded();
                Node c = n.children.get(name);
                if (c == null) {
                    c = new Node(name, fr.type() == StackProfile.FrameType.KERNEL);
                    n.children.put(name, c);
                    count++;
                }
                c.weight += s.weight();
                n = c;
            }
        }
        return flatten(root, count);
    }

    private static FlameTree flatten(Node root, int count) {
        String[] names = new String[count];
        boolean[] kernel = new boolean[count];
        long[] start = new long[count], weight = new long[count];
        int[] depth = new int[count], end = new int[count], parent = new int[count];
        int maxDepth = 0;
        // An explicit stack: real stacks are deep enough (hundreds of frames) to make recursion a risk worth avoiding.
        record Visit(Node node, int depth, long start, int parent) {}
        List<Visit> todo = new ArrayList<>();
        todo.add(new Visit(root, 0, 0, -1));
        int next = 0;
        while (!todo.isEmpty()) {
            Visit v = todo.removeLast();
            int i = next++;
            names[i] = v.node.name;
            kernel[i] = v.node.kernel;
            start[i] = v.start;
            weight[i] = v.node.weight;
            depth[i] = v.depth;
            parent[i] = v.parent;
            maxDepth = Math.max(maxDepth, v.depth);
            List<Node> kids = new ArrayList<>(v.node.children.values());
            kids.sort((a, b) -> a.name.compareTo(b.name));
            long[] starts = new long[kids.size()];
            long s = v.start;
            for (int k = 0; k < kids.size(); k++) {
                starts[k] = s;
                s += kids.get(k).weight;
            }
            for (int k = kids.size() - 1; k >= 0; k--) todo.add(new Visit(kids.get(k), v.depth + 1, starts[k], i));
        }
        // a subtree ends where the next node at the same or a smaller depth starts
        int[] stack = new int[maxDepth + 2];
        int top = -1;
        for (int i = 0; i < count; i++) {
            while (top >= 0 && depth[stack[top]] >= depth[i]) end[stack[top--]] = i;
            stack[++top] = i;
        }
        while (top >= 0) end[stack[top--]] = count;
        return new FlameTree(names, kernel, start, weight, depth, end, parent, maxDepth);
    }

    public int size() {
        return names.length;
    }

    public long total() {
        return weight[0];
    }

    public String name(int node) {
        return names[node];
    }

    public long weight(int node) {
        return weight[node];
    }

    public int depth(int node) {
        return depth[node];
    }

    /** The node's frames from the root, for a breadcrumb. */
    public List<String> path(int node) {
        List<String> out = new ArrayList<>();
        for (int n = node; n > 0; n = parent[n]) out.addFirst(names[n]);
        return out;
    }

    /** Nodes whose frame name contains {@code text} (case-insensitive), or matches it as a regex when it is one. */
    public boolean[] search(String text) {
        boolean[] m = new boolean[size()];
        if (text == null || text.isBlank()) return m;
        Pattern p;
        try {
            p = Pattern.compile(text, Pattern.CASE_INSENSITIVE);
        } catch (java.util.regex.PatternSyntaxException e) {
            p = Pattern.compile(Pattern.quote(text), Pattern.CASE_INSENSITIVE);
        }
        for (int i = 1; i < size(); i++) m[i] = p.matcher(names[i]).find();
        return m;
    }

    /** The share of the total weight under matched frames, each stack counted once (a match under a match is not added). */
    public double matchedFraction(boolean[] matched) {
        if (total() == 0) return 0;
        long sum = 0;
        for (int i = 1; i < size(); ) {
            if (matched[i]) {
                sum += weight[i];
                i = end[i];
            } else {
                i++;
            }
        }
        return (double) sum / total();
    }

    /**
     * For a differential flame graph: the share of {@code base}'s total weight that each of this tree's nodes had in
     * {@code base} (0 where base did not have the path). Frames are matched by path from the root, in one pass.
     */
    public double[] baseShares(FlameTree base) {
        Map<String, Integer> children = new HashMap<>();
        for (int i = 1; i < base.size(); i++) children.put(base.parent[i] + "\u0000" + base.names[i], i);
        int[] match = new int[size()];
        double[] share = new double[size()];
        match[0] = 0;
        share[0] = base.total() > 0 ? 1 : 0;
        for (int i = 1; i < size(); i++) {
            int p = match[parent[i]];
            Integer m = p < 0 ? null : children.get(p + "\u0000" + names[i]);
            match[i] = m == null ? -1 : m;
            share[i] = m == null || base.total() == 0 ? 0 : (double) base.weight[m] / base.total();
        }
        return share;
    }

    @Override
    public String toString() {
        return "FlameTree[" + size() + " nodes, total " + total() + ", depth " + maxDepth + "]" + Arrays.toString(Arrays.copyOf(names, Math.min(5, size())));
    }
}
