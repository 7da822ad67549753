package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jrec record --events profile,offcpu on a program with known hot and blocking functions. */
class StacksRecordingTest {
    @TempDir Path dir;

    /**
     * Burns ~1 s of CPU checking its CPU clock only every ~50 ms of work: StackWorkload's program reads its CPU clock
     * every ~0.1 ms, and samples that land in that vDSO code (no frame pointer) lose their caller to
     * frame-pointer unwinding — the DWARF gap the stacks issue tracks, not what this test is about.
     */
    static final String PROGRAM = """
            #include <stdio.h>
            #include <time.h>
            #include <unistd.h>
            volatile unsigned long sink;
            __attribute__((noinline)) void burn_cpu_here(void)
            {
            	struct timespec t0, t;
            	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
            	unsigned long x = 1;
            	do {
            		for (long i = 0; i < 50000000; i++)
            			x = x * 31 + (unsigned long)i;
            		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
            	} while ((t.tv_sec - t0.tv_sec) * 1000000000L + (t.tv_nsec - t0.tv_nsec) < 1000000000L);
            	sink = x;
            }
            __attribute__((noinline)) void block_here(void)
            {
            	for (int i = 0; i < 3; i++)
            		usleep(200000);
            }
            int main(void)
            {
            	char line[4];
            	if (!fgets(line, sizeof(line), stdin))
            		return 1;
            	burn_cpu_here();
            	block_here();
            	return 0;
            }
            """;

    private Path build() throws Exception {
        Path src = dir.resolve("burn.c"), exe = dir.resolve("burn");
        java.nio.file.Files.writeString(src, PROGRAM);
        Workloads.run("gcc", "-O1", "-fno-omit-frame-pointer", "-o", exe.toString(), src.toString());
        return exe;
    }

    @Test
    void samplesNameTheBurningFunctionAndOffCpuTimeMatchesTheSleeps() throws Exception {
        Path exe = build();
        RecordConfig cfg = RecordConfig.defaults(dir.resolve("stacks.parquet")).withSources(EnumSet.of(Source.PROFILE, Source.OFFCPU));
        long pid;
        Recorder.Result r;
        try (LiveRecording rec = new LiveRecording(cfg)) {
            Process p = new ProcessBuilder(exe.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            pid = p.pid();
            p.getOutputStream().write('\n');
            p.getOutputStream().flush();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            r = rec.stop();
        }
        Map<Long, List<String>> stacks = new HashMap<>();
        Map<Long, String> funcs = new HashMap<>();
        List<CapturedEvent> samples = new ArrayList<>(), offcpu = new ArrayList<>();
        for (CapturedEvent e : Capture.readAllEvents(r.output())) {
            switch (e.kind()) {
                case FRAME -> funcs.put(e.getLong(Column.FRAME_ID), e.getString(Column.FUNC) != null ? e.getString(Column.FUNC)
                        : e.getString(Column.MODULE) + "@" + Long.toHexString(e.getLong(Column.ADDR)));
                case STACK -> {
                    List<String> names = new ArrayList<>();
                    for (long f : e.getLongs(Column.FRAME_IDS)) names.add(funcs.get(f)); // frames precede their stacks
                    stacks.put(e.getLong(Column.STACK_ID), names);
                }
                case CPU_SAMPLE -> { if (e.pid() == pid) samples.add(e); }
                case OFFCPU -> { if (e.pid() == pid) offcpu.add(e); }
                default -> {}
            }
        }
        assertTrue(samples.size() >= 50, "about 99 samples for 1 s of CPU: " + samples.size());
        long burning = samples.stream().filter(e -> e.has(Column.STACK_ID)
                && stacks.get(e.getLong(Column.STACK_ID)).contains("burn_cpu_here")).count();
        assertTrue(burning >= 0.9 * samples.size(), burning + " of " + samples.size() + " samples in burn_cpu_here; others: "
                + samples.stream().filter(e -> !e.has(Column.STACK_ID) || !stacks.get(e.getLong(Column.STACK_ID)).contains("burn_cpu_here"))
                        .map(e -> e.has(Column.STACK_ID) ? stacks.get(e.getLong(Column.STACK_ID)).toString() : "no stack").limit(5).toList());

        long sleptNs = offcpu.stream().filter(e -> e.getLong(Column.DUR_NS) >= 150_000_000L).mapToLong(e -> e.getLong(Column.DUR_NS)).sum();
        assertEquals(600_000_000L, sleptNs, 60_000_000L, "three usleep(200 ms) within 10%");
        for (CapturedEvent e : offcpu) {
            if (e.getLong(Column.DUR_NS) < 150_000_000L) continue;
            List<String> names = stacks.get(e.getLong(Column.STACK_ID));
            assertTrue(names.contains("clock_nanosleep") || names.contains("__x64_sys_clock_nanosleep"), "blocked in the sleep: " + names);
            // --call-graph dwarf (the default): the caller through libc, which has no frame pointers
            int usleep = names.indexOf("usleep");
            assertTrue(usleep > 0 && names.indexOf("block_here") > usleep && names.indexOf("main") > names.indexOf("block_here"),
                    "usleep -> block_here -> main: " + names);
        }
        Map<String, String> footer;
        try (dev.jrec.formats.read.Capture c = dev.jrec.formats.read.Capture.open(r.output())) {
            footer = c.metadata().all();
        }
        long dwarf = Long.parseLong(footer.get(dev.jrec.formats.schema.MetadataKeys.STACKS_UNWIND_PREFIX + "dwarf"));
        long truncated = Long.parseLong(footer.get(dev.jrec.formats.schema.MetadataKeys.STACKS_UNWIND_PREFIX + "truncated"));
        long fp = Long.parseLong(footer.get(dev.jrec.formats.schema.MetadataKeys.STACKS_UNWIND_PREFIX + "fp"));
        System.out.printf("user stacks: %d dwarf, %d truncated, %d fp%n", dwarf, truncated, fp);
        assertTrue(dwarf >= samples.size() + 3, "the program's samples and blocks at least: " + dwarf);
    }
}
