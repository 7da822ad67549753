package dev.jrec.bpf.libbpf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ArchTest {
    @Test
    void namesEveryJvmSpellingOfBothArches() {
        assertEquals(Arch.X86_64, Arch.of("amd64"));
        assertEquals(Arch.X86_64, Arch.of("x86_64"));
        assertEquals(Arch.ARM64, Arch.of("aarch64"));
        assertEquals(Arch.ARM64, Arch.of("arm64"));
        assertNull(Arch.of("riscv64"));
        assertNull(Arch.of(null));
    }

    @Test
    void everyArchShipsEveryObject() {
        for (Arch a : Arch.values()) {
            for (String name : new String[] {"sched", "proc", "block", "syscalls", "profile", "offcpu", "irq", "mem", "lock", "uprobe"}) {
                assertNotNull(BpfObject.class.getResource("/bpf/" + a.dirName() + "/" + name + ".bpf.o"), a + " " + name);
            }
        }
    }

    @Test
    void anotherArchGetsOneClearLine() {
        String real = System.getProperty("os.arch");
        System.setProperty("os.arch", "riscv64");
        try {
            Exception e = assertThrows(UnsupportedOperationException.class, () -> BpfObject.open("sched"));
            assertEquals("jrec has BPF programs for x86_64 and arm64; this is riscv64", e.getMessage());
        } finally {
            System.setProperty("os.arch", real);
        }
    }
}
