package dev.jrec.bpf.events;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InetTextTest {
    private static String text(String literal) throws UnknownHostException {
        byte[] b = InetAddress.getByName(literal).getAddress();
        if (b.length == 4 && literal.contains(":")) {
            // Java folds ::ffff:a.b.c.d to an Inet4Address; the kernel keeps it as 16 bytes
            byte[] m = new byte[16];
            m[10] = m[11] = (byte) 0xff;
            System.arraycopy(b, 0, m, 12, 4);
            b = m;
        }
        return InetText.of(b);
    }

    @Test
    void writesAddressesAsInetNtop() throws UnknownHostException {
        assertEquals("127.0.0.1", text("127.0.0.1"));
        assertEquals("255.0.10.1", text("255.0.10.1"));
        assertEquals("::1", text("::1"));
        assertEquals("::", text("::"));
        assertEquals("fe80::1:2", text("fe80:0:0:0:0:0:1:2"));
        assertEquals("2001:db8::1:0:0:1", text("2001:db8:0:0:1:0:0:1"), "the first of two equal runs");
        assertEquals("2001:db8:0:1:1:1:1:1", text("2001:db8:0:1:1:1:1:1"), "a single zero group stays 0");
        assertEquals("2001:db8::", text("2001:db8:0:0:0:0:0:0"));
        assertEquals("::ffff:10.1.2.3", text("::ffff:10.1.2.3"));
    }
}
