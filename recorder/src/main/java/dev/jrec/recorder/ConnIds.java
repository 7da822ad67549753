package dev.jrec.recorder;

import java.util.HashMap;
import java.util.Map;

/**
 * conn_id: which tcp rows are one socket's life. The kernel reuses a freed socket's memory for the next one, so its
 * address alone joins unrelated connections (a client opening connections one after another gets the same address
 * each time); a socket's life starts at a state change out of CLOSE (connect, listen) or LISTEN (a listener's new
 * child), and each life gets the next number. Numbers, not addresses: a capture does not disclose kernel memory.
 */
final class ConnIds {
    private static final int CLOSE = 7, LISTEN = 10;
    /** Past this many sockets, closed ones are forgotten even outside {@link #forgetClosed}. */
    private static final int BOUND = 100_000;

    private record Life(long id, boolean closed) {}

    private final Map<Long, Life> bySocket = new HashMap<>();
    private long next = 1;

    /** The id of socket sk's current life; oldState is -1 for events other than a state change. */
    long of(long sk, int oldState, int state) {
        Life l = bySocket.get(sk);
        if (l == null || oldState == CLOSE || oldState == LISTEN && state != CLOSE) {
            if (bySocket.size() >= BOUND) forgetClosed();
            l = new Life(next++, false);
        }
        // a closed socket keeps its id for what the kernel reports while freeing it (its queues' purge)
        if (state == CLOSE && oldState >= 0) l = new Life(l.id(), true);
        bySocket.put(sk, l);
        return l.id();
    }

    /** Drops closed sockets' entries: a ring recording's epoch, or many sockets. */
    void forgetClosed() {
        bySocket.values().removeIf(Life::closed);
    }
}
