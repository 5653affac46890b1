/* The deadlines of the scheduler's sleeping and waiting tasks: one binary
 * min-heap under one libuv timer (sched.c), instead of a uv_timer_t in
 * every task (152 octets each, times 100k tasks).  Entries are embedded in
 * their owners; equal deadlines come out in the order they went in, as
 * libuv's timers do. */
#ifndef LUABGP_SCHED_DEADLINES_H
#define LUABGP_SCHED_DEADLINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCHED_DEADLINE_NONE SIZE_MAX

struct sched_deadline {
	uint64_t due;                  /* ms, on the loop's clock */
	uint64_t seq;                  /* order of insertion */
	size_t idx;                    /* in the heap, or SCHED_DEADLINE_NONE */
};

struct sched_deadlines {
	struct sched_deadline **heap;
	size_t n, cap;
	uint64_t next_seq;
};

void sched_deadlines_init(struct sched_deadlines *h);
void sched_deadlines_fini(struct sched_deadlines *h);
/* Not in any heap yet. */
void sched_deadline_init(struct sched_deadline *d);
bool sched_deadline_armed(const struct sched_deadline *d);
/* d due at due (taken out first if it is in already): -1 without memory. */
int sched_deadlines_push(struct sched_deadlines *h, struct sched_deadline *d, uint64_t due);
/* d out, if it is in. */
void sched_deadlines_remove(struct sched_deadlines *h, struct sched_deadline *d);
/* The earliest, or NULL. */
struct sched_deadline *sched_deadlines_first(const struct sched_deadlines *h);

#endif
