package dev.jrec.bpf.events;

import dev.jrec.bpf.events.EventDecoder.Hdr;

import java.lang.foreign.MemorySegment;

/** The common record header, as EventDecoder reads it. */
public record Header(int kind, int cpu, int pid, int tid, int flags, long ts, String comm) {
    public static Header decode(MemorySegment s, long o) {
        return new Header(Hdr.kind(s, o), Hdr.cpu(s, o), Hdr.pid(s, o), Hdr.tid(s, o), Hdr.flags(s, o), Hdr.ts(s, o),
                EventDecoder.string(s, Hdr.commAt(o), EventLayouts.COMM_LEN));
    }
}
