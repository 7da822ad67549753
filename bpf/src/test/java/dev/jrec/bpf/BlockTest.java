package dev.jrec.bpf;

import dev.jrec.bpf.events.Drop;
import com.sun.nio.file.ExtendedOpenOption;
import dev.jrec.bpf.events.Event;
import dev.jrec.bpf.events.Event.Block;
import dev.jrec.bpf.events.EventFlags;
import dev.jrec.bpf.events.EventKind;
import dev.jrec.bpf.libbpf.BpfObject;
import dev.jrec.bpf.libbpf.Probe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockTest {
    static final int BYTES = 64 * 1024;

    /** A directory on a real block device: the build's target/ (tmpfs /tmp has no requests). */
    static Path scratchDir() throws IOException {
        Path dir = Path.of("target", "block-test").toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    /**
     * With and without a pid filter. With one, completions are kept only when their issue was; a request an
     * I/O scheduler queued (vda here has mq-deadline) often issues from a kblockd worker, which the filter
     * used to drop, with its completion: in 1 of 7 CI runs every completion went missing that way. The
     * submitter is now taken at block_rq_insert, and the writer's requests are picked out by it.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void directWriteIsIssuedAndCompletedWithItsSize(boolean pidFilter) throws IOException {
        Path file = Files.createTempFile(scratchDir(), "direct", ".bin");
        int[] tid = new int[1];
        List<Event> events;
        long[] drops;
        BpfObject o = BpfObject.open("block").knob("exclude_tgid", 0);
        if (pidFilter) o.targetPids(Sys.pid());
        try (BpfObject obj = o) {
            events = Capture.during(obj, () -> tid[0] = writeDirect(file));
            drops = obj.drops();
        } finally {
            Files.deleteIfExists(file);
        }
        List<Block> block = Capture.only(events, Block.class);
        List<Block> issues = block.stream().filter(b -> b.hdr().kind() == EventKind.BLOCK_RQ_ISSUE
                && b.issueTid() == tid[0] && b.rwbs().startsWith("W")).toList();
        System.out.println("block kinds: " + block.stream().collect(java.util.stream.Collectors.groupingBy(
                b -> EventKind.name(b.hdr().kind()) + (b.issueTid() == tid[0] ? "/writer" : "/other"), java.util.stream.Collectors.counting())));
        System.out.printf("block: %d records, %d write issues by the writer: %s, drops %s%n", events.size(),
                issues.size(), issues.stream().map(b -> b.rwbs() + " " + b.nrBytes() + "B@" + b.sector()).toList(),
                java.util.Arrays.toString(drops));

        // fsync also issues the filesystem's metadata writes (rwbs 'M') from this thread
        List<Block> data = issues.stream().filter(b -> !b.rwbs().contains("M")).toList();
        assertEquals(BYTES, data.stream().mapToLong(Block::nrBytes).sum(), "bytes of the writer's data write requests");
        for (Block issue : issues) {
            assertTrue(issue.major() > 0, "device " + issue.major() + ":" + issue.minor());
            // Matched by device and sector, not rwbs: a write that went through the flush machinery gets its
            // original flags back before completing (blk_flush_restore_request), so "WS" can complete as "WFS".
            Optional<Block> done = block.stream().filter(b -> b.hdr().kind() == EventKind.BLOCK_RQ_COMPLETE
                    && b.dev() == issue.dev() && b.sector() == issue.sector()).findFirst();
            assertTrue(done.isPresent(), "no completion for " + issue);
            Block c = done.get();
            assertEquals(issue.nrBytes(), c.nrBytes());
            assertEquals(0, c.error());
            assertEquals(0, c.hdr().flags() & EventFlags.NO_START);
            assertEquals(tid[0], c.issueTid(), "issuer carried to the completion");
            assertEquals(c.hdr().ts() - issue.hdr().ts(), c.latencyNs(), "latency = complete ts - issue ts");
            assertTrue(c.latencyNs() > 0);
        }
        if (Probe.rawTracepointExists("block_io_done")) {
            for (Block d : data) {
                assertTrue(block.stream().anyMatch(b -> b.hdr().kind() == EventKind.BLOCK_IO_DONE && b.sector() == d.sector()
                        && b.issueTid() == tid[0] && b.latencyNs() > 0), "no io_done with a latency for " + d);
            }
        }
        assertArrayEquals(new long[Drop.SLOTS], drops, "drops");
    }

    /** Writes BYTES with O_DIRECT and fsyncs; returns the writing thread's tid. */
    static int writeDirect(Path file) {
        try (FileChannel ch = FileChannel.open(file, WRITE, CREATE, ExtendedOpenOption.DIRECT)) {
            int align = (int) Files.getFileStore(file).getBlockSize();
            ByteBuffer buf = ByteBuffer.allocateDirect(BYTES + align).alignedSlice(align);
            while (buf.hasRemaining()) {
                buf.put((byte) 'j');
            }
            buf.flip();
            while (buf.hasRemaining()) {
                ch.write(buf, BYTES - buf.remaining());
            }
            ch.force(true);
            return Sys.gettid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
