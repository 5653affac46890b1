/* Adj-RIB-In insert benchmark (issue 4, S3): N IPv4 /24 routes with one
 * attribute set stored one by one (adj_in_announce) and in batches
 * (adj_in_announce_batch, slots prefetched), each into a fresh table in a
 * process of its own (a heap that a million frees left behind changes the
 * next run's times by half), on one core.  A table of a million routes
 * does not fit the cache: what the batches save is the misses that no
 * longer follow one another.
 *
 *   adj_in_bench [ROUTES]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rib/adj_in.h"
#include "wire/wire.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double run(const struct route_key *keys, size_t n, bool batch)
{
	static const uint8_t key[16] = { 1, 2, 3 };
	static const uint8_t origin[] = { 0x40, 1, 1, 0 };
	struct attrset_pool pool;
	struct attrset *a;
	struct adj_in in;
	double t0, t1;

	attrset_pool_init(&pool, key);
	a = attrset_intern(&pool, origin, sizeof(origin), NULL, 0);
	adj_in_init(&in, &pool);
	t0 = now();
	if (batch) {
		adj_in_announce_batch(&in, keys, n, a);
	} else {
		for (size_t i = 0; i < n; i++)
			adj_in_announce(&in, keys[i].fam, 0, keys[i].nlri, keys[i].len, a);
	}
	t1 = now();
	if (in.count != n)
		fprintf(stderr, "adj_in_bench: %zu routes stored of %zu\n", in.count, n);
	adj_in_fini(&in);
	attrset_unref(&pool, a);
	attrset_pool_fini(&pool);
	return t1 - t0;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	uint8_t *nlri = malloc(n * 4);
	struct route_key *keys = malloc(n * sizeof(*keys));

	if (!nlri || !keys || n == 0 || n > 16u << 20)
		return 1;
	for (size_t i = 0; i < n; i++) {
		uint8_t *p = nlri + i * 4;

		p[0] = 24, p[1] = (uint8_t)(10 + (i >> 16)), p[2] = (uint8_t)(i >> 8);
		p[3] = (uint8_t)i;
		keys[i] = (struct route_key){ WIRE_FAM_IPV4_UNICAST, 0, p, 4 };
	}
	for (int round = 0; round < 4; round++) {
		bool batch = round % 2;
		pid_t pid;

		fflush(stdout);
		pid = fork();
		if (pid < 0)
			return 1;
		if (pid == 0) {
			double t = run(keys, n, batch);

			if (batch)
				printf("adj-rib-in: %zu routes stored in batches of %d: %.3f s\n",
				       n, ADJ_IN_BATCH, t);
			else
				printf("adj-rib-in: %zu routes stored one by one: %.3f s\n", n, t);
			fflush(stdout);
			_exit(0);
		}
		waitpid(pid, NULL, 0);
	}
	free(keys);
	free(nlri);
	return 0;
}
