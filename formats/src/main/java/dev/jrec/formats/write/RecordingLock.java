package dev.jrec.formats.write;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The lock a recording (or a recovery) holds on {@code OUT.parts/lock} for its whole life, so that
 * {@code info}, {@code recover} and a second {@code record -o} tell a live recording from an interrupted one
 * by asking the kernel, not by guessing from file ages (SQLite's and JFR's answer to the same question).
 * The file holds the holder's pid, start time and role, for the message.
 *
 * <p>It is an fcntl record lock ({@link FileChannel#tryLock}) rather than flock(2): it needs no native call,
 * it also works on NFS (where Linux turns flock into fcntl anyway), and lslocks(8) shows its pid. Either dies
 * with its process however it dies, so a SIGKILLed recorder's parts are recoverable at once. fcntl's catch —
 * closing any descriptor of the file drops the process's lock, and a second lock in one JVM throws — is why
 * this JVM's own locks are answered from {@link #HELD} without opening the file.
 */
public final class RecordingLock implements AutoCloseable {
    public static final String FILE = "lock";
    static final String RECORD = "record", RECOVER = "recover";
    private static final Map<Path, RecordingLock> HELD = new HashMap<>();

    /** Who holds a parts folder: {@code pid} -1 when the holder has not written its name yet. */
    public record Holder(long pid, String started, String role) {
        /** The one line that info, recover and record -o print about a capture still being written. */
        public String describe(Path capture) {
            String who = pid < 0 ? "another process" : "pid " + pid;
            String since = started.isEmpty() ? "" : " (started " + started + ")";
            if (RECOVER.equals(role)) return capture + " is being recovered by " + who + since + "; wait for it to finish";
            return capture + " is being recorded by " + who + since + "; wait for it or stop it with "
                    + (pid < 0 ? "Ctrl-C" : "kill -INT " + pid);
        }
    }

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final Holder holder;

    private RecordingLock(Path dir, FileChannel channel, FileLock lock, Holder holder) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
    }

    /** Locks {@code partsDir} (which must exist) for this process; {@link Busy} says who holds it otherwise. */
    static synchronized RecordingLock acquire(Path partsDir, String role) throws IOException {
        Path dir = key(partsDir);
        RecordingLock mine = HELD.get(dir);
        if (mine != null) throw new Busy(mine.holder);
        FileChannel ch = FileChannel.open(dir.resolve(FILE), CREATE, READ, WRITE);
        FileLock l = null;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            // held through another channel of this JVM that HELD does not know: treat as busy
        } finally {
            if (l == null) ch.close();
        }
        if (l == null) throw new Busy(holder(partsDir).orElse(new Holder(-1, "", RECORD)));
        Holder me = new Holder(ProcessHandle.current().pid(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), role);
        byte[] text = ("pid=" + me.pid() + "\nstarted=" + me.started() + "\nrole=" + role + "\n").getBytes(StandardCharsets.UTF_8);
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(text), 0);
        ch.force(false);
        RecordingLock held = new RecordingLock(dir, ch, l, me);
        HELD.put(dir, held);
        return held;
    }

    /** Who holds {@code partsDir}'s lock, if anyone: a live recording or recovery. */
    public static Optional<Holder> holder(Path partsDir) throws IOException {
        Path dir = key(partsDir);
        synchronized (RecordingLock.class) {
            RecordingLock mine = HELD.get(dir);
            if (mine != null) return Optional.of(mine.holder);
        }
        Path file = dir.resolve(FILE);
        try (FileChannel ch = FileChannel.open(file, READ)) {
            FileLock probe;
            try {
                probe = ch.tryLock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException e) {
                probe = null;
            }
            if (probe != null) {
                probe.release();
                return Optional.empty();
            }
            return Optional.of(parse(Files.readString(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // not yet created, or a recording from before locks: nobody holds it
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(file.toString(), null,
                    "cannot tell whether " + dir + " is being recorded: permission denied; run as the user who recorded it (or root)");
        }
    }

    private static Holder parse(String text) {
        Map<String, String> kv = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) kv.put(line.substring(0, eq), line.substring(eq + 1));
        }
        long pid;
        try {
            pid = Long.parseLong(kv.getOrDefault("pid", "-1"));
        } catch (NumberFormatException e) {
            pid = -1;
        }
        return new Holder(pid, kv.getOrDefault("started", ""), kv.getOrDefault("role", RECORD));
    }

    private static Path key(Path partsDir) {
        return partsDir.toAbsolutePath().normalize();
    }

    /** Another process (or another part of this one) holds the lock. */
    static final class Busy extends IOException {
        final Holder holder;

        Busy(Holder holder) {
            super("locked by " + holder);
            this.holder = holder;
        }
    }

    /** Releases the lock; the file stays until its folder is removed. */
    @Override
    public void close() throws IOException {
        synchronized (RecordingLock.class) {
            if (HELD.get(dir) != this) return;
            HELD.remove(dir);
        }
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
