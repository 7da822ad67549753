package dev.jrec.recorder;

import dev.jrec.bpf.libbpf.BpfObject;
import dev.jrec.bpf.libbpf.LibbpfException;
import java.util.List;

/**
 * Gets the net source's tcp_bytes out of sockets that went quiet. The kernel writes a socket's bytes when it
 * next moves data after --bytes-interval, or at its close, so a connection that sent a burst and then idled
 * would show its bytes late, and those still open at the stop never. The drain thread walks every TCP socket
 * (net.bpf.c's iter/tcp programs) once per interval for what is due, so a quiet socket's row comes at most an
 * interval late, and once after the detach for the rest. A walk visits the kernel's whole established hash, empty
 * buckets too: 3-7 ms with 262,144 buckets (24 GiB host), plus about 1 us per socket (bench/tcp-walk.sh), so
 * walking more often would cost a busy host's drain thread more than the rows are worth.
 * Without the iterators (a kernel before 5.9, or one that loaded the raw_tp flavor) the kernel's own rows
 * are all there is, as before.
 */
final class TcpBytesHarvest {
    private final BpfObject net;
    private final long periodNs;
    private final List<String> warnings;
    private long next;
    private boolean off;

    TcpBytesHarvest(BpfObject net, long intervalNs, long startTs, List<String> warnings) {
        this.net = net;
        this.periodNs = Math.max(intervalNs, MIN_PERIOD_NS);
        this.next = startTs + periodNs;
        this.warnings = warnings;
    }

    /** --bytes-interval may be as short as 1 ms; walks are not. */
    private static final long MIN_PERIOD_NS = 100_000_000L;

    /** On the drain thread after each pass: writes the sockets whose interval is over. */
    void due(long now) {
        if (now - next < 0) return;
        next = now + periodNs;
        run("tcp_bytes_due");
    }

    /** After the detach and before the last drain: writes what every socket holds. */
    void flush() {
        run("tcp_bytes_flush");
    }

    private void run(String program) {
        if (off) return;
        try {
            off = !net.runIter(program);
        } catch (LibbpfException e) {
            off = true;
            warnings.add("net: cannot walk the TCP sockets (" + e.getMessage() + "): a socket's last bytes are"
                    + " recorded only when it moves data again or closes");
        }
    }
}
