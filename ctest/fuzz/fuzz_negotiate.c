/* The session's reading of an OPEN (session/negotiate.h).  Input: an OPEN
 * body (after the 19-octet header).  Whatever it holds, parsing must
 * either fill the capabilities or name an OPEN/header error with a reason,
 * and negotiating what it accepted against our own must give a context
 * within what we offered. */
#include <stdlib.h>
#include <string.h>

#include "fuzzutil.h"
#include "session/negotiate.h"
#include "wire/message.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sess_caps ours, theirs;
	struct sess_negotiated n;
	struct lb_err err;
	struct wbuf w;

	if (size > 4096 - WIRE_HEADER_LEN)
		return 0;
	wbuf_init(&w, WIRE_HEADER_LEN + size);
	wire_header_write(&w, WIRE_MSG_OPEN, (uint16_t)(WIRE_HEADER_LEN + size));
	wbuf_put(&w, data, size);
	lb_err_clear(&err);
	if (sess_caps_parse(w.data, w.len, &theirs, &err) < 0) {
		if ((err.code != LB_NOTIFY_OPEN && err.code != LB_NOTIFY_HEADER) ||
		    err.reason[0] == 0 || err.offset > w.len)
			abort();
	} else {
		memset(&ours, 0, sizeof(ours));
		ours.version = 4;
		ours.asn = 65000;
		ours.hold_time = 90;
		ours.bgp_id = 1;
		ours.asn4 = true;
		ours.mp_any = true;
		ours.families = WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST) |
				WIRE_FAM_BIT(WIRE_FAM_IPV6_UNICAST);
		ours.addpath_tx = ours.addpath_rx = ours.families;
		if (sess_negotiate(&ours, &theirs, 0, &n, &err) == 0 &&
		    ((n.ctx.families & ~ours.families) || (n.ctx.addpath_tx & ~n.ctx.families) ||
		     n.hold_time > 90 || (n.hold_time && n.hold_time < 3)))
			abort();
	}
	wbuf_fini(&w);
	return 0;
}
