package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The postmortem page of a capture ({@code jrec export --as html}) and one of its sections, checked to be in its menu. */
final class HtmlSection {
    private HtmlSection() {}

    /** Exports capture to html and returns the section {@code id}'s markup. */
    static String of(String capture, Path html, String id) throws Exception {
        ReportCommandTest.Run r = ReportCommandTest.jrec("export", capture, "--as", "html", "-o", html.toString());
        assertEquals(0, r.code(), r.err());
        String page = Files.readString(html);
        int at = page.indexOf("<section id=\"" + id + "\">");
        assertTrue(at > 0 && page.contains("<a href=\"#" + id + "\">"), "a section " + id + ", in the page's menu");
        return page.substring(at, page.indexOf("</section>", at));
    }
}
