package dev.jrec.recorder;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The file behind each fd a recorded read, write or close names, per process: what its open calls seen
 * returned (the path as given, when absolute); else, for an fd no call seen has touched, the fd tables as
 * they were when the recording started ({@link #snapshot}, read on another thread: the rows that need it
 * are encoded later); else what /proc/PID/fd/N links to when first asked (a relative open, a pipe or socket
 * made while recording). A close, or a call that returned a new fd with that number, forgets the name; an
 * exec forgets the process's. With --syscalls leaving out the opens and closes, a reused fd number keeps its
 * earlier file's name: docs/format.md says so.
 */
final class FdNames {
    /** Calls whose non-negative return is a new fd of the caller (a name to forget, or to learn). */
    private static final Set<String> NEW_FD = Set.of("open", "openat", "openat2", "creat", "dup", "dup2",
            "dup3", "fcntl", "socket", "accept", "accept4", "eventfd", "eventfd2", "epoll_create", "epoll_create1", "memfd_create",
            "timerfd_create", "signalfd", "signalfd4", "inotify_init", "inotify_init1", "fanotify_init", "pidfd_open",
            "pidfd_getfd", "userfaultfd", "perf_event_open", "open_by_handle_at", "io_uring_setup", "open_tree", "fsopen",
            "fsmount", "fspick", "memfd_secret", "landlock_create_ruleset");
    /** A name /proc could not give (not asked again); and an fd whose start-time name no longer holds. */
    private static final String UNKNOWN = "", ASK_PROC = new String("?");

    private final Path proc;
    private final Map<Integer, Map<Integer, String>> byPid = new HashMap<>();
    private CompletableFuture<Map<Integer, Map<Integer, String>>> atStart = CompletableFuture.completedFuture(Map.of());

    FdNames(Path proc) {
        this.proc = proc;
    }

    /** Reads every process's fd table now, on a thread of its own; done when the future is. */
    CompletableFuture<?> snapshot() {
        atStart = CompletableFuture.supplyAsync(this::readTables, r -> {
            Thread t = new Thread(r, "jrec-fd-tables");
            t.setDaemon(true);
            t.start();
        });
        return atStart;
    }

    /** After a call by process pid that returned ret: learns or forgets what an fd names. */
    void returned(int pid, String syscall, long ret, int fd, String path) {
        if (syscall == null) return;
        if (syscall.equals("close") && ret == 0 && fd >= 0) {
            fds(pid).put(fd, ASK_PROC);
        } else if (ret >= 0 && ret <= Integer.MAX_VALUE && NEW_FD.contains(syscall)) {
            boolean open = syscall.startsWith("open") || syscall.equals("creat");
            fds(pid).put((int) ret, open && path != null && path.startsWith("/") ? path : ASK_PROC);
        } else if ((syscall.equals("execve") || syscall.equals("execveat")) && ret == 0) {
            Map<Integer, String> m = fds(pid);
            m.clear(); // close-on-exec fds are gone, and names learned before may be stale
            m.put(-1, ASK_PROC); // marks the process: its start-time table no longer holds
        }
    }

    /** The file fd of process pid names; null when neither a call seen nor /proc can tell. */
    String name(int pid, int fd) {
        Map<Integer, String> fds = fds(pid);
        String n = fds.get(fd);
        if (n == null && !fds.containsKey(-1)) {
            n = atStart.join().getOrDefault(pid, Map.of()).get(fd);
            if (n != null) fds.put(fd, n);
        }
        if (n == null || n == ASK_PROC) {
            n = link(proc.resolve(Integer.toString(pid)).resolve("fd").resolve(Integer.toString(fd)));
            fds.put(fd, n);
        }
        return n.equals(UNKNOWN) ? null : n;
    }

    void exited(int pid) {
        byPid.remove(pid);
        byPid.put(pid, new HashMap<>(Map.of(-1, ASK_PROC))); // a later process with this pid is not the one of the snapshot
    }

    private Map<Integer, String> fds(int pid) {
        return byPid.computeIfAbsent(pid, p -> new HashMap<>());
    }

    private Map<Integer, Map<Integer, String>> readTables() {
        Map<Integer, Map<Integer, String>> out = new HashMap<>();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path p : pids) {
                Map<Integer, String> fds = new HashMap<>();
                try (DirectoryStream<Path> links = Files.newDirectoryStream(p.resolve("fd"))) {
                    for (Path l : links) fds.put(Integer.parseInt(l.getFileName().toString()), link(l));
                } catch (IOException | RuntimeException gone) {
                    continue; // exited, or not ours to read
                }
                out.put(Integer.parseInt(p.getFileName().toString()), fds);
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static String link(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return UNKNOWN; // gone (closed, or the process exited) or not ours to read
        }
    }
}
