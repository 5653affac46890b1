/* One BGP peer's session: the RFC 4271 §8 FSM (session/fsm.h) driven by
 * the connection (net/conn.h), its timers and the keepalive thread
 * (net/keepalive.h).
 *
 * The peer knows nothing of capabilities or routes: the owner builds our
 * OPEN, checks the peer's (open_build, open_check), decodes UPDATEs
 * (process, and sess_peer_fault() when one is malformed) and hears of every
 * state change.  After a fault the peer starts again by itself, waiting
 * longer after each failed attempt (the optional peer oscillation damping
 * of RFC 4271 §8.1.1: an exponential back-off on ConnectRetryCounter, reset
 * when a session reaches Established).
 *
 * Timers: the ConnectRetryTimer, the idle back-off, and the HoldTimer, run
 * by the loop on the connection's last_rx_ms, which the keepalive thread
 * also updates when bytes wait unread, so a stall of our own never expires
 * the peer's hold time.  The SendHoldTimer (RFC 9687) runs on last_tx_ms:
 * bytes queued that nothing could write for that long end the session.
 * KEEPALIVEs are the keepalive thread's.
 */
#ifndef LUABGP_SESSION_PEER_H
#define LUABGP_SESSION_PEER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <uv.h>

#include "base/err.h"
#include "base/wbuf.h"
#include "net/conn.h"
#include "net/keepalive.h"
#include "net/tcp.h"
#include "session/fsm.h"
#include "session/negotiate.h"

struct sess_peer;

/* What the peer's OPEN settled (filled by open_check), for the
 * connection it came on: with two (a collision, RFC 4271 §6.8) only the
 * one that stays counts. */
struct sess_open {
	uint16_t hold_time;      /* the peer's, seconds */
	uint32_t bgp_id;
	uint32_t asn;            /* the 4-octet AS when given, else My AS */
	size_t max_msg;          /* 4096, or 65535 with RFC 8654 on both sides */
	bool operational;        /* ExaBGP's OPERATIONAL messages negotiated */
	bool graceful_restart;   /* the peer's OPEN had the RFC 4724 capability */
	uint16_t restart_time;   /* its Restart Time, seconds */
	uint64_t gr_forwarding;  /* its families with the F bit (WIRE_FAM_BIT) */
	struct sess_negotiated neg; /* what the two OPENs agreed on */
	struct sess_caps theirs; /* what the peer's OPEN offered */
};

struct sess_peer_cfg {
	struct sockaddr_storage remote;   /* address and port */
	struct sockaddr_storage local;    /* ss_family AF_UNSPEC: any */
	struct net_tcp_opts tcp;
	bool passive;                     /* never connect: wait for the peer */
	uint16_t hold_time;               /* ours, seconds (0: no keepalives) */
	uint32_t connect_retry_ms;        /* ConnectRetryTime */
	uint32_t backoff_ms;              /* first wait after a failure */
	uint32_t backoff_max_ms;
	uint32_t openwait_ms;             /* HoldTimer before the OPEN arrives */
	uint32_t send_hold_ms;            /* RFC 9687 SendHoldTime (0: the greater
					   * of 8 minutes and twice the hold time) */
	uint32_t attempts;                /* connection attempts, 0: no limit */
	uint32_t bgp_id, asn;             /* ours: collisions (RFC 4271 §6.8) */
};

struct sess_peer_ops {
	/* our OPEN, header included */
	int (*open_build)(struct sess_peer *p, struct wbuf *out);
	/* the peer's OPEN (header included): fill o, or -1 with the
	 * NOTIFICATION to send in err (RFC 4271 §6.2) */
	int (*open_check)(struct sess_peer *p, const uint8_t *msg, size_t len,
			  struct sess_open *o, struct lb_err *err);
	/* every message received, before the FSM acts on it (for events) */
	void (*received)(struct sess_peer *p, const uint8_t *msg, size_t len);
	/* an UPDATE, ROUTE-REFRESH or OPERATIONAL in Established */
	void (*process)(struct sess_peer *p, const uint8_t *msg, size_t len);
	/* the state changed; why says what ended a session (NULL otherwise) */
	void (*state)(struct sess_peer *p, enum fsm_state from, enum fsm_state to,
		      const char *why);
	/* the output queue drained below its low mark (optional) */
	void (*writable)(struct sess_peer *p);
	/* tcp.attempts reached: the peer stays Idle (optional) */
	void (*given_up)(struct sess_peer *p);
};

struct sess_peer {
	uv_loop_t *loop;
	struct net_ka *ka;
	struct sess_peer_cfg cfg;
	const struct sess_peer_ops *ops;
	void *data;                       /* the owner's */

	enum fsm_state state;
	int last_event;                   /* the event of the last change
					   * (enum fsm_event): how a session
					   * ended, for graceful restart */
	struct net_conn *conn;
	bool conn_out;                    /* conn is the one we initiated */
	struct net_conn *alt;             /* the peer's connection while conn
					   * is in OpenSent or OpenConfirm: our
					   * OPEN sent, its OPEN awaited (§6.8) */
	struct sess_open open;            /* valid from OpenConfirm */
	uint32_t retry_count;             /* ConnectRetryCounter */
	uint32_t failures;                /* since the last session: the
					   * back-off (AutomaticStart zeroes
					   * ConnectRetryCounter, §8.2.2) */
	uint32_t attempts_made;
	uint64_t rand;                    /* the timers' jitter (§10) */
	bool stopped;                     /* not started, or ManualStop: no
					   * automatic restart, no connection
					   * taken from the peer */
	bool gave_up;
	bool rx_paused;                   /* sess_peer_pause(): not read */
	uint64_t sent_msgs[NET_MSG_KINDS];/* of the connections gone, by type */
	uint64_t rcvd_msgs[NET_MSG_KINDS];
	uint64_t hold_ms;                 /* the running HoldTimer's length */
	uint64_t send_hold_ms;            /* the running SendHoldTimer's */
	uv_timer_t cr_timer, hold_timer, idle_timer, send_hold_timer;
	uv_timer_t alt_timer;             /* the open wait of alt */

	/* inside fire(): the message being handled, and the NOTIFICATION
	 * that comes with the event (the decoder's, or a stop's reason) */
	const uint8_t *msg;
	size_t msg_len;
	struct lb_err given;
	uint8_t given_data[256];
	char why[LB_ERR_REASON_MAX];
	bool firing;
	int queued[4];                    /* events raised while firing */
	int nqueued;
};

/* Ready in Idle; nothing happens until sess_peer_start(), and the peer's
 * connections are refused until then. */
void sess_peer_init(struct sess_peer *p, uv_loop_t *loop, struct net_ka *ka,
		    const struct sess_peer_cfg *cfg, const struct sess_peer_ops *ops,
		    void *data);
/* AutomaticStart (connect) or, for passive peers, wait for the peer. */
void sess_peer_start(struct sess_peer *p);
/* Messages sent to and received from the peer since sess_peer_init(), by
 * type (NET_MSG_KINDS each, net/conn.h): the session's connections, a
 * collision's losing one left out. */
void sess_peer_counts(struct sess_peer *p, uint64_t *sent, uint64_t *rcvd);
/* ManualStop with a Cease NOTIFICATION (RFC 4486 subcode, e.g. 2
 * administrative shutdown; data: RFC 9003 communication or NULL).  The
 * peer stays Idle until sess_peer_start(). */
void sess_peer_stop(struct sess_peer *p, uint8_t subcode, const uint8_t *data,
		    size_t data_len);
/* A connection the listener accepted from this peer's address.  Without a
 * session going it is adopted.  In OpenSent or OpenConfirm it is a
 * collision (RFC 4271 §6.8): it gets our OPEN, and the peer's OPEN on it
 * decides which connection stays, the one initiated by the speaker with
 * the higher BGP Identifier (RFC 6286 §2.3: the larger AS when they are
 * equal); the other is closed with Cease 6/7 (RFC 4486).  Established: it
 * is closed, except that a session whose peer advertised Graceful Restart
 * gives way to it (RFC 4724 §4.2: the peer restarted). */
void sess_peer_accept(struct sess_peer *p, int fd);
/* The owner found the UPDATE being processed malformed beyond repair
 * (RFC 7606 session reset): send err's NOTIFICATION and start again. */
void sess_peer_fault(struct sess_peer *p, const struct lb_err *err);
/* Send a whole message on an Established session; -1 otherwise. */
int sess_peer_send(struct sess_peer *p, const uint8_t *msg, size_t len);
/* Stop (or resume) reading the peer: TCP back-pressure while a helper
 * process is behind (DESIGN.md).  The HoldTimer does not expire while
 * paused: the delay is ours, not the peer's silence. */
void sess_peer_pause(struct sess_peer *p, bool paused);
/* Bytes waiting to be written to the peer. */
size_t sess_peer_pending(const struct sess_peer *p);
/* Drop everything without a NOTIFICATION and close the timers; run the
 * loop afterwards so that libuv lets go of them. */
void sess_peer_fini(struct sess_peer *p);

#endif
