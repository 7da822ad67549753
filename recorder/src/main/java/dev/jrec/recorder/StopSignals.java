package dev.jrec.recorder;

import java.io.PrintWriter;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM finish the capture cleanly instead of killing the JVM; a second Ctrl-C
 * while finishing exits at once, leaving the closed segments for 'jrec recover'.
 */
final class StopSignals {
    private StopSignals() {}

    static void install(Recorder recorder, PrintWriter err) {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), new sun.misc.SignalHandler() {
                private int count;

                @Override
                public void handle(Signal sig) {
                    if (++count == 1) {
                        err.printf("%njrec: SIG%s: finishing the capture (again to abandon it)%n", name);
                        err.flush();
                        recorder.requestStop("signal");
                    } else {
                        err.printf("%njrec: abandoned; closed segments are kept: run 'jrec recover' on the output%n");
                        err.flush();
                        Runtime.getRuntime().halt(130);
                    }
                }
            });
        }
    }
}
