package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static dev.jrec.analysis.KnownCapture.S;
import static dev.jrec.analysis.KnownCapture.START;
import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.analysis.StackProfile.Kind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** profile, offcputime and wakeuptime: BCC's folded stacks, exactly, on stacks worked out by hand ({@link KnownStacks}). */
class StackViewsTest {
    @TempDir static Path dir;
    static CaptureDb db;
    static Reports reports;

    static final String S1 = "__libc_start_main;main;read;do_syscall_64_[k];schedule_[k];__schedule_[k]";
    static final String S2 = "__libc_start_main;main;[app+0x1c0]";
    static final String S3 = "ext4_read_[k];[kernel.kallsyms+0x1f00]_[k]";

    @BeforeAll
    static void open() throws Exception {
        db = CaptureDb.open(KnownStacks.capture().write(dir.resolve("stacks.parquet"), 3000 * MS));
        reports = new Reports(db);
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    @Test
    void profileIsBccFoldedUserRootFirstThenKernelMarked() throws Exception {
        StackProfile p = reports.stacks(Kind.PROFILE, Filter.ALL);
        assertEquals(List.of(
                "app-worker;" + S1 + " 1",
                "db 1",
                "db;[missing stack] 1",
                "x y;foo:bar;[unknown] 1",
                "app;" + S2 + " 2",
                "app;" + S1 + " 3",
                "db;" + S3 + " 4"), p.folded());
        assertEquals(13, p.total());
        assertEquals("samples", p.kind().unit);
    }

    @Test
    void offcputimeWeighsByMicrosecondsAndDropsEmptyStacks() throws Exception {
        assertEquals(List.of(
                "db;" + S3 + " 1000",
                "db 2000",
                "app;" + S1 + " 4000"), reports.stacks(Kind.OFFCPU, Filter.ALL).folded(),
                "app-worker's 999 ns are 0 µs and left out; db's 1000.9 µs are 1000");
    }

    @Test
    void wakeuptimeIsTheWakersStackThenTheWokenComm() throws Exception {
        assertEquals(List.of(
                "app-main;" + S2 + ";db 1000",
                "db-io;" + S3 + ";app 1500",
                "[unknown];db 2000",
                "[tid 999];" + S3 + ";app 2500"), reports.stacks(Kind.WAKEUP, Filter.ALL).folded());
    }

    @Test
    void filtersSelectTheSubject() throws Exception {
        assertEquals(List.of("db 1", "db;[missing stack] 1", "db;" + S3 + " 4"),
                reports.stacks(Kind.PROFILE, Filter.ALL.pids(List.of(200))).folded());
        assertEquals(List.of("app-worker;" + S1 + " 1", "app;" + S2 + " 2", "app;" + S1 + " 3"),
                reports.stacks(Kind.PROFILE, Filter.ALL.comm("app*")).folded());
        assertEquals(6, reports.stacks(Kind.PROFILE, Filter.ALL.window(START, START + S)).stacks().size(), "app-worker's sample is at 1.5 s");
        assertEquals(List.of("app;" + S1 + " 4000"), reports.stacks(Kind.OFFCPU, Filter.ALL.pids(List.of(100))).folded());
        assertEquals(List.of("[unknown];db 2000"), reports.stacks(Kind.WAKEUP, Filter.ALL.window(START + 600 * MS, START + 800 * MS)).folded(),
                "wakeuptime's window and -p select the woken thread");
        assertTrue(reports.stacks(Kind.PROFILE, Filter.ALL.pids(List.of(12345))).isEmpty());
    }

    @Test
    void framesAreSharedAndStacksIndexThem() throws Exception {
        StackProfile p = reports.stacks(Kind.PROFILE, Filter.ALL);
        long tasks = p.frames().stream().filter(f -> f.type() == StackProfile.FrameType.TASK).count();
        assertEquals(4, tasks, "app, app-worker, db, x y: " + p.frames());
        StackProfile.Frame read = p.frames().stream().filter(f -> f.name().equals("read")).findFirst().orElseThrow();
        assertEquals("/usr/lib/x86_64-linux-gnu/libc.so.6", read.module());
        assertEquals(StackProfile.FrameType.USER, read.type());
        assertEquals(StackProfile.FrameType.KERNEL, p.frames().stream().filter(f -> f.name().equals("ext4_read")).findFirst().orElseThrow().type());
        assertEquals(p.frames().size(), p.frames().stream().distinct().count());
    }

    @Test
    void unresolvedFramesAreNamedByModuleAndOffset() {
        assertEquals("[libc.so.6+0x2a1c0]", StackSymbols.name(null, "/usr/lib/libc.so.6", 0x2a1c0L));
        assertEquals("[kernel.kallsyms+0x1f00]", StackSymbols.name(null, "[kernel.kallsyms]", 0x1f00L));
        assertEquals("[anon]", StackSymbols.name(null, "[anon]", null));
        assertEquals("[unknown]", StackSymbols.name(null, "[unknown]", 0x10L));
        assertEquals("[unknown]", StackSymbols.name(null, null, null));
        assertEquals("do_work", StackSymbols.name("do_work", "/usr/bin/app", 0x10L));
    }

    @Test
    void aCaptureWithoutStacksSaysHowToRecordThem() throws Exception {
        try (CaptureDb plain = CaptureDb.open(KnownCapture.standard().write(dir.resolve("plain.parquet"), 3000 * MS))) {
            Reports r = new Reports(plain);
            var e = assertThrows(MissingSourceException.class, () -> r.stacks(Kind.PROFILE, Filter.ALL));
            assertEquals("profile needs profile events: record with --events profile", e.getMessage());
            e = assertThrows(MissingSourceException.class, () -> r.stacks(Kind.WAKEUP, Filter.ALL));
            assertEquals("wakeuptime needs offcpu events: record with --events offcpu", e.getMessage());
        }
    }
}
