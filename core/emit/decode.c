#include <stdlib.h>
#include <string.h>

#include "emit/decode.h"
#include "wire/message.h"
#include "wire/update_json.h"

/* A message rebuilt with its header when it was given without one, so that
 * every decoder sees whole messages and offsets count from the marker. */
struct framed {
	const uint8_t *msg;
	size_t len;
	uint8_t *owned;
};

static int frame(struct framed *f, const uint8_t *p, size_t n, uint8_t type,
		 struct lb_err *err)
{
	struct wbuf w;

	f->owned = NULL;
	if (wire_has_marker(p, n)) {
		f->msg = p;
		f->len = n;
		return 0;
	}
	if (n + WIRE_HEADER_LEN > WIRE_MAX_EXT_MSG)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_HEADER, 2, 0,
				  "message body of %zu octets is too long", n);
	wbuf_init(&w, n + WIRE_HEADER_LEN);
	wire_header_write(&w, type, (uint16_t)(n + WIRE_HEADER_LEN));
	wbuf_put(&w, p, n);
	if (w.failed) {
		wbuf_fini(&w);
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "out of memory");
	}
	f->owned = w.data;
	f->msg = w.data;
	f->len = w.len;
	return 0;
}

static void shift_offset(struct lb_err *e, const struct framed *f)
{
	/* report offsets in the caller's bytes when we added the header */
	if (f->owned && e->offset >= WIRE_HEADER_LEN)
		e->offset -= WIRE_HEADER_LEN;
}

static int decode_nlri(struct wbuf *out, const uint8_t *p, size_t n,
		       const struct emit_decode_opts *o, struct lb_err *err)
{
	struct wire_ctx ctx;
	struct wire_nlri_iter it;
	struct wire_nlri nlri;
	struct json_sink j;
	int rc;

	if (!o->fam)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "decoding NLRI needs a family (-f \"AFI SAFI\")");
	if (o->ctx) {
		ctx = *o->ctx;
	} else {
		wire_ctx_init_decode(&ctx);
		if (o->addpath)
			ctx.addpath_rx = ctx.families;
	}
	wire_nlri_iter_init(&it, o->fam, &ctx, p, p, n);
	json_sink_init(&j, out, 0);
	while ((rc = wire_nlri_iter_next(&it, &nlri)) > 0) {
		o->fam->json(o->fam, &j.base, &nlri, NULL, &ctx);
		wbuf_u8(out, '\n');
	}
	json_sink_fini(&j);
	if (rc < 0) {
		*err = it.err;
		return -1;
	}
	return 0;
}

/* Emit the members of the event for one checked message: "message" for an
 * UPDATE, "open", "notification", ... for the others. */
static int emit_body(struct sink *s, const struct wire_header *h,
		     const struct framed *f, const struct wire_ctx *ctx,
		     struct lb_err *err, struct lb_err *warn)
{
	struct wire_update *u;

	switch (h->type) {
	case WIRE_MSG_UPDATE:
		u = malloc(sizeof(*u));
		if (!u)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "out of memory");
		if (wire_update_decode(u, f->msg, f->len, f->msg + WIRE_HEADER_LEN,
				       f->len - WIRE_HEADER_LEN, ctx) < 0) {
			*err = u->err;
			free(u);
			return -1;
		}
		*warn = u->err.act != LB_ACT_NONE ? u->err : u->discarded;
		sink_key(s, "message");
		sink_obj(s);
		wire_update_json(s, u, ctx);
		sink_obj_end(s);
		free(u);
		return 0;
	case WIRE_MSG_KEEPALIVE:
		return 0;
	case WIRE_MSG_OPEN:
		return wire_open_event_json(s, f->msg, f->len, ctx, err);
	case WIRE_MSG_NOTIFICATION:
		return wire_notification_event_json(s, f->msg, f->len, ctx, err);
	case WIRE_MSG_ROUTE_REFRESH:
		return wire_refresh_event_json(s, f->msg, f->len, ctx, err);
	default:
		return wire_operational_event_json(s, f->msg, f->len, ctx, err);
	}
}

/* Frame and check one message; on success *h describes it. */
static int prepare(struct framed *f, struct wire_header *h, struct wire_ctx *ctx,
		   const uint8_t *p, size_t n, const struct emit_decode_opts *o,
		   struct lb_err *err)
{
	if (frame(f, p, n, o->kind == EMIT_DECODE_OPEN ? WIRE_MSG_OPEN
						       : WIRE_MSG_UPDATE, err) < 0)
		return -1;
	if (o->ctx) {
		*ctx = *o->ctx;
	} else {
		wire_ctx_init_decode(ctx);
		if (o->addpath)
			ctx->addpath_rx = ctx->families;
	}
	if (f->len < WIRE_HEADER_LEN || f->len != get_u16(f->msg + 16))
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_HEADER, 2, 16,
				  "length field says %u octets, %zu given",
				  f->len >= WIRE_HEADER_LEN ? get_u16(f->msg + 16) : 0,
				  f->len);
	return wire_header_decode(f->msg, f->len, WIRE_MAX_EXT_MSG, true, h, err);
}

int emit_decode(struct wbuf *out, const uint8_t *p, size_t n,
		const struct emit_decode_opts *o, struct lb_err *err,
		struct lb_err *warn)
{
	struct wire_header h;
	struct wire_ctx ctx;
	struct framed f = { 0 };
	struct json_sink j;
	size_t mark = out->len;
	int rc;

	lb_err_clear(err);
	lb_err_clear(warn);
	if (o->kind == EMIT_DECODE_NLRI)
		return decode_nlri(out, p, n, o, err);
	rc = prepare(&f, &h, &ctx, p, n, o, err);
	if (rc == 0) {
		emit_event_begin(&j, out, o->env, wire_msg_name(h.type), o->peer,
				 o->direction ? o->direction : "in");
		rc = emit_body(&j.base, &h, &f, &ctx, err, warn);
		emit_event_end(&j, o->peer);
		wbuf_u8(out, '\n');
	}
	if (rc < 0) {
		out->len = mark; /* nothing of a failed message is printed */
		shift_offset(err, &f);
	}
	free(f.owned);
	return rc;
}

int emit_decode_sink(struct sink *s, const uint8_t *p, size_t n,
		     const struct emit_decode_opts *o, struct lb_err *err,
		     struct lb_err *warn)
{
	struct wire_header h;
	struct wire_ctx ctx;
	struct framed f = { 0 };
	int rc;

	lb_err_clear(err);
	lb_err_clear(warn);
	rc = prepare(&f, &h, &ctx, p, n, o, err);
	if (rc == 0) {
		sink_obj(s);
		sink_kstr(s, "type", wire_msg_name(h.type));
		rc = emit_body(s, &h, &f, &ctx, err, warn);
		sink_obj_end(s);
	}
	if (rc < 0)
		shift_offset(err, &f);
	free(f.owned);
	return rc;
}
