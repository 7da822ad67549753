package dev.jrec.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.concurrent.CompletableFuture;

/** Workloads whose kernel events the tests can predict. */
public final class Workloads {
    private Workloads() {}

    /** The native tids of the two ping-pong threads. */
    public record PingPong(int a, int b) {}

    /**
     * Two threads pass one byte back and forth over two OS pipes n times:
     * each blocks in read on every round, so each round switches both out
     * and wakes both up.
     */
    public static PingPong pingPong(int n) {
        try {
            Pipe ab = Pipe.open(), ba = Pipe.open();
            CompletableFuture<Integer> tidA = new CompletableFuture<>(), tidB = new CompletableFuture<>();
            Thread a = Thread.ofPlatform().name("ping").start(() -> {
                tidA.complete(Sys.gettid());
                ByteBuffer buf = ByteBuffer.allocate(1);
                for (int i = 0; i < n; i++) {
                    write(ab.sink(), buf);
                    read(ba.source(), buf);
                }
            });
            Thread b = Thread.ofPlatform().name("pong").start(() -> {
                tidB.complete(Sys.gettid());
                ByteBuffer buf = ByteBuffer.allocate(1);
                for (int i = 0; i < n; i++) {
                    read(ab.source(), buf);
                    write(ba.sink(), buf);
                }
            });
            a.join();
            b.join();
            for (var c : new java.nio.channels.Channel[] {ab.sink(), ab.source(), ba.sink(), ba.source()}) {
                c.close();
            }
            return new PingPong(tidA.join(), tidB.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(java.nio.channels.WritableByteChannel c, ByteBuffer buf) {
        try {
            buf.clear().put((byte) 1).flip();
            c.write(buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void read(java.nio.channels.ReadableByteChannel c, ByteBuffer buf) {
        try {
            buf.clear();
            if (c.read(buf) != 1) {
                throw new IllegalStateException("pipe closed early");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
