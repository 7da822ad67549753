package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static dev.jrec.analysis.KnownCapture.US;
import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.analysis.StackProfile.Kind;
import dev.jrec.analysis.render.ChromeTrace;
import dev.jrec.analysis.render.Export;
import dev.jrec.analysis.render.FlameGraph;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Every export format on the capture of {@link KnownStacks}: the files parse, and hold what the capture holds. */
class ExportTest {
    @TempDir static Path dir;
    static CaptureDb db;
    static Reports reports;

    @BeforeAll
    static void open() throws Exception {
        db = CaptureDb.open(KnownStacks.capture().write(dir.resolve("stacks.parquet"), 3000 * MS));
        reports = new Reports(db);
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    private interface Writing {
        void to(PrintWriter out) throws Exception;
    }

    private static String write(Writing w) throws Exception {
        StringWriter s = new StringWriter();
        w.to(new PrintWriter(s));
        return s.toString();
    }

    @Test
    void foldedIsOneLinePerStack() throws Exception {
        StackProfile p = reports.stacks(Kind.PROFILE, Filter.ALL);
        assertEquals(String.join("\n", p.folded()) + "\n", write(out -> Export.folded(p, out)));
        assertEquals(Kind.PROFILE, Export.defaultStacks(db.metadata()));
    }

    static Document xml(String text) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The frame groups of a flame graph: title → its rect. */
    static List<Element> frames(Document d) {
        List<Element> out = new ArrayList<>();
        NodeList gs = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        for (int i = 0; i < gs.getLength(); i++) {
            Element g = (Element) gs.item(i);
            if ("frame".equals(g.getAttribute("class"))) out.add(g);
        }
        return out;
    }

    static String title(Element g) {
        return g.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title").item(0).getTextContent();
    }

    static Element rect(Element g) {
        return (Element) g.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect").item(0);
    }

    static double attr(Element e, String name) {
        return Double.parseDouble(e.getAttribute(name));
    }

    @Test
    void svgIsAWellFormedFlameGraph() throws Exception {
        StackProfile p = reports.stacks(Kind.PROFILE, Filter.ALL);
        String svg = write(out -> Export.svg(reports, Filter.ALL, p, out));
        Document d = xml(svg);
        assertEquals("svg", d.getDocumentElement().getLocalName());
        List<Element> frames = frames(d);
        // all; app → __libc_start_main → main → (read → do_syscall_64 → schedule → __schedule | [app+0x1c0]);
        // app-worker → 6 frames; db → (ext4_read → [kernel.kallsyms+0x1f00] | [missing stack]); x y → foo:bar → [unknown]
        assertEquals(1 + 8 + 7 + 4 + 3, frames.size(), frames.stream().map(ExportTest::title).toList().toString());
        Element widest = frames.stream().max(Comparator.comparingDouble(g -> attr(rect(g), "width"))).orElseThrow();
        assertEquals("all (13 samples, 100%)", title(widest));
        assertEquals(FlameGraph.WIDTH - 20, attr(rect(widest), "width"), 0.01);

        Map<String, Element> byTitle = frames.stream().collect(Collectors.toMap(ExportTest::title, g -> g, (a, b) -> a));
        Element app = byTitle.get("app (5 samples, 38.46%)"), worker = byTitle.get("app-worker (1 samples, 7.69%)");
        Element dbFrame = byTitle.get("db (6 samples, 46.15%)"), xy = byTitle.get("x y (1 samples, 7.69%)");
        assertNotNull(app, byTitle.keySet().toString());
        // siblings in alphabetical order, each as wide as its share
        assertTrue(attr(rect(app), "x") < attr(rect(worker), "x") && attr(rect(worker), "x") < attr(rect(dbFrame), "x")
                && attr(rect(dbFrame), "x") < attr(rect(xy), "x"));
        assertEquals(1180.0 * 6 / 13, attr(rect(dbFrame), "width"), 0.06);
        // a child sits on its parent, one row up
        Element ext4 = byTitle.get("ext4_read (4 samples, 30.77%)");
        assertEquals(attr(rect(dbFrame), "y") - 16, attr(rect(ext4), "y"), 0.01);
        assertTrue(rect(ext4).getAttribute("fill").endsWith(",0)"), "kernel frames are orange: " + rect(ext4).getAttribute("fill"));
        Element read = byTitle.get("read (3 samples, 23.08%)");
        assertFalse(rect(read).getAttribute("fill").endsWith(",0)"), "user frames are not: " + rect(read).getAttribute("fill"));
        assertEquals(svg, write(out -> Export.svg(reports, Filter.ALL, p, out)), "the same input draws the same SVG");
        assertFalse(svg.contains("href=") || svg.contains("src="), "nothing is loaded from elsewhere");
    }

    @Test
    void flameGraphTextIsCutToFit() {
        assertEquals("", FlameGraph.fit("do_syscall_64", 20));
        assertEquals("do_sysc..", FlameGraph.fit("do_syscall_64", 65));
        assertEquals("do_syscall_64", FlameGraph.fit("do_syscall_64", 200));
    }

    @Test
    void svgOfNothingIsStillWellFormed() throws Exception {
        StackProfile empty = reports.stacks(Kind.PROFILE, Filter.ALL.pids(List.of(12345)));
        Document d = xml(write(out -> Export.svg(reports, Filter.ALL, empty, out)));
        assertEquals(0, frames(d).size());
    }

    @SuppressWarnings("unchecked")
    @Test
    void speedscopeHasEveryKindOfStacksWithWeightsThatSumToTheTotal() throws Exception {
        String json = write(out -> Export.speedscope(reports, Filter.ALL, Kind.PROFILE, "stacks.parquet", "jrec test", out));
        Map<String, Object> file = MiniJson.object(json);
        assertEquals("https://www.speedscope.app/file-format-schema.json", file.get("$schema"));
        List<Map<String, Object>> frames = (List<Map<String, Object>>) ((Map<String, Object>) file.get("shared")).get("frames");
        List<Map<String, Object>> profiles = (List<Map<String, Object>>) file.get("profiles");
        assertEquals(List.of("on-CPU samples", "off-CPU time", "blocked time by waker"), profiles.stream().map(p -> p.get("name")).toList());
        long[] totals = {13, 7000, 7000};
        for (int i = 0; i < profiles.size(); i++) {
            Map<String, Object> p = profiles.get(i);
            assertEquals("sampled", p.get("type"));
            List<List<BigDecimal>> samples = (List<List<BigDecimal>>) p.get("samples");
            List<BigDecimal> weights = (List<BigDecimal>) p.get("weights");
            assertEquals(samples.size(), weights.size());
            assertEquals(totals[i], weights.stream().mapToLong(BigDecimal::longValueExact).sum());
            assertEquals(totals[i], ((BigDecimal) p.get("endValue")).longValueExact());
            for (List<BigDecimal> s : samples) for (BigDecimal f : s) assertTrue(f.intValueExact() >= 0 && f.intValueExact() < frames.size());
        }
        assertEquals("none", profiles.get(0).get("unit"));
        assertEquals("microseconds", profiles.get(1).get("unit"));
        // samples are root first: the heaviest on-CPU stack is db's, ext4_read_[k] then the unresolved kernel frame
        List<List<BigDecimal>> samples = (List<List<BigDecimal>>) profiles.get(0).get("samples");
        List<String> last = samples.getLast().stream().map(f -> (String) frames.get(f.intValue()).get("name")).toList();
        assertEquals(List.of("db", "ext4_read_[k]", "[kernel.kallsyms+0x1f00]_[k]"), last);
        assertEquals("[ext4]", frames.stream().filter(f -> f.get("name").equals("ext4_read_[k]")).findFirst().orElseThrow().get("file"));
    }

    @SuppressWarnings("unchecked")
    @Test
    void perfettoTraceHasAnXEventPerSchedSliceAndThreadSlices() throws Exception {
        String json = write(out -> Export.perfetto(reports, Filter.ALL, "jrec test", out));
        Map<String, Object> trace = MiniJson.object(json);
        List<Map<String, Object>> events = (List<Map<String, Object>>) trace.get("traceEvents");
        List<Map<String, Object>> sched = events.stream().filter(e -> "X".equals(e.get("ph")) && "sched".equals(e.get("cat"))).toList();
        // the standard capture's five switches: one switched out the idle task
        assertEquals(4, sched.size());
        for (Map<String, Object> e : sched) {
            int cpu = ((BigDecimal) e.get("tid")).intValueExact();
            assertEquals(ChromeTrace.CPU_PID_BASE + cpu, ((BigDecimal) e.get("pid")).intValueExact());
        }
        Map<String, Object> first = sched.getFirst();
        assertEquals("db", first.get("name"));
        assertEquals(new BigDecimal("9995.000"), first.get("ts"), "switched out at 10 ms after 5 µs on CPU; µs since the start");
        assertEquals(new BigDecimal("5.000"), first.get("dur"));
        assertEquals("S", ((Map<String, Object>) first.get("args")).get("end_state"));
        assertEquals(6, events.stream().filter(e -> "X".equals(e.get("ph")) && "syscall".equals(e.get("cat"))).count());
        assertEquals(4, events.stream().filter(e -> "X".equals(e.get("ph")) && "block".equals(e.get("cat"))).count());
        List<String> names = events.stream().filter(e -> "M".equals(e.get("ph")))
                .map(e -> e.get("name") + " " + e.get("pid") + "/" + e.get("tid") + " " + ((Map<String, Object>) e.get("args")).values().iterator().next())
                .toList();
        assertTrue(names.contains("thread_name 100/101 app"), "the comm its syscalls had: " + names);
        assertTrue(names.contains("process_name 100/100 app-main"), names.toString());
        assertTrue(names.contains("process_name " + ChromeTrace.CPU_PID_BASE + "/0 CPU 0"), names.toString());
        assertTrue(names.contains("thread_name " + (ChromeTrace.CPU_PID_BASE + 1) + "/1 CPU 1"), names.toString());
        assertEquals("testhost", ((Map<String, Object>) trace.get("otherData")).get("host"));
    }

    @SuppressWarnings("unchecked")
    @Test
    void aRequestThatOutlivesItsSyscallIsAnAsyncSlice() throws Exception {
        KnownCapture c = new KnownCapture().sources("sched,syscall,block");
        c.syscall(11 * MS, 100, 100, "app", "read", 1 * MS, 4096, null); // 10-11 ms
        c.block(12 * MS, 100, "app", 254, 0, "vda", 8, 4096, "R", 1500 * US); // 10.5-12 ms: outlives the read
        c.block(20 * MS, 100, "app", 254, 0, "vda", 16, 4096, "R", 1 * MS); // 19-20 ms, overlaps the next
        c.block(20500 * US, 100, "app", 254, 0, "vda", 24, 4096, "R", 1 * MS); // 19.5-20.5 ms
        c.syscall(31 * MS, 100, 100, "app", "read", 2 * MS, 4096, null); // 29-31 ms
        c.block(30 * MS, 100, "app", 254, 0, "vda", 32, 4096, "R", 500 * US); // 29.5-30 ms: inside the read
        try (CaptureDb d = CaptureDb.open(c.write(dir.resolve("async.parquet"), 100 * MS))) {
            Reports r = new Reports(d);
            String json = write(out -> Export.perfetto(r, Filter.ALL, "jrec test", out));
            List<Map<String, Object>> events = (List<Map<String, Object>>) MiniJson.object(json).get("traceEvents");
            List<String> slices = events.stream().filter(e -> !"M".equals(e.get("ph"))).map(e -> e.get("ph") + " " + e.get("name") + " " + e.get("ts")).toList();
            assertEquals(List.of("X read 10000.000", "b R vda 10500.000", "e R vda 12000.000", "b R vda 19000.000", "e R vda 20000.000",
                    "b R vda 19500.000", "e R vda 20500.000", "X read 29000.000", "X R vda 29500.000"), slices);
        }
    }

    @Test
    void htmlIsSelfContainedWithEverySection() throws Exception {
        String html = write(out -> Export.html(reports, Filter.ALL, "jrec test", out));
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), html.substring(0, 80));
        for (String id : List.of("summary", "loss", "latency", "cpus", "top", "flamegraphs", "metadata")) {
            assertTrue(html.contains(" id=\"" + id + "\""), "section " + id);
        }
        assertTrue(html.contains("<td>testhost</td>"));
        assertTrue(html.contains("<td>6.18.0-test</td>"), "kernel");
        assertTrue(html.contains("runqlat: run-queue latency"));
        assertTrue(html.contains("biolatency: block I/O latency"));
        assertTrue(html.contains("syscall latency: write"), "the syscall with the most time");
        assertTrue(html.contains("top processes by CPU time"));
        assertTrue(html.contains("<th>jrec.host</th><td>testhost</td>"), "footer metadata");
        assertEquals(2, html.split("<svg version=\"1.1\"", -1).length - 1, "on-CPU and off-CPU flame graphs");
        assertTrue(html.contains("all (13 samples, 100%)"));
        assertTrue(html.contains("ringbuf_full"), "the loss table");
        for (String external : List.of("src=\"http", "href=\"http", "src='http", "href='http", "url(", "@import", "<link", "<iframe")) {
            assertFalse(html.contains(external), "loads nothing from elsewhere: " + external);
        }
        assertEquals(count(html, "<section"), count(html, "</section>"));
        assertEquals(count(html, "<svg"), count(html, "</svg>"));
        assertEquals(count(html, "<table"), count(html, "</table>"));
    }

    private static int count(String s, String what) {
        return s.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }
}
