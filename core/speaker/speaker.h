/* The speaker: the daemon's context (DESIGN.md: one libuv loop owned by one
 * context struct, no global state).  It owns the loop, the keepalive
 * thread, the attribute-set pool, the listeners and the neighbors; each
 * neighbor joins a session (session/peer.h), what the two OPENs agreed on
 * (session/negotiate.h) and its Adj-RIB-Out (rib/adj_out.h).
 *
 * Routes come in as UPDATE messages encoded for the neighbor's negotiated
 * context (the owner — the Lua side — encodes them from ExaBGP's JSON
 * shape when the session comes up, and for each API command later): the
 * speaker splits them into attribute sets and NLRIs for the Adj-RIB-Out,
 * which packs them into as few UPDATEs as the session allows.
 */
#ifndef LUABGP_SPEAKER_SPEAKER_H
#define LUABGP_SPEAKER_SPEAKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "base/log.h"
#include "net/keepalive.h"
#include "net/tcp.h"
#include "rib/adj_in.h"
#include "rib/adj_out.h"
#include "rib/attrset.h"
#include "session/negotiate.h"
#include "sched/waitq.h"
#include "session/peer.h"
#include "speaker/events.h"

struct spk;
struct spk_nb;

struct spk_nb_cfg {
	struct sess_peer_cfg sess;
	const uint8_t *open;         /* our OPEN, header included (copied) */
	size_t open_len;
	uint32_t peer_as;            /* expected (0: any) */
	bool group_updates;          /* several NLRI per UPDATE (ExaBGP's default) */
	bool adj_rib_in;             /* keep what the peer sends (rib/adj_in.h) */
	bool manual_eor;             /* no End-of-RIB of our own */
};

struct spk_ops {
	/* the session of nb reached Established: feed its routes with
	 * spk_announce() (encoded for ctx), then spk_flush() */
	void (*established)(struct spk_nb *nb, const struct sess_negotiated *n);
	/* nb changed state ("connected", "up", "down" ...: ExaBGP's names);
	 * why says what ended a session */
	void (*state)(struct spk_nb *nb, enum fsm_state from, enum fsm_state to,
		      const char *why);
	/* every message received (header included), decoded UPDATEs with
	 * their RFC 7606 outcome in u (NULL for other messages) */
	void (*received)(struct spk_nb *nb, const uint8_t *msg, size_t len,
			 const struct wire_update *u);
	/* nb has an import policy: a received UPDATE (header included) is
	 * the owner's, to hand back with spk_import_apply() (NULL: none) */
	void (*import)(struct spk_nb *nb, const uint8_t *msg, size_t len);
	/* nb has an export policy: the routes given since, as an UPDATE
	 * (header included, encoded in spk_export_ctx()), to hand back with
	 * spk_export_apply() and this gen (NULL: none); -1: not taken (no
	 * memory), the flush stops */
	int (*export)(struct spk_nb *nb, uint32_t gen, const uint8_t *msg, size_t len);
	/* every neighbor has given up (tcp.attempts): time to exit */
	void (*all_done)(struct spk *sp);
};

struct spk_nb {
	struct spk *sp;
	struct sess_peer peer;
	struct spk_nb_cfg cfg;       /* cfg.open points at open */
	uint8_t *open;
	struct sess_caps ours;
	struct sess_negotiated neg;  /* valid while the session is up */
	struct sess_caps theirs;     /* the peer's OPEN, of the last session */
	int64_t since;               /* wall-clock seconds: the session came up
				      * or went down then (or the neighbor was
				      * made) */
	struct adj_out out;
	struct adj_in in;            /* with cfg.adj_rib_in */
	/* the peer's Graceful Restart capability, from its last OPEN (RFC
	 * 4724 §3), and the timer that bounds how long its routes are kept
	 * stale: its Restart Time, then our stale-path time (§4.2) */
	bool peer_gr;
	uint16_t peer_restart_time;
	uint64_t peer_gr_forwarding;
	uv_timer_t gr_timer;
	bool flushing;               /* an adj-rib-out flush is in progress */
	bool eor_sent;               /* End-of-RIB sent on this session */
	bool removed;                /* taken out of the configuration */
	bool dirty;                  /* routes changed since the last flush */
	bool import_policy;          /* received UPDATEs go to ops->import */
	bool export_policy;          /* routes given go to ops->export ... */
	struct adj_out given;        /* ... from this table (speaker/export.c) */
	uint32_t export_gen;         /* the policy's answers in flight count
				      * while it stays the same */
	size_t export_inflight;      /* UPDATEs the policy has not answered */
	struct wbuf later;           /* messages sent once the Adj-RIB-Out is
				      * written out (spk_send_after) */
	struct sched_waitq state_q;  /* woken at each change of state */
	struct sched_waitq written_q;/* woken when nothing is left to send */
	void *data;                  /* the owner's */
	/* events for processes (events.h) */
	struct spk_sub *subs;
	size_t nsubs;
	uint64_t counter;            /* events about this neighbor */
	uint32_t ctx_gen;            /* sessions established so far: the
				      * context of spk_context() changes */
	char peer_text[48], local_text[48], router_id[16];
};

struct spk {
	uv_loop_t *loop;
	struct net_ka ka;
	struct attrset_pool pool;
	const struct spk_ops *ops;
	void *data;                  /* the owner's */
	struct spk_nb **nbs;
	size_t nnb;
	struct net_listener **listeners;
	size_t nlisteners;
	struct wire_update *scratch; /* decoding room (large: kept once) */
	struct spk_proc **procs;     /* helper processes (events.h) */
	size_t nprocs;
	char host[256];              /* for events */
	struct lb_log log;           /* the daemon's log (base/log.h) */
	bool terminate;              /* api.terminate: a process that ends
				      * ends the daemon (ops->all_done) */
	size_t flush_budget;         /* octets of UPDATEs per flush step (0: all) */
	unsigned json_flags;         /* WIRE_JSON_* of the events (api.compact) */
	bool events_paused;          /* the scripts' events are behind: every
				      * peer is paused (lua/l_control.c) */
	size_t proc_queue;           /* octets queued for a process before its
				      * peers are paused (api.queue) */
	uint64_t proc_stall_ms;      /* then, no progress for this long: it is
				      * restarted (api.stall) */
};

/* -1 when the keepalive thread cannot start or memory runs out. */
int spk_init(struct spk *sp, uv_loop_t *loop, const struct spk_ops *ops, void *data);
/* Stop everything without NOTIFICATIONs and close the handles; run the
 * loop until they are closed, then spk_release() frees the memory. */
void spk_fini(struct spk *sp);
void spk_release(struct spk *sp);

/* A neighbor, Idle until spk_start().  NULL with err when our OPEN does
 * not parse (a bug of the owner's) or memory runs out. */
struct spk_nb *spk_neighbor_add(struct spk *sp, const struct spk_nb_cfg *cfg, void *data,
				struct lb_err *err);
void spk_start(struct spk *sp);
/* A neighbor taken out of the configuration (a reload): Cease with the
 * RFC 4486 subcode, and it stays Idle; its memory goes with the speaker. */
void spk_neighbor_remove(struct spk_nb *nb, uint8_t subcode);
/* Cease (RFC 4486 subcode, e.g. 2 administrative shutdown) to every
 * neighbor; they stay Idle. */
void spk_shutdown(struct spk *sp, uint8_t subcode);

/* Listen on addr (port included); accepted connections go to the
 * neighbor with that peer address, others are closed. */
int spk_listen(struct spk *sp, const struct sockaddr *addr, struct lb_err *err);

/* Apply one UPDATE (header included, encoded for nb's negotiated context)
 * to nb's Adj-RIB-Out: its NLRIs announced with its attributes, its
 * withdrawn routes withdrawn.  -1 with err when it does not decode. */
int spk_announce(struct spk_nb *nb, const uint8_t *msg, size_t len, struct lb_err *err);
/* Does an UPDATE of ours announce a route announced since adj_out_unmark()
 * on nb->out (an NLRI configured twice)?  Decoded into u, the caller's, so
 * that the speaker's own decoding room is left alone. */
bool spk_announces_again(struct spk_nb *nb, const uint8_t *msg, size_t len,
			 struct wire_update *u);
/* The attribute set an UPDATE of ours announces its first NLRI with, and
 * that NLRI's family: for routes kept apart from their attributes
 * (rib/static_routes.h), announced with adj_out_announce() on nb->out.
 * The reference is the caller's; NULL with err when msg does not decode or
 * announces nothing. */
struct attrset *spk_attrset_of(struct spk_nb *nb, const uint8_t *msg, size_t len,
			       uint8_t *fam, struct lb_err *err);
/* A received UPDATE back from the import policy (as received, or as the
 * policy changed it): into the Adj-RIB-In and the events, as any UPDATE.
 * -1 with err when it does not decode or the session is not up. */
int spk_import_apply(struct spk_nb *nb, const uint8_t *msg, size_t len, struct lb_err *err);
/* Where the routes given go (spk_announce(), the configuration's, the
 * commands' fast path): the Adj-RIB-Out, or with an export policy the
 * table the policy reads. */
struct adj_out *spk_rib_given(struct spk_nb *nb);
/* Turn nb's export policy on or off.  On: what the Adj-RIB-Out has, and
 * every route given from then on, goes to ops->export, and reaches the
 * Adj-RIB-Out as spk_export_apply() says (End-of-RIB and the messages of
 * spk_send_after() wait for the answers; what the peer was not sent yet
 * waits too).  Off: the Adj-RIB-Out becomes what was given.  -1 with err
 * when memory runs out (nothing changes) or ops->export is NULL. */
int spk_export_policy(struct spk_nb *nb, bool on, struct lb_err *err);
/* The policy's answers in flight were lost (its task was stopped, a
 * reload): it is asked about everything given again, and what is not
 * given leaves the Adj-RIB-Out. */
void spk_export_resync(struct spk_nb *nb);
/* The context of the UPDATEs of ops->export: spk_context(), with messages
 * up to 65535 octets (RFC 8654 sizes: larger batches for the policy). */
void spk_export_ctx(const struct spk_nb *nb, struct wire_ctx *ctx);
/* An answer of the export policy: orig as ops->export gave it, msg what
 * the policy made of it (the same octets: as it was; NULL: rejected, its
 * routes leave the Adj-RIB-Out or never reach it), in spk_export_ctx().
 * A withdrawal only takes away what the Adj-RIB-Out has; an announcement
 * of a route that is not given is left out (a policy changes or drops
 * routes, it does not make new ones).  Answers of an older gen are
 * ignored (0).  -1 with err when msg does not decode. */
int spk_export_apply(struct spk_nb *nb, uint32_t gen, const uint8_t *orig, size_t olen,
		     const uint8_t *msg, size_t len, struct lb_err *err);
/* The context nb's UPDATEs are encoded in: the session's, or before any
 * session what our OPEN offers. */
void spk_context(const struct spk_nb *nb, struct wire_ctx *ctx);
/* The context of the peer's UPDATEs, to write one as the peer would:
 * path ids where it sends them (RFC 7911). */
void spk_received_context(const struct spk_nb *nb, struct wire_ctx *ctx);
/* Has the Adj-RIB-Out nothing left to send (and the socket its queue
 * written out)? */
bool spk_written(const struct spk_nb *nb);
/* Send msg (a whole message) after every route pending now: at once when
 * nothing is pending, else when the flush is over (an End-of-RIB or an
 * EoRR must not overtake the routes it closes, RFC 4724 §2, RFC 7313 §4).
 * -1 when the session is not up, or no memory. */
int spk_send_after(struct spk_nb *nb, const uint8_t *msg, size_t len);
/* Send what is pending, then End-of-RIB for each negotiated family the
 * first time after the session came up (unless manual-eor). */
void spk_flush(struct spk_nb *nb);
/* The same, without End-of-RIB: the initial update is still being fed. */
void spk_flush_routes(struct spk_nb *nb);

#endif
