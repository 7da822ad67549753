package dev.jrec.bpf;

import dev.jrec.bpf.events.Event;
import dev.jrec.bpf.events.Event.Tcp;
import dev.jrec.bpf.events.EventFlags;
import dev.jrec.bpf.events.EventKind;
import dev.jrec.bpf.libbpf.BpfObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TCP over loopback with known connections, bytes, resets and drops, recorded by net.bpf.c. */
class NetTest {
    static final int N = 10;
    static final int ESTABLISHED = 1, SYN_SENT = 2, CLOSE = 7, LISTEN = 10;

    /** Client i sends 1000 + i bytes, the server answers 5000 + i; the client closes first. */
    @Test
    void connectionsHaveTheirEndsOwnersAndBytes() throws Exception {
        List<Event> events;
        int port;
        List<Integer> clientPorts = new ArrayList<>();
        try (BpfObject obj = BpfObject.open("net"); ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
            events = Capture.during(obj, () -> {
                for (int i = 0; i < N; i++) clientPorts.add(exchange(server, 1000 + i, 5000 + i));
            });
            assertEquals(0, java.util.Arrays.stream(obj.drops()).sum(), "drops");
        }
        List<Tcp> tcp = Capture.only(events, Tcp.class);
        Predicate<Tcp> client = e -> e.dport() == port && clientPorts.contains(e.sport());
        Predicate<Tcp> served = e -> e.sport() == port && clientPorts.contains(e.dport());

        List<Tcp> connects = of(tcp, EventKind.TCP_STATE, e -> e.dport() == port && e.state() == SYN_SENT);
        assertEquals(N, connects.size(), "connects: " + connects);
        for (Tcp c : connects) {
            assertEquals(Sys.pid(), c.hdr().pid(), "connect is named after the connecting process");
            // the JVM's sockets are dual-stack: AF_INET6 with IPv4-mapped addresses, as ss shows them
            String lo = c.family() == 10 ? "::ffff:127.0.0.1" : "127.0.0.1";
            assertEquals(lo, c.saddr());
            assertEquals(lo, c.daddr());
        }
        List<Tcp> accepts = of(tcp, EventKind.TCP_ACCEPT, served);
        assertEquals(N, accepts.size(), "accepts: " + of(tcp, EventKind.TCP_ACCEPT, e -> true));
        assertTrue(accepts.stream().allMatch(a -> a.hdr().pid() == Sys.pid() && a.state() == ESTABLISHED), accepts.toString());
        assertEquals(Set.copyOf(clientPorts), Set.copyOf(accepts.stream().map(Tcp::dport).toList()), "accepted the clients' ports");

        Map<Integer, Tcp> clientClose = byPort(of(tcp, EventKind.TCP_STATE, client.and(e -> e.state() == CLOSE)), true);
        Map<Integer, Tcp> serverClose = byPort(of(tcp, EventKind.TCP_STATE, served.and(e -> e.state() == CLOSE)), false);
        assertEquals(N, clientClose.size(), "client closes");
        assertEquals(N, serverClose.size(), "server closes");
        for (int i = 0; i < N; i++) {
            Tcp c = clientClose.get(clientPorts.get(i)), s = serverClose.get(clientPorts.get(i));
            System.out.printf("net: client %d tx %d rx %d %.3f ms; server tx %d rx %d %.3f ms%n", c.sport(), c.txBytes(),
                    c.rxBytes(), c.durationNs() / 1e6, s.txBytes(), s.rxBytes(), s.durationNs() / 1e6);
            // tcp_sock's bytes_acked and bytes_received (RFC 4898), as tcplife reads them, count the SYN and FIN
            // sequence numbers they covered: each is the payload plus at most 2
            assertBetween(1000 + i, c.txBytes(), "client's bytes acked");
            assertBetween(5000 + i, s.txBytes(), "server's bytes acked");
            assertBetween(5000 + i, c.rxBytes(), "client's bytes received");
            assertBetween(1000 + i, s.rxBytes(), "server's bytes received");
            assertTrue(c.durationNs() > 0 && c.durationNs() < 5_000_000_000L, "client lifetime " + c.durationNs());
            assertTrue(s.durationNs() > 0 && s.durationNs() < 5_000_000_000L, "server lifetime " + s.durationNs());
            assertEquals(Sys.pid(), c.hdr().pid(), "the client's close is named after its owner, whatever context it ran in");
            assertEquals(Sys.pid(), s.hdr().pid(), "the server's close is named after the acceptor");
            assertEquals(c.sk(), connects.stream().filter(x -> x.sk() == c.sk()).findFirst().orElseThrow().sk());
        }
        assertTrue(of(tcp, EventKind.TCP_STATE, e -> e.sport() == port && e.state() == LISTEN).isEmpty(),
                "the listener was listening before the recording started");
    }

    /** A SYN to a port nothing listens on: the kernel drops it (NO_SOCKET), answers with a reset, which the client receives. */
    @Test
    void aClosedPortDropsTheSynAndResets() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<Event> events;
        try (BpfObject obj = BpfObject.open("net")) {
            events = Capture.during(obj, () -> {
                try (Socket c = new Socket()) {
                    c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                    throw new AssertionError("connected to a closed port");
                } catch (java.net.ConnectException expected) {
                    // refused, by the reset
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        List<Tcp> tcp = Capture.only(events, Tcp.class);
        List<Tcp> drops = of(tcp, EventKind.TCP_DROP, e -> e.dport() == port);
        assertEquals(1, drops.size(), "drops: " + drops);
        Tcp d = drops.get(0);
        assertEquals(0x02, d.tcpFlags(), "a SYN");
        assertTrue((d.hdr().flags() & EventFlags.NO_SOCK) != 0, "no socket took it");
        assertTrue(d.location() != 0, "where it was freed");
        assertEquals(dropReason("SKB_DROP_REASON_NO_SOCKET"), d.reason());

        List<Tcp> sent = of(tcp, EventKind.TCP_SEND_RESET, e -> e.sport() == port);
        assertEquals(1, sent.size(), "resets sent from the closed port: " + of(tcp, EventKind.TCP_SEND_RESET, e -> true));
        assertTrue((sent.get(0).hdr().flags() & EventFlags.NO_SOCK) != 0);
        assertEquals(d.sport(), sent.get(0).dport(), "the reset answers the SYN's source port");

        List<Tcp> received = of(tcp, EventKind.TCP_RECEIVE_RESET, e -> e.dport() == port);
        assertEquals(1, received.size(), "resets received");
        assertEquals(Sys.pid(), received.get(0).hdr().pid(), "named after the connecting process");
        assertEquals(SYN_SENT, received.get(0).state());
        assertFalse(of(tcp, EventKind.TCP_STATE, e -> e.dport() == port && e.oldState() == SYN_SENT && e.state() == CLOSE).isEmpty(),
                "the connection went from SYN_SENT to CLOSE");
    }

    /**
     * A listener whose accept queue is full (backlog 1, never accepting) drops the next SYN, so the client
     * retransmits it after its initial RTO of 1 s. (This kernel has no netem qdisc to lose data segments.)
     */
    @Test
    void aFullAcceptQueueMakesTheClientRetransmitItsSyn() throws Exception {
        List<Event> events;
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket a = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket b = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             BpfObject obj = BpfObject.open("net")) {
            port = server.getLocalPort();
            events = Capture.during(obj, () -> {
                try (Socket c = new Socket()) {
                    c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1600);
                } catch (SocketTimeoutException expected) {
                    // never accepted
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        List<Tcp> retrans = of(Capture.only(events, Tcp.class), EventKind.TCP_RETRANSMIT, e -> e.dport() == port);
        System.out.println("net: retransmits " + retrans);
        assertFalse(retrans.isEmpty(), "the SYN was retransmitted");
        assertTrue(retrans.stream().allMatch(r -> r.hdr().pid() == Sys.pid() && r.state() == SYN_SENT), retrans.toString());
    }

    /**
     * A connection that sent 1,234 bytes and went quiet, still open: with a 60 s interval the walk for what is due
     * leaves it, and the stop's walk writes it while it is open (state ESTABLISHED), so its close has nothing left.
     */
    @Test
    void theSocketWalkWritesAQuietOpenSocketsBytes() throws Exception {
        List<Event> events;
        boolean[] walked = new boolean[2];
        int[] clientPort = new int[1];
        try (BpfObject obj = BpfObject.open("net").knob("exclude_tgid", 0).knob("bytes_interval_ns", 60_000_000_000L);
                ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            events = Capture.during(obj, () -> {
                try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()); Socket s = server.accept()) {
                    clientPort[0] = c.getLocalPort();
                    c.getOutputStream().write(new byte[1234]);
                    readFully(s.getInputStream(), 1234);
                    walked[0] = obj.runIter("tcp_bytes_due");
                    walked[1] = obj.runIter("tcp_bytes_flush");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        assertTrue(walked[0] && walked[1], "the iter/tcp programs load with the BTF flavor");
        List<Tcp> tcp = Capture.only(events, Tcp.class);
        List<Tcp> sent = of(tcp, EventKind.TCP_BYTES, e -> e.sport() == clientPort[0] && e.txBytes() > 0);
        List<Tcp> got = of(tcp, EventKind.TCP_BYTES, e -> e.dport() == clientPort[0] && e.rxBytes() > 0);
        assertEquals(1, sent.size(), "one row of the client's bytes: " + sent);
        assertEquals(1234, sent.getFirst().txBytes());
        assertEquals(ESTABLISHED, sent.getFirst().state(), "written by the walk, before the close: " + sent);
        assertEquals(1, got.size(), "one row of the server's: " + got);
        assertEquals(1234, got.getFirst().rxBytes());
        assertEquals(ESTABLISHED, got.getFirst().state());
    }

    private static void assertBetween(long payload, long counted, String what) {
        assertTrue(counted >= payload && counted <= payload + 2, what + ": " + counted + " for " + payload + " bytes of payload");
    }

    private static int dropReason(String name) {
        try (var btf = dev.jrec.bpf.libbpf.Btf.vmlinux()) {
            return btf.enumerators("skb_drop_reason").get(name).intValue();
        }
    }

    private static List<Tcp> of(List<Tcp> tcp, int kind, Predicate<Tcp> p) {
        return tcp.stream().filter(e -> e.hdr().kind() == kind && p.test(e)).toList();
    }

    private static Map<Integer, Tcp> byPort(List<Tcp> closes, boolean local) {
        Map<Integer, Tcp> m = new java.util.HashMap<>();
        for (Tcp t : closes) assertEquals(null, m.put(local ? t.sport() : t.dport(), t), "one close per connection");
        return m;
    }

    /** One connection: the client sends up bytes, the server answers down bytes; returns the client's port. */
    private static int exchange(ServerSocket server, int up, int down) {
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()); Socket s = server.accept()) {
            c.getOutputStream().write(new byte[up]);
            readFully(s.getInputStream(), up);
            s.getOutputStream().write(new byte[down]);
            readFully(c.getInputStream(), down);
            int local = c.getLocalPort();
            c.close();
            assertEquals(-1, s.getInputStream().read(), "the client's FIN");
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void readFully(InputStream in, int n) throws IOException {
        assertEquals(n, in.readNBytes(n).length);
    }
}
