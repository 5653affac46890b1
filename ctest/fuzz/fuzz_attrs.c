/* Path attribute values, one attribute row at a time.
 * Input: the attribute type code, then the value.
 *
 * Whatever a row's check accepts must print valid JSON, and text on one
 * line of printable characters (it goes in a text API line).  The rows
 * listed in `promises` below also promise a round trip: EXACT ones, whose
 * JSON keeps every octet, must encode back to the very attribute (flags,
 * type, length, value); MEANING ones (where ExaBGP's JSON drops octets)
 * may refuse to encode, but what they encode must check, print the same
 * JSON and encode again to the same bytes.  A row joins that list once its
 * encoder promises it.  A check that refuses must say what to do (an
 * RFC 7606 action) and why. */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "fuzzutil.h"
#include "wire/attr.h"

enum promise { NONE, EXACT, MEANING };

static const struct {
	const struct wire_attr_desc *d;
	enum promise promise;
} promises[] = {
	{ &wire_attr_ext_community, EXACT },
	{ &wire_attr_ipv6_ext_community, EXACT },
	{ &wire_attr_pmsi_tunnel, MEANING },
};

static enum promise promise_of(const struct wire_attr_desc *d)
{
	for (size_t i = 0; i < sizeof(promises) / sizeof(promises[0]); i++)
		if (promises[i].d == d)
			return promises[i].promise;
	return NONE;
}

static void json_of(const struct wire_attr_desc *d, const struct wire_attr *a,
		    const struct wire_ctx *ctx, struct wbuf *out)
{
	struct json_sink j;

	wbuf_reset(out);
	json_sink_init(&j, out, 1);
	sink_obj(&j.base);
	d->json(&j.base, a, NULL, ctx);
	sink_obj_end(&j.base);
	json_sink_fini(&j);
}

/* The value of an attribute this encoder wrote (header skipped). */
static void attr_in(const struct wbuf *enc, struct wire_attr *a)
{
	size_t hdr = enc->data[0] & WIRE_ATTR_F_EXTLEN ? 4 : 3;

	if (enc->len < hdr)
		abort();
	memset(a, 0, sizeof(*a));
	a->code = enc->data[1];
	a->flags = enc->data[0];
	a->val = enc->data + hdr;
	a->len = enc->len - hdr;
}

static int encode_of(const struct wire_attr_desc *d, const struct wire_attr *a,
		     const struct wire_ctx *ctx, struct wbuf *enc)
{
	struct val_sink vs;
	struct lb_err err;
	struct arena ar;
	int rc;

	arena_init(&ar, 4096);
	val_sink_init(&vs, &ar);
	sink_obj(&vs.base);
	d->json(&vs.base, a, NULL, ctx);
	sink_obj_end(&vs.base);
	if (!val_sink_root(&vs))
		abort();
	wbuf_reset(enc);
	rc = d->encode(enc, val_get(val_sink_root(&vs), d->name), ctx, &err);
	if (rc < 0 && (enc->len || !err.reason[0]))
		abort(); /* a refusal writes nothing and says why */
	val_sink_fini(&vs);
	arena_fini(&ar);
	return rc;
}

static void check_round_trip(const struct wire_attr_desc *d, const struct wire_attr *a,
			     const struct wire_ctx *ctx, const struct wbuf *json)
{
	struct wire_attr b;
	struct lb_err err;
	struct wbuf enc, enc2, want, json2;
	struct rd r;

	wbuf_init(&enc, 0);
	wbuf_init(&enc2, 0);
	wbuf_init(&want, 0);
	wbuf_init(&json2, 0);
	if (encode_of(d, a, ctx, &enc) < 0) {
		if (promise_of(d) == EXACT)
			abort(); /* what was decoded must encode */
		goto out;
	}
	if (promise_of(d) == EXACT) {
		wire_attr_put(&want, d->flags, d->code, a->val, a->len);
		if (enc.len != want.len || memcmp(enc.data, want.data, want.len))
			abort();
	}
	attr_in(&enc, &b);
	rd_init(&r, b.val, b.len);
	if (b.code != d->code || (b.flags & ~WIRE_ATTR_F_EXTLEN) != d->flags ||
	    d->check(&r, &b, ctx, &err) < 0)
		abort(); /* we wrote what we cannot read back */
	json_of(d, &b, ctx, &json2);
	if (json2.len != json->len || memcmp(json2.data, json->data, json->len))
		abort(); /* the round trip changed the meaning */
	if (encode_of(d, &b, ctx, &enc2) < 0 || enc2.len != enc.len ||
	    memcmp(enc2.data, enc.data, enc.len))
		abort(); /* encoding is not a fixed point */
out:
	wbuf_fini(&json2);
	wbuf_fini(&want);
	wbuf_fini(&enc2);
	wbuf_fini(&enc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct wire_attr_desc *d;
	struct wire_attr a;
	struct wire_ctx ctx;
	struct lb_err err;
	struct wbuf json, text;
	struct rd r;
	uint8_t *value;

	if (size < 1 || size > 1 + UINT16_MAX)
		return 0;
	d = wire_attr_desc(data[0]);
	if (!d)
		return 0;
	/* an exactly sized copy, so that ASan sees any read past the value */
	value = malloc(size - 1 ? size - 1 : 1);
	if (!value)
		return 0;
	memcpy(value, data + 1, size - 1);
	wire_ctx_init_decode(&ctx);
	memset(&a, 0, sizeof(a));
	a.code = d->code;
	a.flags = d->flags;
	a.len = size - 1;
	a.val = value;
	rd_init(&r, value, a.len);
	lb_err_clear(&err);
	if (d->check(&r, &a, &ctx, &err) < 0) {
		if (err.act == LB_ACT_NONE || !err.reason[0])
			abort(); /* a refusal must say what to do and why */
		free(value);
		return 0;
	}
	wbuf_init(&json, 0);
	wbuf_init(&text, 0);
	json_of(d, &a, &ctx, &json);
	fuzz_check_json(json.data, json.len);
	d->text(&text, &a, NULL, &ctx);
	for (size_t i = 0; i < text.len; i++)
		if (text.data[i] < 0x20 || text.data[i] == 0x7f)
			abort();
	if (promise_of(d) != NONE)
		check_round_trip(d, &a, &ctx, &json);
	wbuf_fini(&json);
	wbuf_fini(&text);
	free(value);
	return 0;
}
