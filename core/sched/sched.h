/* The scheduler of Lua tasks (DESIGN.md, "The scheduler").
 *
 * A task is a Lua coroutine anchored in the registry.  It runs until it
 * awaits: sched_await() links it on a wait queue (waitq.h) and/or sets its
 * deadline (deadlines.h), and the C function that called it yields.  libuv callbacks never
 * run Lua: a wait queue woken or a timer fired only puts the task on the
 * ready list, and one resume site, an idle handle of the loop, resumes at
 * most `budget` tasks per loop turn, so sockets and timers are never
 * starved by scripts.  The value a task is resumed with says why: "woken",
 * "timeout" or "cancelled" (sched_cancel()).
 *
 * A task that yields without awaiting (coroutine.yield) goes to the back of
 * the ready list: a plain "let the others run".  A guarded task (a user's
 * script, run with the JIT off: LuaJIT does not call hooks in compiled
 * code) is stopped where it is when one resume runs longer than the stall
 * limit (the count hook yields, which no pcall inside the task can catch)
 * and is never resumed again: its end reports false and why.
 *
 * Errors of a task's function are the Lua side's (task.lua runs every
 * task's function through xpcall); what escapes that is logged here with a
 * traceback, and never stops the loop or another task.  As each task ends
 * the owner's end function (end_ref) is called with the task's id and what
 * it returned, or false and why it failed or was stopped: the handles and
 * results live on the Lua side, and no Lua frame of ours sits under every
 * task's stack (a deeper stack is a larger one, times every task). */
#ifndef LUABGP_SCHED_SCHED_H
#define LUABGP_SCHED_SCHED_H

#include <lua.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "base/htab.h"
#include "base/log.h"
#include "sched/deadlines.h"
#include "sched/waitq.h"

struct sched;

enum sched_state { SCHED_READY, SCHED_WAITING, SCHED_RUNNING, SCHED_DONE };

struct sched_task {
	struct sched *s;
	uint32_t id;
	int ref;                       /* registry: the coroutine */
	lua_State *co;
	enum sched_state state;
	int nargs;                     /* values on co's stack for its first resume */
	bool started, guarded, stalled, awaiting;
	bool returned;                 /* its function returned: co can be reused */
	const char *why;               /* what it is resumed with */
	struct sched_waiter w;         /* on the queue it waits on */
	struct sched_deadline deadline;/* its sleep or its wait's timeout */
	struct sched_task *ready_next;
	struct sched_waitq ended;      /* tasks waiting for its end */
	uint64_t resumed_at;           /* ms, for the stall limit */
};

#define SCHED_POOL 32

struct sched {
	uv_loop_t *loop;
	lua_State *L;                  /* a thread of the owner's: tasks are made from it */
	uv_idle_t idle;                /* active while a task is ready */
	struct sched_deadlines deadlines;
	uv_timer_t timer;              /* at the earliest deadline */
	struct sched_task *ready_head, *ready_tail;
	struct htab tasks;             /* by id */
	uint32_t next_id;
	unsigned budget;               /* resumes per loop turn */
	uint64_t stall_ms;             /* guarded tasks: 0 no limit */
	struct sched_task *current;    /* the task running now */
	const struct lb_log *log;      /* NULL: stderr */
	/* after each turn's resumes (the speaker sends what they changed) */
	void (*after)(void *arg);
	void *after_arg;
	int end_ref;                   /* registry: fn(id, ...) as a task ends
					* (LUA_NOREF: none) */
	/* Threads of tasks whose function returned, for the next tasks: a
	 * task per API command makes and drops one thread per command, and a
	 * reused one saves its creation, its registry reference and, until
	 * the collector shrinks it, the growth of its stack (spawn and join of
	 * a task 200 calls deep: 2.5 -> 1.2 us).  A stall or a cancellation
	 * before the start leaves a thread out. */
	struct { lua_State *co; int ref; } pool[SCHED_POOL];
	unsigned npool;
	uint64_t resumes;              /* since init */
	uint64_t turns;                /* loop turns that resumed tasks */
	bool stopping;
	bool closed;
};

/* Tasks run on loop, their threads made from L (kept alive by the owner). */
void sched_init(struct sched *s, uv_loop_t *loop, lua_State *L);
/* Cancel nothing, resume nothing more: every task is dropped (their
 * threads unanchored), their handles closed (run the loop to finish). */
void sched_fini(struct sched *s);

/* A task of the function below nargs arguments on L's stack (both popped);
 * its id, or 0 without memory. */
uint32_t sched_spawn(struct sched *s, lua_State *L, int nargs, bool guarded);
struct sched_task *sched_find(struct sched *s, uint32_t id);
/* Cancel: a waiting task is resumed with "cancelled", a ready one that has
 * not started is dropped (returns 2); 1 done, 0 no such task (or itself). */
int sched_cancel(struct sched *s, uint32_t id);
/* The running task waits for q to wake it (NULL: nothing) or timeout_ms
 * (negative: no timeout; 0 with no queue: just let the others run).  The
 * caller then returns lua_yield(L, 0).  -1 when not called from a task. */
int sched_await(struct sched *s, struct sched_waitq *q, int64_t timeout_ms);
/* Tasks alive (ready, waiting or running). */
size_t sched_count(const struct sched *s);

#endif
