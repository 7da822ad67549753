package dev.jrec.bpf;

import dev.jrec.bpf.events.Event;
import dev.jrec.bpf.libbpf.BpfObject;
import dev.jrec.bpf.ringbuf.Drainer;
import dev.jrec.bpf.ringbuf.ReadMethod;
import dev.jrec.bpf.ringbuf.RingBufferReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs a workload with obj attached and returns every decoded record. */
public final class Capture {
    private Capture() {}

    public static List<Event> during(BpfObject obj, ReadMethod method, Runnable workload) {
        List<Event> events = new ArrayList<>();
        if (obj.flavor() == null) {
            obj.load(BpfObject.Flavor.AUTO);
        }
        try (RingBufferReader reader = method.open(obj)) {
            // events is touched only by the drain thread, then by stop() after join
            Drainer drainer = new Drainer(obj.name(), reader, (s, off, len) -> events.add(Event.decode(s, off, len)),
                    Duration.ofMillis(10));
            try {
                obj.attach();
                workload.run();
                obj.detach();
            } finally {
                drainer.stop();
            }
        }
        return events;
    }

    public static List<Event> during(BpfObject obj, Runnable workload) {
        return during(obj, ReadMethod.MMAP, workload);
    }

    public static <T extends Event> List<T> only(List<Event> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
