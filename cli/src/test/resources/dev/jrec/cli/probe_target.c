/*
 * A workload whose calls are known exactly, for the user-probe tests: after a line on stdin it calls
 * target_fn(i) for i = 0..N-1 and fires the USDT probe jrectest:tick(i, "name") beside each call, calls
 * slow_fn M times (each sleeps 2 ms), and allocates L blocks of 4242 bytes in leak_fn, freeing all but K; then
 * big_fn mallocs 1 MiB, kept (glibc maps a block that large: a mapping of its own), and map_fn maps 5 regions
 * of 64 KiB: the first kept, the second unmapped in two halves, the third with its first 16 KiB unmapped (48
 * KiB kept), the others unmapped whole. align_fn gets 5 blocks of 3000 bytes from posix_memalign aligned to 64,
 * frees 2, and keeps a sixth aligned to 16 (glibc's malloc hands that one out, inside posix_memalign); valloc_fn
 * keeps a valloc(5000), memalign_fn a memalign(256, 700).
 * noinline and frame pointers: each function is a symbol of its own, and stacks reach main.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <malloc.h>
#include <sys/mman.h>
#include <sys/sdt.h>

__attribute__((noinline)) long target_fn(long i)
{
	asm volatile("" ::: "memory");
	return i * 3;
}

__attribute__((noinline)) int slow_fn(int ms)
{
	struct timespec ts = {0, ms * 1000000L};
	nanosleep(&ts, NULL);
	return ms;
}

__attribute__((noinline)) void *leak_fn(size_t size)
{
	void *p = malloc(size);
	asm volatile("" ::: "memory");
	return p;
}

__attribute__((noinline)) void *big_fn(void)
{
	void *p = malloc(1 << 20);
	asm volatile("" ::: "memory");
	return p;
}

__attribute__((noinline)) void *map_fn(void)
{
	void *p = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	asm volatile("" ::: "memory");
	return p;
}

__attribute__((noinline)) void *align_fn(size_t alignment)
{
	void *p;
	if (posix_memalign(&p, alignment, 3000))
		return NULL;
	asm volatile("" ::: "memory");
	return p;
}

__attribute__((noinline)) void *valloc_fn(void)
{
	void *p = valloc(5000);
	asm volatile("" ::: "memory");
	return p;
}

__attribute__((noinline)) void *memalign_fn(void)
{
	void *p = memalign(256, 700);
	asm volatile("" ::: "memory");
	return p;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: probe_target N M L K\n");
		return 2;
	}
	long n = atol(argv[1]), m = atol(argv[2]), l = atol(argv[3]), k = atol(argv[4]);
	void **blocks = calloc(l, sizeof(void *));
	printf("ready\n");
	fflush(stdout);
	if (getchar() == EOF)
		return 1;
	long sum = 0;
	for (long i = 0; i < n; i++) {
		sum += target_fn(i);
		DTRACE_PROBE2(jrectest, tick, i, "name");
	}
	for (long j = 0; j < m; j++)
		sum += slow_fn(2);
	for (long b = 0; b < l; b++)
		blocks[b] = leak_fn(4242);
	for (long b = k; b < l; b++)
		free(blocks[b]);
	void *big = big_fn();
	void *maps[5];
	for (int r = 0; r < 5; r++)
		maps[r] = map_fn();
	munmap(maps[1], 32768);
	munmap((char *)maps[1] + 32768, 32768);
	munmap(maps[2], 16384);
	for (int r = 3; r < 5; r++)
		munmap(maps[r], 65536);
	void *aligned[6];
	for (int a = 0; a < 5; a++)
		aligned[a] = align_fn(64);
	aligned[5] = align_fn(16);
	free(aligned[1]);
	free(aligned[3]);
	if (!big || maps[0] == MAP_FAILED || !aligned[0] || !aligned[5] || !valloc_fn() || !memalign_fn())
		return 1;
	printf("%ld\n", sum);
	return 0;
}
