package dev.jrec.recorder;

import dev.jrec.bpf.libbpf.Btf;
import dev.jrec.symbols.Kallsyms;

import java.util.HashMap;
import java.util.Map;

/**
 * What jrec_tcp records hold as numbers, named at record time so that a capture reads the same on any machine:
 * TCP states (fixed since the kernel's first TCP), drop and reset reasons (enums whose values change between
 * kernels: named from this kernel's BTF) and the kernel function that dropped a packet (from kallsyms).
 */
final class TcpNames {
    private static final String[] STATES = {null, "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
            "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"};

    private final Map<Long, String> dropReasons;
    private final Map<Long, String> resetReasons;
    private final Kallsyms kallsyms;
    private final Map<Long, String> functions = new HashMap<>();

    /** Reads this kernel's BTF and kallsyms: build it before recording, not on the drain thread's first drop. */
    TcpNames() {
        try (Btf btf = Btf.vmlinux()) {
            this.dropReasons = names(btf, "skb_drop_reason", "SKB_DROP_REASON_");
            this.resetReasons = names(btf, "sk_rst_reason", "SK_RST_REASON_");
        }
        Kallsyms k = null;
        try {
            k = Kallsyms.load();
        } catch (RuntimeException e) {
            // no kallsyms: drop locations stay unnamed
        }
        this.kallsyms = k;
    }

    /** An enum's names by value, without their prefix; empty on a kernel without the enum (reasons stay numbers). */
    private static Map<Long, String> names(Btf btf, String cEnum, String prefix) {
        Map<Long, String> m = new HashMap<>();
        try {
            btf.enumerators(cEnum).forEach((name, v) -> m.putIfAbsent(v, name.startsWith(prefix) ? name.substring(prefix.length()) : name));
        } catch (RuntimeException e) {
            return Map.of();
        }
        return m;
    }

    /** ESTABLISHED, SYN_SENT, ... as ss(8) and tcpstates name them; null for 0 (no socket). */
    static String state(int s) {
        return s > 0 && s < STATES.length ? STATES[s] : s == 0 ? null : "STATE_" + s;
    }

    /** NO_SOCKET, TCP_CSUM, ... (enum skb_drop_reason without its prefix). */
    String dropReason(int r) {
        String n = dropReasons.get((long) r);
        return n != null ? n : String.valueOf(r);
    }

    /** NOT_SPECIFIED, NO_SOCKET, ... (enum sk_rst_reason without its prefix); null where the kernel gives none. */
    String resetReason(int r) {
        String n = resetReasons.get((long) r);
        return n != null ? n : resetReasons.isEmpty() ? null : String.valueOf(r);
    }

    /** The function an address is in, e.g. tcp_v4_rcv; null when unknown. Drop sites are few: cached. */
    String function(long addr) {
        if (kallsyms == null || addr == 0) return null;
        return functions.computeIfAbsent(addr, a -> kallsyms.resolve(a, a).func());
    }
}
