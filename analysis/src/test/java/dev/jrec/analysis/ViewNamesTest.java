package dev.jrec.analysis;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.ViewNames;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The one table of renamed fields (ViewNames) is what the views do, what the reader reads, and what docs/format.md shows. */
class ViewNamesTest {
    private static final Pattern KIND_VIEW = Pattern.compile(
            "CREATE OR REPLACE VIEW \\w+ AS\\s+SELECT (.*?)\\s+FROM capture_rows WHERE kind (?:= '(\\w+)'|IN \\(([^)]*)\\))", Pattern.DOTALL);
    private static final Pattern RENAME = Pattern.compile("(\\w+) AS (\\w+)");

    /** Kind → column → alias, for every select item of a view over one kind's rows that only renames a union column. */
    static Map<EventKind, Map<Column, String>> renamedByViews() {
        Map<EventKind, Map<Column, String>> out = new EnumMap<>(EventKind.class);
        for (String module : CaptureDb.MODULES) {
            for (Matcher v = KIND_VIEW.matcher(CaptureDb.module(module)); v.find(); ) {
                List<String> kinds = v.group(2) != null ? List.of(v.group(2)) : List.of(v.group(3).replace("'", "").split(",\\s*"));
                Map<Column, String> names = new LinkedHashMap<>();
                for (String item : items(v.group(1))) {
                    Matcher r = RENAME.matcher(item.strip());
                    if (r.matches() && !r.group(1).equals(r.group(2))) names.put(Column.valueOf(r.group(1).toUpperCase(Locale.ROOT)), r.group(2));
                }
                if (names.isEmpty()) continue;
                for (String k : kinds) assertNull(out.put(EventKind.byId(k.strip()), names), "two views rename the columns of " + k);
            }
        }
        return out;
    }

    /** The items of a select list: commas outside parentheses. */
    private static List<String> items(String list) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0) {
                out.add(list.substring(start, i));
                start = i + 1;
            }
        }
        out.add(list.substring(start));
        return out;
    }

    @Test
    void theViewsRenameWhatTheTableSays() {
        assertEquals(ViewNames.RENAMED, renamedByViews());
    }

    /** The reader's value of a union column is the view's value of its name, row by row. */
    @Test
    void theReaderAndTheViewsAgreeOnEachRenamedField() throws Exception {
        var path = SampleCapturesTest.capture("cpu-contention");
        List<CapturedEvent> switches = new ArrayList<>();
        try (Capture c = Capture.open(path); var events = c.events(EventFilter.kinds(EventKind.SCHED_SWITCH))) {
            for (CapturedEvent e : events) if (switches.size() < 50) switches.add(e);
        }
        Map<Column, String> renamed = ViewNames.RENAMED.get(EventKind.SCHED_SWITCH);
        try (CaptureDb db = CaptureDb.open(path)) {
            for (CapturedEvent e : switches) {
                String cols = String.join(", ", renamed.values());
                List<Object> row = SampleCapturesTest.rows(db, "SELECT " + cols + " FROM sched_switch WHERE ts = " + e.ts() + " AND cpu = " + e.getInt(Column.CPU)).getFirst();
                int i = 0;
                for (Column c : renamed.keySet()) {
                    Object view = row.get(i++);
                    Object reader = e.getValue(c);
                    assertEquals(plain(reader), plain(view),
                            c + " of the sched_switch at " + e.ts() + " is " + ViewNames.of(EventKind.SCHED_SWITCH, c) + " in the view");
                }
            }
        }
        assertFalse(switches.isEmpty());
    }

    private static Object plain(Object v) {
        return v instanceof Number n ? (Object) n.longValue() : v;
    }

    @Test
    void docsShowTheTable() throws Exception {
        StringBuilder table = new StringBuilder("| kind | column in the file and the reader | name in the views |\n|---|---|---|\n");
        ViewNames.RENAMED.forEach((k, names) -> names.forEach((c, n) ->
                table.append("| ").append(k.id()).append(" | ").append(c.name().toLowerCase(Locale.ROOT)).append(" | ").append(n).append(" |\n")));
        String doc = Files.readString(FormatDocTest.DOC);
        assertTrue(doc.contains(table), "docs/format.md section 11 shows ViewNames.RENAMED as:\n" + table);
    }
}
