/* Shared checks of the fuzz targets: a small strict JSON validator (whatever
 * the decoders emit must be well-formed JSON in valid UTF-8, RELIABILITY.md
 * §6.2) and the checks every non-UPDATE message goes through. */
#include <stdlib.h>
#include <string.h>

#include "base/json_sink.h"
#include "fuzzutil.h"
#include "wire/message.h"

void fuzz_ctx(struct wire_ctx *ctx, uint8_t selector)
{
	wire_ctx_init_decode(ctx);
	ctx->asn4 = !(selector & 1);
	if (selector & 2)
		ctx->addpath_rx = ctx->families;
	ctx->ibgp = !(selector & 4);
	if (!ctx->ibgp)
		ctx->peer_as = 65000;
}

struct cur {
	const uint8_t *p, *end;
	int depth;
};

static void ws(struct cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\n' || *c->p == '\t' || *c->p == '\r'))
		c->p++;
}

static int lit(struct cur *c, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, s, n))
		return -1;
	c->p += n;
	return 0;
}

static int utf8(struct cur *c)
{
	uint8_t b = *c->p;
	int len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 ? 2 : 0;

	if (b >= 0xf5 || len == 0 || c->end - c->p < len)
		return -1;
	for (int i = 1; i < len; i++)
		if ((c->p[i] & 0xc0) != 0x80)
			return -1;
	c->p += len;
	return 0;
}

static int string(struct cur *c)
{
	if (lit(c, "\"") < 0)
		return -1;
	while (c->p < c->end && *c->p != '"') {
		if (*c->p < 0x20)
			return -1;
		if (*c->p == '\\') {
			c->p++;
			if (c->p >= c->end || !strchr("\"\\/bfnrtu", *c->p))
				return -1;
			c->p++;
		} else if (*c->p >= 0x80) {
			if (utf8(c) < 0)
				return -1;
		} else {
			c->p++;
		}
	}
	return lit(c, "\"");
}

static int number(struct cur *c)
{
	const uint8_t *start = c->p;

	if (c->p < c->end && *c->p == '-')
		c->p++;
	while (c->p < c->end && strchr("0123456789.eE+-", *c->p))
		c->p++;
	return c->p > start ? 0 : -1;
}

static int value(struct cur *c);

static int container(struct cur *c, char open, char close, int keyed)
{
	if (++c->depth > 200)
		return -1;
	c->p++;
	ws(c);
	if (c->p < c->end && *c->p == close) {
		c->p++;
		c->depth--;
		return 0;
	}
	for (;;) {
		ws(c);
		if (keyed) {
			if (string(c) < 0)
				return -1;
			ws(c);
			if (lit(c, ":") < 0)
				return -1;
		}
		if (value(c) < 0)
			return -1;
		ws(c);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == close) {
			c->p++;
			c->depth--;
			return 0;
		}
		return -1;
	}
	(void)open;
}

static int value(struct cur *c)
{
	ws(c);
	if (c->p >= c->end)
		return -1;
	switch (*c->p) {
	case '{':
		return container(c, '{', '}', 1);
	case '[':
		return container(c, '[', ']', 0);
	case '"':
		return string(c);
	case 't':
		return lit(c, "true");
	case 'f':
		return lit(c, "false");
	case 'n':
		return lit(c, "null");
	default:
		return number(c);
	}
}

void fuzz_check_json(const uint8_t *p, size_t n)
{
	struct cur c;

	if (n == 0)
		return; /* p may be NULL */
	c.p = p;
	c.end = p + n;
	c.depth = 0;
	while (c.p < c.end) {
		if (value(&c) < 0)
			abort();
		ws(&c);
	}
}

/* --- non-UPDATE messages ------------------------------------------------- */

/* an error must say why, and send a NOTIFICATION exactly when it resets */
static void check_err(const struct lb_err *err)
{
	if (err->reason[0] == '\0')
		abort();
	if ((err->act == LB_ACT_RESET) != (err->code != 0))
		abort();
	if (err->act != LB_ACT_RESET && err->act != LB_ACT_NONE)
		abort(); /* RFC 7606 actions are for UPDATE attributes */
}

/* {"member":...} of one message into out; -1 when refused */
static int msg_json(const struct fuzz_msg_kind *k, const uint8_t *msg, size_t len,
		    struct wbuf *out, struct lb_err *err)
{
	struct wire_ctx ctx;
	struct json_sink j;
	int rc;

	wire_ctx_init_decode(&ctx);
	json_sink_init(&j, out, 1);
	sink_obj(&j.base);
	rc = k->json(&j.base, msg, len, &ctx, err);
	sink_obj_end(&j.base);
	json_sink_fini(&j);
	return rc;
}

static void check_text(const struct wbuf *t)
{
	for (size_t i = 0; i < t->len; i++)
		if (t->data[i] < 0x20 || t->data[i] == 0x7f)
			abort(); /* one event, one line, no NUL */
}

static void msg_round_trip(const struct fuzz_msg_kind *k, const uint8_t *msg,
			   size_t len, const struct wbuf *first)
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
	if (k->json(&vs.base, msg, len, &ctx, &err) < 0)
		abort(); /* the tree sink must see what the JSON sink saw */
	sink_obj_end(&vs.base);
	wbuf_init(&enc, 0);
	wbuf_init(&again, 0);
	if (k->encode(&enc, val_get(val_sink_root(&vs), k->member), &err) < 0) {
		if (!k->encode_limit || !strstr(err.reason, k->encode_limit))
			abort();
	} else {
		struct wire_header h;

		if (wire_header_decode(enc.data, enc.len, WIRE_MAX_EXT_MSG, true, &h,
				       &err) < 0 || h.len != enc.len || h.type != k->type)
			abort();
		if (msg_json(k, enc.data, enc.len, &again, &err) < 0 ||
		    again.len != first->len || memcmp(again.data, first->data, first->len))
			abort();
	}
	wbuf_fini(&again);
	wbuf_fini(&enc);
	val_sink_fini(&vs);
	arena_fini(&a);
}

void fuzz_check_message(const struct fuzz_msg_kind *k, const uint8_t *body,
			size_t n)
{
	struct wbuf msg, out, text;
	struct lb_err err, terr;
	int rc;

	if (n > k->max - WIRE_HEADER_LEN)
		return;
	wbuf_init(&msg, 0);
	wire_header_write(&msg, k->type, (uint16_t)(n + WIRE_HEADER_LEN));
	wbuf_put(&msg, body, n);
	wbuf_init(&out, 0);
	wbuf_init(&text, 0);
	rc = msg_json(k, msg.data, msg.len, &out, &err);
	if ((k->text(&text, msg.data, msg.len, &terr) < 0) != (rc < 0))
		abort(); /* text refuses exactly what JSON refuses */
	if (rc < 0) {
		check_err(&err);
		check_err(&terr);
		if (err.act != terr.act || err.code != terr.code ||
		    err.subcode != terr.subcode || err.offset != terr.offset)
			abort();
	} else {
		fuzz_check_json(out.data, out.len);
		check_text(&text);
		msg_round_trip(k, msg.data, msg.len, &out);
	}
	wbuf_fini(&text);
	wbuf_fini(&out);
	wbuf_fini(&msg);
}
