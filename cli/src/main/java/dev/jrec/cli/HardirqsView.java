package dev.jrec.cli;

import dev.jrec.analysis.Grouping;

/** hardirqs: per hard IRQ handler name. */
final class HardirqsView extends IrqView {
    @Override
    Grouping handlers() {
        return Grouping.HARDIRQ;
    }
}
