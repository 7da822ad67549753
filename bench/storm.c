// The thread storm of issue 13: THREADS threads that each sleep 1-2 ms in a loop for SECONDS seconds, so that
// the scheduler switches and wakes tens of thousands of times a second on every CPU. Prints the loops done.
//   gcc -O2 -pthread -o storm storm.c && ./storm 5000 10
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static atomic_long loops;
static struct timespec deadline;

/* Each thread reads the clock itself: on a host this loaded, a main thread that sleeps and then raises a
 * flag can wait minutes for a CPU, and the storm would outlive its SECONDS. */
static int past(void) {
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline.tv_sec || (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec);
}

static void *sleeper(void *arg) {
	unsigned seed = (unsigned)(long)arg;
	long n = 0;
	while (!past()) {
		usleep(1000 + rand_r(&seed) % 1000);
		n++;
	}
	atomic_fetch_add(&loops, n);
	return NULL;
}

int main(int argc, char **argv) {
	int threads = argc > 1 ? atoi(argv[1]) : 5000;
	int seconds = argc > 2 ? atoi(argv[2]) : 10;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += seconds;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 << 10);
	pthread_t *t = calloc(threads, sizeof *t);
	int started = 0;
	for (; started < threads; started++) {
		if (pthread_create(&t[started], &attr, sleeper, (void *)(long)started)) break;
	}
	if (started < threads) fprintf(stderr, "storm: started %d of %d threads\n", started, threads);
	for (int i = 0; i < started; i++) pthread_join(t[i], NULL);
	printf("%ld\n", atomic_load(&loops));
	return 0;
}
