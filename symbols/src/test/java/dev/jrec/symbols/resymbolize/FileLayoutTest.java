package dev.jrec.symbols.resymbolize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jrec.symbols.elf.ElfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileLayoutTest {
    @TempDir Path dir;

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) fail(String.join(" ", cmd) + ": " + out);
    }

    /** The layout rebuilt from a debug file maps every code offset as the real binary's program headers do. */
    @ParameterizedTest
    @ValueSource(strings = {"-pie", "-no-pie", "-shared"})
    void debugFileLayoutMatchesTheBinarys(String kind) throws Exception {
        Path src = dir.resolve("p.c"), bin = dir.resolve("p"), dbg = dir.resolve("p.debug");
        Files.writeString(src, "int f(int x) { return x * 3; }\nint main(void) { return f(1); }\n");
        run("gcc", "-O1", "-g", kind, kind.equals("-shared") ? "-fPIC" : "-fno-pie", "-o", bin.toString(), src.toString());
        run("objcopy", "--only-keep-debug", bin.toString(), dbg.toString());
        ElfFile real = ElfFile.read(bin), debug = ElfFile.read(dbg);
        FileLayout fromBinary = new FileLayout(real), fromDebug = new FileLayout(debug);
        long checked = 0;
        for (ElfFile.Segment s : real.loads()) {
            if ((s.flags() & 1) == 0) continue; // code segments: where frames are
            for (long off = s.offset(); off < s.offset() + s.filesz(); off += 7) {
                assertEquals(fromBinary.vaddr(off), fromDebug.vaddr(off), "offset 0x" + Long.toHexString(off));
                assertEquals(off - s.offset() + s.vaddr(), fromBinary.vaddr(off));
                checked++;
            }
        }
        assertTrue(checked > 10, "code offsets checked: " + checked);
    }
}
