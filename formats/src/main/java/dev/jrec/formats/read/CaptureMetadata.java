package dev.jrec.formats.read;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.FormatVersion;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/** The footer metadata of a capture, with typed access to the documented keys. */
public final class CaptureMetadata {
    private final Map<String, String> kv;
    private final FormatVersion version;
    private final long rows;
    private final int rowGroups;
    private final long fileBytes;
    private final Set<String> columns;

    CaptureMetadata(Map<String, String> kv, FormatVersion version, long rows, int rowGroups, long fileBytes, Set<String> columns) {
        this.kv = Collections.unmodifiableMap(new TreeMap<>(kv));
        this.version = version;
        this.rows = rows;
        this.rowGroups = rowGroups;
        this.fileBytes = fileBytes;
        this.columns = Set.copyOf(columns);
    }

    public FormatVersion formatVersion() {
        return version;
    }

    /** Every key-value pair of the footer, sorted by key. */
    public Map<String, String> all() {
        return kv;
    }

    public String get(String key) {
        return kv.get(key);
    }

    public String host() {
        return kv.get(MetadataKeys.HOST);
    }

    public String kernelRelease() {
        return kv.get(MetadataKeys.KERNEL_RELEASE);
    }

    public OptionalLong startNs() {
        return number(MetadataKeys.START_TS);
    }

    public OptionalLong endNs() {
        return number(MetadataKeys.END_TS);
    }

    /** Add to a ts for ns since the epoch; 0 when the recorder did not know it. */
    public long realtimeOffsetNs() {
        return number(MetadataKeys.CLOCK_REALTIME_OFFSET).orElse(0);
    }

    public Instant wallClock(long ts) {
        long epochNs = ts + realtimeOffsetNs();
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L));
    }

    /** {@code clean}, {@code recovered} or {@code segment}. */
    public String completion() {
        return kv.getOrDefault(MetadataKeys.COMPLETION, "unknown");
    }

    public long events(Source s) {
        return number(MetadataKeys.EVENTS_PREFIX + s.id()).orElse(0);
    }

    public long drops(Source s) {
        return number(MetadataKeys.DROPS_PREFIX + s.id()).orElse(0);
    }

    /** Of {@link #drops}, the stacks that could not be stored: their events are in the file, without a stack. */
    public long stacksMissing(Source s) {
        return number(MetadataKeys.STACKS_MISSING_PREFIX + s.id()).orElse(0);
    }

    /** Of {@link #drops}, the events kept without the times per-task state derives (sched: on-CPU, run-queue wait). */
    public long untimed(Source s) {
        return number(MetadataKeys.UNTIMED_PREFIX + s.id()).orElse(0);
    }

    /** Of {@link #drops}, the events that are not in the file. */
    public long lost(Source s) {
        return Math.max(0, drops(s) - stacksMissing(s) - untimed(s));
    }

    public long rows(EventKind k) {
        return number(MetadataKeys.ROWS_PREFIX + k.id()).orElse(0);
    }

    /** Rows {@code jrec recover} encoded from a killed recorder's spool; empty when none were. */
    public OptionalLong salvagedRows() {
        return number(MetadataKeys.SALVAGED_ROWS);
    }

    /**
     * What fired a ring dump: the trigger's name, its ts (capture clock), its ISO wall time (null when the recorder did
     * not know the clock's offset) and the event, as {@code kind key=value ...} (null if absent).
     */
    public record Trigger(String name, long ts, String wall, String event) {}

    /** The trigger that made this dump; empty for a capture no trigger made, or one whose trigger ts does not parse. */
    public Optional<Trigger> trigger() {
        String name = kv.get(MetadataKeys.TRIGGER_NAME);
        OptionalLong ts = number(MetadataKeys.TRIGGER_TS);
        if (name == null || ts.isEmpty()) return Optional.empty();
        return Optional.of(new Trigger(name, ts.getAsLong(), kv.get(MetadataKeys.TRIGGER_WALL), kv.get(MetadataKeys.TRIGGER_EVENT)));
    }

    /** Rows in the file, from the Parquet footer. */
    public long rows() {
        return rows;
    }

    public int rowGroups() {
        return rowGroups;
    }

    public long fileBytes() {
        return fileBytes;
    }

    /** The columns of this format that the file lacks: those a later minor version added (a 1.2 capture has no irq). */
    public List<Column> missingColumns() {
        return java.util.Arrays.stream(Column.values()).filter(c -> !columns.contains(c.id())).toList();
    }

    private OptionalLong number(String key) {
        String v = kv.get(key);
        if (v == null || v.isBlank()) return OptionalLong.empty();
        try {
            return OptionalLong.of(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
