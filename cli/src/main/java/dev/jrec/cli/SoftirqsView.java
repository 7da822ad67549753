package dev.jrec.cli;

import dev.jrec.analysis.Grouping;

/** softirqs: per softirq vector. */
final class SoftirqsView extends IrqView {
    @Override
    Grouping handlers() {
        return Grouping.SOFTIRQ;
    }
}
