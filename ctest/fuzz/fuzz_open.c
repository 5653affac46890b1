/* OPEN, NOTIFICATION, ROUTE-REFRESH and OPERATIONAL messages: the JSON must
 * be valid, the text form must stay on one line, and decode → tree → encode →
 * decode must give the same JSON again.
 * Input: a selector byte (bits 0-1: the message type, OPEN, NOTIFICATION,
 * ROUTE-REFRESH or OPERATIONAL), then the message body (the header is
 * added here). */
#include <stdlib.h>
#include <string.h>

#include "base/json_sink.h"
#include "fuzzutil.h"
#include "wire/message.h"

typedef int (*event_fn)(struct sink *, const uint8_t *, size_t,
			const struct wire_ctx *, struct lb_err *);
typedef int (*encode_fn)(struct wbuf *, const struct val *, struct lb_err *);
typedef int (*text_fn)(struct wbuf *, const uint8_t *, size_t, struct lb_err *);

static const struct {
	uint8_t type;
	event_fn json;
	encode_fn encode;
	text_fn text;
	const char *member;
} kinds[4] = {
	{ WIRE_MSG_OPEN, wire_open_event_json, wire_open_encode, wire_open_text, "open" },
	{ WIRE_MSG_NOTIFICATION, wire_notification_event_json, wire_notification_encode,
	  wire_notification_text, "notification" },
	{ WIRE_MSG_ROUTE_REFRESH, wire_refresh_event_json, wire_refresh_encode,
	  wire_refresh_text, "route-refresh" },
	{ WIRE_MSG_OPERATIONAL, wire_operational_event_json, wire_operational_encode,
	  wire_operational_text, "operational" },
};

/* {"member":...} of one message into out; -1 when refused */
static int to_json(unsigned k, const uint8_t *msg, size_t len, struct wbuf *out)
{
	struct wire_ctx ctx;
	struct json_sink j;
	struct lb_err err;
	int rc;

	wire_ctx_init_decode(&ctx);
	json_sink_init(&j, out, 1);
	sink_obj(&j.base);
	rc = kinds[k].json(&j.base, msg, len, &ctx, &err);
	sink_obj_end(&j.base);
	json_sink_fini(&j);
	if (rc < 0 && err.act == LB_ACT_NONE && err.code != 0)
		abort(); /* an ignored message names no NOTIFICATION */
	return rc;
}

static void round_trip(unsigned k, const uint8_t *msg, size_t len,
		       const struct wbuf *first)
{
	struct wire_ctx ctx;
	struct arena a;
	struct val_sink vs;
	struct lb_err err;
	struct wbuf enc, again;

	wire_ctx_init_decode(&ctx);
	arena_init(&a, 4096);
	val_sink_init(&vs, &a);
	sink_obj(&vs.base);
	if (kinds[k].json(&vs.base, msg, len, &ctx, &err) < 0)
		abort(); /* the tree sink must see what the JSON sink saw */
	sink_obj_end(&vs.base);
	wbuf_init(&enc, 0);
	wbuf_init(&again, 0);
	if (kinds[k].encode(&enc, val_get(val_sink_root(&vs), kinds[k].member), &err) < 0) {
		/* one capability per parameter can outgrow 4096 octets */
		if (!strstr(err.reason, "exceeds"))
			abort();
	} else {
		if (to_json(k, enc.data, enc.len, &again) < 0 || again.len != first->len ||
		    memcmp(again.data, first->data, first->len) != 0)
			abort();
	}
	wbuf_fini(&again);
	wbuf_fini(&enc);
	val_sink_fini(&vs);
	arena_fini(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned k;
	struct wbuf msg, out, text;
	struct lb_err err;

	if (size < 1 || size - 1 + WIRE_HEADER_LEN > WIRE_MAX_MSG)
		return 0;
	k = data[0] & 3;
	wbuf_init(&msg, 0);
	wire_header_write(&msg, kinds[k].type, (uint16_t)(size - 1 + WIRE_HEADER_LEN));
	wbuf_put(&msg, data + 1, size - 1);
	wbuf_init(&out, 0);
	wbuf_init(&text, 0);
	if (to_json(k, msg.data, msg.len, &out) == 0) {
		fuzz_check_json(out.data, out.len);
		if (kinds[k].text(&text, msg.data, msg.len, &err) < 0)
			abort(); /* text refuses only what JSON refuses */
		if (text.len && (memchr(text.data, '\n', text.len) ||
				 memchr(text.data, '\r', text.len)))
			abort(); /* one event, one line */
		round_trip(k, msg.data, msg.len, &out);
	} else if (kinds[k].text(&text, msg.data, msg.len, &err) == 0) {
		abort();
	}
	wbuf_fini(&text);
	wbuf_fini(&out);
	wbuf_fini(&msg);
	return 0;
}
