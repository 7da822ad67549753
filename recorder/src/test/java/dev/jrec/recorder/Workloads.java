package dev.jrec.recorder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real processes with known behaviour, so tests can assert exactly what the kernel must have reported. */
final class Workloads {
    private Workloads() {}

    /** Debian's python3 when present: a pyenv shim would add execs of its own. */
    static final String PYTHON = java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    /**
     * A real OOM kill, for sh -c: python3 allocating 200 MiB in a memory cgroup of 32 MiB (v1's memory
     * controller, or v2's memory.max), which the kernel's OOM killer ends with SIGKILL (sh exits 137).
     */
    static final String OOM = "if [ -d /sys/fs/cgroup/memory ]; then d=/sys/fs/cgroup/memory/jrec-oom-$$; mkdir $d"
            + " && echo 33554432 > $d/memory.limit_in_bytes; else d=/sys/fs/cgroup/jrec-oom-$$; mkdir $d"
            + " && echo 33554432 > $d/memory.max && echo 0 > $d/memory.swap.max; fi || exit 99;"
            + " sh -c \"echo \\$\\$ > $d/cgroup.procs && exec python3 -c 'x = bytearray(200 << 20)'\"; rc=$?; rmdir $d; exit $rc";

    /** Runs a command to completion and returns its pid. */
    static long run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("workload did not finish: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) throw new AssertionError("workload failed (" + p.exitValue() + "): " + String.join(" ", cmd));
        return p.pid();
    }

    /** A shell that execs /bin/true n times. */
    static long execTrue(int n) throws Exception {
        return run("/bin/sh", "-c", "i=0; while [ $i -lt " + n + " ]; do /bin/true; i=$((i+1)); done");
    }

    /** Two processes passing a byte back and forth over pipes n times; returns the parent's pid. */
    static long pingPong(int n) throws Exception {
        String py = """
                import os
                n = %d
                a_r, a_w = os.pipe(); b_r, b_w = os.pipe()
                pid = os.fork()
                if pid == 0:
                    for _ in range(n):
                        os.read(a_r, 1); os.write(b_w, b'x')
                    os._exit(0)
                for _ in range(n):
                    os.write(a_w, b'x'); os.read(b_r, 1)
                os.waitpid(pid, 0)
                """.formatted(n);
        return run(PYTHON, "-c", py);
    }

    /** n failed openat calls of a path that does not exist. */
    static long openMissing(int n, String path) throws Exception {
        String py = """
                import os
                for _ in range(%d):
                    try:
                        os.open(%s, os.O_RDONLY)
                    except FileNotFoundError:
                        pass
                """.formatted(n, "'" + path + "'");
        return run(PYTHON, "-c", py);
    }

    static List<String> cmd(String... c) {
        return new ArrayList<>(List.of(c));
    }
}
