package dev.jrec.gui.overview;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.analysis.Filter;
import dev.jrec.gui.Fx;
import dev.jrec.gui.WorkbenchWindow;
import dev.jrec.gui.Workbenches;
import java.awt.geom.Rectangle2D;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overview of the cpu-contention sample: its facts, the CPU chart as a brush, and the HTML report of the filter. */
class OverviewViewTest {
    static WorkbenchWindow w;
    @TempDir Path dir;

    @BeforeAll
    static void open() throws Exception {
        w = Workbenches.open(Fx.sample("cpu-contention"));
    }

    @AfterAll
    static void close() throws Exception {
        Workbenches.close(w);
    }

    @Test
    void showsTheRecordingAndItsSources() throws Exception {
        OverviewView.Data d = Fx.call(() -> w.overview().shown());
        assertEquals("vm", d.summary().facts().get("host"));
        assertTrue(d.summary().sources().rows().stream().anyMatch(r -> r.get(0).equals("sched")));
        assertNotNull(d.cpus(), "the CPU chart's data");
        assertEquals(2, d.cpus().cpus().rows().stream().map(r -> r.get(1)).distinct().count(), "both CPUs");
        assertTrue(d.losses().rows().isEmpty(), "the sample lost nothing");
    }

    /** What shows before the database is open, from the footer alone, is what the summary's queries then show. */
    @Test
    void theFootersFirstViewAgreesWithTheSummary() throws Exception {
        OverviewView.Data d = Fx.call(() -> w.overview().shown());
        assertEquals(d.summary().sources().rows(), OverviewView.sources(w.capture().reports().metadata()).rows());
        WorkbenchWindow fresh = dev.jrec.gui.Workbenches.create();
        try {
            Fx.run(() -> fresh.overview().showFooter(w.capture().reports().metadata()));
            java.util.List<String> shown = Fx.call(() -> fresh.overview().node().lookupAll(".label").stream()
                    .map(n -> ((javafx.scene.control.Label) n).getText()).toList());
            for (String fact : java.util.List.of("host", "kernel", "cpus", "recorded", "sources", "completion")) {
                assertTrue(shown.contains(fact), fact + " in " + shown);
                assertEquals(d.summary().facts().get(fact), shown.get(shown.indexOf(fact) + 1), fact);
            }
            assertTrue(shown.contains(String.format("%,d", (Long) d.summary().sources().rows().getFirst().get(1))), "events per source: " + shown);
        } finally {
            dev.jrec.gui.Workbenches.close(fresh);
        }
    }

    @Test
    void theCpuChartExportsAsSvg() throws Exception {
        Path svg = dir.resolve("cpu.svg");
        Fx.run(() -> w.select(w.overview()));
        Fx.run(() -> w.exportSvg(svg));
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<?xml") || text.startsWith("<svg"), text.substring(0, Math.min(80, text.length())));
        assertTrue(text.contains("<svg") && text.contains(">seconds since the recording started</text>"), "the axis label as text");
        assertTrue(text.contains("cpu 0") && text.contains("cpu 1"), "the legend names both CPUs");
        assertTrue(text.split("<path", -1).length > 3, "the lines are drawn as paths");
        assertTrue(text.contains(">Overview · cpu-contention.parquet · ") && text.contains(" · filter: no filter: the whole capture</text>"),
                "the file says which view, capture and filter it shows");
    }

    @Test
    void draggingOnTheCpuChartSelectsATimeRangeForEveryView() throws Exception {
        Fx.run(() -> w.filter().clear());
        Fx.settle(w);
        ChartViewer chart = (ChartViewer) Fx.call(() -> w.overview().exportNode());
        Rectangle2D area = Fx.call(() -> chart.getCanvas().getRenderingInfo().getPlotInfo().getDataArea());
        double y = area.getCenterY();
        Fx.run(() -> Fx.drag(chart.getCanvas(), area.getX() + area.getWidth() * 0.25, y, area.getX() + area.getWidth() * 0.5));
        Filter f = Fx.call(() -> w.filter().get());
        assertTrue(f.windowed(), f.toString());
        double span = (w.capture().endNs() - w.capture().startNs());
        assertEquals(0.25, (f.fromNs() - w.capture().startNs()) / span, 0.02);
        assertEquals(0.5, (f.toNs() - w.capture().startNs()) / span, 0.02);
        Fx.settle(w);
        assertTrue(Fx.call(() -> w.overview().shown().summary().facts().containsKey("window")), "the summary is of the window now");

        Path html = dir.resolve("postmortem.html");
        boolean[] done = {false};
        Fx.run(() -> w.exportHtml(html, () -> done[0] = true));
        Fx.settle(w);
        assertTrue(done[0]);
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"), page.substring(0, 40));
        assertTrue(page.contains("after the start"), "the report is of the selected window");
        Fx.run(() -> w.filter().clear());
        Fx.settle(w);
    }

    /** A CPU's busy % in a period with lost events is a gap in its line, not the 0 % the missing switches would draw. */
    @Test
    void lostPeriodsAreGapsNotIdleTime() {
        dev.jrec.analysis.Table cpus = new dev.jrec.analysis.Table("cpus", java.util.List.of(
                dev.jrec.analysis.Table.Column.named("time_s", dev.jrec.analysis.Table.Type.FLOAT),
                dev.jrec.analysis.Table.Column.named("cpu", dev.jrec.analysis.Table.Type.INTEGER),
                dev.jrec.analysis.Table.Column.named("busy_pct", dev.jrec.analysis.Table.Type.FLOAT)),
                java.util.List.of(java.util.List.of(0.0, 0, 80.0), java.util.List.of(1.0, 0, 0.0), java.util.List.of(2.0, 0, 75.0)));
        dev.jrec.analysis.Table losses = new dev.jrec.analysis.Table("losses", java.util.List.of(
                dev.jrec.analysis.Table.Column.named("from_s", dev.jrec.analysis.Table.Type.FLOAT),
                dev.jrec.analysis.Table.Column.named("to_s", dev.jrec.analysis.Table.Type.FLOAT)),
                java.util.List.of(java.util.List.of(0.9, 1.6)));
        org.jfree.data.xy.XYSeries cpu0 = OverviewView.busySeries(cpus, losses).get(0);
        assertEquals(80.0, cpu0.getY(0).doubleValue());
        assertNull(cpu0.getY(1), "the lost second is a gap");
        assertEquals(75.0, cpu0.getY(2).doubleValue());
        assertEquals(0.0, OverviewView.busySeries(cpus, null).get(0).getY(1).doubleValue(), "without losses a 0 is a 0");
    }
}
