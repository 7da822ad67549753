package dev.jrec.recorder;

import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import dev.jrec.formats.write.Ring;
import dev.jrec.recorder.ring.CpuBusy;
import dev.jrec.recorder.ring.DumpNames;
import dev.jrec.recorder.ring.RingOptions;
import dev.jrec.recorder.ring.RingOptions.Dump;
import dev.jrec.recorder.ring.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A ring recording's dumps. Triggers are tested on the writer's thread on each batch before it is written; a dump
 * (a trigger's, once its post-window is written, or one asked for from any thread) is cut there too, by hard-linking
 * the window's closed files ({@link CaptureWriter#dump}, a few ms), and joined into a capture on a thread of its
 * own at nice 19, so a dump during a storm neither stalls the writer nor the drain.
 */
final class RingDumps {
    /**
     * A window's end is taken as written when nothing newer came for this long after it (a quiet host), and nothing
     * drained waits to be encoded or written: on a loaded host the encoder and writer, at nice 19, can be seconds
     * behind, and "nothing came" then meant only that they had not run (a dump of the last second found no events).
     */
    static final long QUIET_NS = 1_000_000_000L;
    private java.util.function.BooleanSupplier caughtUp = () -> true;

    /** The recorder's: whether everything drained so far is written (spool and pipe empty). */
    void caughtUp(java.util.function.BooleanSupplier s) {
        this.caughtUp = s;
    }

    /** A dump to cut once the events up to {@code toTs} are written; why, and the trigger's keys, are in {@code extra}. */
    private record Request(long fromTs, long toTs, long sinceNanos, Path out, Map<String, String> extra, CompletableFuture<Dump> done) {
        String reason() {
            return extra.get(MetadataKeys.DUMP_REASON);
        }

        /** Null for a request. */
        String trigger() {
            return extra.get(MetadataKeys.TRIGGER_NAME);
        }
    }

    /** {@code jrec trigger NAME}, asked from another thread at {@code ts}. */
    private record External(Trigger trigger, long ts, String event, CompletableFuture<Dump> done) {}

    /** The cpu triggers: tested on /proc/stat from {@link #run}, which the writer calls at least every 200 ms. */
    private final List<CpuBusy> cpuBusy = new ArrayList<>();

    /** A trigger dump refused because another's holdoff runs until {@code untilTs}. */
    static final class HeldOff extends Exception {
        HeldOff(long untilTs) {
            super("another trigger's dump was written less than --trigger-holdoff ago; next one possible in "
                    + Math.max(0, (untilTs - System.nanoTime()) / 1_000_000_000L) + " s");
        }
    }

    private final RingOptions options;
    private final Map<String, String> recording;
    private final long realtimeOffsetNs;
    private final ConcurrentLinkedQueue<Request> asked = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<External> external = new ConcurrentLinkedQueue<>();
    private final List<Request> waiting = new ArrayList<>();
    /** Names given to dumps not written yet. */
    private final java.util.Set<Path> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ExecutorService merges;
    private long newestTs = Long.MIN_VALUE, newestAtNanos = System.nanoTime();
    private long holdUntilTs = Long.MIN_VALUE;
    private final java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();

    RingDumps(RingOptions options, Map<String, String> recording) {
        this.options = options;
        this.recording = Map.copyOf(recording);
        this.realtimeOffsetNs = Ring.Snapshot.realtimeOffset(recording);
        for (Trigger t : options.triggers()) if (t.kind() == Trigger.Kind.CPU) cpuBusy.add(new CpuBusy(t, CpuBusy.PROC_STAT));
        this.merges = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                Priority.set(Recorder.ENCODER_NICE);
                r.run();
            }, "jrec-dump");
            t.setDaemon(true);
            return t;
        });
    }

    /** Any thread: a dump of the last {@code lastNs} of events (0: all the ring holds) into {@code out} (null: the dump folder). */
    CompletableFuture<Dump> ask(long lastNs, Path out) {
        long now = System.nanoTime();
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(MetadataKeys.DUMP_REASON, "request");
        Request r = new Request(lastNs > 0 ? now - lastNs : Long.MIN_VALUE, now, now, out, extra, new CompletableFuture<>());
        asked.add(r);
        return r.done();
    }

    /** Any thread: {@code jrec trigger NAME}, fired now; held off as the recording's own triggers are. */
    CompletableFuture<Dump> external(String name) {
        External e = new External(Trigger.external(name), System.nanoTime(), "external", new CompletableFuture<>());
        external.add(e);
        return e.done();
    }

    /** Writer thread: tests the triggers on the batch about to be written. */
    void scan(EventBatch b) {
        int n = b.size();
        for (int r = 0; r < n; r++) {
            long ts = b.ts(r);
            if (ts > newestTs) newestTs = ts;
            for (Trigger t : options.triggers()) {
                if (t.fires(b, r)) fire(t, ts, t.describe(b, r), null);
            }
        }
        newestAtNanos = System.nanoTime();
    }

    private void fire(Trigger t, long ts, String event, CompletableFuture<Dump> done) {
        if (ts < holdUntilTs) {
            options.listener().fired(t, ts, event, holdUntilTs);
            if (done != null) done.completeExceptionally(new HeldOff(holdUntilTs));
            return;
        }
        holdUntilTs = ts + options.holdoffNs();
        options.listener().fired(t, ts, event, ts);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(MetadataKeys.DUMP_REASON, "trigger");
        extra.put(MetadataKeys.TRIGGER_NAME, t.text());
        extra.put(MetadataKeys.TRIGGER_TS, Long.toString(ts));
        if (realtimeOffsetNs != Long.MIN_VALUE) extra.put(MetadataKeys.TRIGGER_WALL, Instant.ofEpochSecond(0, ts + realtimeOffsetNs).toString());
        extra.put(MetadataKeys.TRIGGER_EVENT, event);
        waiting.add(new Request(ts - options.preNs(), ts + options.postNs(), ts + options.postNs(), null, extra,
                done != null ? done : new CompletableFuture<>()));
    }

    /**
     * Writer thread, after each batch or idle wait: cuts the dumps whose window is written (all of them when
     * {@code stopping}: the recording ends, the post-window with it).
     */
    void run(CaptureWriter writer, boolean stopping) {
        for (External e; (e = external.poll()) != null; ) fire(e.trigger(), e.ts(), e.event(), e.done());
        for (Request r; (r = asked.poll()) != null; ) waiting.add(r);
        long now = System.nanoTime();
        boolean quiet = now - newestAtNanos >= QUIET_NS && caughtUp.getAsBoolean();
        for (Iterator<Request> it = waiting.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (!stopping && newestTs < r.toTs() && !(quiet && now - r.toTs() >= QUIET_NS)) continue;
            it.remove();
            cut(writer, r, stopping);
        }
    }

    /**
     * Drain thread, once per pass: tests the CPU-busy triggers. Not on the writer's thread: it runs at nice 19 (or 0),
     * and a host busy enough to fire the trigger is one that leaves such a thread no CPU for seconds (2 CPUs, 2 busy
     * loops: 'for 2s' fired 6.5 s into the spell); the drain runs at nice -20 and wakes every drain period.
     */
    void busy(long now) {
        for (CpuBusy c : cpuBusy) {
            try {
                String event = c.sample(now);
                if (event != null) external.add(new External(c.trigger(), now, event, null));
            } catch (IOException | RuntimeException e) {
                options.listener().failed("reading " + CpuBusy.PROC_STAT + " for '" + c.trigger().text() + "'", e);
            }
        }
    }

    private void cut(CaptureWriter writer, Request r, boolean stopping) {
        Ring.Snapshot snap;
        try {
            snap = writer.dump(r.fromTs(), r.toTs());
        } catch (IOException | RuntimeException e) {
            options.listener().failed("cutting a dump", e);
            r.done().completeExceptionally(e);
            return;
        }
        if (snap == null) {
            r.done().completeExceptionally(new IOException("the ring holds no events in the window asked for"));
            return;
        }
        Map<String, String> extra = new LinkedHashMap<>(r.extra());
        if (r.fromTs() != Long.MIN_VALUE) extra.put(MetadataKeys.DUMP_FROM_TS, Long.toString(r.fromTs()));
        extra.put(MetadataKeys.DUMP_TO_TS, Long.toString(r.toTs()));
        if (stopping && r.trigger() != null && newestTs < r.toTs()) extra.put(MetadataKeys.DUMP_CUT, "stop");
        Path out = r.out() != null ? r.out() : name(r);
        // a trigger's dump cut short by the stop is timed from the cut, not from a post-window that never came
        long since = Math.min(r.sinceNanos(), System.nanoTime());
        merges.execute(() -> {
            try {
                Files.createDirectories(out.toAbsolutePath().getParent());
                long bytes = snap.write(out, recording, extra); // whole or not at all: the join renames its file into place
                Dump d = new Dump(out, bytes, snap.firstTs(), snap.lastTs(), r.reason(), r.trigger(), System.nanoTime() - since);
                written.incrementAndGet();
                pending.remove(out);
                if (r.out() == null) retain();
                options.listener().written(d);
                r.done().complete(d);
            } catch (IOException | RuntimeException e) {
                pending.remove(out);
                options.listener().failed("writing " + out, e);
                r.done().completeExceptionally(e);
            }
        });
    }

    /** The dump folder's next name: stamped with the trigger's time (or the request's). */
    private Path name(Request r) {
        long ts = r.trigger() != null ? Long.parseLong(r.extra().get(MetadataKeys.TRIGGER_TS)) : r.toTs();
        Path p = DumpNames.next(options.dumpDir(), recording, ts, r.trigger() == null ? "request" : r.trigger(), pending::contains);
        pending.add(p);
        return p;
    }

    /** --keep: the oldest of this recorder's dumps go first once there are too many or they take too much room. */
    private void retain() throws IOException {
        if (options.keep() <= 0 && options.keepBytes() <= 0) return;
        List<Path> dumps;
        try (var s = Files.list(options.dumpDir())) {
            dumps = new ArrayList<>(s.filter(DumpNames::isDump).toList());
        }
        dumps.sort((a, b) -> Long.compare(mtime(a), mtime(b)));
        long total = 0;
        for (Path p : dumps) total += Files.size(p);
        for (int i = 0; i < dumps.size() - 1; i++) {
            boolean tooMany = options.keep() > 0 && dumps.size() - i > options.keep();
            boolean tooBig = options.keepBytes() > 0 && total > options.keepBytes();
            if (!tooMany && !tooBig) break;
            total -= Files.size(dumps.get(i));
            Files.deleteIfExists(dumps.get(i));
        }
    }

    private static long mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Waits for the dumps being joined (the recording ends: they hold what it is for). */
    void close() throws InterruptedException {
        merges.shutdown();
        merges.awaitTermination(1, TimeUnit.HOURS);
    }

    /** Dumps written so far. */
    int written() {
        return written.get();
    }
}
