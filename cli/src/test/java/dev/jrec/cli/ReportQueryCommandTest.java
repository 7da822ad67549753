package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jrec query}: ad-hoc SQL over the views of the capture {@link ReportCommandTest} writes. */
class ReportQueryCommandTest {
    @TempDir static Path dir;
    static String capture;

    @BeforeAll
    static void capture() throws Exception {
        capture = ReportCommandTest.writeCapture(dir);
    }

    private static ReportCommandTest.Run query(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "query";
        all[1] = capture;
        System.arraycopy(args, 0, all, 2, args.length);
        return ReportCommandTest.jrec(all);
    }

    @Test
    void printsATableInEachFormat() {
        String sql = "SELECT name, count(*) AS calls, max(errno) AS errno FROM syscall GROUP BY name ORDER BY name";
        ReportCommandTest.Run text = query(sql);
        assertEquals(0, text.code(), text.err());
        assertEquals("""
                name    calls  errno
                openat      1      2
                read        2   NULL
                """, text.out());
        assertEquals("name,calls,errno\nopenat,1,2\nread,2,\n", query(sql, "--format", "csv").out());
        assertEquals("{\"view\":\"query\",\"columns\":[\"name\",\"calls\",\"errno\"],\"rows\":[\n"
                + "{\"name\":\"openat\",\"calls\":1,\"errno\":2},\n{\"name\":\"read\",\"calls\":2,\"errno\":null}]}\n",
                query(sql, "--format", "json").out());
    }

    @Test
    void listsAndTheProcessView() {
        assertEquals("argv\n[app, --serve]\n", query("SELECT argv FROM proc_exec;").out());
    }

    @Test
    void statementsWithoutRowsRunToo() throws Exception {
        Path csv = dir.resolve("syscalls.csv");
        ReportCommandTest.Run r = query("COPY (SELECT name FROM syscall ORDER BY name LIMIT 1) TO '" + csv + "' (HEADER)");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().startsWith("jrec: done ("), r.err());
        assertEquals(2, java.nio.file.Files.readAllLines(csv).size(), "a header and one row");
    }

    @Test
    void badSqlIsOneLineAndUsage() {
        ReportCommandTest.Run r = query("SELECT nope FROM sched_switch");
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("jrec: ") && r.err().contains("nope"), r.err());
    }
}
