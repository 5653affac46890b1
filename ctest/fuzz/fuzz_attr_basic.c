/* The path attribute block alone, in the negotiated contexts of
 * fuzz_ctx(): decode, print the JSON (valid JSON) and the text, and when
 * every member printed is one of attr_basic.c / attr_generic.c, encode the
 * members back and decode them again: the JSON must not change.
 * Input: one selector byte, then the path attributes (no NLRI). */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "emit/text.h"
#include "fuzzutil.h"
#include "wire/attr.h"
#include "wire/message.h"
#include "wire/update_json.h"

static struct wire_update u;

static const struct wire_attr_desc *const mine[] = {
	&wire_attr_origin, &wire_attr_next_hop, &wire_attr_med,
	&wire_attr_local_pref, &wire_attr_atomic_aggregate, &wire_attr_aggregator,
	&wire_attr_as4_aggregator, &wire_attr_originator_id, &wire_attr_cluster_list,
	&wire_attr_aigp, &wire_attr_otc, &wire_attr_generic,
};

static bool is_mine(const struct wire_attr_desc *d)
{
	for (size_t i = 0; i < sizeof(mine) / sizeof(mine[0]); i++)
		if (d == mine[i])
			return true;
	return false;
}

/* An UPDATE holding only these attributes; -1 when it is not clean. */
static int decode(struct wbuf *msg, const uint8_t *attrs, size_t n,
		  const struct wire_ctx *ctx)
{
	wbuf_reset(msg);
	wire_header_write(msg, WIRE_MSG_UPDATE, (uint16_t)(WIRE_HEADER_LEN + 4 + n));
	wbuf_u16(msg, 0);
	wbuf_u16(msg, (uint16_t)n);
	wbuf_put(msg, attrs, n);
	if (wire_update_decode(&u, msg->data, msg->len, msg->data + WIRE_HEADER_LEN,
			       msg->len - WIRE_HEADER_LEN, ctx) < 0) {
		if (u.err.act != LB_ACT_RESET && u.err.act != LB_ACT_AFI_DISABLE)
			abort(); /* a failure must say the session resets */
		return -1;
	}
	return u.err.act == LB_ACT_NONE ? 0 : -1;
}

static void attrs_json(struct wbuf *out, const struct wire_ctx *ctx)
{
	struct json_sink j;

	wbuf_reset(out);
	json_sink_init(&j, out, 1);
	wire_update_attrs_json(&j.base, &u, ctx, true);
	json_sink_fini(&j);
}

/* Encode the members of the tree; 1 when one of them is not ours. */
static int encode(struct wbuf *w, const struct val *obj, const struct wire_ctx *ctx)
{
	struct lb_err err;

	for (const struct val *m = obj->kids.first; m; m = m->next) {
		const struct wire_attr_desc *d = wire_attr_desc_by_name(m->key, m->klen);

		if (!d || !is_mine(d))
			return 1;
	}
	for (const struct val *m = obj->kids.first; m; m = m->next)
		if (wire_attr_desc_by_name(m->key, m->klen)->encode(w, m, ctx, &err) < 0)
			abort(); /* we cannot write what we printed */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_ctx ctx;
	struct wbuf msg, j1, j2, text, again;
	struct val_sink vs;
	struct arena a;
	int rc;

	if (size < 1 || size > WIRE_MAX_EXT_MSG - WIRE_HEADER_LEN - 4)
		return 0;
	fuzz_ctx(&ctx, data[0]);
	wbuf_init(&msg, 0);
	wbuf_init(&j1, 0);
	wbuf_init(&j2, 0);
	wbuf_init(&text, 0);
	wbuf_init(&again, 0);
	arena_init(&a, 4096);
	rc = decode(&msg, data + 1, size - 1, &ctx);
	if (rc == 0 || u.err.act < LB_ACT_AFI_DISABLE) {
		attrs_json(&j1, &ctx);
		fuzz_check_json(j1.data, j1.len);
		emit_text_attributes(&text, &u, &ctx);
	}
	if (rc == 0) {
		val_sink_init(&vs, &a);
		wire_update_attrs_json(&vs.base, &u, &ctx, true);
		if (val_sink_root(&vs) && encode(&again, val_sink_root(&vs), &ctx) == 0) {
			if (decode(&msg, again.data, again.len, &ctx) < 0 || u.ndiscarded)
				abort(); /* we wrote what we refuse to read */
			attrs_json(&j2, &ctx);
			if (j1.len != j2.len || memcmp(j1.data, j2.data, j1.len))
				abort(); /* the round trip changed the meaning */
		}
		val_sink_fini(&vs);
	}
	arena_fini(&a);
	wbuf_fini(&msg);
	wbuf_fini(&j1);
	wbuf_fini(&j2);
	wbuf_fini(&text);
	wbuf_fini(&again);
	return 0;
}
