package dev.jrec.recorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Kernel dev_t (major << 20 | minor) → device name from sysfs, cached: the capture keeps the name. */
final class DiskNames {
    private final Map<Integer, String> names = new HashMap<>();

    String name(int dev) {
        return names.computeIfAbsent(dev, DiskNames::lookup);
    }

    private static String lookup(int dev) {
        int major = dev >>> 20, minor = dev & 0xfffff;
        try {
            for (String line : Files.readAllLines(Path.of("/sys/dev/block/" + major + ":" + minor + "/uevent"))) {
                if (line.startsWith("DEVNAME=")) return line.substring(8);
            }
        } catch (IOException e) {
            // gone or never in sysfs (e.g. a removed device): the capture keeps major:minor
        }
        return major + ":" + minor;
    }
}
