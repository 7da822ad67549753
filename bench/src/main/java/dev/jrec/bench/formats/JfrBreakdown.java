package dev.jrec.bench.formats;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a thread's time goes in a JFR recording: Java execution samples and native-method samples (a thread
 * in a syscall) together, as inclusive and self percentages per method.
 *
 * <pre>java -cp ... dev.jrec.bench.formats.JfrBreakdown rec.jfr [thread-name-prefix=main] [rows=45]</pre>
 */
public final class JfrBreakdown {
    private JfrBreakdown() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String thread = args.length > 1 ? args[1] : "main";
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 45;
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        int java = 0, nativeSamples = 0;
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        for (RecordedEvent e : events) {
            String type = e.getEventType().getName();
            boolean isNative = type.equals("jdk.NativeMethodSample");
            if (!isNative && !type.equals("jdk.ExecutionSample")) continue;
            var t = e.getThread("sampledThread");
            if (t == null || t.getJavaName() == null || !t.getJavaName().startsWith(thread)) continue;
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) continue;
            if (isNative) nativeSamples++;
            else java++;
            List<RecordedFrame> frames = st.getFrames();
            self.merge(name(frames.getFirst()) + (isNative ? " [native]" : ""), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) if (seen.add(name(f))) inclusive.merge(name(f), 1, Integer::sum);
        }
        int total = java + nativeSamples;
        System.out.printf("thread %s*: %d samples (%d running Java, %d in native code)%n", thread, total, java, nativeSamples);
        System.out.println("\nself (leaf frame):");
        print(self, total, rows);
        System.out.println("\ninclusive (frame anywhere on the stack):");
        print(inclusive, total, rows);
    }

    private static String name(RecordedFrame f) {
        String cls = f.getMethod().getType().getName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    private static void print(Map<String, Integer> m, int total, int rows) {
        m.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(rows)
                .forEach(e -> System.out.printf("  %5.1f%%  %6d  %s%n", 100.0 * e.getValue() / total, e.getValue(), e.getKey()));
    }
}
