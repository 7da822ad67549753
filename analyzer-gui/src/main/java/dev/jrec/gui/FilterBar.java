package dev.jrec.gui;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** The current filter, always in sight, with fields for processes and comm, and one button to clear it all. */
final class FilterBar extends HBox {
    private final Label text = new Label();
    private final TextField pids = new TextField();
    private final TextField comm = new TextField();
    private final Label error = new Label();
    /** What the comm filter kept, from the capture (a thread's comm or its process's name matches). */
    private final Label matched = new Label();

    FilterBar(FilterModel model) {
        super(8);
        getStyleClass().add("filter-bar");
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(4, 8, 4, 8));
        pids.setPromptText("pids, e.g. 42,4711");
        pids.setPrefColumnCount(10);
        comm.setPromptText("comm or glob, e.g. kworker*");
        comm.setPrefColumnCount(12);
        pids.setOnAction(e -> applyPids(model));
        comm.setOnAction(e -> model.comm(comm.getText()));
        Button clear = new Button("Clear filter");
        clear.setOnAction(e -> model.clear());
        Button clearTime = new Button("Clear time range");
        clearTime.setOnAction(e -> model.clearWindow());
        text.getStyleClass().add("filter-text");
        error.getStyleClass().add("error-text");
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        getChildren().addAll(new Label("Filter:"), text, error, new Label("pid"), pids, new Label("comm"), comm, matched, clearTime, clear);
        model.property().addListener((o, a, f) -> {
            text.setText(model.describe());
            pids.setText(String.join(",", f.pids().stream().map(String::valueOf).toList()));
            comm.setText(f.comm() == null ? "" : f.comm());
            clear.setDisable(model.isEmpty());
            clearTime.setDisable(!f.windowed());
            pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("active"), !model.isEmpty());
        });
        text.setText(model.describe());
        clear.setDisable(true);
        clearTime.setDisable(true);
    }

    /** Says what the comm filter kept, e.g. "1 process, 4 threads: svc (4)"; null clears it. */
    void commMatched(String what) {
        matched.setText(what == null ? "" : what);
        // the theme's error colour, as the filter's own errors; else drawn as the filter is (bold once active)
        matched.getStyleClass().setAll("label", dev.jrec.analysis.Reports.MATCHES_NOTHING.equals(what) ? "error-text" : "filter-text");
    }

    String commMatched() {
        return matched.getText();
    }

    private void applyPids(FilterModel model) {
        List<Integer> out = new ArrayList<>();
        for (String s : pids.getText().split("[,\\s]+")) {
            if (s.isBlank()) continue;
            try {
                out.add(Integer.parseInt(s.strip()));
            } catch (NumberFormatException e) {
                error.setText("'" + s + "' is not a pid");
                return;
            }
        }
        error.setText("");
        model.pids(out);
    }
}
