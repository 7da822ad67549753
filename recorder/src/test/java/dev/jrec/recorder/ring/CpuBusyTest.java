package dev.jrec.recorder.ring;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cpu trigger's forms, and its spells on a /proc/stat written by the test. */
class CpuBusyTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    private static Trigger parse(String text) {
        return Trigger.parse(text, d -> Long.parseLong(d.replace("s", "")) * S);
    }

    @Test
    void formsAndMistakes() {
        Trigger t = parse("cpu busy > 95% for 10s");
        assertEquals(Trigger.Kind.CPU, t.kind());
        assertEquals(95.0, t.busyPercent());
        assertEquals(10 * S, t.thresholdNs());
        assertEquals(-1, t.cpu());
        assertNull(t.source(), "tested on /proc/stat: no source to record");
        assertEquals(3, parse("cpu busy>50% for 2s cpu=3").cpu());
        for (String bad : List.of("cpu", "cpu busy > 95%", "cpu busy > 95 for 10s", "cpu busy > 100% for 10s",
                "cpu busy > x% for 10s", "cpu busy > 95% for 0s", "cpu busy > 95% for 10s cpu=a", "cpu idle > 5% for 10s")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--trigger '" + bad + "': "), e.getMessage());
        }
    }

    /** /proc/stat's first line, busy and idle ticks as given (user = busy, idle = idle; iowait idle too). */
    private void stat(long busy, long idle, long iowait) throws Exception {
        Files.writeString(dir.resolve("stat"), "cpu  " + busy + " 0 0 " + idle + " " + iowait + " 0 0 0 0 0\ncpu0 1 0 0 1 0 0 0 0 0 0\n");
    }

    @Test
    void firesOnceASpellHasLastedItsDurationAndAgainOnlyAfterALull() throws Exception {
        CpuBusy c = new CpuBusy(parse("cpu busy > 90% for 3s"), dir.resolve("stat"));
        long busy = 0, idle = 0, now = 0;
        stat(busy, idle, 0);
        assertNull(c.sample(now));
        // 5 busy seconds (95%): fires at the 3rd
        String fired = null;
        int firedAt = -1;
        for (int s = 1; s <= 5; s++) {
            busy += 95;
            idle += 5;
            stat(busy, idle, 0);
            String e = c.sample(now += S);
            if (e != null) {
                assertNull(fired, "once per spell");
                fired = e;
                firedAt = s;
            }
        }
        assertEquals(3, firedAt);
        assertEquals("cpu busy=95.0% over 3.0 s (all CPUs)", fired);
        assertNull(c.sample(now + S / 2), "read at most once a second");
        // a second of iowait is not busy: the spell ends, and a new one fires after 3 s again
        idle += 10;
        stat(busy, idle, 90);
        assertNull(c.sample(now += S));
        for (int s = 1; s <= 3; s++) {
            busy += 99;
            idle += 1;
            stat(busy, idle, 90);
            String e = c.sample(now += S);
            assertEquals(s == 3, e != null, "second " + s + ": " + e);
        }
    }

    @Test
    void oneCpuIsReadFromItsOwnLineAndAMissingOneIsSaid() throws Exception {
        Files.writeString(dir.resolve("stat"), "cpu  100 0 0 100 0 0 0 0 0 0\ncpu0 90 0 0 10 0 0 0 0 0 0\ncpu1 10 0 0 90 0 0 0 0 0 0\n");
        assertArrayEquals(new long[] {10, 100}, CpuBusy.times(Files.readAllLines(dir.resolve("stat")), 1));
        assertArrayEquals(new long[] {100, 200}, CpuBusy.times(Files.readAllLines(dir.resolve("stat")), -1));
        CpuBusy c = new CpuBusy(parse("cpu busy > 90% for 1s cpu=7"), dir.resolve("stat"));
        var e = assertThrows(java.io.IOException.class, () -> c.sample(0));
        assertTrue(e.getMessage().contains("no line for cpu7"), e.getMessage());
    }
}
