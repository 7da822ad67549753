package dev.jrec.gui.flame;

import dev.jrec.analysis.WallClock;
import dev.jrec.analysis.Analysis;
import dev.jrec.analysis.Filter;
import dev.jrec.analysis.MissingSourceException;
import dev.jrec.analysis.Reports;
import dev.jrec.analysis.StackProfile;
import dev.jrec.formats.read.CaptureMetadata;
import java.sql.SQLException;

/** The flame graphs the workbench draws: each stack view of the analysis layer, and on- plus off-CPU as wall clock. */
public enum Graph {
    ON_CPU("On-CPU (profile)", StackProfile.Kind.PROFILE),
    OFF_CPU("Off-CPU (offcputime)", StackProfile.Kind.OFFCPU),
    WAKER("Blocked time by waker (wakeuptime)", StackProfile.Kind.WAKEUP),
    FAULTS("Page faults (faultstacks)", StackProfile.Kind.FAULT),
    WALL_CLOCK("Wall clock: on CPU, off CPU, runnable", null);

    final String label;
    /** The stack view it shows; null for the wall clock, which combines two. */
    final StackProfile.Kind kind;

    Graph(String label, StackProfile.Kind kind) {
        this.label = label;
        this.kind = kind;
    }

    /** Whether the capture recorded what the graph needs. */
    boolean available(CaptureMetadata md) {
        if (this == WALL_CLOCK) return ON_CPU.available(md) && OFF_CPU.available(md) && WallClock.sampleHz(md) > 0;
        return Analysis.recorded(md, Analysis.ofStacks(kind).source());
    }

    StackProfile load(Reports r, Filter f) throws SQLException, MissingSourceException {
        if (this != WALL_CLOCK) return r.stacks(kind, f);
        return WallClock.combine(r.stacks(StackProfile.Kind.PROFILE, f), r.stacks(StackProfile.Kind.OFFCPU, f), r.runnableStacks(f), WallClock.sampleHz(r.metadata()));
    }

    /** What the weights count: samples, or microseconds. */
    String unit() {
        return this == WALL_CLOCK ? "microseconds" : kind.unit;
    }

    String title() {
        return this == WALL_CLOCK ? "wall-clock (on CPU, off CPU and runnable time)" : kind.title;
    }

    @Override
    public String toString() {
        return label;
    }
}
