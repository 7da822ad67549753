package dev.jrec.bpf.events;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Addresses of jrec_tcp records as inet_ntop(3) writes them, so that a capture's text matches what ss, tcpdump
 * and BCC print: dotted IPv4, and IPv6 in RFC 5952's form (lower case, the longest run of two or more zero groups
 * as "::", IPv4-mapped addresses as ::ffff:a.b.c.d).
 */
public final class InetText {
    private InetText() {}

    /** The address of this family (AF_INET: 4 bytes, else 16) at s[at...]. */
    public static String of(MemorySegment s, long at, int family) {
        byte[] b = new byte[family == EventDecoder.Tcp.INET ? 4 : 16];
        MemorySegment.copy(s, JAVA_BYTE, at, b, 0, b.length);
        return of(b);
    }

    public static String of(byte[] b) {
        if (b.length == 4) return v4(b, 0);
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) return "::ffff:" + v4(b, 12);
        int bestAt = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestAt = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestAt) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    private static String v4(byte[] b, int at) {
        return (b[at] & 0xff) + "." + (b[at + 1] & 0xff) + "." + (b[at + 2] & 0xff) + "." + (b[at + 3] & 0xff);
    }
}
