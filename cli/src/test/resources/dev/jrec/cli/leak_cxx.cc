/*
 * operator new's blocks, known exactly, for the memleak test: after a line on stdin, array_fn makes N arrays
 * of 100 ints with new[] and keeps K, node_fn makes two Nodes of 48 bytes with new and keeps one.
 * noinline and frame pointers: each function is a symbol of its own, and stacks reach main.
 */
#include <cstdio>
#include <cstdlib>
#include <vector>

struct Node {
	long a[6];
};

__attribute__((noinline)) int *array_fn()
{
	int *p = new int[100];
	asm volatile("" ::: "memory");
	return p;
}

__attribute__((noinline)) Node *node_fn()
{
	Node *n = new Node();
	asm volatile("" ::: "memory");
	return n;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		std::fprintf(stderr, "usage: leak_cxx N K\n");
		return 2;
	}
	long n = std::atol(argv[1]), k = std::atol(argv[2]);
	std::vector<int *> arrays;
	arrays.reserve(n);
	std::puts("ready");
	std::fflush(stdout);
	if (std::getchar() == EOF)
		return 1;
	for (long i = 0; i < n; i++)
		arrays.push_back(array_fn());
	for (long i = k; i < n; i++)
		delete[] arrays[i];
	Node *kept = node_fn();
	delete node_fn();
	return kept ? 0 : 1;
}
