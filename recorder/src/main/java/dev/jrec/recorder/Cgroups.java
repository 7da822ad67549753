package dev.jrec.recorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the cgroup v2 directory a --cgroup argument names, wherever cgroup2 is mounted. */
public final class Cgroups {
    private Cgroups() {}

    /** An absolute directory as is; otherwise a path below the cgroup2 mount ("system.slice/nginx.service"). */
    public static Path resolve(String arg) {
        Path p = Path.of(arg);
        if (p.isAbsolute() && Files.isDirectory(p)) return p;
        Path mount = cgroup2Mount();
        if (mount == null) throw new IllegalArgumentException("--cgroup needs cgroup v2, which is not mounted on this host");
        Path under = mount.resolve(arg.startsWith("/") ? arg.substring(1) : arg);
        if (!Files.isDirectory(under)) {
            throw new IllegalArgumentException("--cgroup: no cgroup " + arg + " under " + mount + " (see /proc/PID/cgroup for a process's cgroup)");
        }
        return under;
    }

    static Path cgroup2Mount() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[2].equals("cgroup2")) return Path.of(f[1]);
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
