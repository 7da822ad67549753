package dev.jrec.gui.timeline;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A 2 s capture with known TCP events and an OOM kill, times in ms from its start: the client thread 100 connects
 * to 10.0.0.2:5432 at 200 (a retransmit at 500, closed at 1200 with 5,001 bytes received and 1,002 sent) and is
 * refused by 10.0.0.2:1 at 1400; the server thread 201 (process 200) accepted that connection, had a packet
 * dropped at 700 (recorded without its owner) and sent a reset at 900; hog (300) is the OOM killer's victim at 1600
 * with 40 MiB resident and oom_score_adj 500. The client sends the server thread SIGTERM at 1000, khungtaskd
 * reports that thread hung at 1100, and the client stalls 5 ms reclaiming 1 MiB for its cgroup at 300 (a SIGCHLD
 * to the client at 1000 is left unmarked). From 400, CPU 0 runs a 400 us disk interrupt and a 100 us BLOCK softirq
 * every millisecond, ten times. The client waits 8 ms on a futex from 1500 until its thread 102 (client-pool, seen
 * only in that wake) wakes it, and 50 us for its mmap_lock at 1520. Each runs now and then, so its lane has states.
 */
public final class NetCapture {
    static final long START = 1_000_000_000L, MS = 1_000_000L, END = 2000 * MS;
    static final int CLIENT = 100, WAKER = 102, SERVER = 200, ACCEPTOR = 201, VICTIM = 300;
    static final long CONNECT = 200 * MS, RETRANSMIT = 500 * MS, DROP = 700 * MS, RESET_SENT = 900 * MS, CLOSE = 1200 * MS,
            REFUSED = 1400 * MS, OOM = 1600 * MS, SIGNAL = 1000 * MS, HUNG = 1100 * MS, RECLAIM = 300 * MS, IRQS = 400 * MS,
            FUTEX = 1500 * MS, LOCK = 1520 * MS;

    private final EventBatch b = new EventBatch(256);

    public static Path write(Path file) throws Exception {
        NetCapture c = new NetCapture();
        int[][] runs = {{CLIENT, CLIENT}, {SERVER, ACCEPTOR}, {VICTIM, VICTIM}};
        String[] comms = {"client", "server", "hog"};
        for (long t = 50 * MS; t < END; t += 100 * MS) {
            for (int i = 0; i < runs.length; i++) c.sw(t + i * 20 * MS, runs[i][0], runs[i][1], comms[i], 10 * MS);
        }
        c.tcp(EventKind.TCP_STATE, CONNECT, CLIENT, CLIENT, "client", 1, "10.0.0.1", 0, "10.0.0.2", 5432, "CLOSE", "SYN_SENT");
        c.tcp(EventKind.TCP_STATE, CONNECT + MS, null, null, null, 2, "10.0.0.2", 5432, "10.0.0.1", 40000, "LISTEN", "SYN_RECV");
        c.tcp(EventKind.TCP_STATE, CONNECT + 2 * MS, CLIENT, CLIENT, "client", 1, "10.0.0.1", 40000, "10.0.0.2", 5432, "SYN_SENT", "ESTABLISHED");
        c.tcp(EventKind.TCP_ACCEPT, CONNECT + 3 * MS, SERVER, ACCEPTOR, "server", 2, "10.0.0.2", 5432, "10.0.0.1", 40000, null, "ESTABLISHED");
        c.tcp(EventKind.TCP_RETRANSMIT, RETRANSMIT, CLIENT, CLIENT, "client", 1, "10.0.0.1", 40000, "10.0.0.2", 5432, null, "ESTABLISHED");
        int r = c.tcp(EventKind.TCP_DROP, DROP, null, null, null, 2, "10.0.0.1", 40000, "10.0.0.2", 5432, null, "ESTABLISHED");
        c.b.setString(Column.REASON, r, "TCP_CSUM");
        c.b.setString(Column.FUNC, r, "tcp_v4_rcv");
        c.b.setLong(Column.FLAGS, r, 0x18);
        r = c.tcp(EventKind.TCP_SEND_RESET, RESET_SENT, SERVER, ACCEPTOR, "server", 2, "10.0.0.2", 5432, "10.0.0.1", 40000, null, "ESTABLISHED");
        c.b.setString(Column.REASON, r, "TCP_ABORT_ON_CLOSE");
        r = c.tcp(EventKind.TCP_STATE, CLOSE, CLIENT, CLIENT, "client", 1, "10.0.0.1", 40000, "10.0.0.2", 5432, "LAST_ACK", "CLOSE");
        c.b.setLong(Column.RX_BYTES, r, 5001);
        c.b.setLong(Column.TX_BYTES, r, 1002);
        c.b.setLong(Column.DUR_NS, r, CLOSE - CONNECT);
        c.tcp(EventKind.TCP_STATE, CLOSE + MS, SERVER, ACCEPTOR, "server", 2, "10.0.0.2", 5432, "10.0.0.1", 40000, "ESTABLISHED", "CLOSE");
        c.tcp(EventKind.TCP_STATE, REFUSED - 2 * MS, CLIENT, CLIENT, "client", 3, "10.0.0.1", 0, "10.0.0.2", 1, "CLOSE", "SYN_SENT");
        c.tcp(EventKind.TCP_RECEIVE_RESET, REFUSED, CLIENT, CLIENT, "client", 3, "10.0.0.1", 40002, "10.0.0.2", 1, null, "SYN_SENT");
        c.tcp(EventKind.TCP_STATE, REFUSED + MS, CLIENT, CLIENT, "client", 3, "10.0.0.1", 40002, "10.0.0.2", 1, "SYN_SENT", "CLOSE");
        for (int[] sig : new int[][] {{15, ACCEPTOR}, {17, CLIENT}}) {
            r = c.b.add(EventKind.SIGNAL, START + SIGNAL);
            c.set(r, 1, sig[0] == 15 ? CLIENT : SERVER, sig[0] == 15 ? CLIENT : ACCEPTOR, sig[0] == 15 ? "client" : "server");
            c.b.setInt(Column.SIGNAL, r, sig[0]);
            c.b.setInt(Column.TARGET_PID, r, sig[1] == ACCEPTOR ? SERVER : CLIENT);
            c.b.setInt(Column.TARGET_TID, r, sig[1]);
            c.b.setString(Column.TARGET_COMM, r, sig[1] == ACCEPTOR ? "server" : "client");
            c.b.setString(Column.REASON, r, "delivered");
        }
        r = c.b.add(EventKind.HUNG_TASK, START + HUNG);
        c.set(r, 0, SERVER, ACCEPTOR, "server");
        c.b.setLong(Column.PREV_STATE, r, 2);
        r = c.b.add(EventKind.MEMCG_RECLAIM, START + RECLAIM + 5 * MS);
        c.set(r, 0, CLIENT, CLIENT, "client");
        c.b.setLong(Column.DUR_NS, r, 5 * MS);
        c.b.setLong(Column.BYTES, r, 1L << 20);
        c.b.setInt(Column.ALLOC_ORDER, r, 0);
        for (int i = 0; i < 10; i++) {
            long at = IRQS + i * 1_000_000L;
            r = c.b.add(EventKind.HARDIRQ, START + at + 400_000L);
            c.set(r, 0, 0, 0, "swapper/0");
            c.b.setInt(Column.IRQ, r, 36);
            c.b.setString(Column.IRQ_NAME, r, "virtio1-req.0");
            c.b.setLong(Column.DUR_NS, r, 400_000L);
            c.b.setLong(Column.RET, r, 1);
            r = c.b.add(EventKind.SOFTIRQ, START + at + 500_000L);
            c.set(r, 0, 0, 0, "swapper/0");
            c.b.setInt(Column.IRQ, r, 4);
            c.b.setString(Column.IRQ_NAME, r, "BLOCK");
            c.b.setLong(Column.DUR_NS, r, 100_000L);
        }
        r = c.b.add(EventKind.FUTEX_WAKE, START + FUTEX + 8 * MS);
        c.set(r, 1, CLIENT, WAKER, "client-pool");
        c.b.setLong(Column.UADDR, r, 0x7f00aa00L);
        c.b.setString(Column.FUTEX_OP, r, "WAKE");
        c.b.setLong(Column.DUR_NS, r, 10_000L);
        c.b.setLong(Column.RET, r, 1);
        r = c.b.add(EventKind.FUTEX_WAIT, START + FUTEX + 8 * MS + 20_000L);
        c.set(r, 0, CLIENT, CLIENT, "client");
        c.b.setLong(Column.UADDR, r, 0x7f00aa00L);
        c.b.setString(Column.FUTEX_OP, r, "WAIT");
        c.b.setLong(Column.DUR_NS, r, 8 * MS + 20_000L);
        c.b.setLong(Column.RET, r, 0);
        r = c.b.add(EventKind.LOCK_CONTENTION, START + LOCK + 50_000L);
        c.set(r, 0, CLIENT, CLIENT, "client");
        c.b.setLong(Column.LOCK_ID, r, 1);
        c.b.setString(Column.LOCK_NAME, r, "mmap_lock");
        c.b.setString(Column.LOCK_TYPE, r, "rwsem:W");
        c.b.setLong(Column.DUR_NS, r, 50_000L);
        c.b.setLong(Column.RET, r, 0);
        r = c.b.add(EventKind.OOM_KILL, START + OOM);
        c.b.setInt(Column.CPU, r, 1);
        c.b.setInt(Column.PID, r, VICTIM);
        c.b.setInt(Column.TID, r, VICTIM);
        c.b.setString(Column.COMM, r, "hog");
        c.b.setLong(Column.BYTES, r, 40L << 20);
        c.b.setInt(Column.OOM_SCORE_ADJ, r, 500);
        return c.write0(file);
    }

    private void sw(long at, int pid, int tid, String comm, long oncpu) {
        // switched in at `at`, out (sleeping) oncpu later
        int r = b.add(EventKind.SCHED_SWITCH, START + at);
        set(r, 0, 0, 0, "swapper/0");
        b.setLong(Column.PREV_STATE, r, 0);
        b.setInt(Column.NEXT_PID, r, pid);
        b.setInt(Column.NEXT_TID, r, tid);
        b.setString(Column.NEXT_COMM, r, comm);
        r = b.add(EventKind.SCHED_SWITCH, START + at + oncpu);
        set(r, 0, pid, tid, comm);
        b.setLong(Column.PREV_STATE, r, 1);
        b.setLong(Column.DUR_NS, r, oncpu);
        b.setInt(Column.NEXT_PID, r, 0);
        b.setInt(Column.NEXT_TID, r, 0);
        b.setString(Column.NEXT_COMM, r, "swapper/0");
    }

    private int tcp(EventKind kind, long at, Integer pid, Integer tid, String comm, long conn, String saddr, int sport, String daddr, int dport,
            String oldState, String state) {
        int r = b.add(kind, START + at);
        b.setInt(Column.CPU, r, 0);
        if (pid != null) set(r, 0, pid, tid, comm);
        b.setLong(Column.CONN_ID, r, conn);
        b.setString(Column.SADDR, r, saddr);
        b.setInt(Column.SPORT, r, sport);
        b.setString(Column.DADDR, r, daddr);
        b.setInt(Column.DPORT, r, dport);
        if (oldState != null) b.setString(Column.OLD_TCP_STATE, r, oldState);
        if (state != null) b.setString(Column.TCP_STATE, r, state);
        return r;
    }

    private void set(int r, int cpu, int pid, int tid, String comm) {
        b.setInt(Column.CPU, r, cpu);
        b.setInt(Column.PID, r, pid);
        b.setInt(Column.TID, r, tid);
        b.setString(Column.COMM, r, comm);
    }

    private Path write0(Path file) throws Exception {
        Map<String, String> md = new LinkedHashMap<>();
        md.put(MetadataKeys.JREC_VERSION, "test");
        md.put(MetadataKeys.HOST, "testhost");
        md.put(MetadataKeys.KERNEL_RELEASE, "6.18.0-test");
        md.put(MetadataKeys.CPU_COUNT, "2");
        md.put(MetadataKeys.START_TS, Long.toString(START));
        md.put(MetadataKeys.CLOCK_REALTIME_OFFSET, "1764000000000000000");
        md.put(MetadataKeys.SOURCES, "sched,proc,net,mem,irq,lock");
        md.put(MetadataKeys.COMMAND_LINE, "jrec record -d 2s --events sched,proc,net");
        try (CaptureWriter w = CaptureWriter.create(file, md, CaptureWriter.Options.defaults())) {
            w.write(b);
            w.close(Map.of(MetadataKeys.END_TS, Long.toString(START + END)));
        }
        return file;
    }
}
