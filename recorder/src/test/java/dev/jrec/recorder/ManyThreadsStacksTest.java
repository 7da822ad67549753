package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * offcpu with the default --call-graph dwarf on 2,000 threads that block together: the stack copies
 * (8 KiB per recorded interval) go through the ring buffer in bursts; what is lost is counted, and
 * what is recorded names the blocking function through libc.
 */
class ManyThreadsStacksTest {
    @TempDir Path dir;

    static final int THREADS = 2000, SLEEPS = 3;

    static final String PROGRAM = """
            #include <pthread.h>
            #include <stdio.h>
            #include <unistd.h>
            volatile unsigned long sink;
            static pthread_barrier_t start;
            __attribute__((noinline)) void block_here(void)
            {
            	for (int i = 0; i < %d; i++)
            		usleep(20000);
            	sink++;
            }
            static void *worker(void *arg)
            {
            	pthread_barrier_wait(&start);
            	block_here();
            	return arg;
            }
            int main(void)
            {
            	static pthread_t t[%d];
            	char line[4];
            	pthread_barrier_init(&start, NULL, %d + 1);
            	pthread_attr_t a;
            	pthread_attr_init(&a);
            	pthread_attr_setstacksize(&a, 256 * 1024);
            	for (int i = 0; i < %d; i++)
            		if (pthread_create(&t[i], &a, worker, NULL))
            			return 2;
            	if (!fgets(line, sizeof(line), stdin))
            		return 1;
            	pthread_barrier_wait(&start);
            	for (int i = 0; i < %d; i++)
            		pthread_join(t[i], NULL);
            	usleep(1000000); /* jrec names frames from the maps it snapshots while the process lives */
            	return 0;
            }
            """.formatted(SLEEPS, THREADS, THREADS, THREADS, THREADS);

    @Test
    void twoThousandThreadsBlockingTogether() throws Exception {
        Path src = dir.resolve("many.c"), exe = dir.resolve("manyblock");
        Files.writeString(src, PROGRAM);
        Workloads.run("gcc", "-O1", "-fno-omit-frame-pointer", "-pthread", "-o", exe.toString(), src.toString());
        RecordConfig cfg = RecordConfig.defaults(dir.resolve("many.parquet")).withSources(EnumSet.of(Source.OFFCPU))
                .withComm("manyblock");
        Process p = new ProcessBuilder(exe.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Recorder.Result r;
        try (LiveRecording rec = new LiveRecording(cfg)) {
            Thread.sleep(500); // the threads are created and waiting at the barrier
            p.getOutputStream().write('\n');
            p.getOutputStream().flush();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
            r = rec.stop();
        } finally {
            p.destroyForcibly();
        }
        Map<Long, List<String>> stacks = new HashMap<>();
        Map<Long, String> unwind = new HashMap<>();
        Map<Long, String> funcs = new HashMap<>();
        List<CapturedEvent> blocks = new ArrayList<>();
        long lost = 0;
        for (CapturedEvent e : Capture.readAllEvents(r.output())) {
            switch (e.kind()) {
                case FRAME -> funcs.put(e.getLong(Column.FRAME_ID), e.getString(Column.FUNC) != null ? e.getString(Column.FUNC)
                        : e.getString(Column.MODULE) + "@" + Long.toHexString(e.getLong(Column.ADDR)));
                case STACK -> {
                    List<String> names = new ArrayList<>();
                    for (long f : e.getLongs(Column.FRAME_IDS)) names.add(funcs.get(f));
                    stacks.put(e.getLong(Column.STACK_ID), names);
                    unwind.put(e.getLong(Column.STACK_ID), e.getString(Column.UNWIND));
                }
                case OFFCPU -> { if (e.pid() == p.pid() && e.getLong(Column.DUR_NS) >= 15_000_000L) blocks.add(e); }
                case LOSS -> lost += e.getLong(Column.LOST);
                default -> {}
            }
        }
        List<CapturedEvent> sleeps = blocks.stream().filter(e -> e.has(Column.STACK_ID)
                && stacks.get(e.getLong(Column.STACK_ID)).contains("clock_nanosleep")).toList();
        List<CapturedEvent> dwarf = sleeps.stream().filter(e -> "dwarf".equals(unwind.get(e.getLong(Column.STACK_ID)))).toList();
        long named = dwarf.stream().filter(e -> stacks.get(e.getLong(Column.STACK_ID)).contains("block_here")
                && stacks.get(e.getLong(Column.STACK_ID)).contains("usleep")).count();
        Map<String, String> footer;
        try (Capture c = Capture.open(r.output())) {
            footer = c.metadata().all();
        }
        System.out.printf("%d threads x %d sleeps: %d sleeps recorded (%d lost), %d with their stack copy (%d of them name block_here"
                        + " through usleep), the others frame-pointer only; footer unwind dwarf/truncated/fp %s/%s/%s%n",
                THREADS, SLEEPS, sleeps.size(), lost, dwarf.size(), named, footer.get(MetadataKeys.STACKS_UNWIND_PREFIX + "dwarf"),
                footer.get(MetadataKeys.STACKS_UNWIND_PREFIX + "truncated"), footer.get(MetadataKeys.STACKS_UNWIND_PREFIX + "fp"));
        long expected = (long) THREADS * SLEEPS;
        // a burst beyond what the ring buffer holds loses copies (records go out frame-pointer only), not records
        assertTrue(sleeps.size() >= expected * 0.98, sleeps.size() + " of " + expected + " sleeps recorded");
        assertTrue(dwarf.size() >= expected / 10, dwarf.size() + " with their copy");
        assertTrue(named >= dwarf.size() * 0.98, named + " of " + dwarf.size() + " name block_here through usleep");
        long fpOnly = Long.parseLong(footer.get(MetadataKeys.STACKS_UNWIND_PREFIX + "fp"));
        assertTrue(fpOnly >= sleeps.size() - dwarf.size(), "the copies dropped are counted as fp: " + fpOnly);
    }
}
