package dev.jrec.symbols.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PLT stubs are named as objdump and perf name them (rand@plt), not given to the _init before them. */
class PltSymbolsTest {
    @TempDir Path dir;

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) fail(String.join(" ", cmd) + ": " + out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"-fcf-protection=none", "-fcf-protection=full"}) // .plt alone, and .plt + .plt.sec (IBT)
    void stubsAreNamedLikeObjdumpNamesThem(String cet) throws Exception {
        Path src = dir.resolve("p.c"), bin = dir.resolve("p");
        Files.writeString(src, """
                #include <stdlib.h>
                #include <string.h>
                #include <stdio.h>
                int main(int argc, char **argv) { char b[64]; srand(argc); strcpy(b, argv[0]); printf("%d %s\\n", rand(), b); return 0; }
                """);
        run("gcc", "-O1", cet, "-o", bin.toString(), src.toString());
        Map<Long, String> stubs = new LinkedHashMap<>();
        // stubs of .plt and .plt.sec, which .rela.plt names; .plt.got's (__cxa_finalize) go through the GOT directly
        String section = "";
        Pattern header = Pattern.compile("^Disassembly of section (\\S+):"), stub = Pattern.compile("^([0-9a-f]+) <([^>]+@plt)>:");
        for (String line : run("objdump", "-d", bin.toString()).lines().toList()) {
            Matcher h = header.matcher(line), m = stub.matcher(line);
            if (h.find()) section = h.group(1);
            else if (m.find() && (section.equals(".plt") || section.equals(".plt.sec"))) stubs.put(Long.parseLong(m.group(1), 16), m.group(2));
        }
        assertTrue(stubs.size() >= 4, "objdump's stubs: " + stubs);
        SymbolTable t = ElfFile.read(bin).symbols();
        for (var e : stubs.entrySet()) {
            for (long at : new long[] {e.getKey(), e.getKey() + 15}) {
                SymbolTable.Symbol s = t.lookup(at);
                assertNotNull(s, e.getValue());
                assertEquals(e.getValue(), s.name(), "at 0x" + Long.toHexString(at));
            }
        }
    }
}
