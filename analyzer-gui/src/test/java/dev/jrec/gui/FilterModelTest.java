package dev.jrec.gui;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.analysis.Filter;
import java.util.List;
import javafx.scene.input.KeyCombination;
import org.junit.jupiter.api.Test;

/** Back and forward through the filters, as in a browser; and the workbench's Alt+←/→ reach them. */
class FilterModelTest {
    @Test
    void backAndForwardWalkTheFiltersAndANewOneDropsWhatWasForward() {
        FilterModel m = new FilterModel();
        m.reset(0);
        assertFalse(m.canBack().get());
        m.window(1_000_000, 2_000_000);
        m.window(1_500_000, 1_800_000);
        m.comm("svc*");
        Filter third = m.get();
        assertTrue(m.back());
        assertEquals(Filter.ALL.window(1_500_000, 1_800_000), m.get());
        assertTrue(m.back());
        assertEquals(Filter.ALL.window(1_000_000, 2_000_000), m.get());
        assertTrue(m.canForward().get());
        assertTrue(m.forward());
        assertTrue(m.forward());
        assertEquals(third, m.get());
        assertFalse(m.forward(), "nothing forward of the newest");
        m.back();
        m.pids(List.of(42));
        assertFalse(m.canForward().get(), "a new filter after going back drops what was forward, as a browser does");
        assertEquals(List.of(42), m.get().pids());
        m.back();
        m.back();
        m.back();
        assertEquals(Filter.ALL, m.get());
        assertFalse(m.back(), "nothing before the capture opened");
        m.reset(0);
        assertFalse(m.canForward().get(), "another capture starts a new history");
    }

    @Test
    void repeatingTheSameFilterIsNotAStep() {
        FilterModel m = new FilterModel();
        m.reset(0);
        m.window(1_000_000, 2_000_000);
        m.window(1_000_000, 2_000_000);
        m.back();
        assertEquals(Filter.ALL, m.get());
    }

    @Test
    void altArrowsGoBackAndForwardInTheWorkbench() throws Exception {
        WorkbenchWindow w = Workbenches.open(Fx.sample("cpu-contention"));
        try {
            long start = w.capture().startNs();
            Fx.run(() -> w.filter().window(start + 1_000_000_000L, start + 2_000_000_000L));
            Fx.run(() -> w.filter().window(start + 1_200_000_000L, start + 1_300_000_000L));
            Fx.run(() -> w.stage().getScene().getAccelerators().get(KeyCombination.keyCombination("Alt+Left")).run());
            assertEquals(start + 2_000_000_000L, (long) Fx.call(() -> w.filter().get().toNs()), "Alt+← is the range before");
            Fx.run(() -> w.stage().getScene().getAccelerators().get(KeyCombination.keyCombination("Alt+Right")).run());
            assertEquals(start + 1_300_000_000L, (long) Fx.call(() -> w.filter().get().toNs()), "Alt+→ the one after");
            Fx.settle(w);
        } finally {
            Workbenches.close(w);
        }
    }
}
