package dev.jrec.formats.bench;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.testing.Rows;
import dev.jrec.formats.testing.SampleEvents;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Checks that the PROTOTYPE writer ({@link ProposedCaptureWriter}) writes the same rows as
 * {@code CaptureWriter}, read back through jrec's reader: a mixed capture of every kind (lists included) and
 * a sched_switch-only one, in each variant. Exits non-zero on a difference.
 */
public final class ProposedWriterCheck {
    private ProposedWriterCheck() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("jrec-proposed-check");
        int failures = 0;
        for (String variant : List.of("columnar", "columnar+skipNull", "columnar+skipNull+noDictDur")) {
            for (String content : List.of("mixed", "sched_switch")) {
                Path a = dir.resolve(variant + "-" + content + "-current.parquet");
                Path b = dir.resolve(variant + "-" + content + "-proposed.parquet");
                List<EventBatch> batches = batches(content);
                try (CaptureWriter w = CaptureWriter.create(a, SchedSwitchTape.metadata(), CaptureWriter.Options.defaults())) {
                    for (EventBatch batch : batches) w.write(batch);
                }
                boolean skipNull = variant.contains("skipNull");
                Set<Column> noDict = variant.contains("noDictDur") ? Set.of(Column.DUR_NS, Column.WAIT_NS) : Set.of();
                try (ProposedCaptureWriter w = new ProposedCaptureWriter(b, SchedSwitchTape.metadata(), skipNull, noDict, 1_000_000_000L)) {
                    for (EventBatch batch : batches) w.write(batch);
                }
                List<String> x = rows(a), y = rows(b);
                boolean same = x.equals(y);
                if (!same) failures++;
                System.out.printf("%-28s %-13s %8d rows: %s (current %,d bytes, proposed %,d bytes)%n", variant, content,
                        x.size(), same ? "same rows" : "DIFFERENT (" + y.size() + " rows)", Files.size(a), Files.size(b));
                Files.delete(a);
                Files.delete(b);
            }
        }
        Files.delete(dir);
        if (failures > 0) System.exit(1);
    }

    private static List<EventBatch> batches(String content) {
        List<EventBatch> out = new java.util.ArrayList<>();
        if (content.equals("sched_switch")) {
            SchedSwitchTape tape = new SchedSwitchTape(7, 1 << 18);
            for (int i = 0; i < 4; i++) {
                EventBatch b = new EventBatch(1 << 16);
                tape.fill(b, 1 << 16);
                out.add(b);
            }
        } else {
            KindSources.Mixed mixed = new KindSources.Mixed(new SyntheticHost(7), 1_000_000_000L);
            Random rnd = new Random(7);
            for (int i = 0; i < 5; i++) {
                EventBatch b = new EventBatch(1 << 16);
                while (b.size() < (1 << 16) - EventKind.values().length) mixed.emit(b);
                // Every kind, meta kinds and lists included, at the batch's last ts.
                long ts = b.ts(b.size() - 1);
                for (EventKind k : EventKind.values()) SampleEvents.add(b, k, ts, rnd);
                out.add(b);
            }
        }
        return out;
    }

    /** Rows as canonical strings, sorted: the writers may order equal-ts rows differently. */
    private static List<String> rows(Path p) throws Exception {
        return Capture.readAllEvents(p).stream().map(e -> Rows.of(e).toString()).sorted(Comparator.naturalOrder()).toList();
    }
}
