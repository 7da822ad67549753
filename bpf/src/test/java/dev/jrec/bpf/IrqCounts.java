package dev.jrec.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's own per-CPU interrupt counts: /proc/interrupts' numbered lines (device IRQs, the ones that run
 * irqaction handlers; LOC, RES, CAL and the other architecture lines do not) by irq number, and /proc/softirqs
 * by vector name (HI, TIMER, ...). Each value holds one count per CPU.
 */
record IrqCounts(Map<String, long[]> hard, Map<String, long[]> soft, List<String> hardLines) {
    static IrqCounts read() {
        try {
            List<String> interrupts = Files.readAllLines(Path.of("/proc/interrupts"));
            return new IrqCounts(parse(interrupts, true), parse(Files.readAllLines(Path.of("/proc/softirqs")), false), interrupts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first line names the CPUs; each other line is "KEY: count per CPU [chip, hwirq, name]". */
    private static Map<String, long[]> parse(List<String> lines, boolean numberedOnly) {
        int cpus = lines.getFirst().trim().split("\\s+").length;
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split("\\s+");
            String key = f[0].substring(0, f[0].length() - 1);
            if (numberedOnly && !key.chars().allMatch(Character::isDigit)) continue;
            long[] counts = new long[cpus];
            for (int c = 0; c < cpus && c + 1 < f.length; c++) counts[c] = Long.parseLong(f[c + 1]);
            out.put(key, counts);
        }
        return out;
    }

    /** The /proc/interrupts line of an irq: it ends with its handlers' names. */
    String line(int irq) {
        return hardLines.stream().filter(l -> l.trim().startsWith(irq + ":")).findFirst().orElse("");
    }

    /** later - earlier, per key and CPU. */
    static Map<String, long[]> delta(Map<String, long[]> later, Map<String, long[]> earlier) {
        Map<String, long[]> out = new LinkedHashMap<>();
        later.forEach((k, v) -> {
            long[] e = earlier.getOrDefault(k, new long[v.length]), d = new long[v.length];
            for (int c = 0; c < v.length; c++) d[c] = v[c] - e[c];
            out.put(k, d);
        });
        return out;
    }
}
