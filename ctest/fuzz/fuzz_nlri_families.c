/* NLRI fields of the typed families (vpls, mcast-vpn, mup, sr-policy, rtc,
 * evpn).  Input: one selector byte, then the NLRI field.  The selector's
 * low three bits choose the family, bit 4 chooses l2vpn evpn instead, bit 3
 * turns ADD-PATH on.
 *
 * Every NLRI the walk accepts must print valid JSON and text, and its JSON
 * tree must encode to an NLRI that decodes to the same JSON; for the
 * families whose wire form is canonical (mcast-vpn, mup, sr-policy) the
 * encoding must give back the very bytes.  VPLS (a longer length, a label
 * without bottom of stack) and RTC (route target flags) re-encode
 * canonically instead.  An EVPN route must also encode from its fields
 * alone (the JSON without "raw") to a route that prints the same text.  A
 * walk that fails must say the session resets. */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "fuzzutil.h"
#include "wire/nlri.h"

static const struct wire_family *const fams[8] = {
	&wire_fam_l2vpn_vpls, &wire_fam_ipv4_mcast_vpn, &wire_fam_ipv6_mcast_vpn,
	&wire_fam_ipv4_mup, &wire_fam_ipv6_mup, &wire_fam_ipv4_sr_policy,
	&wire_fam_ipv6_sr_policy, &wire_fam_ipv4_rtc,
};

static void json_of(const struct wire_family *f, const struct wire_nlri *n,
		    const struct wire_ctx *ctx, struct wbuf *out)
{
	struct json_sink j;

	wbuf_reset(out);
	json_sink_init(&j, out, 1);
	f->json(f, &j.base, n, NULL, ctx);
	json_sink_fini(&j);
}

/* The JSON tree without its "raw" member encodes from the fields: the
 * route must read back with the same text (a second type 2 label and the
 * octets after a type 1 bottom of stack are not in the JSON, so the bytes
 * may differ). */
static void check_fields(const struct wire_family *f, const struct wire_nlri *n,
			 const struct wire_ctx *ctx, struct val *tree)
{
	struct wire_nlri_iter it;
	struct wire_nlri again;
	struct wire_ctx plain = *ctx;
	struct val **pp = &tree->kids.first;
	struct lb_err err;
	struct wbuf enc, t1, t2;

	for (struct val *k = tree->kids.first; k; pp = &k->next, k = k->next)
		if (k->klen == 3 && memcmp(k->key, "raw", 3) == 0) {
			*pp = k->next;
			tree->kids.n--;
			break;
		}
	wbuf_init(&enc, 0);
	wbuf_init(&t1, 0);
	wbuf_init(&t2, 0);
	if (f->encode(f, &enc, tree, ctx, &err) < 0)
		abort();
	plain.addpath_rx = 0;
	wire_nlri_iter_init(&it, f, &plain, enc.data, enc.data, enc.len);
	if (wire_nlri_iter_next(&it, &again) != 1 || again.len != enc.len)
		abort();
	f->text(f, &t1, n, ctx);
	f->text(f, &t2, &again, &plain);
	if (t1.len != t2.len || memcmp(t1.data, t2.data, t1.len))
		abort();
	wbuf_fini(&t2);
	wbuf_fini(&t1);
	wbuf_fini(&enc);
}

static bool canonical(const struct wire_family *f)
{
	return f != &wire_fam_l2vpn_vpls && f != &wire_fam_ipv4_rtc;
}

/* VPLS label blocks past the 20-bit label space decode but are refused by
 * the encoder, as ExaBGP's configuration refuses them. */
static bool encodable(const struct wire_family *f, const struct wire_nlri *n)
{
	if (f != &wire_fam_l2vpn_vpls)
		return true;
	return (get_u24(n->p + 16) >> 4) + get_u16(n->p + 14) <= 0xFFFFF;
}

static void check_round_trip(const struct wire_family *f,
			     const struct wire_nlri *n,
			     const struct wire_ctx *ctx, const struct wbuf *json)
{
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
	if (!val_sink_root(&vs) || f->encode(f, &enc, val_sink_root(&vs), ctx, &err) < 0)
		abort(); /* what was decoded must encode */
	if (canonical(f) && (enc.len != n->len || memcmp(enc.data, n->p, n->len)))
		abort();
	/* the encoding is one NLRI, read without path ids */
	{
		struct wire_ctx plain = *ctx;

		plain.addpath_rx = 0;
		wire_nlri_iter_init(&it, f, &plain, enc.data, enc.data, enc.len);
		if (wire_nlri_iter_next(&it, &again) != 1 || again.len != enc.len)
			abort();
		json_of(f, &again, &plain, &json2);
	}
	if (json2.len != json->len || memcmp(json2.data, json->data, json->len))
		abort();
	if (f == &wire_fam_l2vpn_evpn)
		check_fields(f, n, ctx, val_sink_root(&vs));
	wbuf_fini(&json2);
	wbuf_fini(&enc);
	val_sink_fini(&vs);
	arena_fini(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct wire_family *f;
	struct wire_nlri_iter it;
	struct wire_nlri n;
	struct wire_ctx ctx;
	struct wbuf json, text;
	uint8_t *field;
	int rc;

	if (size < 1 || size > 4096)
		return 0;
	f = data[0] & 0x10 ? &wire_fam_l2vpn_evpn : fams[data[0] & 7];
	wire_ctx_init_decode(&ctx);
	if (data[0] & 8)
		ctx.addpath_rx = ctx.families;
	/* an exactly sized copy, so that ASan sees any read past the field */
	field = malloc(size - 1 ? size - 1 : 1);
	if (!field)
		return 0;
	memcpy(field, data + 1, size - 1);
	wbuf_init(&json, 0);
	wbuf_init(&text, 0);
	wire_nlri_iter_init(&it, f, &ctx, field, field, size - 1);
	while ((rc = wire_nlri_iter_next(&it, &n)) > 0) {
		json_of(f, &n, &ctx, &json);
		fuzz_check_json(json.data, json.len);
		wbuf_reset(&text);
		f->text(f, &text, &n, &ctx);
		if (text.len == 0 || memchr(text.data, 0, text.len))
			abort();
		if (encodable(f, &n))
			check_round_trip(f, &n, &ctx, &json);
	}
	if (rc < 0 && it.err.act != LB_ACT_RESET && it.err.act != LB_ACT_AFI_DISABLE)
		abort();
	wbuf_fini(&text);
	wbuf_fini(&json);
	free(field);
	return 0;
}
