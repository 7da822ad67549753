package dev.jrec.analysis;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TimeSpecTest {
    static final long START = 1_000_000_000L, END = 11_000_000_000L;
    static final long OFFSET = 1_764_000_000_000_000_000L; // ts + OFFSET = ns since the epoch

    private static long at(String spec) {
        return TimeSpec.parse(spec, START, END, OFFSET);
    }

    @Test
    void offsetsFromTheStart() {
        assertEquals(START + 2_500_000_000L, at("2.5s"));
        assertEquals(START + 500_000_000L, at("500ms"));
        assertEquals(START + 250_000L, at("250us"));
        assertEquals(START + 250_000L, at("250µs"));
        assertEquals(START + 7L, at("7ns"));
        assertEquals(START + 60_000_000_000L, at("1m"));
        assertEquals(START + 3_000_000_000L, at("3"), "a bare number is seconds");
        assertEquals(START + 500_000_000L, at(".5s"));
    }

    @Test
    void negativeOffsetsCountBackFromTheEnd() {
        assertEquals(END - 5_000_000_000L, at("-5s"));
    }

    @Test
    void wallClockTimesUseTheRealtimeOffset() {
        // 1764000001 s since the epoch is 2025-11-24T16:00:01Z
        assertEquals(1_000_000_000L, at("2025-11-24T16:00:01Z"));
        assertEquals(1_500_000_000L, at("2025-11-24T16:00:01.5Z"));
        assertEquals(1_000_000_000L, at("2025-11-24T17:00:01+01:00"));
    }

    @Test
    void nonsenseAndUnknownClocksAreExplained() {
        var e = assertThrows(IllegalArgumentException.class, () -> at("soon"));
        assertTrue(e.getMessage().contains("2.5s"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TimeSpec.parse("2025-11-24T16:00:01Z", START, END, 0));
        assertTrue(e.getMessage().contains("wall clock"), e.getMessage());
    }
}
