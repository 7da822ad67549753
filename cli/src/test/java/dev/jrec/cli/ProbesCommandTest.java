package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProbesCommandTest {
    @Test
    void pythonsUsdtProbesAsBpftraceListsThem() {
        ReportCommandTest.Run r = ReportCommandTest.jrec("probes", "/usr/bin/python3.11", "--usdt");
        assertEquals(0, r.code(), r.err());
        List<String> names = List.of("function__entry", "function__return", "gc__start", "gc__done", "line",
                "import__find__load__start", "import__find__load__done", "audit");
        assertEquals(names.stream().sorted().map(n -> "usdt:/usr/bin/python3.11:python:" + n).toList(), r.out().lines().sorted().toList());
        ReportCommandTest.Run gc = ReportCommandTest.jrec("probes", "/usr/bin/python3.11", "gc*", "--usdt", "-v");
        assertEquals(2, gc.out().lines().count(), gc.out());
        assertTrue(gc.out().lines().allMatch(l -> l.contains(" semaphore 0x") && l.contains(" args ")), gc.out());
    }

    @Test
    void libraryFunctionsByPattern() {
        ReportCommandTest.Run r = ReportCommandTest.jrec("probes", "libc", "malloc");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        assertTrue(r.out().strip().matches("uprobe:/\\S*/libc\\.so\\.6:malloc"), r.out());
        assertTrue(ReportCommandTest.jrec("probes", "libc", "memcpy", "-v").out().contains(" ifunc"));
    }

    @Test
    void aMissingFileIsOneLine() {
        ReportCommandTest.Run r = ReportCommandTest.jrec("probes", "/no/such/binary");
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertEquals("jrec: no file /no/such/binary: give an absolute path, a library name (libc) or /proc/PID/exe", r.err().strip());
    }
}
