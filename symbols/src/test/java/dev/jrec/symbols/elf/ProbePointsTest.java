package dev.jrec.symbols.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrec.symbols.ProbeBinaries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against readelf, on this machine's own files. */
class ProbePointsTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3.11");

    @Test
    void pythonsUsdtNotesAsReadelfListsThem() throws Exception {
        List<ProbePoints.Usdt> notes = ProbePoints.read(PYTHON).usdt();
        List<String> readelf = readelf("-n", PYTHON.toString()).lines().map(String::strip)
                .filter(l -> l.startsWith("Name: ")).map(l -> l.substring(6)).toList();
        assertEquals(8, notes.size(), notes.toString());
        assertEquals(readelf, notes.stream().map(ProbePoints.Usdt::name).toList());
        assertTrue(notes.stream().allMatch(n -> n.provider().equals("python") && n.semaphore() != 0 && n.pc() != 0), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.name().equals("gc__start") && !n.args().isEmpty()), notes.toString());
    }

    @Test
    void libcFunctionsAtTheOffsetsReadelfGives() throws Exception {
        Path libc = ProbeBinaries.resolve("libc", null);
        ProbePoints p = ProbePoints.read(libc);
        assertTrue(p.usdt().isEmpty(), "glibc has no USDT notes");
        ProbePoints.Function malloc = p.find("malloc").getFirst();
        String sym = readelf("-Ws", "--dyn-syms", libc.toString()).lines().map(String::strip)
                .filter(l -> l.endsWith(" malloc@@GLIBC_2.2.5")).findFirst().orElseThrow();
        assertEquals(Long.parseLong(sym.split("\\s+")[1], 16), malloc.vaddr(), sym);
        assertEquals(malloc.vaddr(), malloc.fileOffset(), "libc's text is loaded at its file offset");
        assertFalse(malloc.ifunc());
        assertEquals(malloc, p.find("malloc@@GLIBC_2.2.5").getFirst());
        assertTrue(p.find("memcpy").getFirst().ifunc(), "memcpy is an IFUNC in glibc");
        assertTrue(p.find("no_such_function").isEmpty());
    }

    @Test
    void notElfIsOneLine(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("x.txt"), "hello, this is not an ELF file at all, it is text".repeat(3));
        assertEquals(f + " is not an ELF file", assertThrows(IOException.class, () -> ProbePoints.read(f)).getMessage());
    }

    @Test
    void binariesByNameAsBpftraceFindsThem() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        Path libc = ProbeBinaries.resolve("libc", self);
        assertTrue(libc.getFileName().toString().startsWith("libc.so"), libc.toString());
        assertEquals(libc, ProbeBinaries.resolve("libc.so.6", null));
        assertEquals(Path.of("/proc/" + self + "/exe").toRealPath(), ProbeBinaries.resolve("/proc/" + self + "/exe", null));
        assertTrue(ProbeBinaries.resolve("sh", null).isAbsolute());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProbeBinaries.resolve("libnosuchjrec", self)).getMessage()
                .startsWith("process " + self + " maps no library libnosuchjrec"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProbeBinaries.resolve("/no/such/file", null)).getMessage()
                .startsWith("no file /no/such/file"));
    }

    private static String readelf(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("readelf"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "readelf " + List.of(args));
        return out;
    }
}
