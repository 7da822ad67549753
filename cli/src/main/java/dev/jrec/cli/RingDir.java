package dev.jrec.cli;

import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.write.CapturePaths;
import dev.jrec.formats.write.Ring;
import dev.jrec.recorder.ring.DumpNames;
import dev.jrec.recorder.ring.RingOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The folder of a ring recording ({@code record --ring --dir DIR}): the ring itself ({@code ring.parts}), the dumps
 * ({@code dumps/}), the control socket that jrec dump and jrec trigger talk to ({@code control.sock}), and a lock
 * that keeps a second recorder out.
 */
final class RingDir {
    static final String DEFAULT = "/var/lib/jrec";
    private final Path dir;

    RingDir(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    Path dir() {
        return dir;
    }

    /** The recorder's output: its files are in {@link #parts}. */
    Path ring() {
        return dir.resolve("ring");
    }

    Path parts() {
        return CapturePaths.partsDir(ring());
    }

    Path dumps() {
        return dir.resolve("dumps");
    }

    Path socket() {
        return dir.resolve("control.sock");
    }

    /** Whether {@code p} is a ring recording's folder (it holds ring.parts). */
    static boolean isRingDir(Path p) {
        return Files.isDirectory(p.resolve("ring" + CapturePaths.PARTS_SUFFIX));
    }

    /** Locks the folder for this recorder (held until exit); null when another recorder holds it. */
    FileLock lock() throws IOException {
        Files.createDirectories(dumps());
        FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        if (lock == null) ch.close();
        return lock;
    }

    /**
     * What a previous recorder left in the folder, before a new one starts: a killed one's ring is saved as a dump
     * (it holds what led up to the kill), a stopped one's is removed (anything wanted from it was dumped then, or
     * with jrec dump --dir since). Returns a line saying which, or null when there was none.
     */
    String takeOverPrevious() throws IOException {
        if (!Files.isDirectory(parts())) return null;
        Ring old = Ring.load(parts());
        if (old.stopped() || old.span() == null) {
            Ring.delete(parts());
            return "removed the ring a previous recorder left in " + parts() + (old.stopped() ? " (stopped cleanly)" : " (no events)");
        }
        RingOptions.Dump d = dump(old, 0, null, "recovered");
        Ring.delete(parts());
        return "the previous recorder was killed: its ring is saved as " + d.path() + " (" + Units.bytes(d.bytes()) + ", "
                + String.format(java.util.Locale.ROOT, "%.0f s", (d.lastTs() - d.firstTs()) / 1e9) + " of events)";
    }

    /**
     * A dump of the ring no recorder is writing (stopped or killed): its last {@code lastNs} of events (0: all) into
     * {@code out} (null: the dump folder).
     */
    RingOptions.Dump dumpLeft(long lastNs, Path out) throws IOException {
        return dumpLeft(lastNs, out, "offline");
    }

    /** As above; {@code reason}: the dump's jrec.dump.reason. */
    RingOptions.Dump dumpLeft(long lastNs, Path out, String reason) throws IOException {
        if (!Files.isDirectory(parts())) {
            throw new java.nio.file.NoSuchFileException(parts().toString(), null, "no ring recording in " + dir
                    + " (jrec record --ring ... --dir " + dir + " makes one)");
        }
        Ring.sweepStaging(parts());
        return dump(Ring.load(parts()), lastNs, out, reason);
    }

    private RingOptions.Dump dump(Ring ring, long lastNs, Path out, String reason) throws IOException {
        long[] span = ring.span();
        if (span == null) throw new IOException("the ring in " + parts() + " holds no complete segment of events");
        long from = lastNs > 0 ? span[1] - lastNs : Long.MIN_VALUE;
        Ring.Snapshot snap = ring.snapshot(from, Long.MAX_VALUE);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(MetadataKeys.DUMP_REASON, reason);
        if (lastNs > 0) extra.put(MetadataKeys.DUMP_FROM_TS, Long.toString(from));
        Path to = out != null ? out : DumpNames.next(dumps(), ring.recording(), span[1], reason, p -> false);
        Files.createDirectories(to.toAbsolutePath().getParent());
        long t0 = System.nanoTime();
        long bytes = snap.write(to, ring.recording(), extra);
        return new RingOptions.Dump(to, bytes, snap.firstTs(), snap.lastTs(), reason, null, System.nanoTime() - t0);
    }
}
