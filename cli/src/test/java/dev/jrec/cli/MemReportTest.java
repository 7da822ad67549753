package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrec record --events proc,mem} of three real workloads, then the mem reports: a python3 process touching
 * 48 MiB page by page (faults, faultstacks, rss against its own getrusage), an OOM kill in a 64 MiB memory cgroup
 * whose trigger is not its victim (oomkill), and dd writing through that cgroup's page cache (drsnoop).
 */
class MemReportTest {
    @TempDir Path dir;

    /** Prints "NAME PID" for each process it starts, and the toucher's getrusage counts. */
    static final String WORKLOAD = """
            python3 -c 'import os, resource, time
            b = bytearray(48 << 20)
            for i in range(0, len(b), 4096): b[i] = 1
            time.sleep(0.3)
            r = resource.getrusage(resource.RUSAGE_SELF)
            print("touch", os.getpid(), r.ru_minflt, r.ru_majflt, flush=True)'
            if [ -d /sys/fs/cgroup/memory ]; then d=/sys/fs/cgroup/memory/jrec-memreport-$$; lim=memory.limit_in_bytes
            else d=/sys/fs/cgroup/jrec-memreport-$$; lim=memory.max; fi
            mkdir $d && echo 67108864 > $d/$lim || exit 99
            [ -f $d/memory.swap.max ] && echo 0 > $d/memory.swap.max
            sh -c "echo \\$\\$ > $d/cgroup.procs; echo 1000 > /proc/\\$\\$/oom_score_adj; echo victim \\$\\$; exec python3 -c 'import time; b = b\\"v\\" * (24 << 20); time.sleep(30)'" &
            v=$!
            sleep 1
            sh -c "echo \\$\\$ > $d/cgroup.procs; echo trigger \\$\\$; exec python3 -c 'b = b\\"t\\" * (40 << 20)'"
            wait $v
            echo victim_exit $?
            sh -c "echo \\$\\$ > $d/cgroup.procs; echo dd \\$\\$; exec dd if=/dev/zero of=%s bs=1M count=128 conv=fsync status=none"
            rm -f %s
            rmdir $d
            """;

    @Test
    void memoryReportsTellFaultsGrowthReclaimAndWhoTriggeredAnOomKill() throws Exception {
        Path out = dir.resolve("mem.parquet"), log = dir.resolve("record.log"), data = dir.resolve("dd.bin");
        Process rec = ChildRecorder.startAttached(log, "-d", "10s", "--events", "proc,mem", "--fault-period", "1", "-o", out.toString());
        Process sh = new ProcessBuilder("/bin/sh", "-c", WORKLOAD.formatted(data, data)).redirectErrorStream(true).start();
        String said = new String(sh.getInputStream().readAllBytes());
        assertEquals(0, sh.waitFor(), said);
        ChildRecorder.finish(rec, log);
        Map<String, long[]> pids = new HashMap<>();
        for (String line : said.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length >= 2 && f[1].matches("\\d+")) pids.put(f[0], java.util.Arrays.stream(f).skip(1).mapToLong(Long::parseLong).toArray());
        }
        assertEquals(137, pids.get("victim_exit")[0], "the victim was OOM-killed: " + said);
        long touch = pids.get("touch")[0], minflt = pids.get("touch")[1];

        ReportCommandTest.Run faults = ReportCommandTest.jrec("report", out.toString(), "faults", "-p", Long.toString(touch));
        assertEquals(0, faults.code(), faults.err());
        Matcher m = Pattern.compile("(?m)^ *" + touch + " +python3 +(\\d+) +(\\d+) +(\\d+)$").matcher(faults.out());
        assertTrue(m.find(), faults.out());
        long minors = Long.parseLong(m.group(1)), majors = Long.parseLong(m.group(2));
        assertTrue(Math.abs(minors - minflt) <= 64 + minflt / 50, "minor faults " + minors + " against getrusage's " + minflt);
        assertTrue(minors >= 48 << 8, "at least one fault per page touched: " + minors);

        ReportCommandTest.Run stacks = ReportCommandTest.jrec("report", out.toString(), "faultstacks", "-p", Long.toString(touch));
        assertEquals(0, stacks.code(), stacks.err());
        long folded = 0, python = 0;
        for (String line : stacks.out().split("\n")) {
            long w = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            folded += w;
            if (line.startsWith("python3;") || line.startsWith("python3 ")) python += w; // else what ran as this pid before its exec (a pyenv shim)
        }
        assertEquals(minors + majors, folded, "the flame graph weighs the faults the table counts");
        assertTrue(python >= 48 << 8, "python3's stacks hold its page-by-page touches: " + python);

        ReportCommandTest.Run rss = ReportCommandTest.jrec("report", out.toString(), "rss", "-p", Long.toString(touch));
        assertEquals(0, rss.code(), rss.err());
        assertTrue(rss.out().strip().startsWith("PID  COMM"), rss.out());
        Matcher r = Pattern.compile("(?m)^ *" + touch + " +python3 +([\\d.]+) +([\\d.]+) +([\\d.]+) +([\\d.]+)").matcher(rss.out());
        assertTrue(r.find(), rss.out());
        assertTrue(Double.parseDouble(r.group(2)) >= 48, "peak RSS holds the 48 MiB touched: " + rss.out());

        ReportCommandTest.Run oom = ReportCommandTest.jrec("report", out.toString(), "oomkill");
        assertEquals(0, oom.code(), oom.err());
        long victim = pids.get("victim")[0], trigger = pids.get("trigger")[0];
        assertTrue(oom.out().matches("(?s) *TIME\\(s\\) +TPID +TCOMM +PID +COMM +RSS_KB +OOM_SCORE_ADJ\n.*"), oom.out());
        assertTrue(Pattern.compile("(?m)^ *[\\d.]+ +" + trigger + " +python3 +" + victim + " +python3 +\\d+ +1000$").matcher(oom.out()).find(),
                "the trigger " + trigger + " named, its victim " + victim + " with oom_score_adj 1000:\n" + oom.out());

        ReportCommandTest.Run dr = ReportCommandTest.jrec("report", out.toString(), "drsnoop", "-p", Long.toString(pids.get("dd")[0]));
        assertEquals(0, dr.code(), dr.err());
        List<String> rows = dr.out().lines().filter(l -> l.contains(" dd ")).toList();
        long freedKb = rows.stream().mapToLong(l -> Long.parseLong(l.trim().split(" +")[5])).sum();
        assertTrue(dr.out().strip().startsWith("TIME(s)  COMM"), dr.out());
        assertTrue(rows.stream().allMatch(l -> l.endsWith(" memcg")), "a cgroup limit's reclaims: " + rows);
        assertTrue(freedKb >= 48 << 10, "128 MiB through a 64 MiB cgroup frees at least 48 MiB in dd's own reclaims: " + freedKb + " KiB");

        String section = HtmlSection.of(out.toString(), dir.resolve("mem.html"), "memory");
        assertTrue(section.contains("<td class=\"n\">" + trigger + "</td>") && section.contains("<td class=\"n\">" + victim + "</td>"), "the OOM kill's trigger and victim: " + section);
        assertTrue(section.contains("Reclaim stalls (drsnoop)") && section.contains("<td>memcg</td>"), section);

        ReportCommandTest.Run bad = ReportCommandTest.jrec("record", "--events", "mem", "--fault-period", "0", "-d", "1s", "-o", dir.resolve("x.parquet").toString());
        assertEquals(ExitCodes.USAGE, bad.code());
        assertTrue(bad.err().contains("--fault-period must be at least 1"), bad.err());
        assertTrue(Files.readString(log).contains("minor_fault"), "the summary counts the fault rows");
    }
}
