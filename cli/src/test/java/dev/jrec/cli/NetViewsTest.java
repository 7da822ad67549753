package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TCP views on a real recording of known loopback traffic: N connections from this JVM to its own listener,
 * client i sending 3000 + i bytes and the server answering 70000 + 1024 i, then a connect to a closed port.
 */
class NetViewsTest {
    static final int N = 8;
    @TempDir static Path dir;
    static String capture;
    static int port, closedPort, abortPort;
    static final List<Integer> clientPorts = new ArrayList<>();
    static final long PID = ProcessHandle.current().pid();

    @BeforeAll
    static void record() throws Exception {
        Path out = dir.resolve("net.parquet"), log = dir.resolve("record.log");
        Process p = ChildRecorder.startAttached(log, "-d", "4s", "--events", "net", "-o", out.toString());
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
            for (int i = 0; i < N; i++) clientPorts.add(exchange(server, 3000 + i, 70000 + 1024 * i));
        }
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            abortPort = server.getLocalPort();
            closeUnread(server);
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (Socket c = new Socket()) {
            c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort), 2000);
        } catch (ConnectException refused) {
            // the reset
        }
        ChildRecorder.finish(p, log);
        capture = out.toString();
    }

    private static int exchange(ServerSocket server, int up, int down) {
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()); Socket s = server.accept()) {
            c.getOutputStream().write(new byte[up]);
            assertEquals(up, s.getInputStream().readNBytes(up).length);
            s.getOutputStream().write(new byte[down]);
            assertEquals(down, c.getInputStream().readNBytes(down).length);
            int local = c.getLocalPort();
            c.close();
            assertEquals(-1, s.getInputStream().read());
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server aborts the connection: SO_LINGER 0 makes close() send a reset instead of a FIN. */
    private static void closeUnread(ServerSocket server) throws Exception {
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()); Socket s = server.accept()) {
            s.setSoLinger(true, 0);
            s.close();
            assertEquals(-1, c.getInputStream().read(), "the reset ends the client's stream");
        } catch (java.net.SocketException reset) {
            // "Connection reset": the same, seen by the client
        }
    }

    /** The view's text (its header checked) and its rows as CSV records, by column name. */
    private static List<Map<String, String>> view(String view, String header, String... options) {
        List<String> args = new ArrayList<>(List.of("report", capture, view));
        args.addAll(List.of(options));
        ReportCommandTest.Run text = ReportCommandTest.jrec(args.toArray(String[]::new));
        assertEquals(0, text.code(), text.err());
        assertEquals(header, text.out().lines().findFirst().orElseThrow().replaceAll("\\s+", " ").strip(), view + ":\n" + text.out());
        args.addAll(List.of("--format", "csv"));
        ReportCommandTest.Run csv = ReportCommandTest.jrec(args.toArray(String[]::new));
        assertEquals(0, csv.code(), csv.err());
        List<String> lines = csv.out().lines().toList();
        String[] names = lines.getFirst().split(",");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",", -1);
            Map<String, String> row = new java.util.HashMap<>();
            for (int i = 0; i < names.length; i++) row.put(names[i], v[i]);
            rows.add(row);
        }
        System.out.println(view + ":\n" + text.out());
        return rows;
    }

    private static int i(Map<String, String> row, String col) {
        return Integer.parseInt(row.get(col));
    }

    @Test
    void tcpconnectListsEachConnectAndTheRefusedOne() {
        List<Map<String, String>> rows = view("tcpconnect", "TIME(s) PID COMM IP SADDR DADDR DPORT LAT(ms) RESULT");
        List<Map<String, String>> ours = rows.stream().filter(r -> i(r, "dport") == port).toList();
        assertEquals(N, ours.size(), rows.toString());
        assertTrue(ours.stream().allMatch(r -> i(r, "pid") == PID && r.get("result").equals("ESTABLISHED")), ours.toString());
        List<Map<String, String>> refused = rows.stream().filter(r -> i(r, "dport") == closedPort).toList();
        assertEquals(1, refused.size(), rows.toString());
        assertEquals("REFUSED", refused.getFirst().get("result"));
    }

    @Test
    void tcpacceptListsEachAcceptWithTheClientsPort() {
        List<Map<String, String>> rows = view("tcpaccept", "TIME(s) PID COMM IP RADDR RPORT LADDR LPORT").stream()
                .filter(r -> i(r, "lport") == port).toList();
        assertEquals(N, rows.size());
        assertTrue(rows.stream().allMatch(r -> i(r, "pid") == PID));
        assertEquals(Set.copyOf(clientPorts), rows.stream().map(r -> i(r, "rport")).collect(Collectors.toSet()));
    }

    @Test
    void tcplifeHasBothEndsOfEachConnectionWithTheirKilobytes() {
        List<Map<String, String>> rows = view("tcplife", "TIME(s) PID COMM LADDR LPORT RADDR RPORT TX_KB RX_KB MS");
        for (int k = 0; k < N; k++) {
            int client = clientPorts.get(k);
            Map<String, String> c = one(rows, r -> i(r, "lport") == client && i(r, "rport") == port);
            Map<String, String> s = one(rows, r -> i(r, "lport") == port && i(r, "rport") == client);
            assertEquals(List.of(2, 68 + k), List.of(i(c, "tx_kb"), i(c, "rx_kb")), "client " + c);
            assertEquals(List.of(68 + k, 2), List.of(i(s, "tx_kb"), i(s, "rx_kb")), "server " + s);
            assertEquals(PID, i(c, "pid"));
            assertEquals(PID, i(s, "pid"));
            assertTrue(Double.parseDouble(c.get("ms")) > 0 && Double.parseDouble(c.get("ms")) < 4000, c.toString());
        }
    }

    @Test
    void tcpdropShowsTheSynNoSocketTook() {
        List<Map<String, String>> rows = view("tcpdrop", "TIME(s) PID COMM IP SADDR SPORT DADDR DPORT STATE FLAGS REASON FUNC");
        Map<String, String> d = one(rows, r -> i(r, "dport") == closedPort);
        assertEquals("SYN", d.get("flags"));
        assertEquals("NO_SOCKET", d.get("reason"));
        assertTrue(d.get("func").matches("tcp_v[46]_rcv"), d.toString());
        assertFalse(rows.stream().anyMatch(r -> "QUEUE_PURGE".equals(r.get("reason"))), "purges only with --purged");
        List<Map<String, String>> all = view("tcpdrop", "TIME(s) PID COMM IP SADDR SPORT DADDR DPORT STATE FLAGS REASON FUNC", "--purged");
        // each client closed before reading the server's FIN, which its socket purged when freed
        assertTrue(all.stream().anyMatch(r -> i(r, "sport") == port && r.get("reason").equals("QUEUE_PURGE") && r.get("flags").contains("FIN")),
                "--purged shows the unread FINs: " + all);
    }

    @Test
    void tcppeersSumsEachPeer() {
        List<Map<String, String>> rows = view("tcppeers",
                "PID COMM PEER CONNS FAILED RETRANS RST_RX RST_TX DROPS TX_KB RX_KB AVG(ms) MAX(ms)");
        Map<String, String> out = one(rows, r -> r.get("peer").endsWith("127.0.0.1]:" + port) || r.get("peer").equals("127.0.0.1:" + port));
        Map<String, String> in = one(rows, r -> r.get("peer").equals("clients of :" + port));
        Map<String, String> refused = one(rows, r -> r.get("peer").endsWith(":" + closedPort));
        // client i sent 3000 + i bytes (2 KB each), the server 70000 + 1024 i (68 + i KB): sums of the counters / 1024
        long up = 0, down = 0;
        for (int k = 0; k < N; k++) {
            up += 3000 + k;
            down += 70000 + 1024 * k;
        }
        // drops are not asserted: a FIN or reset can race a client's close into its time-wait socket, now and then
        assertEquals(List.of(N, 0, PID), List.of(i(out, "conns"), i(out, "failed"), (long) i(out, "pid")));
        assertTrue(Math.abs(i(out, "tx_kb") - up / 1024) <= 1 && Math.abs(i(out, "rx_kb") - down / 1024) <= 1, out.toString());
        assertEquals(List.of(N, 0), List.of(i(in, "conns"), i(in, "failed")));
        assertEquals(List.of(1, 1, 1), List.of(i(refused, "conns"), i(refused, "failed"), i(refused, "rst_rx")), refused.toString());
        assertEquals(refused, rows.getFirst(), "troubled peers first");
    }

    @Test
    void thePostmortemPageHasANetworkSection() throws Exception {
        String section = HtmlSection.of(capture, dir.resolve("net.html"), "network");
        assertTrue(section.contains("<td>clients of :" + port + "</td>"), section);
        assertTrue(section.contains("<td class=\"n\">" + PID + "</td>"), "pids as they are, without digit grouping");
        assertTrue(section.contains("<td>NO_SOCKET</td>"), "the drop");
    }

    @Test
    void anAbortSendsAResetNamedAfterItsOwnerWithTheKernelsReason() {
        ReportCommandTest.Run r = ReportCommandTest.jrec("query", capture, "SELECT pid, reason FROM tcp_send_reset WHERE sport = "
                + abortPort, "--format", "csv");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        // sk_rst_reason's name, e.g. TCP_STATE for a linger-0 abort (kernels >= 6.10 give one)
        assertTrue(lines.get(1).matches(PID + ",[A-Z_]+"), r.out());
    }

    private static Map<String, String> one(List<Map<String, String>> rows, java.util.function.Predicate<Map<String, String>> p) {
        List<Map<String, String>> m = rows.stream().filter(p).toList();
        assertEquals(1, m.size(), rows.toString());
        return m.getFirst();
    }
}
