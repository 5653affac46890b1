/* AS_PATH, AS4_PATH, COMMUNITIES and LARGE_COMMUNITY on their own: the
 * input is a selector byte and a path attribute field, sent in an UPDATE
 * without NLRI.  Whatever is accepted must print valid JSON and text; in
 * ExaBGP main's shape, the JSON of these attributes encoded again and
 * decoded must print the same JSON, and encoding that must give the same
 * bytes.
 * Selector: bits 0-2 as fuzz_ctx(), bit 3 enforce_first_as, bit 4 4.2's
 * JSON. */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "emit/text.h"
#include "fuzzutil.h"
#include "wire/attr.h"
#include "wire/message.h"

static const struct wire_attr_desc *const mine[] = {
	&wire_attr_as_path, &wire_attr_community, &wire_attr_as4_path,
	&wire_attr_large_community,
};

static struct wire_update u;

static int decode(const uint8_t *attrs, size_t n, const struct wire_ctx *ctx,
		  struct wbuf *m)
{
	wbuf_reset(m);
	wire_header_write(m, WIRE_MSG_UPDATE, (uint16_t)(WIRE_HEADER_LEN + 4 + n));
	wbuf_u16(m, 0);
	wbuf_u16(m, (uint16_t)n);
	wbuf_put(m, attrs, n);
	if (wire_update_decode(&u, m->data, m->len, m->data + WIRE_HEADER_LEN,
			       m->len - WIRE_HEADER_LEN, ctx) < 0)
		return -1;
	return u.err.act == LB_ACT_NONE && !u.ndiscarded ? 0 : 1;
}

/* The members of this file's attributes, in a JSON object, to sink s. */
static void members(struct sink *s, const struct wire_ctx *ctx)
{
	sink_obj(s);
	for (size_t i = 0; i < sizeof(mine) / sizeof(mine[0]); i++) {
		const struct wire_attr *a = wire_update_attr(&u, mine[i]->code);

		if (a)
			mine[i]->json(s, a, &u, ctx);
	}
	sink_obj_end(s);
}

static void json_of(const struct wire_ctx *ctx, struct wbuf *out)
{
	struct json_sink j;

	wbuf_reset(out);
	json_sink_init(&j, out, 1);
	members(&j.base, ctx);
	json_sink_fini(&j);
	fuzz_check_json(out->data, out->len);
}

/* Encode the members of the tree of the current UPDATE. */
static int encode(const struct wire_ctx *ctx, struct wbuf *out)
{
	struct val_sink vs;
	struct arena a;
	struct lb_err err;
	const struct val *root;
	int rc = 0;

	wbuf_reset(out);
	arena_init(&a, 4096);
	val_sink_init(&vs, &a);
	members(&vs.base, ctx);
	root = val_sink_root(&vs);
	for (const struct val *m = root ? root->kids.first : NULL; m && rc == 0; m = m->next)
		rc = wire_attr_desc_by_name(m->key, m->klen)->encode(out, m, ctx, &err);
	val_sink_fini(&vs);
	arena_fini(&a);
	return root ? rc : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_ctx ctx;
	struct wbuf m, j1, j2, y, z, text;

	if (size < 1 || size > WIRE_MAX_EXT_MSG - WIRE_HEADER_LEN - 4)
		return 0;
	fuzz_ctx(&ctx, data[0]);
	ctx.enforce_first_as = (data[0] & 8) != 0;
	if (data[0] & 16)
		ctx.json_flags |= WIRE_JSON_V42;
	wbuf_init(&m, 0);
	wbuf_init(&j1, 0);
	wbuf_init(&j2, 0);
	wbuf_init(&y, 0);
	wbuf_init(&z, 0);
	wbuf_init(&text, 0);
	if (decode(data + 1, size - 1, &ctx, &m) == 0) {
		json_of(&ctx, &j1);
		emit_text_attributes(&text, &u, &ctx);
		if (!(ctx.json_flags & WIRE_JSON_V42) && encode(&ctx, &y) == 0 &&
		    y.len <= WIRE_MAX_EXT_MSG - WIRE_HEADER_LEN - 4) {
			if (decode(y.data, y.len, &ctx, &m) != 0)
				abort(); /* we wrote what we cannot read back */
			json_of(&ctx, &j2);
			if (j1.len != j2.len || memcmp(j1.data, j2.data, j1.len))
				abort(); /* the round trip changed the meaning */
			if (encode(&ctx, &z) < 0 || z.len != y.len ||
			    (y.len && memcmp(z.data, y.data, y.len)))
				abort(); /* encoding is not a fixed point */
		}
	}
	wbuf_fini(&m);
	wbuf_fini(&j1);
	wbuf_fini(&j2);
	wbuf_fini(&y);
	wbuf_fini(&z);
	wbuf_fini(&text);
	return 0;
}
