package dev.jrec.cli;

/** hardirqs: per hard IRQ handler name. */
final class HardirqsView extends IrqView {
    @Override
    String handlers() {
        return "hardirq";
    }
}
