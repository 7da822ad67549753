package dev.jrec.bpf.libbpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeTest {
    /** Field 19 of /proc/thread-self/stat (after the parenthesized comm, which may hold spaces). */
    private static int threadNice() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(f[19 - 3]);
    }

    @Test
    void setThreadNiceChangesOnlyTheCallingThread() throws Exception {
        int before = threadNice();
        int[] seen = new int[3];
        Exception[] failure = new Exception[1];
        Thread t = new Thread(() -> {
            try {
                seen[0] = Native.setThreadNice(-3);
                seen[1] = threadNice();
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        t.start();
        t.join();
        if (failure[0] != null) throw failure[0];
        assertEquals(0, seen[0], "errno"); // the tests run as root
        assertEquals(-3, seen[1]);
        assertEquals(before, threadNice(), "another thread's nice changed");
    }
}
