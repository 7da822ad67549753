package dev.jrec.symbols;

import dev.jrec.symbols.elf.Binary;
import dev.jrec.symbols.elf.ElfFile;
import dev.jrec.symbols.elf.SymbolTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Linker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pieces of symbolization on this machine's real files and processes. */
class SymbolizationTest {
    @Test
    void mapsLinesParse() {
        ProcMaps.Mapping m = ProcMaps.parse("7f1c2a028000-7f1c2a1bd000 r-xp 00028000 08:01 1573924                    /usr/lib/x86_64-linux-gnu/libc.so.6");
        assertEquals(0x7f1c2a028000L, m.start());
        assertEquals(0x28000, m.offset());
        assertEquals("08:01", m.dev());
        assertEquals("/usr/lib/x86_64-linux-gnu/libc.so.6", m.path());
        assertTrue(m.fileBacked());
        ProcMaps.Mapping d = ProcMaps.parse("55d5c6a3c000-55d5c6a3e000 r-xp 00002000 00:2a 77 /tmp/my prog (deleted)");
        assertEquals("/tmp/my prog", d.path());
        assertTrue(d.deleted());
        ProcMaps.Mapping anon = ProcMaps.parse("7f1c28000000-7f1c28021000 rwxp 00000000 00:00 0 ");
        assertEquals("", anon.path());
        assertTrue(!anon.fileBacked());
        assertNull(ProcMaps.parse("7f1c2a000000-7f1c2a028000 r--p 00000000 08:01 1573924 /usr/lib/x86_64-linux-gnu/libc.so.6"));
    }

    @Test
    void perfMapsParse(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("perf-1.map");
        Files.writeString(f, "7f0000001000 40 Interpreter\n0x7f0000002000 0x10 LFoo;::bar\nbroken\n");
        PerfMap m = PerfMap.read(f);
        assertEquals(2, m.size());
        assertEquals("Interpreter", m.lookup(0x7f000000103fL).name());
        assertEquals("LFoo;::bar", m.lookup(0x7f000000200fL).name());
        assertNull(m.lookup(0x7f0000001040L));
    }

    @Test
    void libcFunctionsOfThisProcessResolve() {
        long getpid = Linker.nativeLinker().defaultLookup().findOrThrow("getpid").address();
        Symbolizer sym = new Symbolizer();
        Symbolizer.Frame f = sym.user((int) ProcessHandle.current().pid(), getpid, true);
        assertEquals("getpid", f.func(), f.toString());
        assertEquals(0, f.funcOffset());
        assertTrue(f.module().contains("libc.so"), f.module());
        assertNotNull(f.buildId());
        assertTrue(f.fileOffset() > 0);
    }

    @Test
    void vdsoFramesAreNamedFromJrecsOwnCopy() throws IOException {
        String line = java.nio.file.Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(l -> l.endsWith("[vdso]")).findFirst().orElseThrow();
        String[] range = line.substring(0, line.indexOf(' ')).split("-");
        long start = Long.parseUnsignedLong(range[0], 16), end = Long.parseUnsignedLong(range[1], 16);
        Symbolizer sym = new Symbolizer();
        int pid = (int) ProcessHandle.current().pid();
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (long a = start; a < end; a += 4) {
            Symbolizer.Frame f = sym.user(pid, a, true);
            assertEquals("[vdso]", f.module());
            if (f.func() != null) names.add(f.func());
        }
        assertTrue(names.stream().anyMatch(n -> n.contains("clock_gettime")), "vDSO symbols: " + names);
    }

    @Test
    void kernelAddressesResolveFromKallsyms() throws IOException {
        long schedule = -1;
        for (String line : Files.readAllLines(Path.of("/proc/kallsyms"))) {
            if (line.endsWith(" T schedule")) {
                schedule = Long.parseUnsignedLong(line.substring(0, line.indexOf(' ')), 16);
                break;
            }
        }
        assertTrue(schedule > 0 || schedule < -1, "schedule in kallsyms (root, kptr_restrict)");
        Symbolizer sym = new Symbolizer();
        Symbolizer.Frame f = sym.kernel(schedule + 4, true);
        assertEquals("schedule", f.func());
        assertEquals(4, f.funcOffset());
        assertEquals(Kallsyms.KERNEL, f.module());
        assertTrue(f.fileOffset() > 0);
        // a return address right after a call at the end of a function names the caller
        assertEquals("schedule", sym.kernel(schedule + 1, false).func());
    }

    /** A stripped binary gets its symbols from /usr/lib/debug/.build-id/xx/yyyy.debug (a temp root here). */
    @Test
    void strippedBinariesUseTheirDebugFile(@TempDir Path dir) throws Exception {
        Path exe = dir.resolve("prog");
        Files.copy(StackWorkload.build(StackWorkload.targetDir()), exe);
        ElfFile full = ElfFile.read(exe);
        assertTrue(full.hasSymtab());
        String id = full.buildId();
        assertNotNull(id);
        Path debug = dir.resolve("debug/.build-id").resolve(id.substring(0, 2)).resolve(id.substring(2) + ".debug");
        Files.createDirectories(debug.getParent());
        run("objcopy", "--only-keep-debug", exe.toString(), debug.toString());
        run("strip", "--strip-all", exe.toString());
        ElfFile stripped = ElfFile.read(exe);
        assertTrue(!stripped.hasSymtab());
        assertEquals(id, stripped.buildId());

        long burnVaddr = -1;
        SymbolTable.Symbol s = null;
        for (ElfFile.Segment seg : full.loads()) {
            if ((seg.flags() & 1) != 0) { // PF_X
                for (long a = seg.vaddr(); a < seg.vaddr() + seg.memsz() && burnVaddr < 0; a += 4) {
                    s = full.symbols().lookup(a);
                    if (s != null && s.name().equals("burn_cpu_here")) {
                        burnVaddr = a;
                    }
                }
            }
        }
        assertTrue(burnVaddr > 0);
        assertNull(Binary.load(exe.toString(), exe, dir.resolve("nowhere")).symbols().lookup(burnVaddr),
                "stripped and no debug file: burn_cpu_here is not in .dynsym");
        Binary b = Binary.load(exe.toString(), exe, dir.resolve("debug"));
        assertEquals(debug, b.debugFile());
        assertEquals("burn_cpu_here", b.symbols().lookup(burnVaddr).name());
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, List.of(cmd) + ": " + out);
    }
}
