package dev.jrec.gui.flame;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ObservableList;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;

/**
 * A call tree as Hotspot's and JMC's top-down and bottom-up views show it: a row per frame with its total and self
 * weight and their share of the whole, children the heaviest first, built as rows are opened (a profile's tree can
 * have hundreds of thousands of nodes). Top-down is the flame graph's tree; bottom-up is the tree of the stacks
 * turned leaf first, so its roots are where the time went and their children who called them.
 */
final class CallTreeTable {
    private final TreeTableView<Integer> table = new TreeTableView<>();
    private FlameTree tree;
    private String unit = "samples";

    /** @param withSelf a self column: a top-down tree's; in a bottom-up one every frame but the tasks would show 0 */
    CallTreeTable(boolean withSelf) {
        TreeTableColumn<Integer, String> name = new TreeTableColumn<>("Function");
        name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(tree == null ? "" : tree.names[c.getValue().getValue()]));
        name.setPrefWidth(520);
        TreeTableColumn<Integer, Long> total = weightColumn("Total", i -> tree.weight[i]);
        TreeTableColumn<Integer, Long> self = weightColumn("Self", this::self);
        table.getColumns().setAll(withSelf ? List.of(name, total, self) : List.of(name, total));
        table.setShowRoot(true);
        table.setPlaceholder(new javafx.scene.control.Label("no stacks"));
    }

    TreeTableView<Integer> node() {
        return table;
    }

    void show(FlameTree t, String unit) {
        tree = t;
        this.unit = unit;
        if (t == null) {
            table.setRoot(null);
            return;
        }
        TreeItem<Integer> root = item(0);
        root.setExpanded(true);
        table.setRoot(root);
    }

    /** The weight in a node not in its children: where the stack ended, in that frame. */
    long self(int i) {
        long children = 0;
        for (int c : children(i)) children += tree.weight[c];
        return tree.weight[i] - children;
    }

    private List<Integer> children(int i) {
        List<Integer> out = new ArrayList<>();
        for (int c = i + 1; c < tree.end[i]; c = tree.end[c]) out.add(c);
        return out;
    }

    private TreeItem<Integer> item(int node) {
        return new TreeItem<>(node) {
            private boolean built;

            @Override
            public boolean isLeaf() {
                return tree.end[node] == node + 1;
            }

            @Override
            public ObservableList<TreeItem<Integer>> getChildren() {
                if (!built) {
                    built = true;
                    List<Integer> kids = children(node);
                    kids.sort((a, b) -> Long.compare(tree.weight[b], tree.weight[a]));
                    List<TreeItem<Integer>> items = new ArrayList<>(kids.size());
                    for (int k : kids) items.add(item(k));
                    super.getChildren().setAll(items);
                }
                return super.getChildren();
            }
        };
    }

    private TreeTableColumn<Integer, Long> weightColumn(String title, java.util.function.IntToLongFunction w) {
        TreeTableColumn<Integer, Long> c = new TreeTableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(tree == null ? 0L : w.applyAsLong(x.getValue().getValue())));
        c.setCellFactory(x -> new javafx.scene.control.TreeTableCell<>() {
            @Override
            protected void updateItem(Long v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null || tree == null ? null : weight(v, unit, tree.total()));
            }
        });
        c.setStyle("-fx-alignment: CENTER-RIGHT;");
        c.setPrefWidth(150);
        return c;
    }

    /** A weight with its share of the total: "1,234 (12.3 %)" samples, or a duration for microseconds. */
    static String weight(long v, String unit, long total) {
        String amount = unit.equals("samples") ? String.format(Locale.ROOT, "%,d", v) : dev.jrec.gui.Units.duration(v * 1000.0);
        return String.format(Locale.ROOT, "%s  %5.1f %%", amount, total == 0 ? 0.0 : 100.0 * v / total);
    }
}
