package dev.jrec.recorder.stacks;

import dev.jrec.bpf.perf.StackEvents;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.write.EventBatch;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stacks of a C program whose truth is known (StackWorkload: ~1 s of CPU in
 * burn_cpu_here, then 3 x usleep(200 ms) in block_here), recorded on the
 * real kernel with profile (99 Hz) and offcpu attached to it alone, and
 * symbolized with a StackTable into stack and frame rows.
 */
class KnownStacksTest {
    private static final long BLOCK_TOTAL_NS = 600_000_000L;

    private static Path program() {
        return StackWorkload.build(StackWorkload.targetDir());
    }

    @Test
    void onCpuSamplesAreInBurnCpuHere() {
        try (StackRecording rec = new StackRecording()) {
            rec.run(program(), 99, true);
            List<Long> stacks = rec.sampleStacks();
            long inBurn = stacks.stream().filter(id -> rec.funcs(id).contains("burn_cpu_here")).count();
            double expected = rec.burntCpuSeconds() * 99;
            System.out.printf("on-CPU: %d samples (%.1f expected at 99 Hz), %d with burn_cpu_here; e.g. %s; unresolved %s%n",
                    stacks.size(), expected, inBurn, rec.funcs(stacks.get(stacks.size() / 2)), rec.table.unresolvedFramesByModule());
            assertTrue(Math.abs(stacks.size() - expected) <= expected * 0.2 + 3,
                    "samples: " + stacks.size() + ", expected " + expected);
            assertTrue(inBurn >= stacks.size() * 0.9, inBurn + " of " + stacks.size() + " samples in burn_cpu_here");
            assertEquals(0, rec.profileDrops[StackEvents.DROP_STACK], "stacks lost");

            // the frame row of burn_cpu_here: the program, its build-id, a file offset inside the function
            EventBatch b = rec.sink.batch;
            int burn = -1;
            for (int r = 0; r < b.size(); r++) {
                if (b.kind(r) == EventKind.FRAME && "burn_cpu_here".equals(b.getObject(Column.FUNC, r))) {
                    burn = r;
                    break;
                }
            }
            assertTrue(burn >= 0);
            assertEquals(program().toString(), b.getObject(Column.MODULE, burn));
            ElfFile elf = ElfFile.read(program());
            assertEquals(elf.buildId(), b.getObject(Column.BUILD_ID, burn));
            SymbolTable.Symbol sym = elf.symbols().lookup(elf.fileOffsetToVaddr(b.getLong(Column.FILE_OFFSET, burn)));
            assertEquals("burn_cpu_here", sym.name());
            assertTrue(b.getLong(Column.FUNC_OFFSET, burn) < sym.size());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void offCpuIntervalsAreTheSleeps() {
        try (StackRecording rec = new StackRecording()) {
            rec.run(program(), 99, true);
            List<StackEvents.OffCpu> mine = rec.offcpus.stream().filter(o -> o.pid() == rec.pid).toList();
            long total = mine.stream().mapToLong(StackEvents.OffCpu::durationNs).sum();
            System.out.printf("off-CPU: %d intervals, %.1f ms in all%n", mine.size(), total / 1e6);
            assertTrue(Math.abs(total - BLOCK_TOTAL_NS) <= BLOCK_TOTAL_NS / 10, "off CPU " + total + " ns");
            for (StackEvents.OffCpu o : mine) {
                long id = rec.offcpuStack(o);
                List<String> funcs = rec.funcs(id);
                System.out.printf("  %.1f ms state %d waker %s/%d: %s (%s)%n", o.durationNs() / 1e6, o.state(), o.wakerComm(),
                        o.wakerTid(), funcs, rec.unwind(id));
                assertEquals(1, o.state() & 3, "TASK_INTERRUPTIBLE");
                // what frame-pointer unwinding gives through Debian's libc: the leaf libc frame, then main
                assertTrue(funcs.contains("do_nanosleep"), "kernel part: " + funcs);
                assertTrue(funcs.contains("clock_nanosleep"), "libc leaf: " + funcs);
                assertTrue(funcs.contains("main"), "caller of the caller: " + funcs);
                assertTrue(!funcs.getFirst().startsWith("bpf_"), "BPF frames left out: " + funcs);
                assertEquals(StackTable.UNWIND_FP, rec.unwind(id));
            }
            assertEquals(0, rec.offcpuDrops[StackEvents.DROP_STACK], "stacks lost");
        }
    }

    @Test
    @Disabled("Frame pointers cannot unwind through Debian's libc (built without them): the user stack at "
            + "clock_nanosleep comes out as clock_nanosleep -> main, block_here (and usleep) are skipped because rbp "
            + "still holds block_here's frame. Needs a DWARF (.eh_frame) unwinder; see the stacks report.")
    void offCpuStacksContainBlockHere() {
        try (StackRecording rec = new StackRecording()) {
            rec.run(program(), 99, true);
            List<StackEvents.OffCpu> mine = rec.offcpus.stream().filter(o -> o.pid() == rec.pid).toList();
            long inBlock = mine.stream().filter(o -> rec.funcs(rec.offcpuStack(o)).contains("block_here"))
                    .mapToLong(StackEvents.OffCpu::durationNs).sum();
            assertTrue(Math.abs(inBlock - BLOCK_TOTAL_NS) <= BLOCK_TOTAL_NS / 10, "off CPU in block_here: " + inBlock + " ns");
        }
    }

    /**
     * The program exits, and its binary is deleted, before any stack is
     * symbolized: names come from the maps snapshot and the binary parsed
     * when its pid was first seen.
     */
    @Test
    void namesResolveAfterTheProgramExitedAndItsBinaryIsGone() throws IOException {
        Path copy = StackWorkload.targetDir().resolve("stackprog-gone-" + ProcessHandle.current().pid());
        Files.copy(program(), copy, StandardCopyOption.REPLACE_EXISTING);
        try (StackRecording rec = new StackRecording()) {
            rec.run(copy, 99, true);
            Files.delete(copy);
            assertTrue(ProcessHandle.of(rec.pid).isEmpty() || !ProcessHandle.of(rec.pid).get().isAlive());
            List<Long> stacks = rec.sampleStacks();
            long inBurn = stacks.stream().filter(id -> rec.funcs(id).contains("burn_cpu_here")).count();
            System.out.printf("after exit and delete: %d of %d samples in burn_cpu_here%n", inBurn, stacks.size());
            assertTrue(stacks.size() > 10 && inBurn >= stacks.size() * 0.9, inBurn + " of " + stacks.size());
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** The control: without a snapshot while it lived, the same stacks cannot be named. */
    @Test
    void withoutASnapshotNamesAreLost() throws IOException {
        Path copy = StackWorkload.targetDir().resolve("stackprog-nosnap-" + ProcessHandle.current().pid());
        Files.copy(program(), copy, StandardCopyOption.REPLACE_EXISTING);
        try (StackRecording rec = new StackRecording()) {
            rec.run(copy, 99, false);
            Files.delete(copy);
            List<Long> stacks = rec.sampleStacks();
            long inBurn = stacks.stream().filter(id -> rec.funcs(id).contains("burn_cpu_here")).count();
            assertEquals(0, inBurn);
            Map<String, Long> unresolved = rec.table.unresolvedFramesByModule();
            assertTrue(unresolved.getOrDefault(Symbolizer.UNKNOWN, 0L) > 0, "unresolved: " + unresolved);
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
