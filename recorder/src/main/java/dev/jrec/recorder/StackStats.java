package dev.jrec.recorder;

import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.recorder.stacks.StackTable;
import java.util.LinkedHashMap;
import java.util.Map;

/** How far a capture's stacks can be trusted, for its footer: counts, and unresolved frames per module. */
final class StackStats {
    static final String STACKS = MetadataKeys.STACKS_COUNT;
    static final String FRAMES = MetadataKeys.STACKS_FRAMES;
    static final String RESOLVED = MetadataKeys.STACKS_FRAMES_RESOLVED;
    static final String UNRESOLVED_PREFIX = MetadataKeys.STACKS_UNRESOLVED_PREFIX;

    private StackStats() {}

    static Map<String, String> metadata(StackTable t) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(STACKS, Long.toString(t.stacks()));
        m.put(FRAMES, Long.toString(t.frames()));
        m.put(RESOLVED, Long.toString(t.framesResolved()));
        m.put(dev.jrec.formats.schema.MetadataKeys.STACKS_UNWIND_PREFIX + StackTable.UNWIND_DWARF, Long.toString(t.userStacksDwarf()));
        m.put(dev.jrec.formats.schema.MetadataKeys.STACKS_UNWIND_PREFIX + StackTable.UNWIND_TRUNCATED, Long.toString(t.userStacksTruncated()));
        m.put(dev.jrec.formats.schema.MetadataKeys.STACKS_UNWIND_PREFIX + StackTable.UNWIND_FP, Long.toString(t.userStacksFp()));
        m.put(MetadataKeys.STACKS_UNWIND_NS, Long.toString(t.unwindNanos()));
        m.put(MetadataKeys.STACKS_SYMBOLIZE_NS, Long.toString(t.symbolizeNanos()));
        t.unresolvedFramesByModule().forEach((module, n) -> m.put(UNRESOLVED_PREFIX + module, Long.toString(n)));
        return m;
    }
}
