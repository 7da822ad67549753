package dev.jrec.cli;

import dev.jrec.recorder.Recorder;
import java.io.PrintWriter;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM finish the capture cleanly instead of killing the JVM; a second Ctrl-C
 * while finishing exits at once, leaving the closed segments for 'jrec recover'.
 */
final class StopSignals {
    private StopSignals() {}

    private static final long SIG_DFL = 0;

    /**
     * A shell starts a script's background jobs with SIGINT ignored, and the JVM then quietly declines to
     * handle it: `kill -INT` from a script would not stop the recording. perf resets it too.
     */
    private static void unignore(int signal) {
        try {
            java.lang.foreign.Linker linker = java.lang.foreign.Linker.nativeLinker();
            java.lang.invoke.MethodHandle signalFn = linker.downcallHandle(linker.defaultLookup().findOrThrow("signal"),
                    java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_LONG,
                            java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.JAVA_LONG));
            long unused = (long) signalFn.invokeExact(signal, SIG_DFL);
        } catch (Throwable t) {
            // without it only a signal the shell ignored stays ignored; Ctrl-C and SIGTERM still work
        }
    }

    static void install(Recorder recorder, PrintWriter err) {
        for (String name : new String[] {"INT", "TERM"}) {
            unignore(new Signal(name).getNumber());
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
