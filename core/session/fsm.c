/* RFC 4271 §8.2.2, one function per state; see fsm.h. */
#include "session/fsm.h"

/* NOTIFICATION codes the table itself chooses (RFC 4271 §4.5, RFC 6608) */
enum {
	HOLD_EXPIRED = 4,
	FSM_ERROR = 5,
	CEASE = 6,
	CEASE_COLLISION = 7, /* RFC 4486 §4 */
	SEND_HOLD_EXPIRED = 8, /* RFC 9687, IANA */
};

static struct fsm_step step(enum fsm_state next, uint32_t actions)
{
	struct fsm_step s = { (uint8_t)next, 0, 0, actions };
	return s;
}

static struct fsm_step notify(enum fsm_state next, uint8_t code, uint8_t sub,
			      uint32_t actions)
{
	struct fsm_step s = { (uint8_t)next, code, sub, actions | FSM_A_SEND_NOTIFY };
	return s;
}

/* Leaving for Idle after a fault: what every "other event" row of §8.2.2
 * says (stop the ConnectRetryTimer, release, drop, count the failure). */
#define FAULT (FSM_A_TIMERS_STOP | FSM_A_RELEASE | FSM_A_DROP_TCP | FSM_A_RETRY_INC)
/* ManualStop: the same, but the counter goes back to zero */
#define STOPPED (FSM_A_TIMERS_STOP | FSM_A_RELEASE | FSM_A_DROP_TCP | FSM_A_RETRY_ZERO)

static struct fsm_step idle(enum fsm_event e)
{
	switch (e) {
	case FSM_EV_MANUAL_START:
	case FSM_EV_AUTO_START:
		return step(FSM_CONNECT, FSM_A_RETRY_ZERO | FSM_A_CR_START | FSM_A_CONNECT);
	case FSM_EV_AUTO_START_PASSIVE:
		return step(FSM_ACTIVE, FSM_A_RETRY_ZERO | FSM_A_CR_START | FSM_A_LISTEN);
	default:
		/* "any other event ... is ignored in the Idle state" */
		return step(FSM_IDLE, 0);
	}
}

/* Connect and Active differ in what a ConnectRetryTimer expiry does and in
 * where a failed connection goes. */
static struct fsm_step connect_or_active(enum fsm_state s, enum fsm_event e)
{
	switch (e) {
	case FSM_EV_MANUAL_START:
	case FSM_EV_AUTO_START:
	case FSM_EV_AUTO_START_PASSIVE:
		return step(s, 0); /* already started */
	case FSM_EV_MANUAL_STOP:
		return step(FSM_IDLE, STOPPED);
	case FSM_EV_CONNECT_RETRY_EXPIRES:
		/* Connect: drop the attempt and try again; Active: try now */
		return step(FSM_CONNECT, FSM_A_DROP_TCP | FSM_A_CR_START | FSM_A_CONNECT);
	case FSM_EV_TCP_ACKED:
	case FSM_EV_TCP_CONFIRMED:
		return step(FSM_OPENSENT, FSM_A_CR_STOP | FSM_A_SEND_OPEN | FSM_A_HOLD_LARGE);
	case FSM_EV_TCP_FAILS:
		/* Connect → Idle (no DelayOpen); Active → Idle restarting the
		 * timer (§8.2.2, Active state).  §8.2.2 raises the counter in
		 * Active only; luabgp counts a failed connect too, since the
		 * counter drives its back-off (the optional damping of §8.1.1). */
		if (s == FSM_CONNECT)
			return step(FSM_IDLE, FSM_A_TIMERS_STOP | FSM_A_RELEASE |
					      FSM_A_DROP_TCP | FSM_A_RETRY_INC);
		return step(FSM_IDLE, FSM_A_CR_START | FSM_A_RELEASE | FSM_A_DROP_TCP |
				      FSM_A_RETRY_INC);
	case FSM_EV_NOTIF_VERSION_ERR:
		return step(FSM_IDLE, FSM_A_TIMERS_STOP | FSM_A_RELEASE | FSM_A_DROP_TCP);
	default:
		return step(FSM_IDLE, FAULT);
	}
}

static struct fsm_step opensent(enum fsm_event e)
{
	switch (e) {
	case FSM_EV_MANUAL_START:
	case FSM_EV_AUTO_START:
	case FSM_EV_AUTO_START_PASSIVE:
		return step(FSM_OPENSENT, 0);
	case FSM_EV_MANUAL_STOP:
		return step(FSM_IDLE, FSM_A_SEND_NOTIFY_GIVEN | STOPPED);
	case FSM_EV_AUTO_STOP:
		return step(FSM_IDLE, FSM_A_SEND_NOTIFY_GIVEN | FAULT);
	case FSM_EV_HOLD_EXPIRES:
		return notify(FSM_IDLE, HOLD_EXPIRED, 0, FAULT);
	case FSM_EV_TCP_FAILS:
		/* "closes the BGP connection, restarts the ConnectRetryTimer,
		 * continues to listen ... and changes its state to Active" */
		return step(FSM_ACTIVE, FSM_A_DROP_TCP | FSM_A_CR_START | FSM_A_LISTEN);
	case FSM_EV_OPEN:
		return step(FSM_OPENCONFIRM, FSM_A_CR_STOP | FSM_A_SEND_KEEPALIVE |
					     FSM_A_KEEPALIVE_START | FSM_A_HOLD_NEGOTIATED);
	case FSM_EV_HEADER_ERR:
	case FSM_EV_OPEN_ERR:
		return step(FSM_IDLE, FSM_A_SEND_NOTIFY_GIVEN | FAULT);
	case FSM_EV_COLLISION_DUMP:
		return notify(FSM_IDLE, CEASE, CEASE_COLLISION, FAULT);
	case FSM_EV_NOTIF_VERSION_ERR:
		return step(FSM_IDLE, FSM_A_TIMERS_STOP | FSM_A_RELEASE | FSM_A_DROP_TCP);
	case FSM_EV_NOTIF:
		/* §8.2.2 lists event 25 among those answered with an FSM
		 * error; the peer has closed already, and a NOTIFICATION is
		 * never answered with one (§6.4 spirit, BIRD, FRR) */
		return step(FSM_IDLE, FAULT);
	default:
		/* RFC 6608 §4: unexpected message in OpenSent */
		return notify(FSM_IDLE, FSM_ERROR, 1, FAULT);
	}
}

static struct fsm_step openconfirm(enum fsm_event e)
{
	switch (e) {
	case FSM_EV_MANUAL_START:
	case FSM_EV_AUTO_START:
	case FSM_EV_AUTO_START_PASSIVE:
		return step(FSM_OPENCONFIRM, 0);
	case FSM_EV_MANUAL_STOP:
		return step(FSM_IDLE, FSM_A_SEND_NOTIFY_GIVEN | STOPPED);
	case FSM_EV_AUTO_STOP:
		return step(FSM_IDLE, FSM_A_SEND_NOTIFY_GIVEN | FAULT);
	case FSM_EV_HOLD_EXPIRES:
		return notify(FSM_IDLE, HOLD_EXPIRED, 0, FAULT);
	case FSM_EV_KEEPALIVE_EXPIRES:
		return step(FSM_OPENCONFIRM, FSM_A_SEND_KEEPALIVE | FSM_A_KEEPALIVE_START);
	case FSM_EV_TCP_FAILS:
	case FSM_EV_NOTIF:
		return step(FSM_IDLE, FAULT);
	case FSM_EV_NOTIF_VERSION_ERR:
		return step(FSM_IDLE, FSM_A_TIMERS_STOP | FSM_A_RELEASE | FSM_A_DROP_TCP);
	case FSM_EV_HEADER_ERR:
	case FSM_EV_OPEN_ERR:
		return step(FSM_IDLE, FSM_A_SEND_NOTIFY_GIVEN | FAULT);
	case FSM_EV_COLLISION_DUMP:
		return notify(FSM_IDLE, CEASE, CEASE_COLLISION, FAULT);
	case FSM_EV_KEEPALIVE:
		/* RFC 9687 §3: the SendHoldTimer starts with Established */
		return step(FSM_ESTABLISHED, FSM_A_HOLD_RESTART | FSM_A_ESTABLISHED |
					     FSM_A_BACKOFF_RESET | FSM_A_SEND_HOLD_START);
	default:
		/* a second OPEN (collisions are resolved before this event is
		 * raised), an UPDATE, a ROUTE-REFRESH...: RFC 6608 §4 */
		return notify(FSM_IDLE, FSM_ERROR, 2, FAULT);
	}
}

static struct fsm_step established(enum fsm_event e)
{
	switch (e) {
	case FSM_EV_MANUAL_START:
	case FSM_EV_AUTO_START:
	case FSM_EV_AUTO_START_PASSIVE:
		return step(FSM_ESTABLISHED, 0);
	case FSM_EV_MANUAL_STOP:
		return step(FSM_IDLE, FSM_A_SEND_NOTIFY_GIVEN | STOPPED);
	case FSM_EV_AUTO_STOP:
		return step(FSM_IDLE, FSM_A_SEND_NOTIFY_GIVEN | FAULT);
	case FSM_EV_HOLD_EXPIRES:
		return notify(FSM_IDLE, HOLD_EXPIRED, 0, FAULT);
	case FSM_EV_SEND_HOLD_EXPIRES:
		/* RFC 9687 §3: 8/0 (likely never read), release, drop */
		return notify(FSM_IDLE, SEND_HOLD_EXPIRED, 0, FAULT);
	case FSM_EV_KEEPALIVE_EXPIRES:
		return step(FSM_ESTABLISHED, FSM_A_SEND_KEEPALIVE | FSM_A_KEEPALIVE_START);
	case FSM_EV_TCP_FAILS:
	case FSM_EV_NOTIF:
	case FSM_EV_NOTIF_VERSION_ERR:
		return step(FSM_IDLE, FAULT);
	case FSM_EV_KEEPALIVE:
		return step(FSM_ESTABLISHED, FSM_A_HOLD_RESTART);
	case FSM_EV_UPDATE:
	case FSM_EV_REFRESH:
		return step(FSM_ESTABLISHED, FSM_A_HOLD_RESTART | FSM_A_PROCESS);
	case FSM_EV_HEADER_ERR:
	case FSM_EV_UPDATE_ERR:
		return step(FSM_IDLE, FSM_A_SEND_NOTIFY_GIVEN | FAULT);
	case FSM_EV_COLLISION_DUMP:
		return notify(FSM_IDLE, CEASE, CEASE_COLLISION, FAULT);
	default:
		/* an OPEN, an OPEN error, the ConnectRetryTimer: RFC 6608 §4 */
		return notify(FSM_IDLE, FSM_ERROR, 3, FAULT);
	}
}

struct fsm_step fsm_next(enum fsm_state state, enum fsm_event event)
{
	switch (state) {
	case FSM_IDLE:
		return idle(event);
	case FSM_CONNECT:
	case FSM_ACTIVE:
		return connect_or_active(state, event);
	case FSM_OPENSENT:
		return opensent(event);
	case FSM_OPENCONFIRM:
		return openconfirm(event);
	case FSM_ESTABLISHED:
		return established(event);
	default:
		return step(FSM_IDLE, FAULT);
	}
}

const char *fsm_state_name(enum fsm_state state)
{
	/* ExaBGP's names in its "fsm" events */
	static const char *const names[FSM_STATE_COUNT] = {
		"idle", "connect", "active", "opensent", "openconfirm", "established",
	};
	return (unsigned)state < FSM_STATE_COUNT ? names[state] : "unknown";
}

const char *fsm_event_name(enum fsm_event event)
{
	static const char *const names[FSM_EVENT_COUNT] = {
		"ManualStart", "ManualStop", "AutomaticStart",
		"AutomaticStart_with_PassiveTcpEstablishment", "AutomaticStop",
		"ConnectRetryTimer_Expires", "HoldTimer_Expires",
		"KeepaliveTimer_Expires", "Tcp_CR_Acked", "TcpConnectionConfirmed",
		"TcpConnectionFails", "BGPOpen", "BGPHeaderErr", "BGPOpenMsgErr",
		"OpenCollisionDump", "NotifMsgVerErr", "NotifMsg", "KeepAliveMsg",
		"UpdateMsg", "UpdateMsgErr", "RouteRefreshMsg", "SendHoldTimer_Expires",
	};
	return (unsigned)event < FSM_EVENT_COUNT ? names[event] : "unknown";
}
