package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static dev.jrec.analysis.KnownCapture.START;
import static dev.jrec.analysis.KnownCapture.US;
import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timeline's TCP and OOM queries (timeline_thread_net, timeline_oom_kills, net_summary) on a capture with known
 * connections: a client thread's connect with a retransmit and a refused connect, the server thread that accepted it
 * (its handshake and a drop recorded without an owner), a connection still open at the end, a thread with a
 * thousand short connections, a reset for a closed port that no socket owns, and an OOM kill on a kernel that
 * leaves the victim's comm empty.
 */
class TimelineNetQueriesTest {
    @TempDir static Path dir;
    static CaptureDb db;
    static final long END = 2000 * MS;
    static final int CLIENT = 100, LONG = 101, CHURN = 102, SERVER = 200, ACCEPTOR = 201, VICTIM = 300;
    static final int CHURNED = 1000;

    @BeforeAll
    static void open() throws Exception {
        KnownCapture k = new KnownCapture().sources("sched,proc,net");
        // conn 1: the client's connect to 10.0.0.2:5432, closed at 60 ms; conn 2 the server's side of it
        k.row(EventKind.TCP_STATE, 10 * MS, tcp(CLIENT, CLIENT, "client", 1, "10.0.0.1", 0, "10.0.0.2", 5432, "CLOSE", "SYN_SENT"));
        k.row(EventKind.TCP_STATE, 10 * MS + 500 * US, tcp(null, null, null, 2, "10.0.0.2", 5432, "10.0.0.1", 40000, "LISTEN", "SYN_RECV"));
        k.row(EventKind.TCP_STATE, 11 * MS, tcp(CLIENT, CLIENT, "client", 1, "10.0.0.1", 40000, "10.0.0.2", 5432, "SYN_SENT", "ESTABLISHED"));
        k.row(EventKind.TCP_STATE, 11 * MS + 100 * US, tcp(null, null, null, 2, "10.0.0.2", 5432, "10.0.0.1", 40000, "SYN_RECV", "ESTABLISHED"));
        k.row(EventKind.TCP_ACCEPT, 12 * MS, tcp(SERVER, ACCEPTOR, "server", 2, "10.0.0.2", 5432, "10.0.0.1", 40000, null, "ESTABLISHED"));
        k.row(EventKind.TCP_RETRANSMIT, 20 * MS, tcp(CLIENT, CLIENT, "client", 1, "10.0.0.1", 40000, "10.0.0.2", 5432, null, "ESTABLISHED"));
        k.row(EventKind.TCP_DROP, 30 * MS, with(tcp(null, null, null, 2, "10.0.0.1", 40000, "10.0.0.2", 5432, null, "ESTABLISHED"),
                Column.REASON, "TCP_CSUM", Column.FUNC, "tcp_v4_rcv", Column.FLAGS, 0x18L));
        k.row(EventKind.TCP_STATE, 60 * MS, with(tcp(CLIENT, CLIENT, "client", 1, "10.0.0.1", 40000, "10.0.0.2", 5432, "LAST_ACK", "CLOSE"),
                Column.RX_BYTES, 5001L, Column.TX_BYTES, 1002L, Column.DUR_NS, 50 * MS));
        k.row(EventKind.TCP_STATE, 61 * MS, with(tcp(SERVER, ACCEPTOR, "server", 2, "10.0.0.2", 5432, "10.0.0.1", 40000, "FIN_WAIT2", "CLOSE"),
                Column.RX_BYTES, 1001L, Column.TX_BYTES, 5001L, Column.DUR_NS, 50 * MS + 500 * US));
        // conn 3: a refused connect; the reset answering its SYN has no socket (no conn_id, no owner)
        k.row(EventKind.TCP_STATE, 69 * MS, tcp(CLIENT, CLIENT, "client", 3, "10.0.0.1", 0, "10.0.0.2", 1, "CLOSE", "SYN_SENT"));
        k.row(EventKind.TCP_SEND_RESET, 69 * MS + 500 * US, with(tcp(null, null, null, null, "10.0.0.2", 1, "10.0.0.1", 40002, null, null),
                Column.REASON, "NO_SOCKET", Column.FLAGS, 0x02L));
        k.row(EventKind.TCP_RECEIVE_RESET, 70 * MS, tcp(CLIENT, CLIENT, "client", 3, "10.0.0.1", 40002, "10.0.0.2", 1, null, "SYN_SENT"));
        k.row(EventKind.TCP_STATE, 70 * MS + 10 * US, with(tcp(CLIENT, CLIENT, "client", 3, "10.0.0.1", 40002, "10.0.0.2", 1, "SYN_SENT", "CLOSE"),
                Column.RX_BYTES, 0L, Column.TX_BYTES, 0L, Column.DUR_NS, 1 * MS + 10 * US));
        // conn 4: open from 100 ms to the end
        k.row(EventKind.TCP_STATE, 100 * MS, tcp(CLIENT, LONG, "client-pool", 4, "10.0.0.1", 0, "10.0.0.3", 6379, "CLOSE", "SYN_SENT"));
        k.row(EventKind.TCP_STATE, 101 * MS, tcp(CLIENT, LONG, "client-pool", 4, "10.0.0.1", 40004, "10.0.0.3", 6379, "SYN_SENT", "ESTABLISHED"));
        // conns 1000..1999: 100 µs each, one a millisecond from 200 ms
        for (int i = 0; i < CHURNED; i++) {
            long at = 200 * MS + i * MS;
            k.row(EventKind.TCP_STATE, at, tcp(CLIENT, CHURN, "churn", 1000 + i, "10.0.0.1", 0, "10.0.0.4", 80, "CLOSE", "SYN_SENT"));
            k.row(EventKind.TCP_STATE, at + 100 * US, with(tcp(CLIENT, CHURN, "churn", 1000 + i, "10.0.0.1", 30000 + i, "10.0.0.4", 80, "LAST_ACK", "CLOSE"),
                    Column.RX_BYTES, 10L, Column.TX_BYTES, 20L, Column.DUR_NS, 100 * US));
            if (i % 10 == 0) k.row(EventKind.TCP_RETRANSMIT, at + 50 * US, tcp(CLIENT, CHURN, "churn", 1000 + i, "10.0.0.1", 30000 + i, "10.0.0.4", 80, null, "ESTABLISHED"));
        }
        // the OOM killer's victim, named only by its exit (a kernel before 6.8)
        k.row(EventKind.OOM_KILL, 1500 * MS, Column.CPU, 1, Column.PID, VICTIM, Column.TID, VICTIM, Column.COMM, "", Column.BYTES, 40L << 20,
                Column.OOM_SCORE_ADJ, 500);
        k.row(EventKind.PROC_EXIT, 1502 * MS, Column.PID, VICTIM, Column.TID, VICTIM, Column.COMM, "hog", Column.EXIT_CODE, 9);
        db = CaptureDb.open(k.write(dir.resolve("net.parquet"), END));
        new Reports(db);
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    private static Object[] tcp(Integer pid, Integer tid, String comm, Integer conn, String saddr, int sport, String daddr, int dport, String oldState,
            String state) {
        List<Object> v = new ArrayList<>(List.of(Column.CPU, 0, Column.SADDR, saddr, Column.SPORT, sport, Column.DADDR, daddr, Column.DPORT, dport));
        if (pid != null) v.addAll(List.of(Column.PID, pid, Column.TID, tid, Column.COMM, comm));
        if (conn != null) v.addAll(List.of(Column.CONN_ID, (long) conn));
        if (oldState != null) v.addAll(List.of(Column.OLD_TCP_STATE, oldState));
        if (state != null) v.addAll(List.of(Column.TCP_STATE, state));
        return v.toArray();
    }

    private static Object[] with(Object[] values, Object... more) {
        List<Object> v = new ArrayList<>(List.of(values));
        v.addAll(List.of(more));
        return v.toArray();
    }

    static Table net(CaptureDb db, long from, long to, long bucket, List<Integer> tids) throws Exception {
        Map<String, Object> p = Filter.ALL.params();
        p.put("from_ns", from);
        p.put("to_ns", to);
        p.put("bucket_ns", bucket);
        p.put("tids", tids);
        p.put("start_ns", START);
        p.put("end_ns", START + END);
        return Query.named("timeline_thread_net").table(db.connection(), p);
    }

    /** Each row as "tid cat start+dur events" (times in µs from the start), the details asked for after it. */
    private static List<String> rows(Table t, String... details) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.rows().size(); i++) {
            StringBuilder sb = new StringBuilder().append(t.get(i, "tid")).append(' ').append(t.get(i, "cat")).append(' ')
                    .append(((Long) t.get(i, "start_ns") - START) / US).append('+').append((Long) t.get(i, "dur_ns") / US).append(" x").append(t.get(i, "events"));
            for (String d : details) sb.append(' ').append(t.get(i, d));
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void eachConnectionIsASliceToItsCloseOnItsOwnersLaneAndEachEventAPoint() throws Exception {
        Table t = net(db, START, START + END, 1, List.of(CLIENT, LONG, ACCEPTOR));
        assertEquals(List.of(
                "100 connection 10000+50000 x1 10.0.0.1 40000 10.0.0.2 5432 CLOSE 5001 1002 50000000 false 1",
                "100 retransmit 20000+0 x1 10.0.0.1 40000 10.0.0.2 5432 ESTABLISHED null null null null 1",
                "100 connection 69000+1010 x1 10.0.0.1 40002 10.0.0.2 1 CLOSE 0 0 1010000 false 3",
                "100 reset_received 70000+0 x1 10.0.0.1 40002 10.0.0.2 1 SYN_SENT null null null null 3",
                // open at the end: to the recording's end
                "101 connection 100000+1900000 x1 10.0.0.1 40004 10.0.0.3 6379 ESTABLISHED null null null false 4",
                // the handshake's rows name no owner: the slice starts at the first of them, on the acceptor's lane
                "201 connection 10500+50500 x1 10.0.0.2 5432 10.0.0.1 40000 CLOSE 1001 5001 50500000 false 2",
                "201 drop 30000+0 x1 10.0.0.1 40000 10.0.0.2 5432 ESTABLISHED null null null null 2"),
                rows(t, "saddr", "sport", "daddr", "dport", "tcp_state", "rx_bytes", "tx_bytes", "lifetime_ns", "listen", "conn_id"));
        int drop = 6;
        assertEquals(List.of("TCP_CSUM", "tcp_v4_rcv", "PSH|ACK", SERVER), List.of(t.get(drop, "reason"), t.get(drop, "func"), t.get(drop, "tcp_flags"), t.get(drop, "pid")));
        assertTrue(rows(net(db, START, START + END, 1, List.of())).stream().noneMatch(r -> r.contains("reset_sent")),
                "a reset no socket owns has no lane");
    }

    @Test
    void aConnectionIsCutToTheWindowAndOnlyTheThreadsAskedForCome() throws Exception {
        Table t = net(db, START + 40 * MS, START + 65 * MS, 1, List.of(CLIENT));
        assertEquals(List.of("100 connection 40000+20000 x1"), rows(t));
        assertEquals(List.of(), rows(net(db, START + 40 * MS, START + 65 * MS, 1, List.of(999))));
        // before it started and after it closed: none
        assertEquals(List.of(), rows(net(db, START + 62 * MS, START + 68 * MS, 1, List.of(CLIENT, ACCEPTOR))));
    }

    @Test
    void manyConnectionsComeAsAtMostTwoRowsPerBucketAndAreAllCounted() throws Exception {
        long bucket = 10 * MS;
        Table t = net(db, START, START + END, bucket, List.of(CHURN));
        Map<String, Long> rowsPerBucket = new HashMap<>(), events = new HashMap<>();
        for (int i = 0; i < t.rows().size(); i++) {
            String cat = (String) t.get(i, "cat");
            long b = ((Long) t.get(i, "start_ns") - START) / bucket;
            rowsPerBucket.merge(cat + "/" + b, 1L, Long::sum);
            events.merge(cat, (Long) t.get(i, "events"), Long::sum);
            if (cat.equals("connection")) {
                assertTrue((Long) t.get(i, "events") > 1, "100 µs connections in 10 ms buckets are summed: " + t.rows().get(i));
                assertNull(t.get(i, "conn_id"));
                assertEquals(10L * 20, ((Number) t.get(i, "tx_bytes")).longValue(), "the bytes of the ten summed");
            }
        }
        assertEquals(Map.of("connection", (long) CHURNED, "retransmit", CHURNED / 10L), events, "every connection and retransmit once");
        assertEquals(100, rowsPerBucket.keySet().stream().filter(k -> k.startsWith("connection/")).count(), "a row per bucket of 10 connections");
        for (Map.Entry<String, Long> e : rowsPerBucket.entrySet()) assertEquals(1L, e.getValue(), e.getKey());
        // at 1 ns the same connections are a thousand rows
        assertEquals(CHURNED, net(db, START, START + END, 1, List.of(CHURN)).rows().stream().filter(r -> r.get(0).equals("connection")).count());
    }

    /** With only net and proc events, the owners and the victim still get their lanes (the victim named by its exit). */
    @Test
    void socketOwnersAndOomVictimsHaveLanes() throws Exception {
        Table t = Query.named("timeline_threads").table(db.connection(), Filter.ALL.params());
        Map<Object, Object> lanes = new HashMap<>();
        for (int i = 0; i < t.rows().size(); i++) lanes.put(t.get(i, "tid"), t.get(i, "comm"));
        assertEquals(Map.of(CLIENT, "client", LONG, "client-pool", CHURN, "churn", ACCEPTOR, "server", VICTIM, "hog"), lanes);
    }

    @Test
    void theOomKillsNameTheirVictimAndItsMemory() throws Exception {
        Table t = Query.named("timeline_oom_kills").table(db.connection(), Map.of());
        assertEquals(1, t.rows().size());
        assertEquals(List.of(START + 1500 * MS, VICTIM, VICTIM, "hog", 40L << 20, 500),
                List.of(t.get(0, "ts"), t.get(0, "pid"), t.get(0, "tid"), t.get(0, "comm"), t.get(0, "rss_bytes"), t.get(0, "oom_score_adj")));
    }

    @Test
    void theNetworkSummaryCountsConnectionsAndTroubles() throws Exception {
        Map<String, Object> p = Filter.ALL.params();
        p.put("from_ns", START);
        p.put("to_ns", START + END);
        Table t = Query.named("net_summary").table(db.connection(), p);
        assertEquals(List.of(4L + CHURNED, 3L + CHURNED, 1L, 1L + CHURNED / 10, 1L, 1L, 1L), t.rows().get(0));
        p.put("pids", List.of(SERVER));
        assertEquals(List.of(1L, 0L, 1L, 0L, 0L, 0L, 1L), Query.named("net_summary").table(db.connection(), p).rows().get(0),
                "the server's socket, accept and the drop its handshake's owner is found for");
    }

    /** Format 1.0's samples have no net or OOM columns: the views give them as nulls, and the queries no rows. */
    @Test
    void aCaptureWithoutNetEventsHasNone() throws Exception {
        try (CaptureDb sample = CaptureDb.open(SampleCapturesTest.DIR.resolve("cpu-contention.parquet"))) {
            Map<String, Object> p = Filter.ALL.params();
            p.putAll(Map.of("from_ns", 0L, "to_ns", Long.MAX_VALUE / 4, "bucket_ns", 1L, "tids", List.of(), "start_ns", 0L, "end_ns", Long.MAX_VALUE / 4));
            assertEquals(List.of(), Query.named("timeline_thread_net").table(sample.connection(), p).rows());
            assertEquals(List.of(), Query.named("timeline_oom_kills").table(sample.connection(), Map.of()).rows());
            assertEquals(List.of(List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L)), Query.named("net_summary").table(sample.connection(), p).rows());
        }
    }
}
