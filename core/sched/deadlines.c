/* See deadlines.h. */
#include <stdlib.h>

#include "sched/deadlines.h"

static bool before(const struct sched_deadline *a, const struct sched_deadline *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static void place(struct sched_deadlines *h, size_t i, struct sched_deadline *d)
{
	h->heap[i] = d;
	d->idx = i;
}

static void sift_up(struct sched_deadlines *h, size_t i)
{
	struct sched_deadline *d = h->heap[i];

	while (i > 0 && before(d, h->heap[(i - 1) / 2])) {
		place(h, i, h->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	place(h, i, d);
}

static void sift_down(struct sched_deadlines *h, size_t i)
{
	struct sched_deadline *d = h->heap[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && before(h->heap[c + 1], h->heap[c]))
			c++;
		if (!before(h->heap[c], d))
			break;
		place(h, i, h->heap[c]);
		i = c;
	}
	place(h, i, d);
}

void sched_deadlines_init(struct sched_deadlines *h)
{
	h->heap = NULL;
	h->n = h->cap = 0;
	h->next_seq = 0;
}

void sched_deadlines_fini(struct sched_deadlines *h)
{
	for (size_t i = 0; i < h->n; i++)
		h->heap[i]->idx = SCHED_DEADLINE_NONE;
	free(h->heap);
	sched_deadlines_init(h);
}

void sched_deadline_init(struct sched_deadline *d)
{
	d->due = 0;
	d->seq = 0;
	d->idx = SCHED_DEADLINE_NONE;
}

bool sched_deadline_armed(const struct sched_deadline *d)
{
	return d->idx != SCHED_DEADLINE_NONE;
}

int sched_deadlines_push(struct sched_deadlines *h, struct sched_deadline *d, uint64_t due)
{
	sched_deadlines_remove(h, d);
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 64;
		struct sched_deadline **grown = realloc(h->heap, cap * sizeof(*grown));

		if (!grown)
			return -1;
		h->heap = grown;
		h->cap = cap;
	}
	d->due = due;
	d->seq = h->next_seq++;
	place(h, h->n++, d);
	sift_up(h, d->idx);
	return 0;
}

void sched_deadlines_remove(struct sched_deadlines *h, struct sched_deadline *d)
{
	size_t i = d->idx;
	struct sched_deadline *last;

	if (i == SCHED_DEADLINE_NONE)
		return;
	d->idx = SCHED_DEADLINE_NONE;
	last = h->heap[--h->n];
	if (i == h->n)
		return;
	place(h, i, last);
	if (i > 0 && before(last, h->heap[(i - 1) / 2]))
		sift_up(h, i);
	else
		sift_down(h, i);
}

struct sched_deadline *sched_deadlines_first(const struct sched_deadlines *h)
{
	return h->n ? h->heap[0] : NULL;
}
