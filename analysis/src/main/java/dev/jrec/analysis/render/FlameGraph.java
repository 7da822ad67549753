package dev.jrec.analysis.render;

import dev.jrec.analysis.StackProfile;
import dev.jrec.analysis.StackProfile.Frame;
import dev.jrec.analysis.StackProfile.FrameType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.TreeMap;

/**
 * A flame graph as one self-contained SVG, drawn the way Brendan Gregg's flamegraph.pl draws one: the stacks
 * merged into a tree whose siblings are sorted alphabetically, each frame a rectangle as wide as its weight, the
 * root ("all") at the bottom, names cut to fit with "..", a {@code <title>} tooltip with the weight and its
 * share of the total. Colors are flamegraph.pl's {@code --color=java --hash} palettes: user code warm (red),
 * kernel code orange, task names yellow, unresolved frames grey; the hue comes from the name, so the same
 * function has the same color in every graph, and the output is the same for the same input. A small inline
 * script ({@link #script()}; in the SVG itself when it stands alone) zooms into a clicked frame and finds frames
 * by name (Ctrl-F or "Search"); without it the graph still reads, and nothing is loaded from elsewhere.
 */
public final class FlameGraph {
    public static final int WIDTH = 1200;
    static final int FRAME_HEIGHT = 16, FONT_SIZE = 12, XPAD = 10;
    static final double FONT_WIDTH = 0.59, MIN_WIDTH = 0.1;
    static final int YPAD_TOP = FONT_SIZE * 3, YPAD_BOTTOM = FONT_SIZE * 2 + 10;

    private FlameGraph() {}

    /** A node of the merged tree. */
    private static final class Node {
        final String name;
        final FrameType type;
        long weight;
        final TreeMap<String, Node> children = new TreeMap<>();

        Node(String name, FrameType type) {
            this.name = name;
            this.type = type;
        }
    }

    /**
     * The SVG.
     *
     * @param title the graph's title, e.g. "On-CPU flame graph"
     * @param subtitle a line under it (the capture, the window); may be null
     * @param standalone true for an .svg file (XML declaration, interactive script); false to embed in HTML
     */
    public static String svg(StackProfile p, String title, String subtitle, boolean standalone) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        write(p, title, subtitle, standalone, sb);
        return sb.toString();
    }

    public static void write(StackProfile p, String title, String subtitle, boolean standalone, Appendable out) {
        Node root = tree(p);
        int depth = maxDepth(root, 0);
        int height = (depth + 1) * FRAME_HEIGHT + YPAD_TOP + YPAD_BOTTOM;
        String unit = p.kind().unit;
        StringBuilder sb = new StringBuilder();
        if (standalone) sb.append("<?xml version=\"1.0\" standalone=\"no\"?>\n");
        sb.append("<svg version=\"1.1\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" class=\"flamegraph\" data-total=\"").append(root.weight)
                .append("\" data-unit=\"").append(unit).append("\">\n");
        sb.append("<style>.flamegraph text { font-family: Verdana, sans-serif; font-size: ").append(FONT_SIZE)
                .append("px; fill: rgb(0,0,0); } .flamegraph .frame text { pointer-events: none; }"
                        + " .flamegraph .frame:hover rect { stroke: rgb(0,0,0); stroke-width: 0.5; cursor: pointer; }"
                        + " .flamegraph .hit rect { fill: rgb(230,0,230) !important; }"
                        + " .flamegraph .hidden { display: none; }</style>\n");
        sb.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\" fill=\"rgb(238,238,238)\"/>\n");
        sb.append("<text class=\"title\" x=\"").append(WIDTH / 2).append("\" y=\"").append(FONT_SIZE * 2)
                .append("\" text-anchor=\"middle\" style=\"font-size:17px\">").append(esc(title)).append("</text>\n");
        if (subtitle != null && !subtitle.isBlank()) {
            sb.append("<text class=\"subtitle\" x=\"").append(WIDTH / 2).append("\" y=\"").append(FONT_SIZE * 3 + 2)
                    .append("\" text-anchor=\"middle\" style=\"fill:rgb(160,160,160)\">").append(esc(subtitle)).append("</text>\n");
        }
        sb.append("<text class=\"details\" x=\"").append(XPAD).append("\" y=\"").append(height - FONT_SIZE / 2 - 2).append("\"> </text>\n");
        {
            sb.append("<text class=\"search\" x=\"").append(WIDTH - XPAD).append("\" y=\"").append(FONT_SIZE * 2)
                    .append("\" text-anchor=\"end\" style=\"cursor:pointer\">Search</text>\n");
            sb.append("<text class=\"reset\" x=\"").append(XPAD).append("\" y=\"").append(FONT_SIZE * 2)
                    .append("\" style=\"cursor:pointer\" visibility=\"hidden\">Reset Zoom</text>\n");
        }
        sb.append("<g class=\"frames\">\n");
        append(out, sb);
        sb.setLength(0);
        if (root.weight > 0) {
            double scale = (WIDTH - 2.0 * XPAD) / root.weight;
            draw(root, 0, 0, scale, root.weight, unit, height, WARM, out, sb);
        }
        sb.append("</g>\n");
        if (standalone) sb.append("<script><![CDATA[").append(SCRIPT).append("jrecFlameGraph(document.documentElement, true);\n]]></script>\n");
        sb.append("</svg>\n");
        append(out, sb);
    }

    private static Node tree(StackProfile p) {
        Node root = new Node("all", null);
        for (StackProfile.Stack s : p.stacks()) {
            root.weight += s.weight();
            Node n = root;
            for (int f : s.frames()) {
                Frame fr = p.frames().get(f);
                // siblings sort by their folded names, as flamegraph.pl's input is sorted
                Node c = n.children.computeIfAbsent(fr.folded(), k -> new Node(fr.name(), fr.type()));
                c.weight += s.weight();
                n = c;
            }
        }
        return root;
    }

    private static int maxDepth(Node n, int d) {
        int m = d;
        for (Node c : n.children.values()) m = Math.max(m, maxDepth(c, d + 1));
        return m;
    }

    /** Draws n at depth d from offset (in weight units), then its children; frames narrower than MIN_WIDTH are left out. */
    /** The palette of a wall-clock graph's subtree: on CPU (flamegraph.pl's), off CPU (blues), runnable (lavenders). */
    private static final int WARM = 0, COLD = 1, RUNNABLE = 2;

    private static void draw(Node n, int d, long offset, double scale, long total, String unit, int height, int tone, Appendable out,
                             StringBuilder sb) {
        if (dev.jrec.analysis.WallClock.OFF_CPU.equals(n.name)) tone = COLD;
        if (dev.jrec.analysis.WallClock.RUNNABLE.equals(n.name)) tone = RUNNABLE;
        double x1 = XPAD + offset * scale, x2 = XPAD + (offset + n.weight) * scale;
        if (x2 - x1 < MIN_WIDTH) return;
        double y1 = height - YPAD_BOTTOM - (d + 1) * FRAME_HEIGHT + 1, y2 = height - YPAD_BOTTOM - d * FRAME_HEIGHT;
        String info = d == 0
                ? "all (" + commify(n.weight) + " " + unit + ", 100%)"
                : n.name + " (" + commify(n.weight) + " " + unit + ", " + String.format(Locale.ROOT, "%.2f", 100.0 * n.weight / total) + "%)";
        sb.append("<g class=\"frame\"><title>").append(esc(info)).append("</title><rect x=\"").append(num(x1)).append("\" y=\"")
                .append(num(y1)).append("\" width=\"").append(num(x2 - x1)).append("\" height=\"").append(num(y2 - y1))
                .append("\" fill=\"").append(d == 0 ? "rgb(240,120,100)" : tone == COLD ? coldColor(n.name) : tone == RUNNABLE ? runnableColor(n.name)
                        : color(n.name, n.type)).append("\" rx=\"2\" ry=\"2\"/>");
        String label = fit(d == 0 ? "all" : n.name, x2 - x1);
        if (!label.isEmpty()) sb.append("<text x=\"").append(num(x1 + 3)).append("\" y=\"").append(num(y1 + 10.5)).append("\">").append(esc(label)).append("</text>");
        sb.append("</g>\n");
        if (sb.length() > 32 * 1024) {
            append(out, sb);
            sb.setLength(0);
        }
        long o = offset;
        for (Node c : n.children.values()) {
            draw(c, d + 1, o, scale, total, unit, height, tone, out, sb);
            o += c.weight;
        }
    }

    /** The name cut to the width, as flamegraph.pl does: nothing under 3 characters, else cut with "..". */
    public static String fit(String name, double width) {
        int chars = (int) (width / (FONT_SIZE * FONT_WIDTH));
        if (chars < 3) return "";
        if (name.length() <= chars) return name;
        return name.substring(0, chars - 2) + "..";
    }

    /** Off-CPU frames of a wall-clock graph: blues (flamegraph.pl's --colors=blue), so waiting stands apart from running. */
    static String coldColor(String name) {
        double v1 = nameHash(name);
        int c = (int) (80 + 60 * v1);
        return "rgb(" + c + "," + (c + 30) + "," + (int) (190 + 55 * nameHash(new StringBuilder(name).reverse().toString())) + ")";
    }

    /** Runnable frames of a wall-clock graph (waiting for a CPU): lavenders, apart from the hot reds/yellows and the cold blues. */
    static String runnableColor(String name) {
        double v = nameHash(name);
        return "rgb(" + (int) (185 + 30 * v) + "," + (int) (160 + 30 * nameHash(new StringBuilder(name).reverse().toString())) + "," + (int) (235 + 20 * v) + ")";
    }

    /** flamegraph.pl's palettes, hashed from the name (its --hash). */
    static String color(String name, FrameType type) {
        double v1 = nameHash(name), v2 = nameHash(new StringBuilder(name).reverse().toString());
        if (name.startsWith("[") && type != FrameType.TASK) {
            int g = 170 + (int) (50 * v1);
            return "rgb(" + g + "," + g + "," + (g + 10) + ")";
        }
        return switch (type) {
            case KERNEL -> "rgb(" + (190 + (int) (65 * v1)) + "," + (90 + (int) (65 * v1)) + ",0)";
            case TASK -> {
                int r = 175 + (int) (55 * v1);
                yield "rgb(" + r + "," + r + "," + (50 + (int) (20 * v1)) + ")";
            }
            case USER -> {
                int r = 200 + (int) (55 * v1), x = 50 + (int) (80 * v2);
                yield "rgb(" + r + "," + x + "," + x + ")";
            }
        };
    }

    /** flamegraph.pl's namehash: a number in [0, 1] from the first characters, the early ones weighing more. */
    static double nameHash(String name) {
        double vector = 0, weight = 1, max = 1;
        int mod = 10;
        for (int i = 0; i < name.length(); i++) {
            int c = name.charAt(i) % mod;
            vector += (c / (double) (mod++ - 1)) * weight;
            max += weight;
            weight *= 0.70;
            if (mod > 12) break;
        }
        return 1 - vector / max;
    }

    static String commify(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String num(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** Text for XML content and attribute values; characters XML cannot hold become '?'. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xfffe || c == 0xffff ? '?' : c);
            }
        }
        return sb.toString();
    }

    private static void append(Appendable out, CharSequence s) {
        try {
            out.append(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script that makes a flame graph interactive: {@code jrecFlameGraph(svgElement, ctrlFSearches)}. */
    public static String script() {
        return SCRIPT;
    }

    /**
     * Click a frame to zoom into it (its ancestors stay, drawn full width); click "Reset Zoom" to go back; "Search"
     * (or Ctrl-F) asks for a regular expression and colors the matching frames, with their share of the total.
     */
    private static final String SCRIPT = """

            function jrecFlameGraph(svg, keys) {
              var frames = svg.querySelectorAll('g.frame');
              var W = %d, PAD = %d, FW = %s, FS = %d;
              var total = +svg.getAttribute('data-total'), unit = svg.getAttribute('data-unit');
              var details = svg.querySelector('text.details'), reset = svg.querySelector('text.reset');
              function r(g) { return g.querySelector('rect'); }
              function orig(g, a) {
                var e = r(g), k = 'data-o' + a;
                if (!e.hasAttribute(k)) e.setAttribute(k, e.getAttribute(a));
                return +e.getAttribute(k);
              }
              function label(g) { return g.querySelector('title').textContent.replace(/ \\([^()]*\\)$/, ''); }
              function fit(g) {
                var t = g.querySelector('text'), w = +r(g).getAttribute('width'), n = Math.floor(w / (FS * FW)), s = label(g);
                if (!t) { t = document.createElementNS('http://www.w3.org/2000/svg', 'text'); g.appendChild(t); }
                t.setAttribute('x', +r(g).getAttribute('x') + 3); t.setAttribute('y', +r(g).getAttribute('y') + 10.5);
                t.textContent = n < 3 ? '' : s.length <= n ? s : s.substring(0, n - 2) + '..';
              }
              function zoom(g) {
                var x = orig(g, 'x'), w = orig(g, 'width'), y = orig(g, 'y'), s = (W - 2 * PAD) / w;
                frames.forEach(function (f) {
                  var fx = orig(f, 'x'), fw = orig(f, 'width'), fy = orig(f, 'y');
                  var inside = fx >= x - 0.0001 && fx + fw <= x + w + 0.0001, below = fy >= y;
                  if (below && fx <= x + 0.0001 && fx + fw >= x + w - 0.0001) {
                    f.classList.remove('hidden'); r(f).setAttribute('x', PAD); r(f).setAttribute('width', W - 2 * PAD); fit(f);
                  } else if (inside && fy < y) {
                    f.classList.remove('hidden'); r(f).setAttribute('x', PAD + (fx - x) * s); r(f).setAttribute('width', fw * s); fit(f);
                  } else { f.classList.add('hidden'); }
                });
                reset.setAttribute('visibility', 'visible');
              }
              function unzoom() {
                frames.forEach(function (f) {
                  f.classList.remove('hidden'); r(f).setAttribute('x', orig(f, 'x')); r(f).setAttribute('width', orig(f, 'width')); fit(f);
                });
                reset.setAttribute('visibility', 'hidden');
              }
              function search() {
                var re = prompt('Frames to find (a regular expression):', '');
                if (re === null) return;
                var m = 0, hit = [];
                frames.forEach(function (f) { f.classList.remove('hit'); });
                if (re === '') { details.textContent = ' '; return; }
                try { re = new RegExp(re); } catch (e) { details.textContent = 'not a regular expression: ' + e.message; return; }
                frames.forEach(function (f) {
                  if (!re.test(label(f))) return;
                  f.classList.add('hit');
                  var x = orig(f, 'x'), w = orig(f, 'width');
                  for (var i = 0; i < hit.length; i++) if (x >= hit[i][0] && x + w <= hit[i][1] + 0.0001) return;
                  hit.push([x, x + w]); m += w;
                });
                details.textContent = 'Matched: ' + (100 * m / (W - 2 * PAD)).toFixed(1) + '%% of ' + total + ' ' + unit;
              }
              frames.forEach(function (f) {
                f.addEventListener('click', function () { zoom(f); });
                f.addEventListener('mouseover', function () { details.textContent = f.querySelector('title').textContent; });
                f.addEventListener('mouseout', function () { details.textContent = ' '; });
              });
              reset.addEventListener('click', unzoom);
              svg.querySelector('text.search').addEventListener('click', search);
              if (keys) window.addEventListener('keydown', function (e) { if (e.ctrlKey && e.key === 'f') { e.preventDefault(); search(); } });
            }
            """.formatted(WIDTH, XPAD, Double.toString(FONT_WIDTH), FONT_SIZE);
}
