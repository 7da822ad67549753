package dev.jrec.recorder;

import dev.jrec.bpf.libbpf.Probe;
import dev.jrec.formats.CategorizedFailure;
import dev.jrec.formats.schema.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks, before anything is loaded, that this host can record what was asked, so each missing piece
 * gets one line that says what to do instead of a libbpf error.
 */
public final class Preflight {
    /** Something the host lacks; the message is one line and says what to do. */
    public static final class UnsupportedHostException extends Exception implements CategorizedFailure {
        UnsupportedHostException(String message) {
            super(message);
        }

        @Override
        public Category category() {
            return Category.HOST_UNSUPPORTED;
        }
    }

    /** Tracepoints each source needs: {category, name, required}. */
    static List<String[]> tracepoints(Source s) {
        return switch (s) {
            case SCHED -> List.of(new String[] {"sched", "sched_switch", "y"}, new String[] {"sched", "sched_wakeup", "y"},
                    new String[] {"sched", "sched_wakeup_new", "n"}, new String[] {"sched", "sched_migrate_task", "n"});
            case PROC -> List.of(new String[] {"sched", "sched_process_exec", "y"}, new String[] {"sched", "sched_process_fork", "y"},
                    new String[] {"sched", "sched_process_exit", "y"}, new String[] {"oom", "mark_victim", "n"},
                    new String[] {"signal", "signal_generate", "n"}, new String[] {"sched", "sched_process_hang", "n"});
            case BLOCK -> List.of(new String[] {"block", "block_rq_issue", "y"}, new String[] {"block", "block_rq_complete", "y"},
                    new String[] {"block", "block_io_start", "n"}, new String[] {"block", "block_io_done", "n"},
                    new String[] {"block", "block_rq_insert", "n"});
            case SYSCALL -> List.of(new String[] {"raw_syscalls", "sys_enter", "y"}, new String[] {"raw_syscalls", "sys_exit", "y"});
            case OFFCPU -> List.of(new String[] {"sched", "sched_switch", "y"}, new String[] {"sched", "sched_waking", "n"},
                    new String[] {"sched", "sched_process_exit", "n"});
            case NET -> List.of(new String[] {"sock", "inet_sock_set_state", "y"}, new String[] {"syscalls", "sys_exit_accept4", "n"},
                    new String[] {"syscalls", "sys_exit_accept", "n"}, new String[] {"tcp", "tcp_retransmit_skb", "n"},
                    new String[] {"tcp", "tcp_send_reset", "n"}, new String[] {"tcp", "tcp_receive_reset", "n"},
                    new String[] {"skb", "kfree_skb", "n"}, new String[] {"sock", "sock_send_length", "n"},
                    new String[] {"sock", "sock_recv_length", "n"});
            case IRQ -> List.of(new String[] {"irq", "irq_handler_entry", "y"}, new String[] {"irq", "irq_handler_exit", "y"},
                    new String[] {"irq", "softirq_entry", "y"}, new String[] {"irq", "softirq_exit", "y"});
            // page faults come from perf software events, which every kernel with BPF has
            case MEM -> List.of(new String[] {"vmscan", "mm_vmscan_direct_reclaim_begin", "n"},
                    new String[] {"vmscan", "mm_vmscan_direct_reclaim_end", "n"}, new String[] {"vmscan", "mm_vmscan_memcg_reclaim_begin", "n"},
                    new String[] {"vmscan", "mm_vmscan_memcg_reclaim_end", "n"}, new String[] {"kmem", "rss_stat", "n"});
            case LOCK -> List.of(new String[] {"lock", "contention_begin", "n"}, new String[] {"lock", "contention_end", "n"},
                    new String[] {"syscalls", "sys_enter_futex", "n"}, new String[] {"syscalls", "sys_exit_futex", "n"});
            default -> List.of();
        };
    }

    /** Returns warnings (optional tracepoints missing); throws for what makes recording impossible. */
    static List<String> check(Set<Source> sources) throws UnsupportedHostException {
        if (!privileged()) {
            throw new UnsupportedHostException("recording needs root, or CAP_BPF and CAP_PERFMON (kernel >= 5.8): run it with sudo");
        }
        if (!Files.isReadable(Path.of("/sys/kernel/btf/vmlinux"))) {
            throw new UnsupportedHostException("this kernel has no BTF (/sys/kernel/btf/vmlinux is missing): jrec needs a kernel built with CONFIG_DEBUG_INFO_BTF=y (most distributions since 2020)");
        }
        String libbpf = dev.jrec.bpf.libbpf.LibbpfLibrary.check();
        if (libbpf != null) throw new UnsupportedHostException(libbpf);
        String lockdown = read("/sys/kernel/security/lockdown");
        if (lockdown != null && lockdown.contains("[confidentiality]")) {
            throw new UnsupportedHostException("the kernel is locked down (confidentiality mode), which forbids reading kernel memory from BPF: boot with lockdown=integrity or none to record");
        }
        if (Probe.tracefsEvents().isEmpty()) {
            throw new UnsupportedHostException(tracefsProblem());
        }
        List<String> warnings = new ArrayList<>();
        for (Source s : sources) {
            for (String[] tp : tracepoints(s)) {
                if (Probe.tracepointExists(tp[0], tp[1])) continue;
                if (tp[2].equals("y")) {
                    throw new UnsupportedHostException("tracepoint " + tp[0] + ":" + tp[1] + " is missing on this kernel, so --events " + s.id()
                            + " cannot be recorded: leave " + s.id() + " out of --events");
                }
                warnings.add("tracepoint " + tp[0] + ":" + tp[1] + " is missing on this kernel; recording " + s.id() + " without it");
            }
        }
        return warnings;
    }

    /**
     * Why tracefs's events are not there: often it is mounted but closed to this user (mode 0700, owned by
     * root), which a recorder with CAP_BPF and CAP_PERFMON but not root meets.
     */
    static String tracefsProblem() {
        String mounts = read("/proc/self/mounts");
        for (String dir : new String[] {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"}) {
            boolean mounted = mounts != null && mounts.lines().anyMatch(l -> l.contains(" " + dir + " tracefs "));
            if (mounted && !Files.isReadable(Path.of(dir))) {
                String mode = "";
                try {
                    mode = " (mode " + java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(dir)))
                            + ", owner " + Files.getOwner(Path.of(dir)).getName() + ")";
                } catch (IOException | UnsupportedOperationException e) {
                    // the mode only helps the message
                }
                return "tracefs is mounted at " + dir + " but this user cannot read it" + mode
                        + ": run jrec as root, or open it to this user (as root: mount -o remount,mode=755 " + dir + ")";
            }
        }
        return "tracefs is not mounted and could not be mounted: run 'mount -t tracefs nodev /sys/kernel/tracing' as root";
    }

    /** Root, or the capabilities that loading tracing programs needs (CapEff bits 38, 39; or 21 CAP_SYS_ADMIN). */
    static boolean privileged() {
        String status = read("/proc/self/status");
        if (status == null) return false;
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                long caps = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                boolean sysAdmin = (caps & (1L << 21)) != 0;
                boolean bpfAndPerfmon = (caps & (1L << 38)) != 0 && (caps & (1L << 39)) != 0;
                return sysAdmin || bpfAndPerfmon;
            }
        }
        return false;
    }

    private static String read(String p) {
        try {
            return Files.readString(Path.of(p));
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
