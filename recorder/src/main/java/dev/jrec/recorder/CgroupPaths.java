package dev.jrec.recorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A cgroup v2 id (what bpf_get_current_cgroup_id returns: the inode of the cgroup's directory) back to its path
 * under the hierarchy's root, as /proc/PID/cgroup writes it ("/system.slice/docker-ID.scope"). For a process that
 * ended before the thread table read its /proc: its fork or exec record carries the id. The hierarchy is walked
 * again on an unknown id, at most every {@link #RESCAN_NS}: a container started since is found, one removed since
 * (a crash loop's) is not, and its threads keep only the id.
 */
final class CgroupPaths {
    static final long RESCAN_NS = 200_000_000L;
    private final Path root;
    private final Map<Long, String> byId = new HashMap<>();
    private long scannedAt = Long.MIN_VALUE;

    CgroupPaths(Path root) {
        this.root = root;
    }

    /** The default hierarchy: /sys/fs/cgroup, or its unified part on a hybrid host. */
    static CgroupPaths system() {
        Path unified = Path.of("/sys/fs/cgroup/unified");
        return new CgroupPaths(Files.isDirectory(unified) ? unified : Path.of("/sys/fs/cgroup"));
    }

    /** The path of cgroup {@code id}, or null when it is not (or no longer) in the hierarchy. */
    String path(long id) {
        if (id <= 0) return null;
        String p = byId.get(id);
        long now = System.nanoTime();
        if (p == null && (scannedAt == Long.MIN_VALUE || now - scannedAt >= RESCAN_NS)) {
            scannedAt = now;
            scan();
            p = byId.get(id);
        }
        return p;
    }

    private void scan() {
        try (Stream<Path> dirs = Files.walk(root)) {
            dirs.filter(Files::isDirectory).forEach(d -> {
                try {
                    long ino = ((Number) Files.getAttribute(d, "unix:ino")).longValue();
                    String rel = "/" + root.relativize(d).toString();
                    byId.put(ino, rel.equals("/") ? "/" : rel);
                } catch (IOException | RuntimeException gone) {
                    // removed while walked
                }
            });
        } catch (IOException | RuntimeException e) {
            // no cgroup v2 here: ids stay unnamed
        }
    }
}
