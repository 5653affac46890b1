/* See waitq.h. */
#include <stddef.h>

#include "sched/waitq.h"

void sched_waitq_init(struct sched_waitq *q)
{
	q->head = q->tail = NULL;
}

bool sched_waitq_empty(const struct sched_waitq *q)
{
	return q->head == NULL;
}

void sched_waiter_unlink(struct sched_waiter *w)
{
	struct sched_waitq *q = w->q;

	if (!q)
		return;
	if (w->prev)
		w->prev->next = w->next;
	else
		q->head = w->next;
	if (w->next)
		w->next->prev = w->prev;
	else
		q->tail = w->prev;
	w->prev = w->next = NULL;
	w->q = NULL;
}

void sched_waiter_link(struct sched_waiter *w, struct sched_waitq *q)
{
	sched_waiter_unlink(w);
	w->q = q;
	w->next = NULL;
	w->prev = q->tail;
	if (q->tail)
		q->tail->next = w;
	else
		q->head = w;
	q->tail = w;
}

void sched_waitq_wake_all(struct sched_waitq *q)
{
	/* a wake function may link the waiter again (on another queue, or on
	 * this one): take the list first */
	struct sched_waiter *w = q->head;

	q->head = q->tail = NULL;
	while (w) {
		struct sched_waiter *next = w->next;

		w->prev = w->next = NULL;
		w->q = NULL;
		w->wake(w);
		w = next;
	}
}
