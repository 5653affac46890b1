/* Attributes without a row of their own: kept and passed on verbatim
 * (RFC 4271 §5, §9: an unrecognized optional transitive attribute is
 * retained with the Partial bit set).
 *
 * ExaBGP prints one as "attribute-0xCC-0xFF": "0x<value>", the type code
 * and flags in upper-case hex, the value in lower case; the flags are the
 * ones received (Extended Length included) with Partial set.  Its text is
 * " attribute [ 0xCC 0xFF 0x<value> ]", the configuration's own syntax.
 */
#include "base/hex.h"
#include "wire/attr.h"
#include "wire/common.h"

void wire_attr_generic_name(struct wbuf *w, uint8_t code, uint8_t flags)
{
	wbuf_printf(w, "attribute-0x%02X-0x%02X", code, flags);
}

/* Any value is acceptable: nothing is known about it. */
static int generic_check(struct rd *r, const struct wire_attr *a,
			 const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)r, (void)a, (void)ctx, (void)err;
	return 0;
}

static void generic_value(struct wbuf *w, const struct wire_attr *a)
{
	wbuf_str(w, "0x");
	wbuf_hex(w, a->val, a->len, 0);
}

static void generic_json(struct sink *s, const struct wire_attr *a,
			 const struct wire_update *u, const struct wire_ctx *ctx)
{
	struct wbuf *w;

	(void)u, (void)ctx;
	w = sink_text(s);
	wire_attr_generic_name(w, a->code, a->flags | WIRE_ATTR_F_PARTIAL);
	sink_keyn(s, (const char *)w->data, w->len);
	generic_value(sink_text(s), a);
	sink_text_end(s);
}

static void generic_text(struct wbuf *w, const struct wire_attr *a,
			 const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	wbuf_printf(w, " attribute [ 0x%02X 0x%02X ", a->code,
		    a->flags | WIRE_ATTR_F_PARTIAL);
	generic_value(w, a);
	wbuf_str(w, " ]");
}

/* "attribute-0xCC-0xFF" → code and flags */
static int generic_key(const struct val *v, uint8_t *code, uint8_t *flags)
{
	static const char prefix[] = "attribute-";
	const size_t plen = sizeof(prefix) - 1;
	const char *p = v->key, *dash;
	size_t n = v->klen;
	uint64_t c, f;

	if (!p || n <= plen || memcmp(p, prefix, plen) != 0)
		return -1;
	p += plen;
	n -= plen;
	dash = memchr(p, '-', n);
	if (!dash || wire_parse_uint(p, (size_t)(dash - p), 0xff, &c) < 0 ||
	    wire_parse_uint(dash + 1, n - (size_t)(dash - p) - 1, 0xff, &f) < 0)
		return -1;
	*code = (uint8_t)c;
	*flags = (uint8_t)f;
	return 0;
}

/* The flags are written as given, Extended Length included (ExaBGP's
 * GenericAttribute.pack), so that a received attribute goes out as it came. */
static int generic_encode(struct wbuf *w, const struct val *v,
			  const struct wire_ctx *ctx, struct lb_err *err)
{
	struct wbuf value;
	const char *p;
	size_t n, bad = 0;
	uint8_t code, flags;
	int rc;

	(void)ctx;
	if (generic_key(v, &code, &flags) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "\"%.*s\": expected attribute-0x<code>-0x<flags>",
				  (int)(v->klen < 40 ? v->klen : 40), v->key ? v->key : "");
	if (val_as_str(v, &p, &n) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "attribute 0x%02X: expected a hex string", code);
	wbuf_init(&value, n / 2);
	rc = hex_decode(p, n, &value, &bad);
	if (rc < 0 || value.failed)
		rc = lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				"attribute 0x%02X: bad hex at character %zu", code, bad);
	else if (value.len > UINT16_MAX)
		rc = lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				"attribute 0x%02X: longer than 65535 octets", code);
	else if (wire_attr_put(w, flags, code, value.data, value.len) < 0)
		rc = lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "out of memory");
	wbuf_fini(&value);
	return rc;
}

const struct wire_attr_desc wire_attr_generic = {
	.code = 0, .flags = WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE,
	.name = "attribute", .malformed = LB_ACT_DISCARD, .check = generic_check,
	.json = generic_json, .text = generic_text, .encode = generic_encode,
};
