import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * LockReportTest's workload, run as a single-file source program once a line arrives on stdin: a ping-pong of
 * ROUNDS park/unpark handoffs between threads "pinger" and "ponger" (a parked thread sleeps in futex(2) on its
 * condvar until the other unparks it), while STORM threads "storm-N" allocate, touch and free 256 KiB blocks
 * (malloc maps and unmaps them, with MALLOC_MMAP_THRESHOLD_=131072 in its environment: mmap and munmap wait
 * for each other on the process's mmap_lock).
 */
public class LockWorkload {
    static final int ROUNDS = 2000, STORM = 3;
    static volatile int turn;

    public static void main(String[] args) throws Exception {
        System.in.read();
        long deadline = System.nanoTime() + 1_500_000_000L;
        List<Thread> storm = new ArrayList<>();
        for (int i = 0; i < STORM; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    try (Arena a = Arena.ofConfined()) {
                        MemorySegment m = a.allocate(256 << 10);
                        for (long off = 0; off < m.byteSize(); off += 4096) m.set(JAVA_BYTE, off, (byte) 1);
                    }
                }
            }, "storm-" + i);
            storm.add(t);
            t.start();
        }
        Thread[] pair = new Thread[2];
        for (int side = 0; side < 2; side++) {
            int me = side;
            pair[side] = new Thread(() -> {
                for (int i = 0; i < ROUNDS; i++) {
                    while (turn % 2 != me) LockSupport.park();
                    turn++;
                    LockSupport.unpark(pair[1 - me]);
                }
            }, me == 0 ? "pinger" : "ponger");
        }
        pair[0].start();
        pair[1].start();
        pair[0].join();
        pair[1].join();
        for (Thread t : storm) t.join();
        System.out.println("done " + turn);
    }
}
