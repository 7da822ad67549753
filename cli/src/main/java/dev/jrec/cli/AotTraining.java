package dev.jrec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run the JDK's AOT cache is made from (JEP 483/514/515: classes loaded and linked, method
 * profiles), run by the build with {@code -XX:AOTCacheOutput}: a short real recording, then what users run
 * on its capture. Without root it trains what it can (parsing, the capture reader) and says so. Launch to
 * attached is a figure users see (bench/startup.sh); class loading and linking were a third of it.
 *
 * <pre>java -XX:AOTCacheOutput=jrec.aot -cp ... dev.jrec.cli.AotTraining [SCRATCH_DIR]</pre>
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        Path parent = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        Path dir = Files.createTempDirectory(parent, "jrec-aot-training");
        PrintWriter quiet = new PrintWriter(Writer.nullWriter(), true);
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            String capture = dir.resolve("training.parquet").toString();
            int rc = Jrec.run(quiet, err, "record", "-d", "1s", "--events", "sched,proc,block,syscall", "-o", capture);
            if (rc != 0) {
                System.err.println("jrec: AOT training recorded nothing (exit " + rc + ": the line above says why);"
                        + " the cache covers start-up and reading only");
                capture = null;
            }
            Jrec.run(quiet, quiet, "record", "--help");
            if (capture != null) {
                Jrec.run(quiet, err, "info", capture);
                if (Subcommands.fullEdition()) Jrec.run(quiet, err, "report", capture, "summary");
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
