/* Flow Specification NLRI fields (RFC 8955, RFC 8956).  Input: one
 * selector byte, then the NLRI field.  The selector's low two bits choose
 * ipv4 flow, ipv4 flow-vpn, ipv6 flow or ipv6 flow-vpn; bit 2 turns
 * ADD-PATH on.
 *
 * Every NLRI the walk accepts must print valid JSON (with and without a
 * next hop) and text, and its JSON tree must encode to one NLRI that
 * decodes to the same JSON.  The JSON keeps no value widths, so the bytes
 * may differ once (minimal widths); encoding that second NLRI must give
 * back its very bytes.  A walk that fails must say the session resets. */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "fuzzutil.h"
#include "wire/nlri.h"

static const struct wire_family *const fams[4] = {
	&wire_fam_ipv4_flow, &wire_fam_ipv4_flow_vpn,
	&wire_fam_ipv6_flow, &wire_fam_ipv6_flow_vpn,
};

static void json_of(const struct wire_family *f, const struct wire_nlri *n,
		    const struct wire_nh *nh, const struct wire_ctx *ctx,
		    struct wbuf *out)
{
	struct json_sink j;

	wbuf_reset(out);
	json_sink_init(&j, out, 1);
	f->json(f, &j.base, n, nh, ctx);
	json_sink_fini(&j);
}

/* Encode n's JSON tree into enc (cleared first). */
static void encode_of(const struct wire_family *f, const struct wire_nlri *n,
		      const struct wire_ctx *ctx, struct wbuf *enc)
{
	struct val_sink vs;
	struct lb_err err;
	struct arena a;

	arena_init(&a, 4096);
	val_sink_init(&vs, &a);
	f->json(f, &vs.base, n, NULL, ctx);
	wbuf_reset(enc);
	if (!val_sink_root(&vs) || f->encode(f, enc, val_sink_root(&vs), ctx, &err) < 0)
		abort(); /* what was decoded must encode */
	val_sink_fini(&vs);
	arena_fini(&a);
}

/* The encoding must be exactly one NLRI; *again views it. */
static void read_one(const struct wire_family *f, const struct wire_ctx *ctx,
		     const struct wbuf *enc, struct wire_nlri *again)
{
	struct wire_nlri_iter it;

	wire_nlri_iter_init(&it, f, ctx, enc->data, enc->data, enc->len);
	if (wire_nlri_iter_next(&it, again) != 1 || again->len != enc->len)
		abort();
}

static void check_round_trip(const struct wire_family *f,
			     const struct wire_nlri *n,
			     const struct wire_ctx *ctx, const struct wbuf *json)
{
	struct wire_ctx plain = *ctx;
	struct wire_nlri again, third;
	struct wbuf enc, enc2, json2;

	plain.addpath_rx = 0;
	wbuf_init(&enc, 0);
	wbuf_init(&enc2, 0);
	wbuf_init(&json2, 0);
	encode_of(f, n, &plain, &enc);
	read_one(f, &plain, &enc, &again);
	json_of(f, &again, NULL, &plain, &json2);
	if (json2.len != json->len || memcmp(json2.data, json->data, json->len))
		abort();
	encode_of(f, &again, &plain, &enc2);
	if (enc2.len != enc.len || memcmp(enc2.data, enc.data, enc.len))
		abort();
	read_one(f, &plain, &enc2, &third);
	wbuf_fini(&json2);
	wbuf_fini(&enc2);
	wbuf_fini(&enc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t nh4[4] = { 192, 0, 2, 1 };
	const struct wire_family *f;
	struct wire_nlri_iter it;
	struct wire_nlri n;
	struct wire_ctx ctx;
	struct wire_nh nh;
	struct lb_err err;
	struct wbuf json, text;
	uint8_t *field;
	int rc;

	if (size < 1 || size > 8192)
		return 0;
	f = fams[data[0] & 3];
	wire_ctx_init_decode(&ctx);
	if (data[0] & 4)
		ctx.addpath_rx = ctx.families;
	if (wire_nh_decode(f, nh4, sizeof(nh4), &nh, &err, 0) < 0)
		abort();
	/* an exactly sized copy, so that ASan sees any read past the field */
	field = malloc(size - 1 ? size - 1 : 1);
	if (!field)
		return 0;
	memcpy(field, data + 1, size - 1);
	wbuf_init(&json, 0);
	wbuf_init(&text, 0);
	wire_nlri_iter_init(&it, f, &ctx, field, field, size - 1);
	while ((rc = wire_nlri_iter_next(&it, &n)) > 0) {
		json_of(f, &n, &nh, &ctx, &json);
		fuzz_check_json(json.data, json.len);
		json_of(f, &n, NULL, &ctx, &json);
		fuzz_check_json(json.data, json.len);
		wbuf_reset(&text);
		f->text(f, &text, &n, &ctx);
		if (text.len == 0 || memchr(text.data, 0, text.len))
			abort();
		check_round_trip(f, &n, &ctx, &json);
	}
	if (rc < 0 && it.err.act != LB_ACT_RESET && it.err.act != LB_ACT_AFI_DISABLE)
		abort();
	wbuf_fini(&text);
	wbuf_fini(&json);
	free(field);
	return 0;
}
