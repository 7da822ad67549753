package dev.jrec.symbols;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A C program whose stacks are known: it waits for a line on stdin, burns
 * 1 s of CPU time in burn_cpu_here(), then sleeps in block_here() with
 * usleep(200000) three times, prints "cpu SECONDS" (the CPU time burn_cpu_here took) and exits. Built with frame pointers.
 */
public final class StackWorkload {
    private StackWorkload() {}

    static final String SOURCE = """
            #include <stdio.h>
            #include <time.h>
            #include <unistd.h>

            volatile unsigned long sink;

            static double cpu_now(void)
            {
            	struct timespec t;
            	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
            	return t.tv_sec + t.tv_nsec / 1e9;
            }

            /* Burns secs of CPU time (not wall time: the machine may be busy). */
            __attribute__((noinline)) void burn_cpu_here(double secs)
            {
            	double end = cpu_now() + secs;
            	unsigned long x = 1;
            	while (cpu_now() < end)
            		for (int i = 0; i < 200000; i++)
            			x = x * 31 + (unsigned long)i;
            	sink = x;
            }

            __attribute__((noinline)) void block_here(void)
            {
            	for (int i = 0; i < 3; i++)
            		usleep(200000);
            	sink++;
            }

            int main(void)
            {
            	char line[16];
            	if (!fgets(line, sizeof(line), stdin))
            		return 1;
            	double t0 = cpu_now();
            	burn_cpu_here(1.0);
            	double burnt = cpu_now() - t0;
            	block_here();
            	printf("cpu %.6f\\n", burnt);
            	return 0;
            }
            """;

    /** Compiles the program into dir (once per dir) and returns the executable. */
    public static synchronized Path build(Path dir) {
        Path exe = dir.resolve("stackprog");
        if (Files.isExecutable(exe)) {
            return exe;
        }
        try {
            Files.createDirectories(dir);
            Path src = dir.resolve("stackprog.c");
            Files.writeString(src, SOURCE);
            Process gcc = new ProcessBuilder("gcc", "-O1", "-g", "-fno-omit-frame-pointer", "-o", exe.toString(), src.toString())
                    .redirectErrorStream(true).start();
            String out = new String(gcc.getInputStream().readAllBytes());
            if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
                throw new IllegalStateException("gcc failed: " + out);
            }
            return exe;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** target/ of this module. */
    public static Path targetDir() {
        Path classes = Path.of(System.getProperty("user.dir"), "target");
        return classes.resolve("stacks-test");
    }
}
