package dev.jrec.formats.write;

import dev.jrec.formats.parquet.LocalFiles;
import dev.jrec.formats.parquet.ParquetOptions;
import dev.jrec.formats.schema.MetadataKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;

/**
 * The closed files of a ring recording ({@code record --ring}): event segments, dropped oldest first once the
 * ring holds more than {@link Limits#ageNs} of events or {@link Limits#maxBytes} on disk, and table segments
 * (thread, stack and frame rows, which the event rows refer to), kept while an event segment still may refer to
 * them. The recorder describes threads and stacks again every {@link Limits#ageNs} ("epochs"), so a table row is
 * referred to only by events within an epoch (and the slack of late events) of it.
 *
 * <p>Each file's footer counts its own rows (not the recording's, as a plain recording's segments do), so a dump
 * sums the footers of the files it joins. Accessed by the writer thread, and by a dump only through {@link #snapshot}
 * (synchronized), whose hard links keep the files a dump joins when the ring drops them meanwhile.
 */
public final class Ring {
    /** @param ageNs keep this much time of events (by ts)
     *  @param maxBytes keep at most this many bytes of closed files (0: no limit) */
    public record Limits(long ageNs, long maxBytes) {}

    /** A late event may refer to a table row written this long before the epoch it falls in (reorder, drain slices). */
    static final long SLACK_NS = 5_000_000_000L;
    static final String TABLES_PREFIX = "tables-", EVENTS_PREFIX = "seg-";
    /** Written when the recorder stopped cleanly: the ring is whole, not what a kill left. */
    public static final String STOPPED = "stopped";
    static final String STAGING = "dump-staging";

    /** One closed file: its rows' ts span and its own counts (footer keys jrec.rows.*, jrec.events.*, jrec.drops.*). */
    record Entry(Path path, boolean tables, long firstTs, long lastTs, long bytes, Map<String, String> counts) {}

    private final Path dir;
    private final Limits limits;
    private final Deque<Entry> events = new ArrayDeque<>();
    private final Deque<Entry> tables = new ArrayDeque<>();
    private long bytes;
    private long evictedSegments, evictedBytes;
    /** Lowered when the disk filled: the ring does not grow back into a full disk. */
    private long maxBytes;
    private int dumps;

    Ring(Path dir, Limits limits) {
        this.dir = dir;
        this.limits = limits;
        this.maxBytes = limits.maxBytes();
    }

    /** The ring a recorder left in {@code dir} (stopped or killed), from its closed files' footers. */
    public static Ring load(Path dir) throws IOException {
        Ring r = new Ring(dir, new Limits(Long.MAX_VALUE, 0));
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().matches("(seg|tables)-\\d{6}\\.parquet")).sorted(
                    java.util.Comparator.comparing(p -> index(p))).forEach(files::add);
        }
        for (Path p : files) {
            Map<String, String> footer;
            try (ParquetFileReader f = ParquetFileReader.open(LocalFiles.input(p), ParquetOptions.read())) {
                footer = f.getFileMetaData().getKeyValueMetaData();
            } catch (IOException | RuntimeException e) {
                continue; // a file the kill cut short has no footer: its rows are not in the ring
            }
            boolean isTables = p.getFileName().toString().startsWith(TABLES_PREFIX);
            r.recording = footer;
            r.add(new Entry(p, isTables, parse(footer.get(MetadataKeys.START_TS), Long.MIN_VALUE),
                    parse(footer.get(MetadataKeys.END_TS), Long.MIN_VALUE), Files.size(p), counts(footer)));
        }
        r.stopped = Files.exists(dir.resolve(STOPPED));
        return r;
    }

    private Map<String, String> recording = Map.of();
    private boolean stopped;

    /** A loaded ring's recording metadata (host, kernel, clocks, configuration), from its newest file's footer. */
    public Map<String, String> recording() {
        return recording;
    }

    /** A loaded ring was stopped cleanly (false: its recorder was killed). */
    public boolean stopped() {
        return stopped;
    }

    private static int index(Path p) {
        String n = p.getFileName().toString();
        return Integer.parseInt(n.substring(n.indexOf('-') + 1, n.indexOf('.')));
    }

    static Map<String, String> counts(Map<String, String> footer) {
        Map<String, String> m = new LinkedHashMap<>();
        footer.forEach((k, v) -> {
            if (MetadataKeys.isCount(k)) m.put(k, v);
        });
        return m;
    }

    public Path dir() {
        return dir;
    }

    synchronized void add(Entry e) {
        (e.tables() ? tables : events).addLast(e);
        bytes += e.bytes();
    }

    /** Bytes of closed files in the ring now. */
    public synchronized long bytes() {
        return bytes;
    }

    public synchronized long evictedSegments() {
        return evictedSegments;
    }

    /** The ts span of the events the ring holds, {@code [first, last]}; null when it holds none. */
    public synchronized long[] span() {
        if (events.isEmpty()) return null;
        return new long[] {events.getFirst().firstTs(), events.getLast().lastTs()};
    }

    /** The size limit now: --ring-size, or less once the disk filled. */
    public synchronized long maxBytes() {
        return maxBytes;
    }

    /**
     * Drops the oldest event segments past the limits ({@code openBytes}: what the file being written takes,
     * which the size limit also covers), then the table segments no event segment left may refer to.
     */
    synchronized void evict(long openBytes) throws IOException {
        while (events.size() > 1) {
            Entry oldest = events.getFirst();
            boolean tooOld = events.getLast().lastTs() - oldest.lastTs() > limits.ageNs();
            boolean tooBig = maxBytes > 0 && bytes + openBytes > maxBytes;
            if (!tooOld && !tooBig) break;
            drop(events.removeFirst());
        }
        long keepFrom = events.isEmpty() ? Long.MAX_VALUE : events.getFirst().firstTs();
        while (tables.size() > 1 && tables.getFirst().lastTs() < keepFrom - limits.ageNs() - SLACK_NS) {
            drop(tables.removeFirst());
        }
    }

    /**
     * The disk is full: drops the oldest tenth of the event segments (at least one) and lowers the size limit to
     * what is left, so the ring shrinks rather than the recording stopping. False when there is nothing to drop.
     */
    synchronized boolean shrinkForSpace() {
        if (events.size() <= 1) return false;
        int n = Math.max(1, events.size() / 10);
        try {
            for (int i = 0; i < n && events.size() > 1; i++) drop(events.removeFirst());
        } catch (IOException e) {
            return false;
        }
        maxBytes = bytes;
        return true;
    }

    private void drop(Entry e) throws IOException {
        Files.deleteIfExists(e.path());
        bytes -= e.bytes();
        if (!e.tables()) {
            evictedSegments++;
            evictedBytes += e.bytes();
        }
    }

    /**
     * Hard-links the files a dump of {@code [fromTs, toTs]} joins (the event segments overlapping it, and every
     * table segment kept) into a staging folder of their own, so the ring may drop them meanwhile.
     */
    public synchronized Snapshot snapshot(long fromTs, long toTs) throws IOException {
        Path staging = dir.resolve(STAGING + "-" + ProcessHandle.current().pid() + "-" + (++dumps));
        if (Files.exists(staging)) CaptureWriter.deleteParts(staging);
        Files.createDirectories(staging);
        List<Entry> picked = new ArrayList<>();
        for (Entry e : tables) picked.add(link(e, staging));
        boolean any = false;
        for (Entry e : events) {
            if (e.lastTs() < fromTs || e.firstTs() > toTs) continue;
            picked.add(link(e, staging));
            any = true;
        }
        if (!any) {
            CaptureWriter.deleteParts(staging);
            return null;
        }
        return new Snapshot(staging, picked);
    }

    private static Entry link(Entry e, Path staging) throws IOException {
        Path to = staging.resolve(e.path().getFileName());
        Files.createLink(to, e.path());
        return new Entry(to, e.tables(), e.firstTs(), e.lastTs(), e.bytes(), e.counts());
    }

    /** Removes a ring's folder and all it holds (a stopped ring no one dumped, or one saved as a dump). */
    public static void delete(Path dir) throws IOException {
        CaptureWriter.deleteParts(dir);
    }

    /** Removes staging folders a killed dump left. */
    public static void sweepStaging(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(STAGING)).toList()) CaptureWriter.deleteParts(p);
        }
    }

    /** The files of one dump, linked apart from the ring; {@link #write} joins them into a capture. */
    public static final class Snapshot {
        private final Path staging;
        private final List<Entry> files;

        Snapshot(Path staging, List<Entry> files) {
            this.staging = staging;
            this.files = files;
        }

        /** The ts span of the events the dump holds (whole segments: up to a second more than asked on each side). */
        public long firstTs() {
            return files.stream().filter(e -> !e.tables()).mapToLong(Entry::firstTs).min().orElse(Long.MIN_VALUE);
        }

        public long lastTs() {
            return files.stream().filter(e -> !e.tables()).mapToLong(Entry::lastTs).max().orElse(Long.MIN_VALUE);
        }

        /**
         * Joins the files (tables first: every row a later one refers to precedes it) into a capture at {@code out}
         * under {@code recording} (the recording's metadata), the files' summed counts and {@code extra}; removes
         * the staging folder. Returns the capture's size.
         */
        public long write(Path out, Map<String, String> recording, Map<String, String> extra) throws IOException {
            try {
                Map<String, String> footer = new LinkedHashMap<>(recording);
                footer.keySet().removeIf(MetadataKeys::isCount);
                footer.putIfAbsent(MetadataKeys.FORMAT_VERSION, dev.jrec.formats.schema.FormatVersion.CURRENT.toString());
                Map<String, Long> sums = new LinkedHashMap<>();
                for (Entry e : files) e.counts().forEach((k, v) -> sums.merge(k, parse(v, 0), Long::sum));
                sums.forEach((k, v) -> footer.put(k, Long.toString(v)));
                footer.put(MetadataKeys.START_TS, Long.toString(firstTs()));
                footer.put(MetadataKeys.END_TS, Long.toString(lastTs()));
                long wallOffset = realtimeOffset(footer);
                if (wallOffset != Long.MIN_VALUE) {
                    footer.put(MetadataKeys.START_WALL, java.time.Instant.ofEpochSecond(0, firstTs() + wallOffset).toString());
                    footer.put(MetadataKeys.END_WALL, java.time.Instant.ofEpochSecond(0, lastTs() + wallOffset).toString());
                }
                footer.put(MetadataKeys.SEGMENTS, Long.toString(files.stream().filter(e -> !e.tables()).count()));
                footer.put(MetadataKeys.COMPLETION, "dump");
                footer.putAll(extra);
                footer.values().removeIf(v -> v == null || v.isEmpty());
                List<Path> order = new ArrayList<>();
                files.stream().filter(Entry::tables).forEach(e -> order.add(e.path()));
                files.stream().filter(e -> !e.tables()).forEach(e -> order.add(e.path()));
                return SegmentMerger.merge(order, out.toAbsolutePath(), footer);
            } finally {
                CaptureWriter.deleteParts(staging);
            }
        }

        /** The recording's CLOCK_REALTIME minus its ts clock, from its metadata; Long.MIN_VALUE when not recorded. */
        public static long realtimeOffset(Map<String, String> recording) {
            return parse(recording.get(MetadataKeys.CLOCK_REALTIME_OFFSET), Long.MIN_VALUE);
        }

        /** Drops the links without writing. */
        public void discard() throws IOException {
            CaptureWriter.deleteParts(staging);
        }
    }

    static long parse(String s, long otherwise) {
        try {
            return s == null || s.isEmpty() ? otherwise : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
