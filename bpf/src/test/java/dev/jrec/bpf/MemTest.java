package dev.jrec.bpf;

import dev.jrec.bpf.events.Drop;
import dev.jrec.bpf.events.Event;
import dev.jrec.bpf.events.Event.Fault;
import dev.jrec.bpf.events.Event.Reclaim;
import dev.jrec.bpf.events.Event.Rss;
import dev.jrec.bpf.events.EventKind;
import dev.jrec.bpf.libbpf.BpfObject;
import dev.jrec.bpf.perf.PerfEvents;
import dev.jrec.bpf.perf.PerfProgram;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mem object against the kernel's own counts, on real workloads: a python3 process's faults against
 * its getrusage(2), its resident memory against what it mapped, and a memory cgroup's reclaim against the
 * bytes that had to leave it.
 */
class MemTest {
    static final int PAGE = 4096;
    static final long ANON = 32 << 20, FILE = 16 << 20;

    /**
     * Touches every page of a private anonymous mapping (one minor fault each: THP is madvise-only here and
     * fault-around maps file pages only), writes a file, drops it from the page cache and reads it back
     * through a mapping (major faults, each reading ahead), then holds it all for 0.35 s and prints the
     * mapping's base and its own getrusage counts.
     */
    static final String TOUCH = """
            import ctypes, mmap, os, resource, sys, time
            m = mmap.mmap(-1, %d, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
            base = ctypes.addressof(ctypes.c_char.from_buffer(m))
            for i in range(0, len(m), 4096): m[i] = 1
            with open(sys.argv[1], 'wb') as f:
                f.write(b'\\1' * %d); f.flush(); os.fsync(f.fileno())
            fd = os.open(sys.argv[1], os.O_RDONLY)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            fm = mmap.mmap(fd, %d, prot=mmap.PROT_READ)
            s = sum(fm[i] for i in range(0, len(fm), 4096))
            time.sleep(0.35)
            r = resource.getrusage(resource.RUSAGE_SELF)
            print(base, r.ru_minflt, r.ru_majflt, flush=True)
            """.formatted(ANON, FILE, FILE);

    @Test
    void everyFaultOfAProcessIsRecordedWithItsAddressAndItsRssCurve() throws Exception {
        Path file = Files.createTempFile("jrec-mem", ".bin");
        String[] out = new String[1];
        long[] pid = new long[1];
        List<Event> events;
        long[] drops;
        try (BpfObject obj = BpfObject.open("mem").ringBufferBytes(32 << 20);
             PerfEvents minor = PerfEvents.software(PerfEvents.PERF_COUNT_SW_PAGE_FAULTS_MIN, 1);
             PerfEvents major = PerfEvents.software(PerfEvents.PERF_COUNT_SW_PAGE_FAULTS_MAJ, 1)) {
            obj.load(BpfObject.Flavor.AUTO);
            events = Capture.during(obj, () -> {
                PerfProgram.attach(obj, "minor_fault", minor);
                PerfProgram.attach(obj, "major_fault", major);
                Process p = start("python3", "-c", TOUCH, file.toString());
                pid[0] = p.pid();
                out[0] = output(p);
            });
            drops = obj.drops();
        } finally {
            Files.deleteIfExists(file);
        }
        long[] got = Arrays.stream(out[0].trim().split(" ")).mapToLong(Long::parseLong).toArray();
        long base = got[0], minflt = got[1], majflt = got[2];
        List<Fault> faults = Capture.only(events, Fault.class).stream().filter(f -> f.hdr().pid() == pid[0]).toList();
        long minors = faults.stream().filter(f -> f.kind() == EventKind.MINOR_FAULT).mapToLong(Fault::weight).sum();
        long majors = faults.stream().filter(f -> f.kind() == EventKind.MAJOR_FAULT).mapToLong(Fault::weight).sum();
        long inMapping = faults.stream().filter(f -> f.kind() == EventKind.MINOR_FAULT && f.addr() >= base && f.addr() < base + ANON).count();
        long withStack = faults.stream().filter(f -> f.ustackId() >= 0).count();
        List<Rss> rss = Capture.only(events, Rss.class).stream().filter(r -> r.hdr().pid() == pid[0]).toList();
        System.out.printf("mem: python3 %d: getrusage minflt %d majflt %d; recorded minor %d major %d, %d in the %d-page mapping,"
                        + " %d of %d with a user stack; %d rss rows; drops %s%n", pid[0], minflt, majflt, minors, majors, inMapping,
                ANON / PAGE, withStack, faults.size(), rss.size(), Arrays.toString(drops));

        // Nothing reads the stack map here (the recorder empties it as it goes), so ids collide as it fills:
        // each such stack is counted lost; no record is.
        assertArrayEquals(new long[3], Arrays.copyOf(drops, 3), "records dropped");
        long lost = faults.stream().filter(f -> f.ustackId() < 0 && f.ustackId() != -14).count();
        assertTrue(lost <= drops[3], "every stack lost is counted: " + lost + " lost, " + drops[3] + " counted");
        assertTrue(majflt > 0, "the workload's reads of an evicted file are major faults: " + majflt);
        assertEquals(ANON / PAGE, inMapping, "one minor fault per page of the anonymous mapping, at its address");
        // The fault events count what getrusage counts, from fork on: the child ran under the events from its
        // first instruction. What the kernel counts without regs (exec's copy of argv through
        // get_user_pages) is not an event; what follows getrusage (printing, exit) is not in its count.
        assertTrue(majors >= majflt && majors <= majflt + 2, "major faults recorded " + majors + ", getrusage " + majflt);
        assertTrue(Math.abs(minors - minflt) <= 64 + minflt / 50, "minor faults recorded " + minors + ", getrusage " + minflt);
        // how many stacks fit depends on what else faulted meanwhile (a cold JVM fills the map: 2,803 of 15,486 kept
        // in one CI run, 14,216 in another); that none is lost uncounted does not
        assertTrue(withStack > 0, "faults with a user stack: " + withStack + " of " + faults.size());

        long peakAnon = rss.stream().mapToLong(Rss::anonPages).max().orElse(0) * PAGE;
        long peakFile = rss.stream().mapToLong(Rss::filePages).max().orElse(0) * PAGE;
        assertTrue(peakAnon >= ANON, "anon rss reaches the touched mapping: " + peakAnon);
        assertTrue(peakFile >= FILE, "file rss reaches the read mapping: " + peakFile);
        for (int i = 1; i < rss.size(); i++) {
            long gap = rss.get(i).hdr().ts() - rss.get(i - 1).hdr().ts();
            assertTrue(gap >= 100_000_000L, "rss rows of one process at most every 100 ms: " + gap + " ns");
        }
    }

    /**
     * dd writes 256 MiB through the page cache from inside a memory cgroup limited to 64 MiB: every page
     * beyond the limit is reclaimed by dd itself as it charges the next one (no kswapd for a cgroup limit).
     */
    @Test
    void aMemoryCgroupAtItsLimitReclaimsInTheChargingTask() throws Exception {
        Path file = Files.createTempFile("jrec-reclaim", ".bin");
        String script = "if [ -d /sys/fs/cgroup/memory ]; then d=/sys/fs/cgroup/memory/jrec-reclaim-$$; mkdir $d"
                + " && echo 67108864 > $d/memory.limit_in_bytes; else d=/sys/fs/cgroup/jrec-reclaim-$$; mkdir $d"
                + " && echo 67108864 > $d/memory.max; fi || exit 99;"
                + " sh -c \"echo \\$\\$ > $d/cgroup.procs && exec dd if=/dev/zero of=" + file + " bs=1M count=256 conv=fsync status=none\";"
                + " rc=$?; rm -f " + file + "; rmdir $d; exit $rc";
        List<Event> events;
        long[] drops;
        try (BpfObject obj = BpfObject.open("mem")) {
            events = Capture.during(obj, () -> assertEquals("", output(start("/bin/sh", "-c", script)), "dd in a 64 MiB memory cgroup"));
            drops = obj.drops();
        } finally {
            Files.deleteIfExists(file);
        }
        List<Reclaim> dd = Capture.only(events, Reclaim.class).stream()
                .filter(r -> r.kind() == EventKind.MEMCG_RECLAIM && r.hdr().comm().equals("dd")).toList();
        long pages = dd.stream().mapToLong(Reclaim::nrReclaimed).sum();
        long[] ns = dd.stream().mapToLong(Reclaim::durationNs).sorted().toArray();
        System.out.printf("reclaim: dd %d memcg reclaims, %d pages (%d MiB) reclaimed, duration min %d median %d max %d ns; drops %s%n",
                dd.size(), pages, pages * PAGE >> 20, ns.length > 0 ? ns[0] : -1, ns.length > 0 ? ns[ns.length / 2] : -1,
                ns.length > 0 ? ns[ns.length - 1] : -1, Arrays.toString(drops));
        assertArrayEquals(new long[Drop.SLOTS], drops, "drops");
        assertTrue(!dd.isEmpty(), "dd reclaimed");
        // 192 MiB had to leave the cgroup while dd ran; only its reclaim frees a cgroup's pages
        assertTrue(pages * PAGE >= 160L << 20, "pages reclaimed by dd: " + pages);
        assertTrue(ns[0] > 0 && ns[ns.length - 1] < 10_000_000_000L, "durations " + ns[0] + ".." + ns[ns.length - 1]);
        assertTrue(dd.stream().allMatch(r -> r.order() == 0 && r.hdr().pid() == r.hdr().tid()), "memcg reclaim is order 0");
        assertTrue(Capture.only(events, Reclaim.class).stream().noneMatch(r -> r.kind() == EventKind.DIRECT_RECLAIM && r.hdr().comm().equals("dd")),
                "no direct reclaim: the machine had memory to spare");
    }

    private static Process start(String... cmd) {
        try {
            return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String output(Process p) {
        try {
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), "workload " + p.info().commandLine().orElse(""));
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
