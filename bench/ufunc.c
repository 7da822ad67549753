/* A loop of calls to one function, for the cost of probing it: prints ns per call.
 * With -DHAVE_SDT (systemtap-sdt-dev's <sys/sdt.h>), each call also passes USDT probe jrec:tick. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#ifdef HAVE_SDT
#include <sys/sdt.h>
#endif

__attribute__((noinline)) long work(long i)
{
#ifdef HAVE_SDT
	DTRACE_PROBE1(jrec, tick, i);
#endif
	__asm__ volatile("");
	return i * 3;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000, s = 0;
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++)
		s += work(i);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
	return s == 42;
}
