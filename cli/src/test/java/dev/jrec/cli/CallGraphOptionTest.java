package dev.jrec.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** --call-graph: fp, dwarf, dwarf,SIZE. */
class CallGraphOptionTest {
    @Test
    void modesAndSizes() {
        assertEquals(0, RecordCommand.ustackBytes("fp"));
        assertEquals(8192, RecordCommand.ustackBytes("dwarf"));
        assertEquals(8192, RecordCommand.ustackBytes(null));
        assertEquals(512, RecordCommand.ustackBytes("dwarf,512"));
        assertEquals(16384, RecordCommand.ustackBytes("dwarf,16K"));
        assertEquals(4096, RecordCommand.ustackBytes("dwarf,4k"));
        for (String bad : new String[] {"lbr", "dwarf,3000", "dwarf,32K", "dwarf,256", "dwarf,"}) {
            assertThrows(IllegalArgumentException.class, () -> RecordCommand.ustackBytes(bad), bad);
        }
    }
}
