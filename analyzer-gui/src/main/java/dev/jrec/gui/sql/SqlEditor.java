package dev.jrec.gui.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * The SQL console's editor: keywords, strings, numbers, comments and the capture's view names in their own colours,
 * and Ctrl+Space completing the word at the caret from the views, their columns (after {@code view.} only that
 * view's) and SQL keywords, as a database IDE does.
 */
final class SqlEditor {
    static final Set<String> KEYWORDS = Set.of("select", "from", "where", "group", "by", "order", "limit", "having", "join", "left", "right",
            "inner", "outer", "full", "cross", "on", "using", "as", "and", "or", "not", "in", "is", "null", "between", "like", "ilike", "glob",
            "case", "when", "then", "else", "end", "with", "union", "all", "distinct", "asc", "desc", "over", "partition", "window", "qualify",
            "filter", "cast", "true", "false", "exists", "interval", "offset", "values", "asof", "lateral", "unnest", "describe", "summarize",
            "count", "sum", "avg", "min", "max", "quantile_cont", "arg_max", "arg_min", "list", "string_agg", "coalesce", "round");
    private static final Pattern TOKENS = Pattern.compile(
            "(?<COMMENT>--[^\\n]*|/\\*(.|\\R)*?\\*/)|(?<STRING>'([^']|'')*'?)|(?<NUMBER>\\b\\d+(\\.\\d+)?([eE][+-]?\\d+)?\\b)|(?<WORD>[A-Za-z_][A-Za-z_0-9]*)");

    private final CodeArea area = new CodeArea();
    private final ContextMenu completions = new ContextMenu();
    /** View → its columns, in the capture open now; the views are known without a capture. */
    private final Map<String, List<String>> columns = new TreeMap<>();

    SqlEditor(Collection<String> views, String text) {
        for (String v : views) columns.put(v, List.of());
        area.getStyleClass().add("sql-editor");
        area.textProperty().addListener((o, a, b) -> area.setStyleSpans(0, highlight(b)));
        area.replaceText(text);
        area.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.SPACE && e.isControlDown()) {
                complete();
                e.consume();
            }
        });
    }

    CodeArea node() {
        return area;
    }

    String getText() {
        return area.getText();
    }

    void setText(String s) {
        area.replaceText(s);
    }

    void insertAtCaret(String s) {
        area.insertText(area.getCaretPosition(), s);
    }

    /** The columns of each view, read from the capture's catalog; completion offers them from then on. */
    void columns(Map<String, List<String>> byView) {
        columns.putAll(byView);
    }

    /** The style classes of {@code text}: sql-keyword, sql-string, sql-number, sql-comment, sql-view. */
    StyleSpans<Collection<String>> highlight(String text) {
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        Matcher m = TOKENS.matcher(text);
        int last = 0;
        while (m.find()) {
            String cls = m.group("COMMENT") != null ? "sql-comment" : m.group("STRING") != null ? "sql-string" : m.group("NUMBER") != null ? "sql-number"
                    : KEYWORDS.contains(m.group("WORD").toLowerCase(Locale.ROOT)) ? "sql-keyword" : columns.containsKey(m.group("WORD")) ? "sql-view" : null;
            if (cls == null) continue;
            b.add(List.of(), m.start() - last);
            b.add(List.of(cls), m.end() - m.start());
            last = m.end();
        }
        b.add(List.of(), text.length() - last);
        return b.create();
    }

    /** What completes the word before the caret: after {@code view.} that view's columns, else views, columns and keywords. */
    List<String> candidates(String textBeforeCaret) {
        Matcher m = Pattern.compile("(?:([A-Za-z_][A-Za-z_0-9]*)\\.)?([A-Za-z_][A-Za-z_0-9]*)?$").matcher(textBeforeCaret);
        if (!m.find()) return List.of();
        String qualifier = m.group(1), prefix = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        Set<String> all = new TreeSet<>();
        if (qualifier != null && columns.containsKey(qualifier)) {
            all.addAll(columns.get(qualifier));
        } else {
            all.addAll(columns.keySet());
            for (List<String> cs : columns.values()) all.addAll(cs);
            if (!prefix.isEmpty()) for (String k : KEYWORDS) all.add(k.toUpperCase(Locale.ROOT));
        }
        List<String> out = new ArrayList<>();
        for (String c : all) if (c.toLowerCase(Locale.ROOT).startsWith(prefix) && !c.equalsIgnoreCase(prefix)) out.add(c);
        return out;
    }

    /** Shows the candidates under the caret; one of them alone is inserted at once. */
    void complete() {
        String before = area.getText(0, area.getCaretPosition());
        List<String> c = candidates(before);
        Matcher m = Pattern.compile("[A-Za-z_0-9]*$").matcher(before);
        int typed = m.find() ? m.group().length() : 0;
        if (c.size() == 1) {
            area.insertText(area.getCaretPosition(), c.getFirst().substring(typed));
            return;
        }
        completions.getItems().clear();
        for (String s : c.subList(0, Math.min(c.size(), 40))) {
            CustomMenuItem item = new CustomMenuItem(new Label(s), true);
            item.setOnAction(e -> area.insertText(area.getCaretPosition(), s.substring(typed)));
            completions.getItems().add(item);
        }
        if (completions.getItems().isEmpty()) return;
        area.getCaretBounds().ifPresent(bounds -> completions.show(area, bounds.getMinX(), bounds.getMaxY()));
    }
}
