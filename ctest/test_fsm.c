/* The FSM table (session/fsm.c) against RFC 4271 §8.2.2 and RFC 6608. */
#include <stdbool.h>
#include <stdio.h>

#include "session/fsm.h"
#include "testutil.h"

struct row {
	enum fsm_state from;
	enum fsm_event ev;
	enum fsm_state to;
	uint32_t must;      /* actions that must be there */
	uint32_t mustnt;    /* actions that must not */
	uint8_t code, sub;  /* FSM_A_SEND_NOTIFY: the NOTIFICATION */
};

#define ANY_SEND (FSM_A_SEND_OPEN | FSM_A_SEND_KEEPALIVE | FSM_A_SEND_NOTIFY | FSM_A_SEND_NOTIFY_GIVEN)

static const struct row rows[] = {
	/* Idle: only a start does something */
	{ FSM_IDLE, FSM_EV_AUTO_START, FSM_CONNECT, FSM_A_CONNECT | FSM_A_CR_START, ANY_SEND, 0, 0 },
	{ FSM_IDLE, FSM_EV_MANUAL_START, FSM_CONNECT, FSM_A_CONNECT | FSM_A_RETRY_ZERO, ANY_SEND, 0, 0 },
	{ FSM_IDLE, FSM_EV_AUTO_START_PASSIVE, FSM_ACTIVE, FSM_A_LISTEN, FSM_A_CONNECT | ANY_SEND, 0, 0 },
	{ FSM_IDLE, FSM_EV_OPEN, FSM_IDLE, 0, ~0u, 0, 0 },
	{ FSM_IDLE, FSM_EV_HOLD_EXPIRES, FSM_IDLE, 0, ~0u, 0, 0 },
	/* Connect */
	{ FSM_CONNECT, FSM_EV_TCP_ACKED, FSM_OPENSENT, FSM_A_SEND_OPEN | FSM_A_HOLD_LARGE | FSM_A_CR_STOP, FSM_A_SEND_KEEPALIVE, 0, 0 },
	{ FSM_CONNECT, FSM_EV_CONNECT_RETRY_EXPIRES, FSM_CONNECT, FSM_A_DROP_TCP | FSM_A_CONNECT | FSM_A_CR_START, ANY_SEND, 0, 0 },
	{ FSM_CONNECT, FSM_EV_TCP_FAILS, FSM_IDLE, FSM_A_DROP_TCP | FSM_A_RETRY_INC, ANY_SEND, 0, 0 },
	{ FSM_CONNECT, FSM_EV_MANUAL_STOP, FSM_IDLE, FSM_A_DROP_TCP | FSM_A_RETRY_ZERO, ANY_SEND | FSM_A_RETRY_INC, 0, 0 },
	{ FSM_CONNECT, FSM_EV_KEEPALIVE, FSM_IDLE, FSM_A_RETRY_INC | FSM_A_DROP_TCP, ANY_SEND, 0, 0 },
	/* Active */
	{ FSM_ACTIVE, FSM_EV_TCP_CONFIRMED, FSM_OPENSENT, FSM_A_SEND_OPEN | FSM_A_HOLD_LARGE, 0, 0, 0 },
	{ FSM_ACTIVE, FSM_EV_CONNECT_RETRY_EXPIRES, FSM_CONNECT, FSM_A_CONNECT | FSM_A_CR_START, ANY_SEND, 0, 0 },
	{ FSM_ACTIVE, FSM_EV_TCP_FAILS, FSM_IDLE, FSM_A_RETRY_INC | FSM_A_CR_START, ANY_SEND, 0, 0 },
	/* OpenSent */
	{ FSM_OPENSENT, FSM_EV_OPEN, FSM_OPENCONFIRM, FSM_A_SEND_KEEPALIVE | FSM_A_KEEPALIVE_START | FSM_A_HOLD_NEGOTIATED, FSM_A_SEND_NOTIFY, 0, 0 },
	{ FSM_OPENSENT, FSM_EV_HOLD_EXPIRES, FSM_IDLE, FSM_A_DROP_TCP | FSM_A_RETRY_INC, FSM_A_SEND_KEEPALIVE, 4, 0 },
	{ FSM_OPENSENT, FSM_EV_TCP_FAILS, FSM_ACTIVE, FSM_A_DROP_TCP | FSM_A_CR_START | FSM_A_LISTEN, ANY_SEND, 0, 0 },
	{ FSM_OPENSENT, FSM_EV_OPEN_ERR, FSM_IDLE, FSM_A_SEND_NOTIFY_GIVEN | FSM_A_DROP_TCP, FSM_A_SEND_KEEPALIVE, 0, 0 },
	{ FSM_OPENSENT, FSM_EV_HEADER_ERR, FSM_IDLE, FSM_A_SEND_NOTIFY_GIVEN | FSM_A_DROP_TCP, FSM_A_SEND_KEEPALIVE, 0, 0 },
	{ FSM_OPENSENT, FSM_EV_COLLISION_DUMP, FSM_IDLE, FSM_A_DROP_TCP, FSM_A_SEND_KEEPALIVE, 6, 7 },
	{ FSM_OPENSENT, FSM_EV_NOTIF_VERSION_ERR, FSM_IDLE, FSM_A_DROP_TCP, ANY_SEND | FSM_A_RETRY_INC, 0, 0 },
	{ FSM_OPENSENT, FSM_EV_KEEPALIVE, FSM_IDLE, FSM_A_DROP_TCP, FSM_A_SEND_KEEPALIVE, 5, 1 },
	{ FSM_OPENSENT, FSM_EV_UPDATE, FSM_IDLE, FSM_A_DROP_TCP, FSM_A_PROCESS, 5, 1 },
	{ FSM_OPENSENT, FSM_EV_MANUAL_STOP, FSM_IDLE, FSM_A_SEND_NOTIFY_GIVEN | FSM_A_RETRY_ZERO, FSM_A_RETRY_INC, 0, 0 },
	/* OpenConfirm */
	{ FSM_OPENCONFIRM, FSM_EV_KEEPALIVE, FSM_ESTABLISHED, FSM_A_ESTABLISHED | FSM_A_HOLD_RESTART | FSM_A_BACKOFF_RESET | FSM_A_SEND_HOLD_START, ANY_SEND, 0, 0 },
	{ FSM_OPENCONFIRM, FSM_EV_KEEPALIVE_EXPIRES, FSM_OPENCONFIRM, FSM_A_SEND_KEEPALIVE | FSM_A_KEEPALIVE_START, FSM_A_SEND_NOTIFY, 0, 0 },
	{ FSM_OPENCONFIRM, FSM_EV_HOLD_EXPIRES, FSM_IDLE, FSM_A_DROP_TCP, FSM_A_SEND_KEEPALIVE, 4, 0 },
	{ FSM_OPENCONFIRM, FSM_EV_NOTIF, FSM_IDLE, FSM_A_DROP_TCP | FSM_A_RELEASE, ANY_SEND, 0, 0 },
	{ FSM_OPENCONFIRM, FSM_EV_UPDATE, FSM_IDLE, FSM_A_DROP_TCP, FSM_A_PROCESS, 5, 2 },
	{ FSM_OPENCONFIRM, FSM_EV_OPEN, FSM_IDLE, FSM_A_DROP_TCP, FSM_A_SEND_KEEPALIVE, 5, 2 },
	{ FSM_OPENCONFIRM, FSM_EV_COLLISION_DUMP, FSM_IDLE, FSM_A_DROP_TCP, 0, 6, 7 },
	/* Established */
	{ FSM_ESTABLISHED, FSM_EV_UPDATE, FSM_ESTABLISHED, FSM_A_PROCESS | FSM_A_HOLD_RESTART, ANY_SEND, 0, 0 },
	{ FSM_ESTABLISHED, FSM_EV_REFRESH, FSM_ESTABLISHED, FSM_A_PROCESS | FSM_A_HOLD_RESTART, ANY_SEND, 0, 0 },
	{ FSM_ESTABLISHED, FSM_EV_KEEPALIVE, FSM_ESTABLISHED, FSM_A_HOLD_RESTART, ANY_SEND | FSM_A_PROCESS, 0, 0 },
	{ FSM_ESTABLISHED, FSM_EV_KEEPALIVE_EXPIRES, FSM_ESTABLISHED, FSM_A_SEND_KEEPALIVE | FSM_A_KEEPALIVE_START, FSM_A_SEND_NOTIFY, 0, 0 },
	{ FSM_ESTABLISHED, FSM_EV_HOLD_EXPIRES, FSM_IDLE, FSM_A_DROP_TCP | FSM_A_RELEASE | FSM_A_RETRY_INC, FSM_A_SEND_KEEPALIVE, 4, 0 },
	/* RFC 9687: Send Hold Timer Expired */
	{ FSM_ESTABLISHED, FSM_EV_SEND_HOLD_EXPIRES, FSM_IDLE, FSM_A_DROP_TCP | FSM_A_RELEASE | FSM_A_RETRY_INC | FSM_A_TIMERS_STOP, FSM_A_SEND_KEEPALIVE, 8, 0 },
	{ FSM_ESTABLISHED, FSM_EV_UPDATE_ERR, FSM_IDLE, FSM_A_SEND_NOTIFY_GIVEN | FSM_A_RELEASE, FSM_A_PROCESS, 0, 0 },
	{ FSM_ESTABLISHED, FSM_EV_NOTIF, FSM_IDLE, FSM_A_RELEASE | FSM_A_DROP_TCP, ANY_SEND, 0, 0 },
	{ FSM_ESTABLISHED, FSM_EV_TCP_FAILS, FSM_IDLE, FSM_A_RELEASE | FSM_A_RETRY_INC, ANY_SEND, 0, 0 },
	{ FSM_ESTABLISHED, FSM_EV_OPEN, FSM_IDLE, FSM_A_RELEASE, FSM_A_SEND_KEEPALIVE, 5, 3 },
	{ FSM_ESTABLISHED, FSM_EV_CONNECT_RETRY_EXPIRES, FSM_IDLE, FSM_A_RELEASE, 0, 5, 3 },
	{ FSM_ESTABLISHED, FSM_EV_MANUAL_STOP, FSM_IDLE, FSM_A_SEND_NOTIFY_GIVEN | FSM_A_RELEASE | FSM_A_RETRY_ZERO, FSM_A_RETRY_INC, 0, 0 },
	{ FSM_ESTABLISHED, FSM_EV_AUTO_STOP, FSM_IDLE, FSM_A_SEND_NOTIFY_GIVEN | FSM_A_RELEASE | FSM_A_RETRY_INC, 0, 0, 0 },
};

static void rfc_rows(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct fsm_step s = fsm_next(r->from, r->ev);
		int ok = s.next == r->to && (s.actions & r->must) == r->must &&
			 (s.actions & r->mustnt) == 0;

		if (r->code)
			ok = ok && (s.actions & FSM_A_SEND_NOTIFY) &&
			     s.notify_code == r->code && s.notify_subcode == r->sub;
		if (!ok) {
			print_error("%s + %s: got %s, actions %#x, notify %u/%u\n",
				    fsm_state_name(r->from), fsm_event_name(r->ev),
				    fsm_state_name((enum fsm_state)s.next), s.actions,
				    s.notify_code, s.notify_subcode);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Invariants over the whole table. */
static void every_pair(void **state)
{
	(void)state;
	for (int st = 0; st < FSM_STATE_COUNT; st++) {
		for (int ev = 0; ev < FSM_EVENT_COUNT; ev++) {
			struct fsm_step s = fsm_next((enum fsm_state)st, (enum fsm_event)ev);
			uint32_t a = s.actions;
			bool connected = st >= FSM_OPENSENT;

			assert_true(s.next < FSM_STATE_COUNT);
			/* a NOTIFICATION ends the connection: nothing is
			 * written after it (RELIABILITY.md §2.1 C18) */
			if (a & (FSM_A_SEND_NOTIFY | FSM_A_SEND_NOTIFY_GIVEN)) {
				assert_true(a & FSM_A_DROP_TCP);
				assert_false(a & (FSM_A_SEND_OPEN | FSM_A_SEND_KEEPALIVE));
				assert_int_equal(s.next, FSM_IDLE);
				assert_true(connected);
			}
			/* one table code at most, and only with its action */
			if (!(a & FSM_A_SEND_NOTIFY))
				assert_int_equal(s.notify_code, 0);
			/* no NOTIFICATION is answered with one (§6.4) */
			if (ev == FSM_EV_NOTIF || ev == FSM_EV_NOTIF_VERSION_ERR)
				assert_false(a & (FSM_A_SEND_NOTIFY | FSM_A_SEND_NOTIFY_GIVEN));
			/* a connected session that falls to Idle drops TCP and
			 * releases what it held */
			if (connected && s.next == FSM_IDLE)
				assert_true((a & (FSM_A_DROP_TCP | FSM_A_RELEASE)) ==
					    (FSM_A_DROP_TCP | FSM_A_RELEASE));
			/* routes flow only in Established */
			if (a & FSM_A_PROCESS)
				assert_int_equal(st, FSM_ESTABLISHED);
			if (a & FSM_A_ESTABLISHED)
				assert_true(st == FSM_OPENCONFIRM && ev == FSM_EV_KEEPALIVE);
			/* the counter is either raised or zeroed */
			assert_false((a & FSM_A_RETRY_INC) && (a & FSM_A_RETRY_ZERO));
			/* Idle is left only by a start */
			if (st == FSM_IDLE && s.next != FSM_IDLE)
				assert_true(ev == FSM_EV_MANUAL_START || ev == FSM_EV_AUTO_START ||
					    ev == FSM_EV_AUTO_START_PASSIVE);
			/* a stop always reaches Idle */
			if (ev == FSM_EV_MANUAL_STOP && st != FSM_IDLE)
				assert_int_equal(s.next, FSM_IDLE);
		}
	}
}

/* A session walked from Idle to Established and down by its hold timer. */
static void walk(void **state)
{
	static const enum fsm_event events[] = {
		FSM_EV_AUTO_START, FSM_EV_TCP_ACKED, FSM_EV_OPEN, FSM_EV_KEEPALIVE,
		FSM_EV_UPDATE, FSM_EV_KEEPALIVE_EXPIRES, FSM_EV_HOLD_EXPIRES,
	};
	static const enum fsm_state states[] = {
		FSM_CONNECT, FSM_OPENSENT, FSM_OPENCONFIRM, FSM_ESTABLISHED,
		FSM_ESTABLISHED, FSM_ESTABLISHED, FSM_IDLE,
	};
	enum fsm_state st = FSM_IDLE;

	(void)state;
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		st = (enum fsm_state)fsm_next(st, events[i]).next;
		assert_int_equal(st, states[i]);
	}
	assert_string_equal(fsm_state_name(FSM_OPENCONFIRM), "openconfirm");
	assert_string_equal(fsm_event_name(FSM_EV_REFRESH), "RouteRefreshMsg");
	assert_string_equal(fsm_event_name(FSM_EV_SEND_HOLD_EXPIRES), "SendHoldTimer_Expires");
	assert_string_equal(fsm_state_name((enum fsm_state)99), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc_rows),
		cmocka_unit_test(every_pair),
		cmocka_unit_test(walk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
