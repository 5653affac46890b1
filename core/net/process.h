/* Helper processes (ExaBGP's `process` blocks): a child started over libuv
 * with its stdin, stdout and stderr on pipes.  What we write to its stdin
 * (events, acknowledgements) is queued without the loop ever blocking,
 * with high/low-water marks the owner acts on (DESIGN.md, back-pressure:
 * stop feeding from the peers while a helper is above its high mark); what
 * it writes on stdout comes back line by line (its commands), with a cap
 * on line length so that a flood of garbage costs no memory.
 *
 * Lifecycle: net_proc_new() → net_proc_spawn() → ... → exited() → the
 * owner calls net_proc_free() (and net_proc_new() again to respawn).
 */
#ifndef LUABGP_NET_PROCESS_H
#define LUABGP_NET_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "base/err.h"
#include "base/wbuf.h"

struct net_proc;

struct net_proc_ops {
	/* one line of its stdout, without the newline (not NUL-terminated) */
	void (*line)(struct net_proc *p, const char *line, size_t n);
	/* a stdout line longer than max_line was dropped (its length) */
	void (*overlong)(struct net_proc *p, size_t dropped);
	/* one line of its stderr (for the log); lines past max_line are cut */
	void (*errline)(struct net_proc *p, const char *line, size_t n);
	/* the queue towards its stdin crossed the high mark (above = true) or
	 * went back to the low mark (above = false) */
	void (*pressure)(struct net_proc *p, bool above);
	/* it exited (exit status, or the signal that ended it, else 0) and
	 * all its output was delivered; called once */
	void (*exited)(struct net_proc *p, int64_t status, int signal);
};

struct net_proc {
	uv_loop_t *loop;
	uv_process_t proc;
	uv_pipe_t in, out, err;   /* its stdin, stdout, stderr */
	const struct net_proc_ops *ops;
	void *data;               /* the owner's */
	int pid;
	int open_handles;         /* initialised handles not yet closed */
	bool spawned, running, freeing;
	bool out_done, err_done;  /* EOF seen */
	bool reported;            /* exited() called */
	int64_t status;
	int signal;

	/* towards its stdin */
	struct wbuf queue;        /* waiting */
	struct wbuf flight;       /* handed to uv_write */
	uv_write_t wreq;
	bool writing, above;
	size_t high, low;         /* marks on net_proc_pending() */
	uint64_t written;         /* bytes it took */
	uint64_t last_progress_ms;/* when it last took bytes */

	/* from its stdout and stderr */
	struct wbuf line, eline;
	size_t max_line;
	char rbuf[64 * 1024];     /* libuv reads into it (one read at a time) */
	bool dropping;            /* inside an overlong stdout line */
	size_t dropped;
};

/* A helper not started yet, with the default marks (64 MiB / 16 MiB) and
 * line cap (1 MiB); NULL without memory.  The owner may change high, low
 * and max_line before spawning. */
struct net_proc *net_proc_new(uv_loop_t *loop, const struct net_proc_ops *ops, void *data);
/* Start argv[0] (searched in PATH when it has no '/') with argv (NULL
 * terminated) in cwd (NULL: ours) with env ("K=V" list, NULL: ours).
 * Once per net_proc.  -1 with err; the owner then net_proc_free()s it. */
int net_proc_spawn(struct net_proc *p, const char *const *argv, const char *cwd,
		   const char *const *env, struct lb_err *err);
/* Queue bytes for its stdin.  -1: it is not running, or no memory. */
int net_proc_send(struct net_proc *p, const void *data, size_t n);
/* Bytes queued and not yet taken by the child. */
size_t net_proc_pending(const struct net_proc *p);
/* Lines among them (newlines counted: a line is taken whole or in part). */
size_t net_proc_pending_lines(const struct net_proc *p);
/* Stop or resume reading its stdout (the owner's own back-pressure). */
void net_proc_read(struct net_proc *p, bool on);
/* Send it a signal; -1 when it is not running. */
int net_proc_kill(struct net_proc *p, int signum);
/* Close everything and free p once libuv lets go of its handles; a child
 * still running gets SIGTERM and is reaped before p goes.  No callback is
 * made after this call. */
void net_proc_free(struct net_proc *p);

#endif
