package dev.jrec.gui.overview;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.gui.Fx;
import dev.jrec.gui.WorkbenchWindow;
import dev.jrec.gui.Workbenches;
import dev.jrec.gui.timeline.NetCapture;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overview of a capture that recorded the net source: net among the sources, and its TCP activity counted. */
class NetworkSummaryTest {
    @TempDir Path dir;

    @Test
    void theNetSourceAndItsTcpActivityAreListed() throws Exception {
        WorkbenchWindow w = Workbenches.open(NetCapture.write(dir.resolve("net.parquet")));
        try {
            OverviewView.Data d = Fx.call(() -> w.overview().shown());
            assertTrue(d.summary().sources().rows().stream().anyMatch(r -> r.get(0).equals("net")), "net among " + d.summary().sources().rows());
            List<String> shown = labels(w, ".network-summary");
            assertEquals(List.of("sockets (connections and listeners)", "3", "connects", "2", "accepts", "1", "retransmits", "1", "resets sent", "1",
                    "resets received", "1", "packets dropped", "1"), shown);
            assertTrue(labels(w, ".section-heading").contains("Network (TCP, in the filter)"));

            // the filter applies: the server's process has the accepted connection, its reset and the drop on it
            Fx.run(() -> w.filter().addPid(200));
            Fx.settle(w);
            assertEquals(List.of("sockets (connections and listeners)", "1", "connects", "0", "accepts", "1", "retransmits", "0", "resets sent", "1",
                    "resets received", "0", "packets dropped", "1"), labels(w, ".network-summary"));
            // then the postmortem's network tables, in the filter: the server's one peer
            OverviewView.Data d2 = Fx.call(() -> w.overview().shown());
            var network = d2.sections().stream().filter(s -> s.id().equals("network")).findFirst().orElseThrow(() -> new AssertionError(d2.sections()));
            assertEquals(1, network.tables().getFirst().rows().size(), "tcppeers of pid 200: " + network.tables().getFirst().rows());
            assertTrue(labels(w, ".section-heading").contains("Network (in the filter)"), labels(w, ".section-heading").toString());
        } finally {
            Workbenches.close(w);
        }
    }

    @Test
    void aCaptureWithoutTheNetSourceHasNoNetworkSection() throws Exception {
        WorkbenchWindow w = Workbenches.open(Fx.sample("cpu-contention"));
        try {
            assertNull(Fx.call(() -> w.overview().shown()).network());
            assertEquals(List.of(), labels(w, ".network-summary"));
            assertFalse(labels(w, ".section-heading").contains("Network (TCP, in the filter)"));
            assertEquals(List.of(), Fx.call(() -> w.overview().shown()).sections(), "no section of a source it did not record");
        } finally {
            Workbenches.close(w);
        }
    }

    private static List<String> labels(WorkbenchWindow w, String selector) throws Exception {
        return Fx.call(() -> w.overview().node().lookupAll(selector).stream()
                .flatMap(n -> n instanceof Label l ? java.util.stream.Stream.of(l) : ((javafx.scene.Parent) n).getChildrenUnmodifiable().stream()
                        .filter(Label.class::isInstance).map(Label.class::cast))
                .map(Label::getText).toList());
    }
}
