package dev.jrec.cli;

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
}
