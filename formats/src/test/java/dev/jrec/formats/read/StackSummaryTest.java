package dev.jrec.formats.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackSummaryTest {
    @Test
    void readsTheFooterAndListsTheWorstModulesFirst() {
        StackSummary s = StackSummary.of(Map.of("jrec.stacks.count", "12", "jrec.stacks.frames", "200", "jrec.stacks.frames_resolved", "150",
                "jrec.stacks.unresolved./usr/bin/a", "10", "jrec.stacks.unresolved./usr/lib/b.so", "40", "jrec.stacks.unwind.dwarf", "9",
                "jrec.stacks.unwind.truncated", "2", "jrec.stacks.unwind.fp", "1", "jrec.stacks.symbolize_ns", "25000000"));
        assertEquals(new StackSummary(12, 200, 150, Map.of("/usr/bin/a", 10L, "/usr/lib/b.so", 40L), 9, 2, 1, 0, 25_000_000, 0), s);
        List<String> lines = s.lines(1);
        assertTrue(lines.get(0).contains("200 frames, 150 named (75.0 %)"), lines.get(0));
        assertTrue(lines.get(1).contains("9 complete through .eh_frame, 2 cut short, 1 frame pointers only"), lines.get(1));
        assertTrue(lines.get(2).contains("25 ms symbolizing"), lines.get(2));
        assertTrue(lines.get(3).contains("40") && lines.get(3).endsWith("/usr/lib/b.so"), "worst module first: " + lines);
        assertTrue(lines.get(4).contains("1 more modules"), lines.get(4));
        assertEquals(5, lines.size());
    }

    @Test
    void noStacksNoSummary() {
        assertNull(StackSummary.of(Map.of("jrec.format.version", "1.0")));
    }
}
