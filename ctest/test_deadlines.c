/* core/sched/deadlines: the scheduler's deadlines come out earliest
 * first, equal ones in the order they went in, whatever was taken out or
 * moved meanwhile. */
#include <stdlib.h>

#include "sched/deadlines.h"
#include "testutil.h"

#define N 2000

struct item {
	struct sched_deadline d;
	unsigned n;                    /* order of its last push */
};

/* Pop everything, checking the order; returns how many came out. */
static size_t drain(struct sched_deadlines *h)
{
	struct sched_deadline *d, *prev = NULL;
	size_t count = 0;

	while ((d = sched_deadlines_first(h)) != NULL) {
		if (prev) {
			assert_true(prev->due <= d->due);
			if (prev->due == d->due)
				assert_true(((struct item *)prev)->n < ((struct item *)d)->n);
		}
		sched_deadlines_remove(h, d);
		assert_false(sched_deadline_armed(d));
		prev = d;
		count++;
	}
	return count;
}

static void earliest_first_ties_in_order(void **state)
{
	static struct item items[N];
	struct sched_deadlines h;
	unsigned seq = 0;
	size_t in = 0;

	(void)state;
	srand(7);
	sched_deadlines_init(&h);
	for (size_t i = 0; i < N; i++) {
		sched_deadline_init(&items[i].d);
		items[i].n = seq++;
		/* few distinct deadlines: many ties */
		assert_int_equal(sched_deadlines_push(&h, &items[i].d, (uint64_t)(rand() % 50)), 0);
	}
	/* a third taken out, a third pushed again (later in the order) */
	for (size_t i = 0; i < N; i++) {
		if (i % 3 == 0) {
			sched_deadlines_remove(&h, &items[i].d);
			sched_deadlines_remove(&h, &items[i].d); /* twice: nothing */
		} else if (i % 3 == 1) {
			items[i].n = seq++;
			assert_int_equal(sched_deadlines_push(&h, &items[i].d,
							      (uint64_t)(rand() % 50)), 0);
		}
	}
	for (size_t i = 0; i < N; i++)
		in += sched_deadline_armed(&items[i].d);
	assert_int_equal(in, N - (N + 2) / 3);
	assert_int_equal(drain(&h), in);
	sched_deadlines_fini(&h);
}

static void fini_leaves_entries_unarmed(void **state)
{
	struct sched_deadlines h;
	struct item a;

	(void)state;
	sched_deadlines_init(&h);
	sched_deadline_init(&a.d);
	assert_false(sched_deadline_armed(&a.d));
	assert_int_equal(sched_deadlines_push(&h, &a.d, 5), 0);
	assert_true(sched_deadline_armed(&a.d));
	sched_deadlines_fini(&h);
	assert_false(sched_deadline_armed(&a.d));
	assert_null(sched_deadlines_first(&h));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(earliest_first_ties_in_order),
		cmocka_unit_test(fini_leaves_entries_unarmed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
