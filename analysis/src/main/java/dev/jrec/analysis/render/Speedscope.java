package dev.jrec.analysis.render;

import dev.jrec.analysis.StackProfile;
import java.io.PrintWriter;
import java.util.List;

/**
 * Stacks in speedscope's file format (https://www.speedscope.app/file-format-schema.json): the frames once in
 * {@code shared.frames}, and one {@code sampled} profile per kind of stacks whose {@code samples} are stacks of
 * frame indexes, root first, each with its weight in {@code weights}. Frames carry the module as {@code file};
 * a task's frame (its comm) has none. Opens in speedscope.app, offline or not.
 */
public final class Speedscope {
    private Speedscope() {}

    /**
     * @param name what the file is called in speedscope: the capture
     * @param exporter the tool and version that wrote it
     */
    public static void write(String name, String exporter, List<StackProfile> profiles, PrintWriter out) {
        // one frame table for every profile: frames are shared by (name, module, type)
        java.util.Map<StackProfile.Frame, Integer> index = new java.util.LinkedHashMap<>();
        for (StackProfile p : profiles) for (StackProfile.Frame f : p.frames()) index.putIfAbsent(f, index.size());
        out.print("{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\",\"exporter\":" + Json.string(exporter)
                + ",\"name\":" + Json.string(name) + ",\"activeProfileIndex\":0,\n\"shared\":{\"frames\":[");
        boolean first = true;
        for (StackProfile.Frame f : index.keySet()) {
            out.print((first ? "\n" : ",\n") + "{\"name\":" + Json.string(label(f)) + (f.module() == null ? "" : ",\"file\":" + Json.string(f.module())) + "}");
            first = false;
        }
        out.print("]},\n\"profiles\":[");
        for (int pi = 0; pi < profiles.size(); pi++) {
            StackProfile p = profiles.get(pi);
            int[] map = new int[p.frames().size()];
            for (int i = 0; i < map.length; i++) map[i] = index.get(p.frames().get(i));
            String unit = p.kind().unit.equals("microseconds") ? p.kind().unit : "none"; // speedscope's units are time or bytes
            out.print((pi > 0 ? ",\n" : "\n") + "{\"type\":\"sampled\",\"name\":" + Json.string(p.kind().title) + ",\"unit\":" + Json.string(unit)
                    + ",\"startValue\":0,\"endValue\":" + p.total() + ",\n\"samples\":[");
            StringBuilder weights = new StringBuilder();
            for (int si = 0; si < p.stacks().size(); si++) {
                StackProfile.Stack s = p.stacks().get(si);
                StringBuilder sb = new StringBuilder(si > 0 ? ",\n[" : "\n[");
                for (int i = 0; i < s.frames().length; i++) sb.append(i > 0 ? "," : "").append(map[s.frames()[i]]);
                out.print(sb.append(']'));
                weights.append(si > 0 ? "," : "").append(s.weight());
            }
            out.print("],\n\"weights\":[" + weights + "]}");
        }
        out.println("]}");
        out.flush();
    }

    /** Kernel frames keep FlameGraph's _[k] mark, so they stand out in speedscope too. */
    private static String label(StackProfile.Frame f) {
        return f.folded();
    }
}
