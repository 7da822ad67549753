package dev.jrec.formats.read;

import dev.jrec.formats.schema.MetadataKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far a capture's stacks can be trusted, from its footer: distinct stacks and frames, frames left
 * without a name per module, how user stacks were unwound, and what unwinding and symbolizing cost.
 * The end of a recording and {@code jrec info} print the same lines.
 */
public record StackSummary(long stacks, long frames, long resolved, Map<String, Long> unresolvedByModule, long dwarf,
                           long truncated, long fp, long unwindNs, long symbolizeNs, long symbolizedLater) {

    /** The summary of a footer, or null when the capture has no stacks. */
    public static StackSummary of(Map<String, String> footer) {
        if (!footer.containsKey(MetadataKeys.STACKS_COUNT)) return null;
        Map<String, Long> unresolved = new TreeMap<>();
        footer.forEach((k, v) -> {
            if (k.startsWith(MetadataKeys.STACKS_UNRESOLVED_PREFIX)) {
                unresolved.put(k.substring(MetadataKeys.STACKS_UNRESOLVED_PREFIX.length()), num(v));
            }
        });
        String unwind = MetadataKeys.STACKS_UNWIND_PREFIX;
        return new StackSummary(num(footer.get(MetadataKeys.STACKS_COUNT)), num(footer.get(MetadataKeys.STACKS_FRAMES)),
                num(footer.get(MetadataKeys.STACKS_FRAMES_RESOLVED)), unresolved, num(footer.get(unwind + "dwarf")),
                num(footer.get(unwind + "truncated")), num(footer.get(unwind + "fp")), num(footer.get(MetadataKeys.STACKS_UNWIND_NS)),
                num(footer.get(MetadataKeys.STACKS_SYMBOLIZE_NS)), num(footer.get(MetadataKeys.SYMBOLIZE_FRAMES)));
    }

    private static long num(String v) {
        try {
            return v == null ? 0 : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A few lines of text; the unresolved modules most frames first, at most {@code maxModules}. */
    public List<String> lines(int maxModules) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "stacks    %,d distinct, %,d frames, %,d named (%.1f %%)%s", stacks, frames, resolved,
                frames == 0 ? 100.0 : 100.0 * resolved / frames, symbolizedLater > 0 ? "; " + symbolizedLater + " named later by jrec symbolize" : ""));
        long users = dwarf + truncated + fp;
        if (users > 0) {
            out.add(String.format(Locale.ROOT, "          user stacks: %,d complete through .eh_frame, %,d cut short, %,d frame pointers only", dwarf,
                    truncated, fp));
        }
        if (unwindNs > 0 || symbolizeNs > 0) {
            out.add(String.format(Locale.ROOT, "          recorder time: %.0f ms unwinding, %.0f ms symbolizing", unwindNs / 1e6, symbolizeNs / 1e6));
        }
        unresolvedByModule.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(maxModules)
                .forEach(e -> out.add(String.format(Locale.ROOT, "          unnamed frames %,8d  %s", e.getValue(), e.getKey())));
        if (unresolvedByModule.size() > maxModules) {
            out.add(String.format(Locale.ROOT, "          (and %d more modules with unnamed frames: jrec info --metadata lists them)",
                    unresolvedByModule.size() - maxModules));
        }
        return out;
    }
}
