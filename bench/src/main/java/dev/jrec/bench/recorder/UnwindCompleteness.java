package dev.jrec.bench.recorder;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import dev.jrec.recorder.RecordConfig;
import dev.jrec.recorder.Recorder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

/**
 * How many user stacks unwind to their outermost frame, by stack copy size, recording profile and
 * offcpu host-wide for a few seconds of whatever this machine runs (builds, JVMs, shells): the
 * footer's jrec.stacks.unwind.* counts. Run by {@code bench/unwind-completeness.sh} (root).
 */
public final class UnwindCompleteness {
    private UnwindCompleteness() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("jrec-unwind-completeness");
        System.out.println("ustack_bytes | dwarf | truncated | fp | complete %");
        for (int round = 0; round < 2; round++) {
            for (int bytes : new int[] {0, 2048, 4096, 8192, 16384}) {
                RecordConfig cfg = RecordConfig.defaults(dir.resolve("c" + round + "-" + bytes + ".parquet"))
                        .withSources(EnumSet.of(Source.PROFILE, Source.OFFCPU)).withUstackBytes(bytes).withDuration(java.time.Duration.ofSeconds(4));
                Recorder.Result r = new Recorder(cfg).run((e, n, d, b) -> {});
                Map<String, String> footer;
                try (Capture c = Capture.open(r.output())) {
                    footer = c.metadata().all();
                }
                Files.delete(r.output());
                long dwarf = Long.parseLong(footer.get(MetadataKeys.STACKS_UNWIND_PREFIX + "dwarf"));
                long truncated = Long.parseLong(footer.get(MetadataKeys.STACKS_UNWIND_PREFIX + "truncated"));
                long fp = Long.parseLong(footer.get(MetadataKeys.STACKS_UNWIND_PREFIX + "fp"));
                System.out.printf("%12d | %5d | %9d | %5d | %.1f%n", bytes, dwarf, truncated, fp,
                        100.0 * dwarf / Math.max(1, dwarf + truncated + fp));
            }
        }
        Files.delete(dir);
    }
}
