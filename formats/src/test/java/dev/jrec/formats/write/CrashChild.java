package dev.jrec.formats.write;

import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.testing.SampleEvents;
import java.nio.file.Path;
import java.util.Random;

/** Run by {@link CrashSafetyTest} in a child JVM that is then killed with SIGKILL mid-recording. */
public final class CrashChild {
    public static final long STEP_NS = 1000;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        long segmentNs = Long.parseLong(args[1]) * 1_000_000L;
        CaptureWriter w = CaptureWriter.create(out, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults().withSegmentNs(segmentNs));
        EventBatch b = new EventBatch(5000);
        Random rnd = new Random(11);
        long n = 0;
        while (true) {
            b.clear();
            for (int i = 0; i < b.capacity(); i++) SampleEvents.add(b, EventKind.SCHED_SWITCH, STEP_NS * n++, rnd);
            w.write(b);
            System.out.println("durable " + w.durableRows() + " written " + n);
            System.out.flush();
            Thread.sleep(5);
        }
    }
}
