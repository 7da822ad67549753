package dev.jrec.bpf.libbpf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OpenFlagsTest {
    @Test
    void directoryIsPerArch() {
        assertEquals(0200000, OpenFlags.directory(Arch.X86_64));
        assertEquals(040000, OpenFlags.directory(Arch.ARM64));
        assertEquals(OpenFlags.directory(Arch.current()), Libbpf.O_DIRECTORY);
    }
}
