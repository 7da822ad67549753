package dev.jrec.recorder.uprobe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrec.recorder.uprobe.UserProbe.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserProbeTest {
    @Test
    void argumentsByPosition() {
        UserProbe p = UserProbe.parse(Type.UPROBE, "libssl:SSL_write(_, _, len)");
        assertEquals("libssl", p.binary());
        assertEquals("SSL_write", p.func());
        assertEquals(List.of("len"), p.argNames());
        assertEquals(List.of(2), p.argPositions());
        assertEquals(-1, p.strPosition());
        UserProbe o = UserProbe.parse(Type.URETPROBE, "/usr/lib/x86_64-linux-gnu/libc.so.6:openat(dirfd, str path, flags)");
        assertEquals("/usr/lib/x86_64-linux-gnu/libc.so.6", o.binary());
        assertEquals(List.of("dirfd", "flags"), o.argNames());
        assertEquals(List.of(0, 2), o.argPositions());
        assertEquals("path", o.strName());
        assertEquals(1, o.strPosition());
        assertTrue(o.spec(false).timed());
        assertEquals(List.of(), UserProbe.parse(Type.UPROBE, "/proc/1/exe:main").argNames());
    }

    @Test
    void aLatencySuffixIsAUretprobe() {
        UserProbe l = UserProbe.parse(Type.UPROBE, "libssl:SSL_write(_, _, len):latency");
        assertEquals(Type.URETPROBE, l.type());
        assertEquals("SSL_write", l.func());
        assertEquals(List.of(2), l.argPositions());
        assertEquals(Type.URETPROBE, UserProbe.parse(Type.UPROBE, "/usr/bin/app:handle:latency").type());
        UserProbe f = UserProbe.parse(Type.UPROBE, "/usr/bin/app:latency"); // a function named latency
        assertEquals(Type.UPROBE, f.type());
        assertEquals("latency", f.func());
    }

    @Test
    void usdtNamesProviderAndProbe() {
        UserProbe u = UserProbe.parse(Type.USDT, "/usr/bin/python3.11:python:gc__start(generation)");
        assertEquals("/usr/bin/python3.11", u.binary());
        assertEquals("python", u.provider());
        assertEquals("gc__start", u.name());
        assertEquals(List.of(0), u.argPositions());
        assertEquals("usdt:/usr/bin/python3.11:python:gc__start",
                UserProbes.label(Type.USDT, java.nio.file.Path.of("/usr/bin/python3.11"), u));
    }

    @Test
    void badSpecsSayWhatToWrite() {
        assertEquals("--uprobe 'libc:malloc(size': the argument list has no closing ')'; write BINARY:FUNC(ARG, ...), e.g. "
                + "libc:malloc(size) or libc:openat(_, str path)",
                assertThrows(IllegalArgumentException.class, () -> UserProbe.parse(Type.UPROBE, "libc:malloc(size")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UserProbe.parse(Type.UPROBE, "malloc")).getMessage()
                .contains("it names no function"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UserProbe.parse(Type.USDT, "/usr/bin/python3:gc__start"))
                .getMessage().contains("it names no provider"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UserProbe.parse(Type.UPROBE, "libc:f(str a, str b)"))
                .getMessage().contains("only one argument can be a string"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UserProbe.parse(Type.UPROBE, "libc:f(a, b, c, d, e, f, g)"))
                .getMessage().contains("only the first 6"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UserProbe.parse(Type.UPROBE, "libc:f(1x)"))
                .getMessage().contains("argument 1 '1x' is not _, NAME, *NAME or str NAME"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UserProbe.parse(Type.UPROBE, "libc:f(* )"))
                .getMessage().contains("argument 1 '*' is not *NAME"));
    }

    @Test
    void anOutParameterIsReadThroughItsPointer() {
        UserProbe p = UserProbe.parse(Type.URETPROBE, "libc:posix_memalign(*memptr, alignment, size)");
        assertEquals(List.of("*memptr", "alignment", "size"), p.argNames());
        assertEquals(List.of(0, 1, 2), p.argPositions());
        assertEquals(0b001, p.spec(false).deref());
        assertEquals(0b010, UserProbe.parse(Type.UPROBE, "bin:f(_, a, *b)").spec(false).deref());
        assertEquals(0, UserProbe.parse(Type.UPROBE, "libc:malloc(size)").spec(false).deref());
    }

    @Test
    void memleakNeverSamplesFrees() {
        List<UserProbe> m = UserProbe.memleak("libc");
        assertEquals(List.of("malloc", "calloc", "realloc", "posix_memalign", "aligned_alloc", "memalign", "valloc", "pvalloc", "mmap", "free",
                "munmap"), m.stream().map(UserProbe::func).limit(11).toList());
        assertEquals(List.of("aligned_alloc", "memalign", "valloc", "pvalloc"), m.stream().limit(11).filter(UserProbe::optional).map(UserProbe::func).toList());
        assertTrue(m.stream().skip(11).allMatch(p -> p.optional() && p.binary().equals("libstdc++") && p.func().startsWith("_Zn")), m.toString());
        List<String> frees = List.of("free", "munmap");
        assertTrue(m.stream().filter(p -> !frees.contains(p.func())).allMatch(p -> p.spec(true).sampled() && p.spec(true).timed()));
        for (UserProbe free : m.stream().filter(p -> frees.contains(p.func())).toList()) {
            assertTrue(!free.spec(true).sampled() && !free.spec(true).timed() && free.spec(true).stack(), free.func());
        }
    }
}
