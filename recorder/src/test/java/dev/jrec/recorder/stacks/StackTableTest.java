package dev.jrec.recorder.stacks;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.symbols.Symbolizer;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Linker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stack and frame rows the recorder writes for this process's own libc functions. */
class StackTableTest {
    @Test
    void stackTableDedupsAndWritesFramesBeforeStacks() {
        StackRecording.Sink sink = new StackRecording.Sink();
        StackTable t = new StackTable(new Symbolizer());
        long getpid = Linker.nativeLinker().defaultLookup().findOrThrow("getpid").address();
        long getppid = Linker.nativeLinker().defaultLookup().findOrThrow("getppid").address();
        int pid = (int) ProcessHandle.current().pid();
        StackLookup map = id -> switch (id) {
            case 1 -> new long[] {getpid, getppid + 1};
            case 2 -> new long[] {getpid, getppid + 1};
            default -> null;
        };
        long a = t.stackId(sink, 100, pid, map, -14, 1);
        long b = t.stackId(sink, 200, pid, map, -14, 2);
        assertEquals(a, b, "same frames, same stack");
        assertEquals(1, t.stacks());
        assertEquals(2, t.frames());
        var batch = sink.batch;
        assertEquals(3, batch.size());
        assertEquals(EventKind.FRAME, batch.kind(0));
        assertEquals(EventKind.FRAME, batch.kind(1));
        assertEquals(EventKind.STACK, batch.kind(2));
        assertArrayEquals(new long[] {1, 2}, (long[]) batch.getObject(Column.FRAME_IDS, 2));
        assertEquals("fp", batch.getObject(Column.UNWIND, 2));
        assertEquals("getpid", batch.getObject(Column.FUNC, 0));
        assertEquals("getppid", batch.getObject(Column.FUNC, 1));
        assertEquals(StackTable.NONE, t.stackId(sink, 300, pid, map, -14, -14));
        // a user stack lost (-EEXIST) makes the stack "truncated"
        long c = t.stackId(sink, 400, pid, map, -17, 1);
        assertTrue(c != a);
        assertEquals("truncated", batch.getObject(Column.UNWIND, batch.size() - 1));
    }
}
