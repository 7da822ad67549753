package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrec record --events net} of a client sending 300,000 bytes to a server over loopback and reading 70,000
 * back, in two processes, then {@code jrec report nettop} and {@code tcptop}: each process's bytes, exactly, both ways.
 */
class NettopTest {
    @TempDir Path dir;

    static final String SERVER = """
            import os, socket
            srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
            print(srv.getsockname()[1], os.getpid(), flush=True)
            c, _ = srv.accept()
            got = 0
            while got < 300000:
                got += len(c.recv(65536))
            c.sendall(b"s" * 70000)
            c.close()
            """;
    static final String CLIENT = """
            import os, socket, sys, time
            c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            for _ in range(3):
                c.sendall(b"c" * 100000); time.sleep(0.6)
            got = 0
            while got < 70000:
                got += len(c.recv(65536))
            c.close()
            print(os.getpid(), c.getsockname()[1] if False else "", flush=True)
            """;

    @Test
    void eachProcessesBytesAreCountedBothWays() throws Exception {
        Path out = dir.resolve("net.parquet"), log = dir.resolve("record.log");
        Process rec = ChildRecorder.startAttached(log, "-d", "5s", "--events", "net", "-o", out.toString());
        Process server = new ProcessBuilder("python3", "-c", SERVER).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] s = new BufferedReader(new InputStreamReader(server.getInputStream())).readLine().trim().split(" ");
        Process client = new ProcessBuilder("python3", "-c", CLIENT, s[0]).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String clientPid = new String(client.getInputStream().readAllBytes()).trim().split(" ")[0];
        assertEquals(0, client.waitFor());
        assertEquals(0, server.waitFor());
        ChildRecorder.finish(rec, log);

        ReportCommandTest.Run sums = ReportCommandTest.jrec("query", out.toString(), "--format", "csv",
                "SELECT pid, sum(tx_bytes) AS tx, sum(rx_bytes) AS rx, count(*) AS rows FROM tcp_bytes WHERE pid IN (" + clientPid
                        + ", " + s[1] + ") GROUP BY pid ORDER BY pid = " + clientPid + " DESC");
        assertEquals(0, sums.code(), sums.err());
        String[] lines = sums.out().strip().split("\n");
        assertEquals(3, lines.length, sums.out());
        String[] c = lines[1].split(","), srv = lines[2].split(",");
        assertEquals(java.util.List.of(clientPid, "300000", "70000"), java.util.List.of(c[0], c[1], c[2]), "the client: " + sums.out());
        assertEquals(java.util.List.of(s[1], "70000", "300000"), java.util.List.of(srv[0], srv[1], srv[2]), "the server: " + sums.out());
        assertTrue(Integer.parseInt(c[3]) >= 2, "the client's 1.8 s of sending spans more than one 1 s row: " + sums.out());

        ReportCommandTest.Run top = ReportCommandTest.jrec("report", out.toString(), "nettop", "-i", "0", "-p", clientPid);
        assertEquals(0, top.code(), top.err());
        assertTrue(Pattern.compile("(?m)^ *0\\.000 +" + clientPid + " +python3 +1 +292 +68$").matcher(top.out()).find(),
                "300,000 bytes out (292 KiB), 70,000 in (68 KiB), one connection:\n" + top.out());
        // its rows end at least 0.6 s apart (one after a second of sending, one at its close): apart at -i 200ms
        ReportCommandTest.Run perInterval = ReportCommandTest.jrec("report", out.toString(), "nettop", "-i", "200ms", "-p", clientPid);
        assertTrue(perInterval.out().lines().filter(l -> l.contains(" " + clientPid + " ")).count() >= 2, "per 200 ms: " + perInterval.out());
        ReportCommandTest.Run tcptop = ReportCommandTest.jrec("report", out.toString(), "tcptop", "-p", s[1]);
        assertTrue(Pattern.compile("(?m)^ *" + s[1] + " +python3 +127\\.0\\.0\\.1:" + s[0] + " +127\\.0\\.0\\.1:\\d+ +292 +68$").matcher(tcptop.out()).find(),
                "the server's connection, received 292 KiB, sent 68:\n" + tcptop.out());
        assertEquals(ExitCodes.USAGE, ReportCommandTest.jrec("report", out.toString(), "nettop", "-i", "soon").code());
    }

    /** Sends a burst and holds the connection open, quiet, well past the recording's stop. */
    static final String QUIET_CLIENT = """
            import os, socket, sys, time
            c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            c.sendall(b"q" * 50000)
            print(os.getpid(), flush=True)
            time.sleep(20)
            """;
    static final String QUIET_SERVER = """
            import os, socket, time
            srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
            print(srv.getsockname()[1], os.getpid(), flush=True)
            c, _ = srv.accept()
            got = 0
            while got < 50000:
                got += len(c.recv(65536))
            time.sleep(20)
            """;

    /**
     * A connection that sent its bytes and went quiet shows them one interval later (the walk of the sockets, not
     * its next data, writes the row), and one still open at the stop shows them at the stop: with a 10 s interval
     * in a 3 s recording, only the stop's walk can write them.
     */
    @Test
    void aQuietConnectionsBytesComeAfterAnIntervalAndAnOpenOnesAtTheStop() throws Exception {
        for (String interval : new String[] {"400ms", "10s"}) {
            Path out = dir.resolve("quiet-" + interval + ".parquet"), log = dir.resolve("quiet-" + interval + ".log");
            Process rec = ChildRecorder.startAttached(log, "-d", "3s", "--events", "net", "--bytes-interval", interval, "-o", out.toString());
            Process server = new ProcessBuilder("python3", "-c", QUIET_SERVER).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Process client = null;
            try {
                String[] s = new BufferedReader(new InputStreamReader(server.getInputStream())).readLine().trim().split(" ");
                client = new ProcessBuilder("python3", "-c", QUIET_CLIENT, s[0]).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                String clientPid = new BufferedReader(new InputStreamReader(client.getInputStream())).readLine().trim();
                ChildRecorder.finish(rec, log);
                long end;
                try (var c = dev.jrec.formats.read.Capture.open(out)) {
                    end = c.metadata().endNs().getAsLong();
                }
                ReportCommandTest.Run rows = ReportCommandTest.jrec("query", out.toString(), "--format", "csv",
                        "SELECT pid, tx_bytes, rx_bytes, " + end + " - ts AS before_end FROM tcp_bytes WHERE pid IN (" + clientPid + ", " + s[1]
                                + ") ORDER BY pid = " + clientPid + " DESC");
                assertEquals(0, rows.code(), rows.err());
                String[] lines = rows.out().strip().split("\n");
                assertEquals(3, lines.length, "one row each, with all of the burst (" + interval + "):\n" + rows.out());
                String[] c = lines[1].split(","), srv = lines[2].split(",");
                assertEquals(java.util.List.of(clientPid, "50000", "0"), java.util.List.of(c[0], c[1], c[2]), rows.out());
                assertEquals(java.util.List.of(s[1], "0", "50000"), java.util.List.of(srv[0], srv[1], srv[2]), rows.out());
                for (String[] row : new String[][] {c, srv}) {
                    long beforeEnd = Long.parseLong(row[3]);
                    if (interval.equals("10s")) {
                        assertTrue(beforeEnd < 100_000_000L, "written by the stop's walk, at the end: " + rows.out());
                    } else {
                        assertTrue(beforeEnd > 1_000_000_000L, "written an interval after the burst, long before the end: " + rows.out());
                    }
                }
            } finally {
                server.destroyForcibly();
                if (client != null) client.destroyForcibly();
            }
        }
    }
}
