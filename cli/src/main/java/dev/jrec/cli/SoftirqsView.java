package dev.jrec.cli;

/** softirqs: per softirq vector. */
final class SoftirqsView extends IrqView {
    @Override
    String handlers() {
        return "softirq";
    }
}
