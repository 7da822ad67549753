package dev.jrec.formats.write;

import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.FormatVersion;
import dev.jrec.formats.schema.Source;
import dev.jrec.formats.schema.MetadataKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Writes a capture as a series of closed Parquet segments (each a crash-safe unit, see docs/format.md,
 * "Crash safety") and joins them into the single capture file on {@link #close}.
 *
 * <p>Event rows are written in ts order: each batch is sorted, and rows within {@code reorderWindowNs} of
 * the newest ts seen are held back for the next batch, since events from different CPUs reach user space
 * slightly out of order. Table rows (thread, stack, frame) are written in the order they come, so that
 * each precedes the rows that refer to it. Not thread-safe: one writer thread owns it.
 */
public final class CaptureWriter implements AutoCloseable {
    /** @param segmentNs close a segment once it is this old (wall time), bounding what a crash loses
     *  @param segmentMaxRows close a segment at this many rows, bounding the heap a row group holds
     *  @param reorderWindowNs how late (in ts) a row may arrive and still be written in order
     *  @param maxBytes the capture file stays under this size (0: no limit); what does not fit is counted as loss
     *  @param reserveBytes space held in the parts folder while recording, freed when the disk fills so that the
     *                      loss rows of what could not be written still can be (0: none)
     *  @param ring null: a capture; else a ring recording's limits ({@link Ring}): closed segments are kept in the
     *              parts folder within them, for dumps, and never joined */
    public record Options(long segmentNs, long segmentMaxRows, long reorderWindowNs, int batchCapacity, LongSupplier clock,
                          long maxBytes, long reserveBytes, Ring.Limits ring) {
        public Options(long segmentNs, long segmentMaxRows, long reorderWindowNs, int batchCapacity, LongSupplier clock,
                       long maxBytes, long reserveBytes) {
            this(segmentNs, segmentMaxRows, reorderWindowNs, batchCapacity, clock, maxBytes, reserveBytes, null);
        }

        public static Options defaults() {
            return new Options(1_000_000_000L, 4_000_000, 1_000_000L, 1 << 16, System::nanoTime, 0, 0);
        }

        public Options withRing(Ring.Limits limits) {
            return new Options(segmentNs, segmentMaxRows, reorderWindowNs, batchCapacity, clock, maxBytes, reserveBytes, limits);
        }

        public Options withSegmentNs(long ns) {
            return new Options(ns, segmentMaxRows, reorderWindowNs, batchCapacity, clock, maxBytes, reserveBytes, ring);
        }

        public Options withSegmentMaxRows(long rows) {
            return new Options(segmentNs, rows, reorderWindowNs, batchCapacity, clock, maxBytes, reserveBytes, ring);
        }

        public Options withBatchCapacity(int rows) {
            return new Options(segmentNs, segmentMaxRows, reorderWindowNs, rows, clock, maxBytes, reserveBytes, ring);
        }

        public Options withClock(LongSupplier c) {
            return new Options(segmentNs, segmentMaxRows, reorderWindowNs, batchCapacity, c, maxBytes, reserveBytes, ring);
        }

        public Options withMaxBytes(long bytes) {
            return new Options(segmentNs, segmentMaxRows, reorderWindowNs, batchCapacity, clock, bytes, reserveBytes, ring);
        }

        public Options withReserveBytes(long bytes) {
            return new Options(segmentNs, segmentMaxRows, reorderWindowNs, batchCapacity, clock, maxBytes, bytes, ring);
        }
    }

    /**
     * What the final segment of loss rows (a cut tail) costs on disk, kept free under --max-size: 9 KiB measured
     * with a test footer (MaxSizeTest; 53 column chunks with their indexes), to which a recorder's footer (its
     * config, host and command line) adds a few KiB.
     */
    static final long TAIL_BYTES = 48 << 10;
    /** Bytes per row assumed for a first segment, before any is measured: pessimistic (sched rows take 3-5). */
    private static final long FIRST_BYTES_PER_ROW = 16;

    private final Path output;
    private final Path partsDir;
    private final Options options;
    private final Map<String, String> recordingMetadata;
    private volatile Totals totals = new Totals();
    private final RowOrder order;
    private EventBatch held;
    private EventBatch spare;
    private final List<Path> closed = new ArrayList<>();
    private SegmentFile segment;
    private Path segmentPath;
    private long segmentOpenedAt;
    private long durableRows;
    private Totals durable = new Totals();
    private long lastWrittenTs = Long.MIN_VALUE;
    private long durableLastTs = Long.MIN_VALUE;
    /** Copies of the loss rows in the open segment: if it cannot be kept, they go on in the tail. */
    private final EventBatch segmentLoss = new EventBatch(1024);
    /** Set once rows stop going to disk (--max-size, a full disk, an I/O error); rows then only count. */
    private volatile Tail tail;
    private volatile IOException failure;
    private final Reserve reserve;
    private boolean reserveSpent;
    private long newestTs = Long.MIN_VALUE;
    private boolean finished;
    private final RecordingLock lock;
    /** Null for a capture; a ring recording's closed files otherwise. */
    private final Ring ring;
    /** Index of the next segment file: segments keep their number when a ring drops older ones. */
    private int nextIndex = 1;
    private int openIndex;
    /** A ring's table rows (thread, stack, frame) go to their own segments, which outlive the event segments. */
    private SegmentFile tablesSegment;
    private Path tablesPath;
    private int tablesIndex;
    /** A ring's segments count their own rows: a dump sums the footers of what it joins. */
    private Totals segmentCounts = new Totals(), tablesCounts = new Totals();
    private long segmentFirstTs = Long.MIN_VALUE, tablesFirstTs = Long.MIN_VALUE, tablesLastTs = Long.MIN_VALUE;

    private CaptureWriter(Path output, Map<String, String> recordingMetadata, Options options) throws IOException {
        this.output = output.toAbsolutePath();
        this.partsDir = CapturePaths.partsDir(this.output);
        this.options = options;
        this.recordingMetadata = new LinkedHashMap<>(recordingMetadata);
        this.recordingMetadata.put(MetadataKeys.FORMAT_VERSION, FormatVersion.CURRENT.toString());
        this.order = new RowOrder(options.batchCapacity());
        this.held = new EventBatch(options.batchCapacity());
        this.spare = new EventBatch(options.batchCapacity());
        checkOutput(output);
        Files.createDirectories(partsDir.getParent());
        try {
            // atomic: of two recorders racing for one output, one gets it
            dev.jrec.formats.parquet.PrivateFiles.createDirectory(partsDir);
        } catch (FileAlreadyExistsException e) {
            checkOutput(output);
            throw e;
        }
        try {
            this.lock = RecordingLock.acquire(partsDir, RecordingLock.RECORD);
        } catch (RecordingLock.Busy e) {
            throw new FileAlreadyExistsException(e.holder.describe(this.output));
        }
        this.reserve = Reserve.hold(partsDir.resolve(CapturePaths.RESERVE), options.reserveBytes());
        this.ring = options.ring() == null ? null : new Ring(partsDir, options.ring());
        RecordingMetadataFile.write(partsDir.resolve(CapturePaths.METADATA), this.recordingMetadata);
    }

    /**
     * Throws what {@link #create} would throw for an output that exists or a recording's leftovers beside it,
     * so a recorder can refuse before it spends seconds loading probes.
     */
    public static void checkOutput(Path output) throws IOException {
        Path partsDir = CapturePaths.partsDir(output.toAbsolutePath());
        if (Files.exists(output)) {
            throw new FileAlreadyExistsException(output + " exists: choose another output or remove it");
        }
        if (Files.exists(partsDir)) {
            java.util.Optional<RecordingLock.Holder> live = RecordingLock.holder(partsDir);
            if (live.isPresent()) throw new FileAlreadyExistsException(live.get().describe(output));
            throw new FileAlreadyExistsException(partsDir + " exists: an earlier recording to " + output
                    + " did not finish; run 'jrec recover " + output + "' or remove it");
        }
    }

    /**
     * Starts a capture at {@code output}, which must not exist. {@code recordingMetadata} is what is
     * known at start (host, kernel, command line, ...); {@link #close(Map)} adds what is known at the end.
     */
    public static CaptureWriter create(Path output, Map<String, String> recordingMetadata, Options options) throws IOException {
        return new CaptureWriter(output, recordingMetadata, options);
    }

    public Totals totals() {
        return totals;
    }

    public Path output() {
        return output;
    }

    /** Rows in closed segments: what survives if the process dies now. */
    public long durableRows() {
        return durableRows;
    }

    /**
     * Why rows stopped reaching the capture, or null while they do: {@code max_size} (the next rows would not
     * fit under {@link Options#maxBytes}), {@code disk_full} or {@code write_failed} (then {@link #failure}
     * says what). From then on rows are counted and the capture ends with their loss rows: stop the recording.
     */
    public String cut() {
        Tail t = tail;
        return t == null ? null : t.reason;
    }

    /** The write error that cut the capture short, or null. */
    public IOException failure() {
        return failure;
    }

    /** Space the reserve holds now, which is free space to whoever watches the disk. */
    public long reservedBytes() {
        return reserve.held();
    }

    /** The closed files of a ring recording; null for a capture. */
    public Ring ring() {
        return ring;
    }

    /**
     * A ring recording's dump of {@code [fromTs, toTs]}: closes the segments being written (so the last second is in
     * it) and links the files it needs apart from the ring; null when the ring holds no events in that window. Call
     * it on the writer's thread; {@link Ring.Snapshot#write} may run on any.
     */
    public Ring.Snapshot dump(long fromTs, long toTs) throws IOException {
        if (ring == null) throw new IllegalStateException("not a ring recording");
        copyStaged();
        if (segment != null) closeSegment();
        closeTables();
        return ring.snapshot(fromTs, toTs);
    }

    /** Batches of at most this many rows are accepted. */
    public int batchCapacity() {
        return options.batchCapacity();
    }

    /** Writes the rows of {@code batch}; the caller may clear and refill it when this returns. */
    public void write(EventBatch batch) throws IOException {
        if (batch.size() > options.batchCapacity()) throw new IllegalArgumentException("batch larger than batchCapacity");
        int n = batch.size();
        // Table rows go out as they come: a stack must precede the events that name it in the file, and
        // events drained from another ring can carry earlier timestamps than the stack they reuse.
        for (int r = 0; r < n; r++) if (isTable(batch.kind(r))) emitTable(batch, r);
        int[] rows = order.sort(batch);
        if (n > 0) newestTs = Math.max(newestTs, batch.ts(rows[n - 1]));
        long watermark = newestTs - options.reorderWindowNs();
        // Merge the held rows and this batch, both sorted; what is newer than the watermark waits.
        EventBatch keep = spare;
        keep.clear();
        int h = 0, hn = held.size(), i = 0;
        while (h < hn || i < n) {
            boolean fromHeld = i >= n || (h < hn && held.ts(h) <= batch.ts(rows[i]));
            EventBatch src = fromHeld ? held : batch;
            int r = fromHeld ? h++ : rows[i++];
            if (!fromHeld && isTable(src.kind(r))) continue; // written already
            if (src.ts(r) <= watermark) emit(src, r);
            else if (keep.isFull()) emit(src, r); // window overflow: write now rather than grow
            else keep.copyRow(src, r);
        }
        copyStaged();
        spare = held;
        held = keep;
        maybeRoll();
    }

    /** Closes the current segment if it is old enough; call it when idle, so quiet periods are saved too. */
    public void maybeRoll() throws IOException {
        if (segment != null && options.clock().getAsLong() - segmentOpenedAt >= options.segmentNs()) closeSegment();
    }

    /** Rows of jrec's own tables (threads, stacks, frames), which other rows refer to. */
    static boolean isTable(dev.jrec.formats.schema.EventKind k) {
        return k == dev.jrec.formats.schema.EventKind.THREAD || k == dev.jrec.formats.schema.EventKind.STACK
                || k == dev.jrec.formats.schema.EventKind.FRAME;
    }

    /** Appends a row to the current segment; table rows come straight here, outside the ts order. */
    private void emitTable(EventBatch b, int r) throws IOException {
        if (tail != null) {
            tail.take(b, r);
            return;
        }
        if (ring != null && isTable(b.kind(r))) {
            ringTable(b, r);
            return;
        }
        // A ring's segment also ends once its events span segmentNs: a writer that did not run for seconds (a
        // loaded host, nice 19) would otherwise put seconds of events in one segment, and a dump, made of whole
        // segments, would hold that much more than the window asked for.
        if (ring != null && segment != null && segmentFirstTs != Long.MIN_VALUE && b.ts(r) - segmentFirstTs >= options.segmentNs()) {
            closeSegment();
        }
        try {
            if (segment == null) openSegment();
            segment.write(b, r);
        } catch (IOException e) {
            segmentFailed(e);
            tail.take(b, r);
            return;
        }
        totals.count(b, r);
        if (ring != null) {
            segmentCounts.count(b, r);
            // the least ts, not the first: a late row (a CPU's ring drained after another's) must be inside the span a dump picks by
            if (segmentFirstTs == Long.MIN_VALUE || b.ts(r) < segmentFirstTs) segmentFirstTs = b.ts(r);
        }
        if (b.kind(r) == EventKind.LOSS && !segmentLoss.isFull()) segmentLoss.copyRow(b, r);
        long n = segment.rows();
        if (n >= options.segmentMaxRows()) {
            closeSegment();
        } else if ((n & 1023) == 0 && options.maxBytes() > 0 && overBudget(n)) {
            // The first estimate is a guess: closing measures it. A later one is made from measured rows.
            boolean measured = durableRows > 0;
            closeSegment();
            if (measured && tail == null) tail = new Tail(Tail.MAX_SIZE, durableLastTs);
        }
    }

    private void ringTable(EventBatch b, int r) throws IOException {
        try {
            if (tablesSegment == null) {
                tablesIndex = nextIndex++;
                tablesPath = CapturePaths.inProgress(CapturePaths.tables(partsDir, tablesIndex));
                tablesSegment = new SegmentFile(tablesPath, () -> ringFooter(tablesCounts, tablesFirstTs, tablesLastTs), this::freeSpace);
            }
            tablesSegment.write(b, r);
        } catch (IOException e) {
            segmentFailed(e);
            tail.take(b, r);
            return;
        }
        totals.count(b, r);
        tablesCounts.count(b, r);
        long ts = b.ts(r);
        if (tablesFirstTs == Long.MIN_VALUE) tablesFirstTs = ts;
        tablesLastTs = Math.max(tablesLastTs, ts);
    }

    /** A ring's segment footer: the recording's metadata with this file's own counts and span. */
    private Map<String, String> ringFooter(Totals counts, long firstTs, long lastTs) {
        Map<String, String> m = new LinkedHashMap<>(recordingMetadata);
        m.putAll(counts.toMetadata());
        m.put(MetadataKeys.COMPLETION, "ring");
        if (firstTs != Long.MIN_VALUE) m.put(MetadataKeys.START_TS, Long.toString(firstTs));
        if (lastTs != Long.MIN_VALUE) m.put(MetadataKeys.END_TS, Long.toString(lastTs));
        return m;
    }

    /** Closes a ring's table segment: before the event segment whose rows refer to it, so a dump always has it. */
    private void closeTables() throws IOException {
        if (tablesSegment == null) return;
        SegmentFile s = tablesSegment;
        tablesSegment = null;
        Path done = CapturePaths.tables(partsDir, tablesIndex);
        try {
            s.close();
            Files.move(tablesPath, done, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            s.abandon();
            Files.deleteIfExists(tablesPath);
            segmentFailed(e);
            return;
        }
        ring.add(new Ring.Entry(done, true, tablesFirstTs, tablesLastTs, Files.size(done), Ring.counts(tablesCounts.toMetadata())));
        tablesCounts = new Totals();
        tablesFirstTs = tablesLastTs = Long.MIN_VALUE;
    }

    /** Would the open segment of {@code rows} rows, once closed, and a tail segment take the capture past its limit? */
    private boolean overBudget(long rows) {
        long bytes = totals.bytesOnDisk();
        long perRow = durableRows > 0 ? Math.max(1, (bytes + durableRows - 1) / durableRows) : FIRST_BYTES_PER_ROW;
        return bytes + rows * perRow + TAIL_BYTES >= options.maxBytes();
    }

    private void emit(EventBatch b, int r) throws IOException {
        if (tail != null) {
            tail.take(b, r);
            return;
        }
        long ts = b.ts(r);
        if (ts < lastWrittenTs) totals.late();
        else lastWrittenTs = ts;
        emitTable(b, r);
    }

    private void openSegment() throws IOException {
        int index = openIndex = nextIndex++;
        segmentPath = CapturePaths.inProgress(CapturePaths.segment(partsDir, index));
        segment = ring != null
                ? new SegmentFile(segmentPath, () -> ringFooter(segmentCounts, segmentFirstTs, lastWrittenTs), this::freeSpace)
                : new SegmentFile(segmentPath, () -> segmentFooter(index), this::useReserve);
        segmentOpenedAt = options.clock().getAsLong();
    }

    private Map<String, String> segmentFooter(int index) {
        Map<String, String> m = new LinkedHashMap<>(recordingMetadata);
        m.putAll(totals.toMetadata());
        m.put(MetadataKeys.COMPLETION, "segment");
        m.put(MetadataKeys.SEGMENTS, Integer.toString(index));
        if (lastWrittenTs != Long.MIN_VALUE) m.put(MetadataKeys.END_TS, Long.toString(lastWrittenTs));
        return m;
    }

    private void closeSegment() throws IOException {
        if (ring != null) closeTables();
        if (segment == null) return; // the tables' close failed, and took the segment with it
        SegmentFile s = segment;
        segment = null;
        Path done = CapturePaths.segment(partsDir, openIndex);
        long size;
        try {
            s.close();
            Files.move(segmentPath, done, StandardCopyOption.ATOMIC_MOVE);
            size = Files.size(done);
        } catch (IOException e) {
            s.abandon();
            segmentFailed(e);
            return;
        } catch (RuntimeException e) {
            s.abandon(); // a segment that cannot be finished is not durable: drop it, free its space
            Files.deleteIfExists(segmentPath);
            throw e;
        }
        if (options.maxBytes() > 0 && totals.bytesOnDisk() + size + TAIL_BYTES > options.maxBytes()) {
            Files.delete(done); // the estimate was short: its rows are counted instead
            segmentLost(Tail.MAX_SIZE);
            return;
        }
        durableRows += s.rows();
        if (ring != null) {
            ring.add(new Ring.Entry(done, false, segmentFirstTs, lastWrittenTs, size, Ring.counts(segmentCounts.toMetadata())));
            ring.evict(size); // the next segment, about as large, must fit too
            segmentCounts = new Totals();
            segmentFirstTs = Long.MIN_VALUE;
            totals.addBytes(ring.bytes() - totals.bytesOnDisk());
        } else {
            closed.add(done);
            totals.addBytes(size);
        }
        durable = totals.copy();
        durableLastTs = lastWrittenTs;
        segmentLoss.clear();
        if (reserveSpent && tail == null) {
            // it was finished in the reserve: nothing more fits, what comes now is counted
            failure = new IOException("No space left on device (the disk filled while writing " + done.getFileName()
                    + ", which was kept in space held for it)");
            tail = new Tail(Tail.DISK_FULL, durableLastTs);
        }
    }

    /** A ring drops its oldest segments when the disk fills; then, or for a capture, the reserve gives its space. */
    private boolean freeSpace() {
        return ring != null && ring.shrinkForSpace() || useReserve();
    }

    /**
     * A write found the disk full: the reserve gives all but what the last segment of loss rows needs, so that
     * the segment being written, with the events up to the fill, is kept. The rows after it are counted.
     */
    private boolean useReserve() {
        if (!reserve.shrink(TAIL_BYTES)) return false;
        reserveSpent = true;
        return true;
    }

    /** The open segment could not be written: it is dropped (which frees its space), and its rows counted. */
    /** Has the segment copy the rows queued in it, which it must before the batches they are in are reused. */
    private void copyStaged() throws IOException {
        try {
            if (tablesSegment != null) tablesSegment.copyStaged();
            if (segment == null) return;
            segment.copyStaged();
        } catch (IOException e) {
            segmentFailed(e);
        }
    }

    private void segmentFailed(IOException e) throws IOException {
        if (segment != null) segment.abandon();
        segment = null;
        if (segmentPath != null) Files.deleteIfExists(segmentPath);
        if (tablesSegment != null) {
            tablesSegment.abandon();
            tablesSegment = null;
            Files.deleteIfExists(tablesPath);
        }
        failure = e;
        segmentLost(dev.jrec.formats.parquet.LocalFiles.noSpace(e) ? Tail.DISK_FULL : Tail.WRITE_FAILED);
    }

    /** The rows written since the last closed segment are not in the capture: they start the tail. */
    private void segmentLost(String reason) {
        Tail t = new Tail(reason, durableLastTs);
        for (Source src : Source.values()) if (src != Source.META) t.count(src, totals.events(src) - durable.events(src));
        for (int r = 0; r < segmentLoss.size(); r++) t.take(segmentLoss, r);
        t.seen(lastWrittenTs);
        segmentLoss.clear();
        totals = durable.copy();
        lastWrittenTs = durableLastTs;
        tail = t;
    }

    /** Writes held rows and closes the current segment: everything so far survives a crash. */
    public void flush() throws IOException {
        EventBatch h = held;
        for (int r = 0; r < h.size(); r++) emit(h, r);
        copyStaged();
        h.clear();
        if (segment != null) closeSegment();
        if (ring != null) closeTables();
    }

    /**
     * Finishes the capture: flushes, joins the segments into the output file under a footer of the
     * recording metadata, the totals and {@code endMetadata}, and removes the segments.
     */
    public Totals close(Map<String, String> endMetadata) throws IOException {
        if (finished) return totals;
        try (lock) {
            return finish(endMetadata);
        }
    }

    private Totals finish(Map<String, String> endMetadata) throws IOException {
        if (ring != null) return finishRing(endMetadata);
        flush();
        if (tail != null) writeTail(endTs(endMetadata));
        reserve.release(); // the join needs the space more
        Map<String, String> footer = new LinkedHashMap<>(recordingMetadata);
        footer.putAll(totals.toMetadata());
        footer.putIfAbsent(MetadataKeys.END_TS, lastWrittenTs == Long.MIN_VALUE ? "" : Long.toString(lastWrittenTs));
        footer.putAll(endMetadata);
        footer.put(MetadataKeys.COMPLETION, failure == null ? "clean" : "partial");
        footer.put(MetadataKeys.SEGMENTS, Integer.toString(closed.size()));
        footer.values().removeIf(String::isEmpty);
        long size = SegmentMerger.merge(closed, output, footer);
        totals.addBytes(size - totals.bytesOnDisk());
        deleteParts(partsDir);
        finished = true;
        return totals;
    }

    /**
     * A ring stops with its files in place, for dumps after the recorder is gone ({@code jrec dump --dir}), and a
     * {@link Ring#STOPPED} mark that tells a clean stop from a kill; its counts are those of what it still holds.
     */
    private Totals finishRing(Map<String, String> endMetadata) throws IOException {
        flush();
        closeTables();
        reserve.release();
        Map<String, String> stopped = new LinkedHashMap<>(endMetadata);
        stopped.put(MetadataKeys.COMPLETION, failure == null ? "clean" : "partial");
        RecordingMetadataFile.write(partsDir.resolve(Ring.STOPPED), stopped);
        finished = true;
        return totals;
    }

    private long endTs(Map<String, String> endMetadata) {
        try {
            return Long.parseLong(endMetadata.getOrDefault(MetadataKeys.END_TS, ""));
        } catch (NumberFormatException none) {
            return lastWrittenTs;
        }
    }

    /**
     * Ends the capture with the tail's loss rows, in a last segment. After a write failure the disk is likely
     * full: the reserve is freed for it first. If even that fails, the message says how many events went
     * uncounted, and the segment is left unfinished for {@code jrec recover} to count.
     */
    private void writeTail(long endTs) throws IOException {
        EventBatch rows = tail.rows(endTs);
        if (rows.size() == 0) return;
        if (failure != null) reserve.release();
        int index = nextIndex++;
        Path done = CapturePaths.segment(partsDir, index);
        segmentPath = CapturePaths.inProgress(done);
        SegmentFile s = null;
        try {
            s = new SegmentFile(segmentPath, () -> segmentFooter(index));
            int[] order = new RowOrder(rows.size()).sort(rows);
            for (int i = 0; i < rows.size(); i++) {
                int r = order[i];
                s.write(rows, r);
                totals.count(rows, r);
                lastWrittenTs = Math.max(lastWrittenTs, rows.ts(r));
            }
            s.close();
            Files.move(segmentPath, done, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (s != null) s.abandon();
            totals = durable.copy();
            throw new IOException(e.getMessage() + "; the " + tail.lost() + " events after the last one written could not be counted in the capture", e);
        }
        closed.add(done);
        totals.addBytes(Files.size(done));
        durable = totals.copy();
    }

    @Override
    public void close() throws IOException {
        close(Map.of());
    }

    /**
     * Finishes after a write failed (disk full, I/O error): drops the segment being written — deleting
     * it frees the space the join needs — and joins the closed segments, whose totals go in the footer.
     * Everything that was durable before the failure is in the capture.
     */
    public Totals closeAfterFailure(Map<String, String> endMetadata) throws IOException {
        if (finished) return totals;
        try (lock) {
            return finishAfterFailure(endMetadata);
        }
    }

    private Totals finishAfterFailure(Map<String, String> endMetadata) throws IOException {
        if (ring != null) {
            if (segment != null) {
                segment.abandon();
                segment = null;
                Files.deleteIfExists(segmentPath);
            }
            held.clear();
            return finishRing(endMetadata);
        }
        held.clear();
        reserve.release();
        if (segment != null) {
            segment.abandon(); // finishing it would write again into the failure
            segment = null;
            Files.deleteIfExists(segmentPath);
        }
        Map<String, String> footer = new LinkedHashMap<>(recordingMetadata);
        footer.putAll(durable.toMetadata());
        footer.putAll(endMetadata);
        footer.put(MetadataKeys.COMPLETION, "partial");
        footer.put(MetadataKeys.SEGMENTS, Integer.toString(closed.size()));
        long size = SegmentMerger.merge(closed, output, footer);
        deleteParts(partsDir);
        finished = true;
        Totals t = durable.copy();
        t.addBytes(size - t.bytesOnDisk());
        return t;
    }

    /**
     * Stops without joining, as a killed recorder would: the closed segments stay in the parts folder for
     * {@code jrec recover}, the one being written is dropped, and the lock is released.
     */
    public void abandon() throws IOException {
        if (finished) return;
        finished = true;
        try (lock) {
            if (segment != null) {
                segment.abandon();
                segment = null;
            }
        }
    }

    static void deleteParts(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
