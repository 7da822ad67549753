package dev.jrec.recorder;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

/**
 * How many user stacks unwind to their outermost frame, by stack copy size, recording profile and
 * offcpu host-wide for a few seconds of whatever this machine runs (builds, JVMs, shells): the
 * footer's jrec.stacks.unwind.* counts. Run with {@code -Djrec.bench=true}.
 */
class UnwindCompletenessBench {
    @TempDir Path dir;

    @Test
    void completenessByCopySize() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("jrec.bench"), "-Djrec.bench=true");
        System.out.println("ustack_bytes | dwarf | truncated | fp | complete %");
        for (int round = 0; round < 2; round++) {
            for (int bytes : new int[] {0, 2048, 4096, 8192, 16384}) {
                RecordConfig cfg = RecordConfig.defaults(dir.resolve("c" + round + "-" + bytes + ".parquet"))
                        .withSources(EnumSet.of(Source.PROFILE, Source.OFFCPU)).withUstackBytes(bytes);
                Recorder.Result r;
                try (LiveRecording rec = new LiveRecording(cfg)) {
                    Thread.sleep(4000);
                    r = rec.stop();
                }
                Map<String, String> footer;
                try (Capture c = Capture.open(r.output())) {
                    footer = c.metadata().all();
                }
                long dwarf = Long.parseLong(footer.get(MetadataKeys.STACKS_UNWIND_PREFIX + "dwarf"));
                long truncated = Long.parseLong(footer.get(MetadataKeys.STACKS_UNWIND_PREFIX + "truncated"));
                long fp = Long.parseLong(footer.get(MetadataKeys.STACKS_UNWIND_PREFIX + "fp"));
                System.out.printf("%12d | %5d | %9d | %5d | %.1f%n", bytes, dwarf, truncated, fp,
                        100.0 * dwarf / Math.max(1, dwarf + truncated + fp));
            }
        }
    }
}
