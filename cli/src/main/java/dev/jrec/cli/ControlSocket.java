package dev.jrec.cli;

import dev.jrec.recorder.Recorder;
import dev.jrec.recorder.ring.RingOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * How jrec dump and jrec trigger reach a ring recorder: a Unix socket in its folder (0600: root's, as the
 * recorder is), one request per connection, one line each way, fields split by tabs (paths may hold spaces):
 * {@code dump LAST_NS PATH} or {@code trigger NAME}; the answer, once the dump is written, is
 * {@code ok PATH BYTES FIRST_TS LAST_TS} or {@code error MESSAGE}.
 */
final class ControlSocket implements AutoCloseable {
    private final Path path;
    private final ServerSocketChannel server;

    private ControlSocket(Path path, ServerSocketChannel server) {
        this.path = path;
        this.server = server;
    }

    /** Serves {@code recorder} at {@code path} (a stale socket a killed recorder left is replaced). */
    static ControlSocket serve(Path path, Recorder recorder) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        ControlSocket s = new ControlSocket(path, server);
        Thread.ofPlatform().name("jrec-control").daemon().start(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel c = server.accept();
                    Thread.ofVirtual().start(() -> answer(c, recorder));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
        return s;
    }

    private static void answer(SocketChannel c, Recorder recorder) {
        try (c; BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(Channels.newOutputStream(c), StandardCharsets.UTF_8)) {
            String line = in.readLine();
            String[] f = line == null ? new String[0] : line.split("\t", -1);
            CompletableFuture<RingOptions.Dump> d;
            if (f.length == 3 && f[0].equals("dump")) d = recorder.dump(Long.parseLong(f[1]), f[2].isEmpty() ? null : Path.of(f[2]));
            else if (f.length == 2 && f[0].equals("trigger")) d = recorder.trigger(f[1]);
            else d = CompletableFuture.failedFuture(new IllegalArgumentException("unknown request: " + line));
            String reply;
            try {
                RingOptions.Dump r = d.get();
                reply = String.join("\t", "ok", r.path().toString(), Long.toString(r.bytes()), Long.toString(r.firstTs()), Long.toString(r.lastTs()));
            } catch (ExecutionException e) {
                reply = "error\t" + String.valueOf(e.getCause().getMessage()).replace('\n', ' ').replace('\t', ' ');
            }
            out.write(reply + "\n");
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the client went away: the dump, if any, is written all the same
        }
    }

    /** A request's answer split into fields; throws ConnectException or NoSuchFileException when no recorder listens. */
    static String[] request(Path socket, String... fields) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            Writer out = new OutputStreamWriter(Channels.newOutputStream(c), StandardCharsets.UTF_8);
            out.write(String.join("\t", fields) + "\n");
            out.flush();
            String line = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8)).readLine();
            if (line == null) throw new IOException("the recorder closed the connection without an answer (it may have stopped)");
            return line.split("\t", -1);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
