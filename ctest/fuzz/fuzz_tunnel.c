/* Tunnel Encapsulation (23) and BGP Prefix-SID (40) attribute values.
 * Input: one selector byte (bit 0: 0 = tunnel-encap, 1 = bgp-prefix-sid),
 * then the attribute value.
 *
 * A value the check accepts must print valid JSON and its text; its JSON
 * tree must encode to an attribute the check accepts again, that prints
 * the same JSON, and that encodes to the same bytes once more (the JSON
 * drops flags and reserved octets, so the first encoding may differ from
 * the input, never the second).  A value the check refuses must say why
 * with the attribute's own action. */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "fuzzutil.h"
#include "wire/attr.h"

static int check(const struct wire_attr_desc *d, const struct wire_attr *a)
{
	struct wire_ctx ctx;
	struct lb_err err;
	struct rd r;

	wire_ctx_init_decode(&ctx);
	lb_err_clear(&err);
	rd_init(&r, a->val, a->len);
	if (d->check(&r, a, &ctx, &err) == 0)
		return 0;
	if (err.act != d->malformed || !err.reason[0])
		abort(); /* the RFC's action, with a reason */
	return -1;
}

static void json_of(const struct wire_attr_desc *d, const struct wire_attr *a,
		    struct wbuf *out)
{
	struct wire_ctx ctx;
	struct json_sink j;

	wire_ctx_init_decode(&ctx);
	wbuf_reset(out);
	json_sink_init(&j, out, 1);
	sink_obj(&j.base);
	d->json(&j.base, a, NULL, &ctx);
	sink_obj_end(&j.base);
	json_sink_fini(&j);
}

static const struct val *tree_of(const struct wire_attr_desc *d,
				 const struct wire_attr *a, struct arena *ar)
{
	struct wire_ctx ctx;
	struct val_sink vs;
	struct val *root;

	wire_ctx_init_decode(&ctx);
	val_sink_init(&vs, ar);
	sink_obj(&vs.base);
	d->json(&vs.base, a, NULL, &ctx);
	sink_obj_end(&vs.base);
	root = val_sink_root(&vs);
	val_sink_fini(&vs);
	return root ? val_get(root, d->name) : NULL;
}

/* The value of an attribute the encoder wrote. */
static void view(const struct wbuf *w, struct wire_attr *a)
{
	size_t h = (w->data[0] & WIRE_ATTR_F_EXTLEN) ? 4 : 3;

	a->flags = w->data[0];
	a->code = w->data[1];
	a->val = w->data + h;
	a->len = w->len - h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct wire_attr_desc *d;
	struct wire_attr a = { 0 }, b = { 0 };
	struct wire_ctx ctx;
	struct arena ar;
	const struct val *t;
	struct wbuf j1, j2, e1, e2, txt;
	struct lb_err err;

	if (size < 1 || size > 65536)
		return 0;
	d = (data[0] & 1) ? &wire_attr_prefix_sid : &wire_attr_tunnel_encap;
	a.code = d->code;
	a.flags = d->flags;
	a.val = data + 1;
	a.len = size - 1;
	if (check(d, &a) < 0)
		return 0;
	wire_ctx_init_decode(&ctx);
	wbuf_init(&j1, 0);
	wbuf_init(&j2, 0);
	wbuf_init(&e1, 0);
	wbuf_init(&e2, 0);
	wbuf_init(&txt, 0);
	arena_init(&ar, 4096);
	json_of(d, &a, &j1);
	fuzz_check_json(j1.data, j1.len);
	d->text(&txt, &a, NULL, &ctx);
	t = tree_of(d, &a, &ar);
	if (!t)
		abort();
	if (d->encode(&e1, t, &ctx, &err) == 0) {
		view(&e1, &b);
		if (check(d, &b) < 0)
			abort(); /* we wrote what we refuse to read */
		json_of(d, &b, &j2);
		if (j1.len != j2.len || memcmp(j1.data, j2.data, j1.len))
			abort(); /* the round trip changed the meaning */
		t = tree_of(d, &b, &ar);
		if (!t || d->encode(&e2, t, &ctx, &err) < 0 || e1.len != e2.len ||
		    memcmp(e1.data, e2.data, e1.len))
			abort(); /* encoding is not a fixed point */
	} else if (!strstr(err.reason, "too long")) {
		abort(); /* the encoder refuses the shape its walker printed */
	}
	arena_fini(&ar);
	wbuf_fini(&j1);
	wbuf_fini(&j2);
	wbuf_fini(&e1);
	wbuf_fini(&e2);
	wbuf_fini(&txt);
	return 0;
}
