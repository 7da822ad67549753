package dev.jrec.gui.overview;

import dev.jrec.analysis.Analysis;
import dev.jrec.analysis.Comparison;
import dev.jrec.analysis.Filter;
import dev.jrec.analysis.MissingSourceException;
import dev.jrec.analysis.Query;
import dev.jrec.analysis.Reports;
import dev.jrec.analysis.Summary;
import dev.jrec.analysis.Table;
import dev.jrec.analysis.Timeline;
import dev.jrec.analysis.render.HtmlReport;
import dev.jrec.analysis.render.SourceSections;
import dev.jrec.formats.read.CaptureMetadata;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import dev.jrec.gui.Brush;
import dev.jrec.gui.CaptureView;
import dev.jrec.gui.Charts;
import dev.jrec.gui.OpenCapture;
import dev.jrec.gui.Session;
import dev.jrec.gui.Tables;
import dev.jrec.gui.Units;
import java.util.LinkedHashMap;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The first view: what was recorded (host, kernel, span, sources with their events and drops), how busy the CPUs
 * were over the whole recording with lost-event periods shaded (drag there to select a time range), when events
 * were lost, and the top processes in the current filter.
 */
public final class OverviewView extends CaptureView {
    /** The overview's data, gathered on the query thread: the summary first, the charts' data after it. */
    record Data(Summary summary, Timeline cpus, Table losses, long startNs, long endNs, Baseline baseline, Table network,
                List<HtmlReport.Section> sections) {
        Data with(Timeline t, Table l, List<HtmlReport.Section> s) {
            return new Data(summary, t, l, startNs, endNs, baseline, network, s);
        }
    }

    /**
     * The baseline's summary over its whole recording (pids differ between captures: only the comm filter carries
     * over), and the seconds each side covers, for rates.
     */
    record Baseline(String name, Summary summary, double seconds, double hereSeconds) {}

    private final VBox content = new VBox(12);
    private final ScrollPane scroll = new ScrollPane(content);
    private ChartViewer cpuChart;
    private Data shown;

    public OverviewView(Session session) {
        super(session);
        content.setPadding(new Insets(12));
        scroll.setFitToWidth(true);
    }

    @Override
    public String title() {
        return "Overview";
    }

    @Override
    public Node node() {
        return scroll;
    }

    @Override
    public Node exportNode() {
        return cpuChart != null ? cpuChart : content;
    }

    @Override
    public void clear() {
        content.getChildren().clear();
        cpuChart = null;
        shown = null;
    }

    @Override
    protected void reload() {
        OpenCapture c = session.capture();
        Filter f = session.filter().get();
        if (shown == null) showFooter(c.reports().metadata());
        // the footer's facts are shown already (from the moment the capture's footer was read); the summary next, the
        // CPU chart (the slowest) last
        OpenCapture b = session.baseline();
        session.jobs().submit("overview", "Summarizing", () -> new Data(c.reports().summary(f, 10), null, null, c.startNs(), c.endNs(), baseline(c, b, f), network(c, f), null), d -> {
            show(d);
            session.jobs().submit("overview-charts", "Charting the CPUs", () -> charts(c, f, d), this::show, this::failed);
        }, this::failed);
    }

    static Baseline baseline(OpenCapture c, OpenCapture b, Filter f) throws java.sql.SQLException {
        if (b == null) return null;
        long from = Math.max(f.fromNs(), c.startNs()), to = Math.min(f.toNs(), c.endNs());
        return new Baseline(b.path().getFileName().toString(), b.reports().summary(Filter.ALL.comm(f.comm()), 50), (b.endNs() - b.startNs()) / 1e9,
                (to - from) / 1e9);
    }

    /** The TCP activity in the filter (net_summary), null when the capture did not record the net source. */
    static Table network(OpenCapture c, Filter f) throws java.sql.SQLException {
        if (!Analysis.recorded(c.reports().metadata(), Source.NET)) return null;
        return Query.named("net_summary").table(c.connection(), c.params(f));
    }

    static Data charts(OpenCapture c, Filter f, Data d) throws Exception {
        Reports r = c.reports();
        Filter whole = Filter.ALL.pids(f.pids()).comm(f.comm());
        Timeline t = null;
        if (Analysis.recorded(r.metadata(), Source.SCHED)) {
            try {
                t = r.timeline(whole, Timeline.niceBucket(Math.max(1, c.endNs() - c.startNs()), 300), 1);
            } catch (MissingSourceException e) {
                t = null;
            }
        }
        Map<String, Object> p = c.params(Filter.ALL);
        p.put("limit", 100_000L);
        Table losses = Query.named("loss_by_time").table(c.connection(), p);
        // the postmortem's per-source tables (network, interrupts, memory, locks), in the filter
        List<HtmlReport.Section> sections = SourceSections.of(r, f).stream().filter(s -> !s.tables().isEmpty()).toList();
        return d.with(t, losses, sections);
    }

    /**
     * The recording as its footer tells it, with the events and drops of each source: no query, so it shows the
     * moment the footer is read, before the capture's database is open.
     */
    public void showFooter(CaptureMetadata md) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("host", String.valueOf(md.host()));
        facts.put("kernel", String.valueOf(md.kernelRelease()));
        facts.put("cpus", String.valueOf(md.get(MetadataKeys.CPU_COUNT)) + (md.get(MetadataKeys.CPU_MODEL) == null ? "" : " (" + md.get(MetadataKeys.CPU_MODEL) + ")"));
        if (md.startNs().isPresent() && md.endNs().isPresent()) {
            long s = md.startNs().getAsLong(), e = md.endNs().getAsLong();
            facts.put("recorded", md.wallClock(s) + " → " + md.wallClock(e) + " (" + Units.duration(e - s) + ")");
        }
        facts.put("sources", String.valueOf(md.get(MetadataKeys.SOURCES)));
        facts.put("completion", md.completion() + (md.get(MetadataKeys.STOP_REASON) == null ? "" : ", stopped by " + md.get(MetadataKeys.STOP_REASON)));
        // a grid of labels, not yet a table: the first TableView's skin and CSS cost the UI thread a few hundred ms
        GridPane perSource = new GridPane();
        perSource.setHgap(24);
        perSource.setVgap(2);
        Table t = sources(md);
        for (int c = 0; c < t.columns().size(); c++) {
            Label l = new Label(t.columns().get(c).name());
            l.getStyleClass().add("fact-key");
            perSource.add(l, c, 0);
        }
        for (int r = 0; r < t.rows().size(); r++) {
            for (int c = 0; c < t.columns().size(); c++) {
                Object v = t.rows().get(r).get(c);
                perSource.add(new Label(v instanceof Long n ? String.format("%,d", n) : String.valueOf(v)), c, r + 1);
            }
        }
        content.getChildren().setAll(heading("Recording"), factsGrid(facts), heading("Events and drops per source"), perSource,
                new Label("summarizing the capture…"));
        content.getChildren().addAll(0, triggerBanner(md));
    }

    /** A ring dump's trigger, first as in the HTML report: what fired the dump is where a postmortem starts. */
    private static List<Label> triggerBanner(CaptureMetadata md) {
        return md.trigger().map(t -> {
            Label l = new Label("Dumped by the trigger '" + t.name() + "' at " + (t.wall() != null ? t.wall() : t.ts() + " ns") + ": "
                    + (t.event() != null ? t.event() : "(no event recorded)") + " (the red line on the timeline)");
            l.setWrapText(true);
            l.setMaxWidth(Double.MAX_VALUE);
            l.getStyleClass().add("trigger-banner");
            return List.of(l);
        }).orElse(List.of());
    }

    /** Events and drops per source as the footer counts them (the summary's table, before its queries). */
    static Table sources(CaptureMetadata md) {
        return Reports.sources(md);
    }

    /** The network summary's counts, named as an SRE reads them; the timeline's thread lanes show where they happened. */
    private static GridPane networkGrid(Table t) {
        Map<String, String> facts = new LinkedHashMap<>();
        List<Object> r = t.rows().getFirst();
        String[][] names = {{"sockets", "sockets (connections and listeners)"}, {"connects", "connects"}, {"accepts", "accepts"},
                {"retransmits", "retransmits"}, {"resets_sent", "resets sent"}, {"resets_received", "resets received"}, {"drops", "packets dropped"}};
        for (String[] n : names) facts.put(n[1], Units.count(((Number) r.get(t.column(n[0]))).longValue()));
        GridPane grid = factsGrid(facts);
        grid.getStyleClass().add("network-summary");
        return grid;
    }

    private static GridPane factsGrid(Map<String, String> facts) {
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(4);
        int row = 0;
        for (Map.Entry<String, String> e : facts.entrySet()) {
            Label k = new Label(e.getKey());
            k.getStyleClass().add("fact-key");
            Label v = new Label(e.getValue());
            v.getStyleClass().add("fact-value");
            grid.addRow(row++, k, v);
        }
        return grid;
    }

    private void failed(String why) {
        content.getChildren().setAll(new Label("The overview could not be computed: " + why));
    }

    private void show(Data d) {
        shown = d;
        content.getChildren().clear();
        if (session.capture() != null) content.getChildren().addAll(triggerBanner(session.capture().reports().metadata()));
        content.getChildren().addAll(heading("Recording"), factsGrid(d.summary().facts()), heading("Events and drops per source"), table(d.summary().sources()));
        if (d.network() != null && !d.network().rows().isEmpty()) content.getChildren().addAll(heading("Network (TCP, in the filter)"), networkGrid(d.network()));

        if (d.cpus() != null) {
            content.getChildren().addAll(heading("CPU busy over the recording (drag to select a time range; red: events were lost)"),
                    cpuChart = cpuChart(d));
        }
        if (d.losses() == null) {
            content.getChildren().add(new Label("charting the CPUs and lost events…"));
        } else {
            content.getChildren().add(heading("Lost events over time"));
            if (d.losses().rows().isEmpty()) content.getChildren().add(new Label("No events were lost: every gap is real idle time."));
            else content.getChildren().add(lossChart(d));
        }
        for (Table t : d.summary().top()) {
            content.getChildren().addAll(heading(t.title() + " (in the filter)"), table(t));
        }
        if (d.sections() != null) {
            for (HtmlReport.Section s : d.sections()) {
                Label intro = new Label(s.intro());
                intro.setWrapText(true);
                content.getChildren().addAll(heading(s.heading() + " (in the filter)"), intro);
                for (Table t : s.tables()) content.getChildren().addAll(subheading(t.title()), table(t));
            }
        }
        if (d.baseline() != null) showBaseline(d);
    }

    private static Label subheading(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("fact-key");
        return l;
    }

    private static String kind(Table t) {
        return t.title().split("[;,]")[0];
    }

    /** Each top table next to the baseline's, processes matched by name, the change per second of recording. */
    private void showBaseline(Data d) {
        Baseline b = d.baseline();
        content.getChildren().add(heading(String.format(java.util.Locale.ROOT, "Compared with %s (its whole recording, %s, against %s here; "
                + "processes by name; change of the rate per second)", b.name(), Units.duration(b.seconds() * 1e9), Units.duration(b.hereSeconds() * 1e9))));
        for (Table t : d.summary().top()) {
            // titles end in notes on how each capture was recorded ("; known only for ..."): the table is what precedes them
            Table base = b.summary().top().stream().filter(x -> kind(x).equals(kind(t))).findFirst().orElse(null);
            if (base == null || Comparison.measure(t) == null) {
                content.getChildren().add(new Label(t.title() + ": the baseline has none"));
                continue;
            }
            content.getChildren().addAll(heading(kind(t) + " vs " + b.name()), table(Comparison.byComm(t, b.hereSeconds(), base, b.seconds())));
        }
    }

    private static Label heading(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("section-heading");
        return l;
    }

    private static TableView<List<Object>> table(Table t) {
        TableView<List<Object>> v = Tables.view();
        Tables.show(v, t);
        v.setPrefHeight(Math.min(320, 34 + 26 * Math.max(1, t.rows().size())));
        return v;
    }

    private ChartViewer cpuChart(Data d) {
        XYSeriesCollection ds = new XYSeriesCollection();
        busySeries(d.cpus().cpus(), d.losses()).values().forEach(ds::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart(null, "seconds since the recording started", "busy %", ds,
                PlotOrientation.VERTICAL, true, true, false);
        XYPlot plot = chart.getXYPlot();
        plot.getRangeAxis().setRange(0, 100);
        plot.getDomainAxis().setRange(0, Math.max(1e-6, (d.endNs() - d.startNs()) / 1e9));
        shadeLosses(plot, d.losses());
        Filter f = session.filter().get();
        if (f.windowed()) {
            IntervalMarker m = new IntervalMarker((f.fromNs() - d.startNs()) / 1e9, (f.toNs() - d.startNs()) / 1e9);
            m.setPaint(new Color(47, 111, 222, 50));
            plot.addDomainMarker(m);
        }
        Charts.style(chart, session.dark());
        ChartViewer v = new ChartViewer(chart);
        v.setPrefHeight(230);
        v.setMinHeight(230);
        Brush.attach(v, (a, b) -> session.filter().window(d.startNs() + (long) (a * 1e9), d.startNs() + (long) (b * 1e9)));
        return v;
    }

    /**
     * Each CPU's busy % over time; a point in a period with lost events is a gap (null), not the 0 % the missing
     * switches would make of it.
     */
    static java.util.Map<Integer, XYSeries> busySeries(Table t, Table losses) {
        int time = t.column("time_s"), cpu = t.column("cpu"), busy = t.column("busy_pct");
        java.util.Map<Integer, XYSeries> series = new java.util.TreeMap<>();
        for (List<Object> r : t.rows()) {
            int c = ((Number) r.get(cpu)).intValue();
            double x = ((Number) r.get(time)).doubleValue();
            series.computeIfAbsent(c, k -> new XYSeries("cpu " + k)).add(x, lost(losses, x) ? null : (Number) r.get(busy));
        }
        return series;
    }

    private static boolean lost(Table losses, double s) {
        if (losses == null) return false;
        int from = losses.column("from_s"), to = losses.column("to_s");
        for (List<Object> r : losses.rows()) {
            if (s >= ((Number) r.get(from)).doubleValue() && s < ((Number) r.get(to)).doubleValue()) return true;
        }
        return false;
    }

    /** Shades each interval in which a source lost events, so a dip in a chart is not read as idle time. */
    static void shadeLosses(XYPlot plot, Table losses) {
        int from = losses.column("from_s"), to = losses.column("to_s");
        for (List<Object> r : losses.rows()) {
            IntervalMarker m = new IntervalMarker(((Number) r.get(from)).doubleValue(), ((Number) r.get(to)).doubleValue());
            m.setPaint(new Color(217, 48, 37, 60));
            m.setOutlineStroke(new BasicStroke(0f));
            plot.addDomainMarker(m);
        }
    }

    private ChartViewer lossChart(Data d) {
        XYIntervalSeriesCollection ds = new XYIntervalSeriesCollection();
        java.util.Map<String, XYIntervalSeries> bySource = new java.util.TreeMap<>();
        Table t = d.losses();
        int from = t.column("from_s"), to = t.column("to_s"), src = t.column("source"), lost = t.column("lost");
        for (List<Object> r : t.rows()) {
            double a = ((Number) r.get(from)).doubleValue(), b = ((Number) r.get(to)).doubleValue();
            double n = ((Number) r.get(lost)).doubleValue();
            bySource.computeIfAbsent((String) r.get(src), XYIntervalSeries::new).add((a + b) / 2, a, Math.max(b, a + 1e-4), n, 0, n);
        }
        bySource.values().forEach(ds::addSeries);
        JFreeChart chart = ChartFactory.createXYBarChart(null, "seconds since the recording started", false, "events lost", ds,
                PlotOrientation.VERTICAL, true, true, false);
        XYPlot plot = chart.getXYPlot();
        ((XYBarRenderer) plot.getRenderer()).setShadowVisible(false);
        plot.getDomainAxis().setRange(0, Math.max(1e-6, (d.endNs() - d.startNs()) / 1e9));
        Charts.style(chart, session.dark());
        ChartViewer v = new ChartViewer(chart);
        v.setPrefHeight(200);
        v.setMinHeight(200);
        Brush.attach(v, (a, b) -> session.filter().window(d.startNs() + (long) (a * 1e9), d.startNs() + (long) (b * 1e9)));
        return v;
    }

    @Override
    public void themeChanged() {
        if (shown != null) show(shown);
    }

    /** What the view shows now, for tests. */
    Data shown() {
        return shown;
    }
}
