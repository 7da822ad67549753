package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void sizes() {
        assertEquals(16L << 20, Sizes.bytes("16M", "x"));
        assertEquals(2L << 30, Sizes.bytes("2G", "x"));
        assertEquals(4096, Sizes.bytes("4k", "x"));
        assertEquals(512, Sizes.bytes("512", "x"));
        var e = assertThrows(IllegalArgumentException.class, () -> Sizes.bytes("lots", "--buffer"));
        assertTrue(e.getMessage().startsWith("--buffer: 'lots' is not a size"));
    }

    @Test
    void durations() {
        assertEquals(Duration.ofSeconds(30), Sizes.duration("30s", "x"));
        assertEquals(Duration.ofMinutes(5), Sizes.duration("5m", "x"));
        assertEquals(Duration.ofMillis(500), Sizes.duration("500ms", "x"));
        assertEquals(Duration.ofNanos(100_000), Sizes.duration("100us", "x"));
        assertEquals(Duration.ofSeconds(7), Sizes.duration("7", "x"), "bare numbers are seconds");
        assertThrows(IllegalArgumentException.class, () -> Sizes.duration("soon", "-d"));
    }

    @Test
    void intSetSurvivesChurn() {
        SeenThreads.IntSet s = new SeenThreads.IntSet();
        for (int round = 0; round < 20; round++) {
            for (int i = 1; i <= 5000; i++) s.add(round * 5000 + i);
            for (int i = 1; i <= 5000; i++) assertTrue(s.remove(round * 5000 + i));
        }
        assertEquals(0, s.size());
        s.add(42);
        assertTrue(s.contains(42));
        assertFalse(s.contains(43));
    }
}
