package dev.jrec.bench.bpf;

import dev.jrec.bpf.libbpf.BpfObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one walk of every TCP socket (net.bpf.c's iter/tcp tcp_bytes_due, which the recorder runs once per
 * --bytes-interval) costs with N loopback connections open, each having sent 10 bytes, against `ss -tan` listing
 * the same sockets (inet_diag over netlink): the tool an SRE would reach for to see them. Prints one line per N.
 *
 *   java ... dev.jrec.bench.bpf.TcpWalk 0 1000 8000
 */
public final class TcpWalk {
    public static void main(String[] args) throws Exception {
        for (String a : args) run(Integer.parseInt(a));
    }

    private static void run(int connections) throws Exception {
        List<Socket> open = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, connections + 16, InetAddress.getLoopbackAddress());
                BpfObject net = BpfObject.open("net").knob("exclude_tgid", 0)) {
            net.load(BpfObject.Flavor.AUTO);
            net.attach();
            for (int i = 0; i < connections; i++) {
                Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                open.add(c);
                open.add(server.accept());
                c.getOutputStream().write(new byte[10]);
            }
            int rounds = 30;
            for (int r = 0; r < 3; r++) net.runIter("tcp_bytes_due");
            long t0 = System.nanoTime();
            for (int r = 0; r < rounds; r++) net.runIter("tcp_bytes_due");
            double walkMs = (System.nanoTime() - t0) / 1e6 / rounds;
            for (int r = 0; r < 2; r++) ss();
            t0 = System.nanoTime();
            for (int r = 0; r < 10; r++) ss();
            double ssMs = (System.nanoTime() - t0) / 1e6 / 10;
            System.out.printf(Locale.ROOT, "%,7d sockets: walk %7.2f ms (%.2f us per socket)   ss -tan %7.2f ms   walk/ss %.2f%n",
                    2 * connections, walkMs, connections == 0 ? 0 : walkMs * 1e3 / (2 * connections), ssMs, walkMs / ssMs);
        } finally {
            for (Socket s : open) s.close();
        }
    }

    private static void ss() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ss", "-tan").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) throw new IOException("ss -tan failed");
    }
}
