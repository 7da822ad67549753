package dev.jrec.analysis.render;

import java.io.PrintWriter;

/** Output formats of {@code jrec report} and {@code jrec query}. */
public enum Format {
    /** For a terminal: BCC's histograms, aligned tables. */
    TEXT,
    /** One header line and a line per row (RFC 4180 quoting), for spreadsheets and scripts. */
    CSV,
    /** One JSON document, for jq and programs. */
    JSON;

    /**
     * @param nullText how text tables show a missing value ({@code -} in reports, {@code NULL} for SQL)
     */
    public Renderer renderer(PrintWriter out, String nullText) {
        return switch (this) {
            case TEXT -> new TextRenderer(out, nullText);
            case CSV -> new CsvRenderer(out);
            case JSON -> new JsonRenderer(out);
        };
    }
}
