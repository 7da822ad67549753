package dev.jrec.recorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Time since this process was launched, as the user counts it: the launcher script execs the JVM, so the
 * process's start is the moment `jrec` was typed. Both readings are the kernel's, since boot, to 10 ms.
 */
public final class LaunchClock {
    private LaunchClock() {}

    /** USER_HZ, which /proc reports process start times in: 100 on every Linux ABI jrec runs on. */
    private static final long TICKS_PER_S = 100;

    /** Nanoseconds since launch, or -1 if /proc does not say. */
    public static long elapsedNs() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String uptime = Files.readString(Path.of("/proc/uptime"));
            // Fields after the command name, which may hold spaces and parentheses: starttime is field 22.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(f[22 - 3]);
            long nowNs = (long) (Double.parseDouble(uptime.substring(0, uptime.indexOf(' '))) * 1e9);
            return Math.max(0, nowNs - startTicks * (1_000_000_000L / TICKS_PER_S));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static final boolean TRACE = "startup".equals(System.getenv("JREC_TRACE"));

    /** With JREC_TRACE=startup, one stderr line per step of a recording's start: where the time to attach goes. */
    public static void mark(String step) {
        if (TRACE) {
            long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            System.err.printf(java.util.Locale.ROOT, "jrec: [startup] %6.3f s  (this thread's CPU %4d ms)  %s%n", elapsedNs() / 1e9, cpu / 1_000_000, step);
        }
    }
}
