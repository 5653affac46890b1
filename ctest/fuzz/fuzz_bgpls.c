/* BGP-LS: the NLRI fields of "bgp-ls bgp-ls" and "bgp-ls bgp-ls-vpn"
 * (RFC 9552 §5.2, RFC 9514 §6) and the BGP-LS attribute (RFC 9552 §5.3).
 * Input: one selector byte, then the field or the attribute's value.  The
 * selector's low two bits choose: 0 bgp-ls NLRI, 1 bgp-ls-vpn NLRI, 2 and 3
 * the attribute; bit 2 turns ADD-PATH on for the NLRI.
 *
 * Every NLRI the walk accepts, and every attribute the check accepts, must
 * print valid JSON and text, and its JSON tree must encode to bytes that
 * decode again to the same JSON (the JSON of both loses some of the wire
 * form, listed in nlri_bgpls.c and attr_bgpls.c, so bytes are compared
 * through their JSON).  A walk that fails must disable the family or reset
 * the session; a refused attribute must be discarded (RFC 9552 §8.2.2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "fuzzutil.h"
#include "wire/attr.h"
#include "wire/nlri.h"

static void nlri_json(const struct wire_family *f, const struct wire_nlri *n,
		      const struct wire_ctx *ctx, struct wbuf *out)
{
	struct json_sink j;

	wbuf_reset(out);
	json_sink_init(&j, out, 1);
	f->json(f, &j.base, n, NULL, ctx);
	json_sink_fini(&j);
}

static bool same(const struct wbuf *a, const struct wbuf *b)
{
	return a->len == b->len && !memcmp(a->data, b->data, a->len);
}

static void nlri_round_trip(const struct wire_family *f,
			    const struct wire_nlri *n,
			    const struct wire_ctx *ctx, const struct wbuf *json)
{
	struct wire_ctx plain = *ctx;
	struct wire_nlri_iter it;
	struct wire_nlri again;
	struct val_sink vs;
	struct lb_err err;
	struct arena a;
	struct wbuf enc, json2;

	arena_init(&a, 4096);
	val_sink_init(&vs, &a);
	f->json(f, &vs.base, n, NULL, ctx);
	wbuf_init(&enc, 0);
	wbuf_init(&json2, 0);
	lb_err_clear(&err);
	if (!val_sink_root(&vs) || f->encode(f, &enc, val_sink_root(&vs), ctx, &err) < 0) {
		/* what was decoded must encode */
		fprintf(stderr, "encode: %s\n%.*s\n", err.reason, (int)json->len,
			(const char *)json->data);
		abort();
	}
	plain.addpath_rx = 0;
	wire_nlri_iter_init(&it, f, &plain, enc.data, enc.data, enc.len);
	if (wire_nlri_iter_next(&it, &again) != 1 || again.len != enc.len)
		abort();
	nlri_json(f, &again, &plain, &json2);
	if (!same(&json2, json)) {
		fprintf(stderr, "round trip:\n%.*s\n%.*s\n", (int)json->len,
			(const char *)json->data, (int)json2.len, (const char *)json2.data);
		abort();
	}
	wbuf_fini(&json2);
	wbuf_fini(&enc);
	val_sink_fini(&vs);
	arena_fini(&a);
}

static void nlri_field(const struct wire_family *f, const uint8_t *p, size_t n,
		       bool addpath)
{
	struct wire_nlri_iter it;
	struct wire_nlri nlri;
	struct wire_ctx ctx;
	struct wbuf json, text;
	int rc;

	wire_ctx_init_decode(&ctx);
	if (addpath)
		ctx.addpath_rx = ctx.families;
	wbuf_init(&json, 0);
	wbuf_init(&text, 0);
	wire_nlri_iter_init(&it, f, &ctx, p, p, n);
	while ((rc = wire_nlri_iter_next(&it, &nlri)) > 0) {
		nlri_json(f, &nlri, &ctx, &json);
		fuzz_check_json(json.data, json.len);
		wbuf_reset(&text);
		f->text(f, &text, &nlri, &ctx);
		if (text.len == 0 || memchr(text.data, 0, text.len))
			abort();
		nlri_round_trip(f, &nlri, &ctx, &json);
	}
	if (rc < 0 && it.err.act != LB_ACT_RESET && it.err.act != LB_ACT_AFI_DISABLE)
		abort();
	if (it.skipped && it.err.act < LB_ACT_WITHDRAW)
		abort();
	wbuf_fini(&text);
	wbuf_fini(&json);
}

/* Check, then the JSON of the value ({"bgp-ls":{...}}); -1 when refused. */
static int attr_json(const uint8_t *p, size_t n, const struct wire_ctx *ctx,
		     struct wbuf *out)
{
	const struct wire_attr_desc *d = wire_attr_desc(WIRE_ATTR_BGP_LS);
	struct wire_attr a = { .code = WIRE_ATTR_BGP_LS, .flags = 0x80, .len = n, .val = p };
	struct json_sink j;
	struct lb_err err;
	struct rd r;

	rd_init(&r, p, n);
	lb_err_clear(&err);
	if (d->check(&r, &a, ctx, &err) < 0) {
		if (err.act != LB_ACT_DISCARD)
			abort();
		return -1;
	}
	wbuf_reset(out);
	json_sink_init(&j, out, 1);
	sink_obj(&j.base);
	d->json(&j.base, &a, NULL, ctx);
	sink_obj_end(&j.base);
	json_sink_fini(&j);
	return 0;
}

static void attribute(const uint8_t *p, size_t n)
{
	const struct wire_attr_desc *d = wire_attr_desc(WIRE_ATTR_BGP_LS);
	struct wire_attr a = { .code = WIRE_ATTR_BGP_LS, .flags = 0x80, .len = n, .val = p };
	struct wire_ctx ctx;
	struct val_sink vs;
	struct lb_err err;
	struct arena ar;
	struct wbuf json, json2, text, enc;
	size_t h;

	wire_ctx_init_decode(&ctx);
	wbuf_init(&json, 0);
	if (attr_json(p, n, &ctx, &json) < 0) {
		wbuf_fini(&json);
		return;
	}
	fuzz_check_json(json.data, json.len);
	wbuf_init(&text, 0);
	d->text(&text, &a, NULL, &ctx);
	if (text.len == 0 || memchr(text.data, 0, text.len))
		abort();
	arena_init(&ar, 4096);
	val_sink_init(&vs, &ar);
	sink_obj(&vs.base);
	d->json(&vs.base, &a, NULL, &ctx);
	sink_obj_end(&vs.base);
	wbuf_init(&enc, 0);
	wbuf_init(&json2, 0);
	lb_err_clear(&err);
	if (!val_sink_root(&vs) ||
	    d->encode(&enc, val_get(val_sink_root(&vs), "bgp-ls"), &ctx, &err) < 0) {
		/* what was decoded must encode */
		fprintf(stderr, "encode: %s\n%.*s\n", err.reason, (int)json.len,
			(const char *)json.data);
		abort();
	}
	if (enc.len < 3 || enc.data[1] != WIRE_ATTR_BGP_LS)
		abort();
	h = enc.data[0] & WIRE_ATTR_F_EXTLEN ? 4 : 3;
	if (enc.len < h || attr_json(enc.data + h, enc.len - h, &ctx, &json2) < 0 ||
	    !same(&json, &json2)) {
		fprintf(stderr, "round trip:\n%.*s\n%.*s\n", (int)json.len,
			(const char *)json.data, (int)json2.len, (const char *)json2.data);
		abort();
	}
	wbuf_fini(&json2);
	wbuf_fini(&enc);
	val_sink_fini(&vs);
	arena_fini(&ar);
	wbuf_fini(&text);
	wbuf_fini(&json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *field;

	if (size < 1 || size > 4096)
		return 0;
	/* an exactly sized copy, so that ASan sees any read past the field */
	field = malloc(size - 1 ? size - 1 : 1);
	if (!field)
		return 0;
	memcpy(field, data + 1, size - 1);
	switch (data[0] & 3) {
	case 0:
		nlri_field(&wire_fam_bgpls, field, size - 1, data[0] & 4);
		break;
	case 1:
		nlri_field(&wire_fam_bgpls_vpn, field, size - 1, data[0] & 4);
		break;
	default:
		attribute(field, size - 1);
		break;
	}
	free(field);
	return 0;
}
