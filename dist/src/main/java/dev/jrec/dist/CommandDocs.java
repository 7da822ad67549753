package dev.jrec.dist;

import dev.jrec.cli.Jrec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Build time: writes the man page ({@code jrec.1}, roff) and the bash completion ({@code jrec.bash}) from the real
 * picocli command tree, so both list exactly the commands and options that {@code jrec --help} does.
 *
 * <p>{@code CommandDocs VERSION OUT_DIR}
 */
public final class CommandDocs {
    private CommandDocs() {}

    public static void main(String[] args) throws IOException {
        String version = args[0];
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        Files.writeString(out.resolve("jrec.bash"), AutoComplete.bash("jrec", commandLine()));
        Files.writeString(out.resolve("jrec.1"), manPage(commandLine(), version));
    }

    /** Every command, with the full edition on the class path; colors off, for text files. */
    static CommandLine commandLine() {
        CommandLine cl = Jrec.commandTree();
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));
        return cl;
    }

    static String manPage(CommandLine cl, String version) {
        StringBuilder m = new StringBuilder();
        CommandSpec root = cl.getCommandSpec();
        String date = LocalDate.now(ZoneOffset.UTC).toString();
        m.append(".\\\" Generated at build time from jrec's command tree by dev.jrec.dist.CommandDocs; do not edit.\n");
        m.append(".TH JREC 1 \"").append(date).append("\" \"jrec ").append(version).append("\" \"User Commands\"\n");
        m.append(".SH NAME\njrec \\- Linux flight recorder: records kernel events with eBPF into one Parquet capture, and analyzes captures\n");
        m.append(".SH SYNOPSIS\n");
        for (String name : commandNames(cl)) {
            m.append(".B jrec ").append(escape(name)).append("\n").append("[\\fIOPTIONS\\fR] ...\n.br\n");
        }
        m.append(".B jrec open\n[\\fICAPTURE\\fR]\n");
        m.append(".SH DESCRIPTION\n");
        verbatimOrText(m, descriptionLines(root));
        m.append(".PP\nThe recording edition holds record, info, recover, symbolize and probes; the analysis commands (views, report, query, "
                + "export) and the workbench (open) are in the full edition, where they run anywhere without root.\n");
        m.append(".SH COMMANDS\n");
        for (String name : commandNames(cl)) command(m, cl.getSubcommands().get(name), "jrec");
        m.append(".SS \"jrec open [CAPTURE]\"\n");
        m.append("The workbench (full edition only): a desktop app with the overview, latency histograms, flame graphs, an incident timeline "
                + "and SQL over a capture. It needs a display (DISPLAY or WAYLAND_DISPLAY; ssh \\-X works) and the host's GTK 3 and OpenGL "
                + "libraries. After its first session, a training session in the background writes an AOT cache to \\fI${XDG_CACHE_HOME:\\-$HOME/.cache}/jrec/\\fR that later sessions start from.\n");
        m.append(".SH EXIT STATUS\n");
        verbatimOrText(m, footerLines(root));
        m.append(".PP\nrecord has its own list in its section above.\n");
        m.append(".SH ENVIRONMENT\n");
        m.append(".TP\n.B JREC_JAVA_OPTS\nextra options for the Java virtual machine, after jrec's own (e.g. \\-Xmx2g for a large analysis).\n");
        m.append(".TP\n.B JREC_DUCKDB_MEMORY\nmemory limit of the analysis engine (DuckDB), e.g. 4GB (default: a quarter of the RAM, at most 1 GiB).\n");
        m.append(".TP\n.B JREC_DUCKDB_TEMP\nwhere the analysis engine spills past its limit (default: java.io.tmpdir).\n");
        m.append(".SH FILES\n");
        m.append(".TP\n.I lib/jrec.aot\nthe JVM's AOT cache of jrec's classes (JEP 483), beside the jars; a JVM or jar that does not match it is not an error, the cache is then not used.\n");
        m.append(".TP\n.I lib/native/libbpf.so.1\nlibbpf, bundled: it needs glibc 2.28 or later, libelf.so.1 and libz.so.1 on the host.\n");
        m.append(".SH SEE ALSO\n.BR bpftrace (8),\n.BR perf (1),\n.BR duckdb (1)\n");
        return m.toString();
    }

    /** The top-level commands, record first (it is added last, by instance), then as --help lists them. */
    private static List<String> commandNames(CommandLine cl) {
        List<String> names = new ArrayList<>(List.of("record"));
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().usageMessage().hidden() || sub.getCommandName().equals("help") || names.contains(sub.getCommandName())) continue;
            names.add(sub.getCommandName());
        }
        return names;
    }

    private static void command(StringBuilder m, CommandLine c, String parent) {
        CommandSpec spec = c.getCommandSpec();
        String name = parent + " " + c.getCommandName();
        m.append(".SS \"").append(escape(name)).append("\"\n");
        String synopsis = c.getHelp().synopsis(0).strip().replaceFirst("^Usage: ", "").replaceAll("\\s+", " ");
        String rest = synopsis.startsWith(name) ? synopsis.substring(name.length()).strip() : synopsis;
        m.append("\\fB").append(escape(name)).append("\\fR ").append(escape(rest)).append("\n.PP\n");
        verbatimOrText(m, descriptionLines(spec));
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.hidden()) continue;
            m.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n");
            m.append(escapeLine(String.join(" ", description(p)))).append("\n");
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) continue;
            m.append(".TP\n");
            List<String> names = new ArrayList<>();
            for (String n : o.names()) names.add("\\fB" + escape(n) + "\\fR");
            m.append(String.join(", ", names));
            if (o.arity().max() > 0) m.append("=\\fI").append(escape(o.paramLabel())).append("\\fR");
            m.append("\n");
            List<String> d = description(o);
            m.append(escapeLine(String.join(" ", d))).append("\n");
        }
        List<String> footer = footerLines(spec);
        if (!footer.isEmpty() && !footer.equals(footerLines(rootSpec(spec)))) {
            m.append(".PP\n");
            verbatimOrText(m, footer);
        }
        for (CommandLine sub : c.getSubcommands().values()) {
            if (sub.getCommandSpec().usageMessage().hidden() || sub.getCommandName().equals("help")) continue;
            command(m, sub, name);
        }
    }

    private static CommandSpec rootSpec(CommandSpec s) {
        while (s.parent() != null) s = s.parent();
        return s;
    }

    private static final Pattern MARKUP = Pattern.compile("@\\|\\S+ (.*?)\\|@");

    /** An option's description, with picocli's variables and markup rendered as --help renders them. */
    private static List<String> description(ArgSpec a) {
        List<String> out = new ArrayList<>();
        for (String line : a.description()) {
            String l = line.replace("${DEFAULT-VALUE}", String.valueOf(a.defaultValueString()));
            if (a.completionCandidates() != null) {
                List<String> cands = new ArrayList<>();
                a.completionCandidates().forEach(cands::add);
                l = l.replace("${COMPLETION-CANDIDATES}", String.join(", ", cands));
            }
            out.add(MARKUP.matcher(l).replaceAll("$1"));
        }
        return out;
    }

    private static List<String> descriptionLines(CommandSpec spec) {
        List<String> out = new ArrayList<>();
        for (String l : spec.usageMessage().description()) out.add(MARKUP.matcher(l).replaceAll("$1"));
        return out;
    }

    private static List<String> footerLines(CommandSpec spec) {
        List<String> out = new ArrayList<>();
        for (String f : spec.usageMessage().footer()) out.addAll(f.lines().toList());
        while (!out.isEmpty() && out.getFirst().isBlank()) out.removeFirst();
        return out;
    }

    /**
     * Help text as written for a terminal: lines indented (examples, tables) are kept as they are; the others are
     * joined into paragraphs that man reflows.
     */
    private static void verbatimOrText(StringBuilder m, List<String> lines) {
        boolean verbatim = false;
        StringBuilder para = new StringBuilder();
        for (String l : lines) {
            boolean indented = l.startsWith(" ");
            if (l.isBlank() || indented != verbatim) {
                flush(m, para, verbatim);
                if (l.isBlank()) {
                    m.append(".PP\n");
                    continue;
                }
                verbatim = indented;
            }
            if (verbatim) para.append(escapeLine(l)).append("\n");
            else para.append(para.isEmpty() ? "" : " ").append(l.strip());
        }
        flush(m, para, verbatim);
    }

    private static void flush(StringBuilder m, StringBuilder para, boolean verbatim) {
        if (para.isEmpty()) return;
        if (verbatim) m.append(".nf\n").append(para).append(".fi\n");
        else m.append(escapeLine(para.toString())).append("\n");
        para.setLength(0);
    }

    /** roff: backslashes, minus signs (so options copy and paste), and a leading dot or quote. */
    static String escape(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }

    static String escapeLine(String s) {
        String e = escape(s);
        return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
    }

}
