/* The BGP finite state machine of RFC 4271 §8, as a pure table: a state and
 * an event give the next state and the actions to take.  Nothing here does
 * I/O or keeps time; the peer (session/peer.c) carries the actions out, so
 * the table can be tested exhaustively and read against §8.2.2.
 *
 * What luabgp leaves out of §8: the optional DelayOpen, SendNOTIFICATION-
 * without-OPEN and peer-oscillation-damping attributes (luabgp's back-off on
 * ConnectRetryCounter plays that part), and TcpConnection_Valid/Invalid
 * (events 14/15: the listener checks the peer address before it reports a
 * connection).  ROUTE-REFRESH is an event of its own, handled as an UPDATE.
 */
#ifndef LUABGP_SESSION_FSM_H
#define LUABGP_SESSION_FSM_H

#include <stdint.h>

enum fsm_state {
	FSM_IDLE,
	FSM_CONNECT,
	FSM_ACTIVE,
	FSM_OPENSENT,
	FSM_OPENCONFIRM,
	FSM_ESTABLISHED,
	FSM_STATE_COUNT,
};

/* RFC 4271 §8.1 event numbers in the comments */
enum fsm_event {
	FSM_EV_MANUAL_START,          /* 1 */
	FSM_EV_MANUAL_STOP,           /* 2 */
	FSM_EV_AUTO_START,            /* 3 */
	FSM_EV_AUTO_START_PASSIVE,    /* 5: wait for the peer to connect */
	FSM_EV_AUTO_STOP,             /* 8 */
	FSM_EV_CONNECT_RETRY_EXPIRES, /* 9 */
	FSM_EV_HOLD_EXPIRES,          /* 10 */
	FSM_EV_KEEPALIVE_EXPIRES,     /* 11 */
	FSM_EV_TCP_ACKED,             /* 16: our connect() succeeded */
	FSM_EV_TCP_CONFIRMED,         /* 17: we accepted the peer's connection */
	FSM_EV_TCP_FAILS,             /* 18 */
	FSM_EV_OPEN,                  /* 19: a valid OPEN */
	FSM_EV_HEADER_ERR,            /* 21 */
	FSM_EV_OPEN_ERR,              /* 22 */
	FSM_EV_COLLISION_DUMP,        /* 23 */
	FSM_EV_NOTIF_VERSION_ERR,     /* 24 */
	FSM_EV_NOTIF,                 /* 25 */
	FSM_EV_KEEPALIVE,             /* 26 */
	FSM_EV_UPDATE,                /* 27 */
	FSM_EV_UPDATE_ERR,            /* 28 */
	FSM_EV_REFRESH,               /* ROUTE-REFRESH (RFC 2918) */
	FSM_EV_SEND_HOLD_EXPIRES,     /* RFC 9687 SendHoldTimer_Expires */
	FSM_EVENT_COUNT,
};

/* Actions, in the order the peer must carry them out. */
enum {
	FSM_A_SEND_NOTIFY = 1 << 0,     /* NOTIFICATION notify_code/subcode */
	FSM_A_SEND_NOTIFY_GIVEN = 1 << 1, /* the NOTIFICATION that came with the
					   * event: the decoder's error, or
					   * the reason of a stop (6/2, 6/3...) */
	FSM_A_DROP_TCP = 1 << 2,
	FSM_A_RELEASE = 1 << 3,         /* routes of the peer gone, RIBs freed */
	FSM_A_RETRY_ZERO = 1 << 4,      /* ConnectRetryCounter = 0 */
	FSM_A_RETRY_INC = 1 << 5,       /* ConnectRetryCounter += 1 (back-off) */
	FSM_A_CR_START = 1 << 6,        /* (re)start the ConnectRetryTimer */
	FSM_A_CR_STOP = 1 << 7,
	FSM_A_CONNECT = 1 << 8,         /* initiate a TCP connection */
	FSM_A_LISTEN = 1 << 9,          /* accept the peer's connection */
	FSM_A_SEND_OPEN = 1 << 10,
	FSM_A_HOLD_LARGE = 1 << 11,     /* HoldTimer = 4 minutes (§8.2.2) */
	FSM_A_HOLD_NEGOTIATED = 1 << 12,/* HoldTimer = negotiated (0: none) */
	FSM_A_HOLD_RESTART = 1 << 13,   /* restart it (a message arrived) */
	FSM_A_SEND_KEEPALIVE = 1 << 14,
	FSM_A_KEEPALIVE_START = 1 << 15,
	FSM_A_TIMERS_STOP = 1 << 16,    /* every timer of the session */
	FSM_A_ESTABLISHED = 1 << 17,    /* session up: send the adj-rib-out */
	FSM_A_PROCESS = 1 << 18,        /* hand the UPDATE / REFRESH to the RIB */
	FSM_A_BACKOFF_RESET = 1 << 19,  /* a session came up: back-off from zero */
	FSM_A_SEND_HOLD_START = 1 << 20,/* RFC 9687 SendHoldTimer (0 hold: none) */
};

struct fsm_step {
	uint8_t next;            /* enum fsm_state */
	uint8_t notify_code;     /* FSM_A_SEND_NOTIFY */
	uint8_t notify_subcode;
	uint32_t actions;        /* FSM_A_* */
};

/* The step for `event` in `state`.  Never fails: every pair has a row. */
struct fsm_step fsm_next(enum fsm_state state, enum fsm_event event);

const char *fsm_state_name(enum fsm_state state); /* "established" (ExaBGP's) */
const char *fsm_event_name(enum fsm_event event);

#endif
