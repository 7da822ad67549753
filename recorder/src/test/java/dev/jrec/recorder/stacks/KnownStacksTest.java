package dev.jrec.recorder.stacks;

import dev.jrec.bpf.perf.StackEvents;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.write.EventBatch;
import dev.jrec.symbols.StackWorkload;
import dev.jrec.symbols.Symbolizer;
import dev.jrec.symbols.elf.ElfFile;
import dev.jrec.symbols.elf.SymbolTable;
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
            assertEquals(0, rec.profileDrops[dev.jrec.bpf.events.Drop.STACK], "stacks lost");

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
            assertEquals(0, rec.offcpuDrops[dev.jrec.bpf.events.Drop.STACK], "stacks lost");
            long withCaller = mine.stream().filter(o -> rec.funcs(rec.offcpuStack(o)).contains("block_here"))
                    .mapToLong(StackEvents.OffCpu::durationNs).sum();
            System.out.printf("frame pointers only: %.1f of %.1f ms off CPU in stacks with block_here%n", withCaller / 1e6, total / 1e6);
        }
    }

    /**
     * Frame pointers cannot unwind through Debian's libc (built without them): the user stack at
     * clock_nanosleep comes out as clock_nanosleep -> main (see offCpuIntervalsAreTheSleeps). With
     * the dwarf copy (registers and 8 KiB of stack at the switch-out) and the .eh_frame unwinder,
     * the whole chain is there.
     */
    @Test
    void offCpuStacksContainBlockHere() {
        try (StackRecording rec = new StackRecording()) {
            rec.ustackBytes = 8192;
            rec.run(program(), 99, true);
            List<StackEvents.OffCpu> mine = rec.offcpus.stream().filter(o -> o.pid() == rec.pid).toList();
            long inBlock = 0;
            for (StackEvents.OffCpu o : mine) {
                long id = rec.offcpuStack(o);
                List<String> funcs = rec.funcs(id);
                System.out.printf("  dwarf: %.1f ms, %d bytes of stack: %s (%s)%n", o.durationNs() / 1e6,
                        o.regs() == null ? -1 : o.regs().stackLength(), funcs, rec.unwind(id));
                if (chain(funcs, "clock_nanosleep", "usleep", "block_here", "main")) {
                    inBlock += o.durationNs();
                    assertEquals(StackTable.UNWIND_DWARF, rec.unwind(id));
                }
            }
            System.out.printf("off-CPU in block_here: %.1f of %.1f ms; user stacks: %d dwarf, %d truncated, %d fp%n", inBlock / 1e6,
                    mine.stream().mapToLong(StackEvents.OffCpu::durationNs).sum() / 1e6, rec.table.userStacksDwarf(),
                    rec.table.userStacksTruncated(), rec.table.userStacksFp());
            assertTrue(Math.abs(inBlock - BLOCK_TOTAL_NS) <= BLOCK_TOTAL_NS / 10, "off CPU in block_here: " + inBlock + " ns");
        }
    }

    /** The on-CPU samples with the dwarf copy: burn_cpu_here, main and the libc start, unwound to the end. */
    @Test
    void onCpuSamplesUnwindWithTheCopy() {
        try (StackRecording rec = new StackRecording()) {
            rec.ustackBytes = 8192;
            rec.run(program(), 99, true);
            List<Long> stacks = rec.sampleStacks();
            long inBurn = stacks.stream().filter(id -> chain(rec.funcs(id), "burn_cpu_here", "main")).count();
            long dwarf = stacks.stream().filter(id -> StackTable.UNWIND_DWARF.equals(rec.unwind(id))).count();
            System.out.printf("on-CPU with the copy: %d samples, %d burn_cpu_here -> main, %d dwarf; e.g. %s; %.1f us per unwind%n",
                    stacks.size(), inBurn, dwarf, rec.funcs(stacks.get(stacks.size() / 2)),
                    rec.table.unwindNanos() / 1e3 / Math.max(1, rec.table.userStacksDwarf() + rec.table.userStacksTruncated()));
            assertTrue(inBurn >= stacks.size() * 0.9, inBurn + " of " + stacks.size());
            assertTrue(dwarf >= stacks.size() * 0.9, dwarf + " of " + stacks.size() + " unwound to the end");

            // steady state: the samples' copies unwound again, with warm CFI caches
            List<StackEvents.Sample> mine = rec.samples.stream().filter(x -> x.pid() == rec.pid && x.regs() != null).toList();
            dev.jrec.symbols.unwind.Unwinder.Modules modules = rec.symbolizer.modules(rec.pid);
            long n = 0, t0 = 0;
            for (int round = 0; round < 300; round++) {
                if (round == 100) t0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(); // after JIT warm-up
                for (StackEvents.Sample x : mine) {
                    var u = x.regs();
                    long[] regs = new long[dev.jrec.symbols.unwind.EhFrame.NREGS];
                    regs[dev.jrec.symbols.unwind.EhFrame.RA] = u.ip();
                    regs[dev.jrec.symbols.unwind.EhFrame.RSP] = u.sp();
                    regs[dev.jrec.symbols.unwind.EhFrame.RBP] = u.bp();
                    dev.jrec.symbols.unwind.Unwinder.unwind(new dev.jrec.symbols.unwind.StackSnapshot(regs, 0xffff_ffff,
                            u.sp(), u.stack()), modules);
                    if (round >= 100) n++;
                }
            }
            long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - t0;
            System.out.printf("  %.2f us of CPU per unwind (warm, %d unwinds)%n", cpu / 1e3 / Math.max(1, n), n);
        }
    }

    /** Whether funcs holds chain in this order (not necessarily adjacent). */
    static boolean chain(List<String> funcs, String... chain) {
        int at = 0;
        for (String c : chain) {
            int i = funcs.subList(at, funcs.size()).indexOf(c);
            if (i < 0) return false;
            at += i + 1;
        }
        return true;
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
