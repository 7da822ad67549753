package dev.jrec.recorder;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ConnIdsTest {
    static final int NONE = -1, ESTABLISHED = 1, SYN_SENT = 2, SYN_RECV = 3, FIN_WAIT1 = 4, CLOSE = 7, LISTEN = 10;

    @Test
    void aReusedSocketAddressStartsANewLife() {
        ConnIds ids = new ConnIds();
        long sk = 0xffff888012345600L;
        long first = ids.of(sk, CLOSE, SYN_SENT);
        assertEquals(first, ids.of(sk, SYN_SENT, ESTABLISHED));
        assertEquals(first, ids.of(sk, NONE, ESTABLISHED), "a retransmit of the same life");
        assertEquals(first, ids.of(sk, FIN_WAIT1, CLOSE));
        assertEquals(first, ids.of(sk, NONE, CLOSE), "the purge of its queues after the close");
        long second = ids.of(sk, CLOSE, SYN_SENT);
        assertNotEquals(first, second, "the next connect at the same address");
    }

    @Test
    void aListenersChildrenAreLivesOfTheirOwn() {
        ConnIds ids = new ConnIds();
        long listener = ids.of(1, CLOSE, LISTEN);
        long child = ids.of(2, LISTEN, SYN_RECV);
        assertNotEquals(listener, child);
        assertEquals(child, ids.of(2, SYN_RECV, ESTABLISHED));
        assertEquals(listener, ids.of(1, LISTEN, CLOSE), "the listener closing is the listener's life");
    }

    @Test
    void aSocketFirstSeenMidLifeGetsAnId() {
        ConnIds ids = new ConnIds();
        long a = ids.of(5, NONE, ESTABLISHED);
        assertEquals(a, ids.of(5, ESTABLISHED, FIN_WAIT1));
        ids.forgetClosed();
        assertEquals(a, ids.of(5, FIN_WAIT1, CLOSE), "open sockets survive forgetClosed");
        ids.forgetClosed();
        assertNotEquals(a, ids.of(5, NONE, ESTABLISHED), "closed ones do not");
    }
}
