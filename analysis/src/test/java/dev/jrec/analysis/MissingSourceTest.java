package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.analysis.Log2Histogram.Unit;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An analysis of a source the capture did not record says so, and how to record it, rather than print nothing. */
class MissingSourceTest {
    @TempDir Path dir;

    @Test
    void eachAnalysisNamesTheSourceItNeeds() throws Exception {
        Path schedOnly = KnownCapture.standard().sources("sched").write(dir.resolve("sched.parquet"), 3000 * MS);
        try (CaptureDb db = CaptureDb.open(schedOnly)) {
            Reports r = new Reports(db);
            assertEquals(5, r.runqlat(Filter.ALL, Grouping.NONE, Unit.USECS).groups().get(0).total());
            var e = assertThrows(MissingSourceException.class, () -> r.biolatency(Filter.ALL, Grouping.NONE, Unit.USECS));
            assertEquals("biolatency needs block events: record with --events block", e.getMessage());
            e = assertThrows(MissingSourceException.class, () -> r.opensnoop(Filter.ALL, false, null, new Table.Collector("t")));
            assertEquals("opensnoop needs syscall events: record with --events syscall", e.getMessage());
            e = assertThrows(MissingSourceException.class, () -> r.exitsnoop(Filter.ALL, false, new Table.Collector("t")));
            assertEquals("exitsnoop needs proc events: record with --events proc", e.getMessage());

            Summary s = r.summary(Filter.ALL, 5);
            assertEquals(2, s.top().size(), "only the scheduler's tables: " + s.top().stream().map(Table::title).toList());
        }
        Path procOnly = KnownCapture.standard().sources("proc").write(dir.resolve("proc.parquet"), 3000 * MS);
        try (CaptureDb db = CaptureDb.open(procOnly)) {
            var e = assertThrows(MissingSourceException.class, () -> new Reports(db).runqlat(Filter.ALL, Grouping.NONE, Unit.USECS));
            assertEquals("runqlat needs sched events: record with --events sched", e.getMessage());
        }
    }
}
