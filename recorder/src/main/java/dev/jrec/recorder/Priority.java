package dev.jrec.recorder;

/** The calling thread's nice value and CPU time: what the recorder's threads weigh against the workload's. */
final class Priority {
    private static final java.lang.management.ThreadMXBean THREAD_CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private Priority() {}

    /** Sets this thread's nice value; 0 when it was set, else the errno (EPERM without CAP_SYS_NICE to raise it). */
    static int set(int nice) {
        return dev.jrec.bpf.libbpf.Native.setThreadNice(nice);
    }

    /**
     * Gives the JVM's "VM Thread" the nice value {@code nice} too: it runs the garbage collections and the
     * safepoints every Java thread, the drain included, waits for; at nice 0 in a storm of thousands of
     * runnable threads a 10 ms collection kept the drain stopped for hundreds of milliseconds. Best effort:
     * false when the thread is not found or the change is refused.
     */
    static boolean setVmThread(int nice) {
        try (java.util.stream.Stream<java.nio.file.Path> tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path t : (Iterable<java.nio.file.Path>) tasks::iterator) {
                String comm;
                try {
                    comm = java.nio.file.Files.readString(t.resolve("comm")).strip();
                } catch (java.io.IOException e) {
                    continue; // the thread ended
                }
                if (comm.equals("VM Thread")) return dev.jrec.bpf.libbpf.Native.setThreadNice(Integer.parseInt(t.getFileName().toString()), nice) == 0;
            }
        } catch (java.io.IOException e) {
            return false;
        }
        return false;
    }

    /**
     * A thread's nice value while recording and once the recording stopped; the thread applies both itself
     * ({@link #enter}, then {@link #check} as it works), since a nice value is per thread. Threads the drain
     * starts would otherwise keep its priority.
     */
    static final class Phases {
        private final int recording, stopped;
        private volatile boolean stop;
        private boolean pending;

        Phases(int recording, int stopped) {
            this.recording = recording;
            this.stopped = stopped;
        }

        void enter() {
            pending = set(recording) == 0 && recording != stopped;
        }

        /** The recording stopped: the thread takes its second priority at its next {@link #check}. */
        void stop() {
            stop = true;
        }

        void check() {
            if (pending && stop) {
                set(stopped);
                pending = false;
            }
        }
    }

    private static final java.nio.file.Path AUTOGROUP = java.nio.file.Path.of("/proc/self/autogroup");

    /**
     * Sets the nice value of this process's autogroup (the scheduler's group for its session, when
     * kernel.sched_autogroup_enabled is 1) and returns the one it had, or null where there is none to set.
     * A thread's nice only weighs against its own group: started from another session (ssh, a terminal,
     * script(1)) than the workload's, a drain at nice -20 still lost 67 % of the 5000-thread storm's events,
     * its group weighing what one thread of the workload's does; with the group at -20, 1.9 %. The group is
     * the whole session's (the user's shell too), so the caller gives it back its value when done.
     */
    static Integer setAutogroup(int nice) {
        try {
            if (!java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/sched_autogroup_enabled")).strip().equals("1")) return null;
            String now = java.nio.file.Files.readString(AUTOGROUP).strip(); // "/autogroup-37 nice 0"
            int before = Integer.parseInt(now.substring(now.lastIndexOf(' ') + 1));
            if (before == nice) return null;
            java.nio.file.Files.writeString(AUTOGROUP, Integer.toString(nice));
            return before;
        } catch (java.io.IOException | RuntimeException e) {
            return null; // no autogroups here, or not allowed: the thread's own nice is what there is
        }
    }

    static void restoreAutogroup(Integer before) {
        if (before == null) return;
        try {
            java.nio.file.Files.writeString(AUTOGROUP, Integer.toString(before));
        } catch (java.io.IOException e) {
            // the session keeps the recorder's value; nothing to lose
        }
    }

    static long threadCpuNs() {
        return THREAD_CPU.getCurrentThreadCpuTime();
    }
}
