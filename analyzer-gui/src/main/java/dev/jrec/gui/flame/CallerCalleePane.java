package dev.jrec.gui.flame;

import dev.jrec.analysis.CallGraph;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * Hotspot's caller/callee (a butterfly): every function with its self and total weight, and for the one selected,
 * the frames that called it and those it called, weighed by the stacks through each call. A double-click on a
 * caller or callee selects that function, so one can walk the graph up and down.
 */
final class CallerCalleePane {
    private final TableView<CallGraph.Function> functions = new TableView<>();
    private final TableView<CallGraph.Call> callers = new TableView<>(), callees = new TableView<>();
    private final Label callersTitle = new Label("Callers"), calleesTitle = new Label("Callees");
    private final SplitPane root;
    private CallGraph graph;
    private String unit = "samples";

    CallerCalleePane() {
        functions.getColumns().setAll(List.of(text("Function", CallGraph.Function::name, 360), weight("Self", CallGraph.Function::self),
                weight("Total", CallGraph.Function::total)));
        functions.getSortOrder().clear();
        for (TableView<CallGraph.Call> t : List.of(callers, callees)) {
            t.getColumns().setAll(List.of(text("Function", CallGraph.Call::name, 320), weight("Weight", CallGraph.Call::weight)));
            t.setPlaceholder(new Label("none"));
            t.setRowFactory(v -> {
                javafx.scene.control.TableRow<CallGraph.Call> row = new javafx.scene.control.TableRow<>();
                row.setOnMouseClicked(e -> {
                    if (e.getClickCount() == 2 && !row.isEmpty()) select(row.getItem().name());
                });
                return row;
            });
        }
        functions.setPlaceholder(new Label("no stacks"));
        functions.getSelectionModel().selectedItemProperty().addListener((o, a, f) -> showCalls(f));
        callersTitle.setPadding(new Insets(2, 4, 2, 4));
        calleesTitle.setPadding(new Insets(2, 4, 2, 4));
        VBox.setVgrow(callers, javafx.scene.layout.Priority.ALWAYS);
        VBox.setVgrow(callees, javafx.scene.layout.Priority.ALWAYS);
        SplitPane calls = new SplitPane(new BorderPane(callers, callersTitle, null, null, null), new BorderPane(callees, calleesTitle, null, null, null));
        calls.setOrientation(Orientation.VERTICAL);
        root = new SplitPane(functions, calls);
        root.setDividerPositions(0.55);
    }

    SplitPane node() {
        return root;
    }

    void show(CallGraph g, String unit) {
        graph = g;
        this.unit = unit;
        functions.setItems(g == null ? FXCollections.observableArrayList() : FXCollections.observableArrayList(g.functions()));
        if (g != null && !functions.getItems().isEmpty()) functions.getSelectionModel().select(0);
        else showCalls(null);
    }

    /** Selects a function by name (a caller's or callee's double-click) and scrolls to it. */
    void select(String name) {
        for (int i = 0; i < functions.getItems().size(); i++) {
            if (functions.getItems().get(i).name().equals(name)) {
                functions.getSelectionModel().select(i);
                functions.scrollTo(i);
                return;
            }
        }
    }

    private void showCalls(CallGraph.Function f) {
        callers.setItems(FXCollections.observableArrayList(f == null || graph == null ? List.of() : graph.callers(f.name())));
        callees.setItems(FXCollections.observableArrayList(f == null || graph == null ? List.of() : graph.callees(f.name())));
        callersTitle.setText(f == null ? "Callers" : "Callers of " + f.name() + " (double-click one to go to it)");
        calleesTitle.setText(f == null ? "Callees" : "Callees of " + f.name());
    }

    private static <T> TableColumn<T, String> text(String title, Function<T, String> f, double width) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(f.apply(x.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /** A weight column that sorts by value and shows the share of the profile's total. */
    private <T> TableColumn<T, Long> weight(String title, java.util.function.ToLongFunction<T> f) {
        TableColumn<T, Long> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(f.applyAsLong(x.getValue())));
        c.setCellFactory(x -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Long v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null || graph == null ? null : CallTreeTable.weight(v, unit, graph.total()));
            }
        });
        c.setStyle("-fx-alignment: CENTER-RIGHT;");
        c.setPrefWidth(165);
        return c;
    }

    TableView<CallGraph.Function> functions() {
        return functions;
    }

    TableView<CallGraph.Call> callers() {
        return callers;
    }

    TableView<CallGraph.Call> callees() {
        return callees;
    }
}
