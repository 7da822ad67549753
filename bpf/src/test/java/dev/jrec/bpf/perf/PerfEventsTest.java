package dev.jrec.bpf.perf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class PerfEventsTest {
    @Test
    void cpuListsParse() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 6, 8, 9}, PerfEvents.parseCpuList("0-3,6,8-9\n"));
        assertArrayEquals(new int[] {0}, PerfEvents.parseCpuList("0"));
    }
}
