package dev.jrec.analysis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The view modules, {@code views/NAME.sql}, in an order that defines each after the modules it names on its
 * {@code -- @include NAME} lines (as Perfetto's {@code INCLUDE PERFETTO MODULE}): what a module reads from
 * another is said in the module, not in the order of a list.
 */
final class ViewModules {
    private static final Pattern INCLUDE = Pattern.compile("^-- @include (\\w+)\\s*$", Pattern.MULTILINE);

    private ViewModules() {}

    /** Every module among the resources, each after those it includes. */
    static List<String> discovered() {
        Map<String, String> texts = new TreeMap<>();
        for (String name : SqlResources.names("views")) texts.put(name, SqlResources.text("views", name, "view module"));
        return ordered(texts);
    }

    /** The modules named by {@code text}'s {@code @include} lines, in order. */
    static List<String> includes(String text) {
        List<String> out = new ArrayList<>();
        for (Matcher m = INCLUDE.matcher(text); m.find(); ) out.add(m.group(1));
        return out;
    }

    /**
     * Module name → text, ordered so that each follows what it includes; otherwise by name.
     *
     * @throws IllegalStateException when a module includes one that does not exist, or modules include each other
     */
    static List<String> ordered(Map<String, String> texts) {
        SequencedSet<String> done = new LinkedHashSet<>();
        for (String name : new TreeMap<>(texts).keySet()) visit(name, texts, done, new ArrayList<>());
        return List.copyOf(done);
    }

    private static void visit(String name, Map<String, String> texts, SequencedSet<String> done, List<String> path) {
        if (done.contains(name)) return;
        if (path.contains(name)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            throw new IllegalStateException("view modules include each other: " + String.join(" -> ", cycle));
        }
        path.add(name);
        for (String inc : includes(texts.get(name))) {
            if (!texts.containsKey(inc)) throw new IllegalStateException("view module " + name + " includes " + inc + ", which does not exist (views/" + inc + ".sql)");
            visit(inc, texts, done, path);
        }
        path.removeLast();
        done.add(name);
    }
}
