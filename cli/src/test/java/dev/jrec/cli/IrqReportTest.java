package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrec record --events irq} of a burst of direct writes, then {@code jrec report hardirqs} and {@code softirqs}
 * as BCC prints them, with a row for the disk's interrupt under the name /proc/interrupts gives it.
 */
class IrqReportTest {
    @TempDir Path dir;

    @Test
    void recordedInterruptsReportAsBccPrintsThem() throws Exception {
        Path out = dir.resolve("irq.parquet"), log = dir.resolve("record.log"), data = dir.resolve("data");
        Process rec = ChildRecorder.start(List.of(), log, "-d", "4s", "--events", "irq", "-o", out.toString());
        while (!Files.readString(log).contains("jrec: recording") && rec.isAlive()) Thread.sleep(50);
        Map<String, Long> before = interrupts();
        Process dd = new ProcessBuilder("dd", "if=/dev/zero", "of=" + data, "bs=4k", "count=500", "oflag=direct,dsync")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, dd.waitFor());
        String disk = busiest(before, interrupts());
        ChildRecorder.finish(rec, log);

        ReportCommandTest.Run hard = ReportCommandTest.jrec("report", out.toString(), "hardirqs");
        assertEquals(0, hard.code(), hard.err());
        assertTrue(hard.out().matches("(?s)HARDIRQ +TOTAL_usecs\n.*"), hard.out());
        assertTrue(hard.out().matches("(?s).*\n" + java.util.regex.Pattern.quote(disk) + " +[1-9][0-9]*\n.*"),
                "a row for the disk's interrupt, " + disk + ":\n" + hard.out());
        String counts = ReportCommandTest.jrec("report", out.toString(), "hardirqs", "-C").out();
        assertTrue(counts.matches("(?s)HARDIRQ +TOTAL_count\n(.*\n)?" + java.util.regex.Pattern.quote(disk) + " +([5-9][0-9]{2}|[0-9]{4,})\n.*"),
                "500 synchronous writes, each at least one interrupt:\n" + counts);
        String dist = ReportCommandTest.jrec("report", out.toString(), "hardirqs", "-d").out();
        assertTrue(dist.contains("\nhardirq = " + disk + "\n     usecs               : count     distribution\n"), dist);

        ReportCommandTest.Run soft = ReportCommandTest.jrec("report", out.toString(), "softirqs");
        assertEquals(0, soft.code(), soft.err());
        assertTrue(soft.out().matches("(?s)SOFTIRQ +TOTAL_usecs\n(.*\n)?timer +[0-9]+\n.*"), "the tick's timer softirqs:\n" + soft.out());
        assertTrue(soft.out().matches("(?s).*\nblock +[0-9]+\n.*"), "the writes' completions:\n" + soft.out());
        String softNs = ReportCommandTest.jrec("report", out.toString(), "softirqs", "-N").out();
        assertTrue(softNs.startsWith("SOFTIRQ") && softNs.contains("TOTAL_nsecs"), softNs);
        String softDist = ReportCommandTest.jrec("report", out.toString(), "softirqs", "-d").out();
        assertTrue(softDist.contains("\nsoftirq = timer\n     usecs "), softDist);

        String steal = ReportCommandTest.jrec("report", out.toString(), "irqsteal").out();
        assertTrue(steal.strip().startsWith("PID  TID  COMM") && steal.contains("HARDIRQ(ms)") && steal.contains("SOFTIRQ(ms)"), steal);
        String section = HtmlSection.of(out.toString(), dir.resolve("irq.html"), "interrupts");
        assertTrue(section.contains("<td>" + disk + "</td>") && section.contains("<td>block</td>"), section);
        ReportCommandTest.Run both = ReportCommandTest.jrec("report", out.toString(), "hardirqs", "-C", "-d");
        assertEquals(ExitCodes.USAGE, both.code());
        assertTrue(both.err().contains("choose one of -C and -d"), both.err());
    }

    /** Numbered /proc/interrupts lines: name (the last word) → count over all CPUs. */
    private static Map<String, Long> interrupts() throws Exception {
        Map<String, Long> m = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/interrupts"))) {
            String[] f = line.trim().split("\\s+");
            if (!f[0].matches("\\d+:")) continue;
            long n = 0;
            for (int i = 1; i < f.length && f[i].matches("\\d+"); i++) n += Long.parseLong(f[i]);
            m.merge(f[f.length - 1], n, Long::sum);
        }
        return m;
    }

    private static String busiest(Map<String, Long> before, Map<String, Long> after) {
        return after.keySet().stream().max(java.util.Comparator.comparingLong(k -> after.get(k) - before.getOrDefault(k, 0L))).orElseThrow();
    }
}
