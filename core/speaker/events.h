/* Events for helper processes (the output half of ExaBGP's API, EXABGP.md
 * §3): `process` blocks are started over libuv (net/process.h), and each
 * neighbor's `api { receive { ... } }` bindings say which of its events
 * each process gets, in ExaBGP's JSON (emit/) or text.  An event is
 * encoded once per encoder, then queued to every process that wants it.
 *
 * Lines the processes print are commands: they are queued here, and the
 * tasks reading them (the Lua side's, lua/luabgp/api) are woken through
 * the process's wait queue.  While more than SPK_LINES_MAX octets wait to
 * be taken, its stdout is not read (its own pipe then blocks it).
 */
#ifndef LUABGP_SPEAKER_EVENTS_H
#define LUABGP_SPEAKER_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/wbuf.h"
#include "net/process.h"
#include "sched/waitq.h"
#include "speaker/fastpath.h"

struct spk;
struct spk_nb;

/* What a binding delivers (ExaBGP's api receive flags) */
enum {
	SPK_EV_STATE = 1 << 0,        /* neighbor-changes: connected, up, down */
	SPK_EV_UPDATE = 1 << 1,
	SPK_EV_OPEN = 1 << 2,
	SPK_EV_NOTIFICATION = 1 << 3,
	SPK_EV_KEEPALIVE = 1 << 4,
	SPK_EV_REFRESH = 1 << 5,
	SPK_EV_OPERATIONAL = 1 << 6,
	SPK_EV_PACKETS = 1 << 7,      /* the raw header and body as hex */
	SPK_EV_PARSED = 1 << 8,       /* the decoded message (the default) */
	SPK_EV_SEND = 1 << 9,         /* also what we send (api send {}) */
	SPK_EV_NEGOTIATED = 1 << 10,  /* what the OPENs agreed on */
	SPK_EV_FSM = 1 << 11,         /* every FSM state change */
	SPK_EV_SIGNAL = 1 << 12,      /* the signals the daemon acts on */
};

struct spk_proc_cfg {
	const char *name;
	const char *const *argv;      /* argv[0] resolved by the owner */
	const char *cwd;              /* NULL: ours */
	bool text;                    /* encoder text, else json */
	bool respawn;                 /* start it again when it exits */
};

#define SPK_LINES_MAX (4u << 20)
/* The line that stands for one dropped for its length (over the cap):
 * a NUL cannot be in a command (a line with one is replaced by
 * SPK_LINE_NUL), so it cannot be mistaken for one. */
#define SPK_LINE_DROPPED "\0dropped"
/* The line that stands for one holding a NUL byte, refused: the markers
 * here begin with one, and a process must not forge them. */
#define SPK_LINE_NUL "\0nul"
/* The line that marks a start of the process, followed by " N" (which
 * start it is): the lines after it are that run's (its acknowledgements
 * go to it, the earlier lines' nowhere). */
#define SPK_LINE_STARTED "\0started"

struct spk_proc {
	struct spk *sp;
	struct net_proc *p;
	char *name;
	char **argv;
	char *cwd;
	bool text, respawn;
	uint64_t starts[5];           /* when it was last started (ms) */
	unsigned nstarts;             /* also: which run of it this is */
	struct wbuf lines;            /* its lines not taken yet, each + "\n" */
	bool above;                   /* its queue above the high mark: the
				       * peers feeding it are paused */
	bool stalled;                 /* restarted for making no progress */
	uint64_t above_since;         /* when it last went above (ms) */
	uv_timer_t stall_timer;       /* while above: is it still reading? */
	struct sched_waitq readers;   /* woken by a line, an exit, a start */
	bool gave_up;                 /* not started again (respawn off, limit) */
	struct spk_fast fast;         /* its known announcements (fastpath.h) */
};

struct spk_sub {
	size_t proc;                  /* index in sp->procs */
	uint32_t flags;               /* SPK_EV_* */
};

/* Back-pressure (DESIGN.md, "a helper process that stops reading"): the
 * events and acknowledgements queued for a process are bounded by
 * sp->proc_queue octets (its high mark; the low mark is a quarter).
 * Above it, the peers whose events feed the process are not read (their
 * hold timers wait too) until it is back under the low mark; a process
 * that takes nothing for sp->proc_stall_ms meanwhile is restarted, and
 * those peers are asked for a route refresh (RFC 2918) so that the new
 * process gets every route again. */

/* A process, started by spk_processes_start(); its index, or -1 with err. */
int spk_process_add(struct spk *sp, const struct spk_proc_cfg *c, struct lb_err *err);
/* nb's events given by flags go to process proc.  -1: no memory. */
int spk_subscribe(struct spk_nb *nb, size_t proc, uint32_t flags);
int spk_processes_start(struct spk *sp, struct lb_err *err);
/* The lines it printed since the last call (each ending in "\n"), moved
 * into out (reset first); false when there are none. */
bool spk_process_take(struct spk_proc *pr, struct wbuf *out);
/* Pause or resume reading each neighbor as the reasons say: processes
 * above their mark that it feeds, sp->events_paused. */
void spk_repause(struct spk *sp);
/* Stop them (SIGTERM) and free them once libuv lets go. */
void spk_processes_stop(struct spk *sp);

/* What the speaker reports. */
void spk_event_state(struct spk_nb *nb, const char *state, const char *reason);
void spk_event_fsm(struct spk_nb *nb, const char *state);
void spk_event_signal(struct spk_nb *nb, int signum);
void spk_event_negotiated(struct spk_nb *nb);
void spk_event_message(struct spk_nb *nb, const uint8_t *msg, size_t len, bool sent);

#endif
