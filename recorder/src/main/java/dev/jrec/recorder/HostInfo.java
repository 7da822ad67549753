package dev.jrec.recorder;

import dev.jrec.formats.schema.MetadataKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a capture says about the host it was recorded on. Read from /proc so that it costs no native
 * call; {@link System#nanoTime()} is CLOCK_MONOTONIC on Linux, the clock of bpf_ktime_get_ns().
 */
public final class HostInfo {
    private HostInfo() {}

    public static Map<String, String> collect() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MetadataKeys.HOST, hostname());
        m.put(MetadataKeys.KERNEL_RELEASE, read("/proc/sys/kernel/osrelease"));
        m.put(MetadataKeys.UNAME, read("/proc/version"));
        m.put(MetadataKeys.CPU_COUNT, Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put(MetadataKeys.CPU_MODEL, cpuModel());
        m.put(MetadataKeys.BOOT_ID, read("/proc/sys/kernel/random/boot_id"));
        m.put(MetadataKeys.CLOCK_REALTIME_OFFSET, Long.toString(realtimeOffsetNs()));
        m.put(MetadataKeys.CLOCK_BOOTTIME_OFFSET, Long.toString(boottimeOffsetNs()));
        m.values().removeIf(v -> v == null || v.isEmpty());
        return m;
    }

    /** CLOCK_REALTIME - CLOCK_MONOTONIC, from the closest of several paired readings. */
    public static long realtimeOffsetNs() {
        long best = Long.MAX_VALUE, offset = 0;
        for (int i = 0; i < 16; i++) {
            long before = System.nanoTime();
            Instant now = Instant.now();
            long after = System.nanoTime();
            if (after - before < best) {
                best = after - before;
                long wall = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                offset = wall - (before + (after - before) / 2);
            }
        }
        return offset;
    }

    /** CLOCK_BOOTTIME - CLOCK_MONOTONIC, to 10 ms (the resolution of /proc/uptime); 0 if unknown. */
    static long boottimeOffsetNs() {
        String up = read("/proc/uptime");
        if (up == null) return 0;
        long mono = System.nanoTime();
        long boot = (long) (Double.parseDouble(up.split("\\s+")[0]) * 1e9);
        long off = boot - mono;
        return Math.abs(off) < 20_000_000L ? 0 : off;
    }

    public static String hostname() {
        String h = read("/proc/sys/kernel/hostname");
        if (h != null) return h;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    static String read(String path) {
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
