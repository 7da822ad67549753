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

    static long threadCpuNs() {
        return THREAD_CPU.getCurrentThreadCpuTime();
    }
}
