package dev.jrec.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

/**
 * A report's notes on the capture (events lost, filters it was recorded with) go to stderr before the report's
 * first output, not before its options are checked: a usage error found while the view starts then stands alone,
 * and a note never follows the lines it qualifies. Wraps the report's stdout; {@link #show} prints the notes if
 * nothing did yet (an empty report, or just before a message on stderr).
 */
final class NotesFirst extends PrintWriter {
    private final PrintWriter err;
    private List<String> notes;

    NotesFirst(Writer out, PrintWriter err, List<String> notes) {
        super(out);
        this.err = err;
        this.notes = notes;
    }

    void show() {
        if (notes == null) return;
        for (String note : notes) err.println("jrec: note: " + note);
        err.flush();
        notes = null;
    }

    @Override
    public void write(int c) {
        show();
        super.write(c);
    }

    @Override
    public void write(char[] buf, int off, int len) {
        show();
        super.write(buf, off, len);
    }

    @Override
    public void write(String s, int off, int len) {
        show();
        super.write(s, off, len);
    }
}
