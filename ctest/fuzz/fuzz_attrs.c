/* Path attribute values, one attribute row at a time.
 * Input: the attribute type code, then the value.
 *
 * Whatever a row's check accepts must print valid JSON and text.  For the
 * rows listed in `exact` below, whose wire form is canonical, the JSON tree
 * must encode back to the very attribute (flags, type, length, value); a
 * row joins that list once its encoder promises it.  A check that refuses
 * must say what to do (an RFC 7606 action) and why. */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/json_sink.h"
#include "base/val.h"
#include "fuzzutil.h"
#include "wire/attr.h"

static const struct wire_attr_desc *const exact[] = {
	&wire_attr_ext_community,
	&wire_attr_ipv6_ext_community,
};

static bool is_exact(const struct wire_attr_desc *d)
{
	for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (exact[i] == d)
			return true;
	return false;
}

static void check_round_trip(const struct wire_attr_desc *d, const struct wire_attr *a,
			     const struct wire_ctx *ctx)
{
	struct val_sink vs;
	struct lb_err err;
	struct arena ar;
	struct wbuf enc, want;

	arena_init(&ar, 4096);
	val_sink_init(&vs, &ar);
	sink_obj(&vs.base);
	d->json(&vs.base, a, NULL, ctx);
	sink_obj_end(&vs.base);
	wbuf_init(&enc, 0);
	wbuf_init(&want, 0);
	if (!val_sink_root(&vs) ||
	    d->encode(&enc, val_get(val_sink_root(&vs), d->name), ctx, &err) < 0)
		abort(); /* what was decoded must encode */
	wire_attr_put(&want, d->flags, d->code, a->val, a->len);
	if (enc.len != want.len || memcmp(enc.data, want.data, want.len))
		abort();
	wbuf_fini(&want);
	wbuf_fini(&enc);
	val_sink_fini(&vs);
	arena_fini(&ar);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct wire_attr_desc *d;
	struct wire_attr a;
	struct wire_ctx ctx;
	struct lb_err err;
	struct json_sink j;
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
	json_sink_init(&j, &json, 1);
	sink_obj(&j.base);
	d->json(&j.base, &a, NULL, &ctx);
	sink_obj_end(&j.base);
	json_sink_fini(&j);
	fuzz_check_json(json.data, json.len);
	d->text(&text, &a, NULL, &ctx);
	if (memchr(text.data, 0, text.len))
		abort();
	if (is_exact(d))
		check_round_trip(d, &a, &ctx);
	wbuf_fini(&json);
	wbuf_fini(&text);
	free(value);
	return 0;
}
