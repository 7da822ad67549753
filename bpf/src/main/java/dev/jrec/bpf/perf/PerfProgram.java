package dev.jrec.bpf.perf;

import dev.jrec.bpf.libbpf.BpfObject;

/**
 * The {@code SEC("perf_event")} program of a {@link BpfObject} (profile.bpf.o) bound to perf events:
 * {@link BpfObject#load} loads such programs along with the tracepoint ones, and {@link #attach} binds
 * the program to one event per CPU. The object owns the links; closing it (or detach) ends sampling.
 */
public final class PerfProgram implements AutoCloseable {
    private final BpfObject obj;
    private final String program;
    private final int attached;

    private PerfProgram(BpfObject obj, String program, int attached) {
        this.obj = obj;
        this.program = program;
        this.attached = attached;
    }

    /** Loads obj; its filters and knobs set before this are in force. */
    public static void load(BpfObject obj) {
        if (obj.flavor() != null) {
            throw new IllegalStateException(obj.name() + " is already loaded");
        }
        obj.load(BpfObject.Flavor.AUTO);
    }

    /**
     * Binds a loaded perf_event program to every event (which enables them); the object's links own
     * the events' fds from then on. On failure, the fds not yet handed over stay with events.
     */
    public static PerfProgram attach(BpfObject obj, String program, PerfEvents events) {
        for (int i = 0; i < events.count(); i++) {
            obj.attachPerfEvent(program, events.fd(i));
            events.take(i);
        }
        return new PerfProgram(obj, program, events.count());
    }

    public String program() {
        return program;
    }

    /** Number of perf events the program is attached to. */
    public int attached() {
        return attached;
    }

    /** Stops sampling: detaches the object's programs, closing the perf events. */
    @Override
    public void close() {
        obj.detach();
    }
}
