package dev.jrec.symbols.elf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SymbolTableTest {
    @Test
    void symbolTableFindsContainingAndRejectsGaps() {
        SymbolTable.Builder b = new SymbolTable.Builder();
        int t = b.strtab("\0foo\0bar\0__bar\0label\0foo@V1\0".getBytes());
        b.add(0x1000, 0x100, t, 1, 0);   // foo
        b.add(0x2000, 0x80, t, 15, 2);   // __bar, local
        b.add(0x2000, 0x80, t, 5, 0);    // bar: same address, global wins
        b.add(0x2010, 0, t, 20, 4);      // label inside bar
        b.add(0x1000, 0x100, t, 26, 0);  // foo@V1: alias of foo
        SymbolTable s = b.build();
        assertEquals("foo", s.lookup(0x10ff).name());
        assertNull(s.lookup(0x1100), "gap after foo");
        assertEquals("bar", s.lookup(0x2001).name());
        assertEquals("bar", s.lookup(0x2050).name(), "sized bar contains it, not the label");
        assertNull(s.lookup(0xfff));
    }
}
