/* Wait queues: how C code wakes the Lua tasks waiting for something it
 * owns (a process's next line, a peer's state, an Adj-RIB-Out written out,
 * a task's end) without running Lua itself (DESIGN.md, "The scheduler":
 * libuv callbacks only make tasks ready; the scheduler resumes them).
 *
 * A waiter is linked on at most one queue; waking a queue unlinks every
 * waiter and calls its wake function, which only queues the task.  The
 * owner of a queue wakes it before the queue goes away, so that nobody is
 * left waiting for something that no longer exists. */
#ifndef LUABGP_SCHED_WAITQ_H
#define LUABGP_SCHED_WAITQ_H

#include <stdbool.h>

struct sched_waitq;

struct sched_waiter {
	struct sched_waiter *prev, *next;
	struct sched_waitq *q;             /* NULL: not waiting */
	void (*wake)(struct sched_waiter *w);
};

struct sched_waitq {
	struct sched_waiter *head, *tail;
};

void sched_waitq_init(struct sched_waitq *q);
/* Wake every waiter (each is unlinked before its wake function runs). */
void sched_waitq_wake_all(struct sched_waitq *q);
bool sched_waitq_empty(const struct sched_waitq *q);

/* Put w at the end of q (it leaves any queue it was on first). */
void sched_waiter_link(struct sched_waiter *w, struct sched_waitq *q);
void sched_waiter_unlink(struct sched_waiter *w);

#endif
