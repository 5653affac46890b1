/* COMMUNITIES (RFC 1997) and LARGE_COMMUNITY (RFC 8092).
 *
 * A COMMUNITIES value is a run of 4-octet communities <AS 2><value 2>; a
 * LARGE_COMMUNITY value a run of 12-octet ones <global 4><local 4><local 4>.
 * A length that is not a non-zero multiple of the size makes the UPDATE
 * treat-as-withdraw (RFC 7606 §7.8, RFC 8092 §6).
 *
 * ExaBGP main keeps communities sorted by value (duplicates stay) and large
 * communities sorted without duplicates (RFC 8092 §5 lets a receiver drop
 * them), so its JSON lists them that way:
 *   "community": [ [ 65000, 1 ], [ 65535, 65281 ] ]
 *   "large-community": [ [ 65000, 1, 2 ] ]
 * ExaBGP 4.2 (WIRE_JSON_V42) lists them in wire order, large communities
 * without duplicates.  The text form is sorted in both, bare when there is
 * one and bracketed otherwise, with the well-known names of RFC 1997,
 * RFC 3765 and RFC 7999: " community [ 65000:1 no-export ]".
 *
 * The encoders take the JSON shape and write the values sorted (large
 * communities without duplicates), the order in which ExaBGP sends them.
 */
#include <stdlib.h>
#include <string.h>

#include "wire/attr.h"

#define COMM_LEN 4
#define LARGE_LEN 12
#define SUB_LENGTH_ERROR 5

/* --- checks ------------------------------------------------------------- */

static int length_check(const struct wire_attr *a, size_t size, const char *name,
			struct lb_err *err)
{
	if (a->len && a->len % size == 0)
		return 0;
	return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, SUB_LENGTH_ERROR,
			  a->offset, "%s: length %zu is not a non-zero multiple of %zu",
			  name, a->len, size);
}

static int community_check(struct rd *r, const struct wire_attr *a,
			   const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)r, (void)ctx;
	return length_check(a, COMM_LEN, "COMMUNITIES", err);
}

static int large_community_check(struct rd *r, const struct wire_attr *a,
				 const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)r, (void)ctx;
	return length_check(a, LARGE_LEN, "LARGE_COMMUNITY", err);
}

/* --- ordering ----------------------------------------------------------- */

/* A view of the values of one attribute in the order to report them: the
 * wire bytes themselves when they already are in that order, else a sorted
 * copy.  Duplicates are dropped when `unique`. */
struct ordered {
	const uint8_t *p;
	size_t n;        /* values */
	size_t size;     /* octets each */
	uint8_t *copy;   /* owned, or NULL */
};

static int cmp4(const void *x, const void *y)
{
	return memcmp(x, y, COMM_LEN);
}

static int cmp12(const void *x, const void *y)
{
	return memcmp(x, y, LARGE_LEN);
}

/* Sort n values of `size` octets in place, dropping duplicates when
 * `unique`; returns how many are left. */
static size_t sort_values(uint8_t *p, size_t n, size_t size, bool unique)
{
	size_t kept = 0;

	qsort(p, n, size, size == COMM_LEN ? cmp4 : cmp12);
	if (!unique)
		return n;
	for (size_t i = 0; i < n; i++)
		if (kept == 0 || memcmp(p + (kept - 1) * size, p + i * size, size))
			memmove(p + kept++ * size, p + i * size, size);
	return kept;
}

static bool in_order(const uint8_t *p, size_t n, size_t size, bool unique)
{
	for (size_t i = 1; i < n; i++) {
		int c = memcmp(p + (i - 1) * size, p + i * size, size);

		if (c > 0 || (c == 0 && unique))
			return false;
	}
	return true;
}

/* Returns -1 when the copy could not be allocated (the wire order is
 * reported then). */
static int order_init(struct ordered *o, const struct wire_attr *a,
		      size_t size, bool unique)
{
	o->p = a->val;
	o->n = a->len / size;
	o->size = size;
	o->copy = NULL;
	if (in_order(o->p, o->n, size, unique))
		return 0;
	o->copy = malloc(o->n * size);
	if (!o->copy)
		return -1;
	memcpy(o->copy, a->val, o->n * size);
	o->n = sort_values(o->copy, o->n, size, unique);
	o->p = o->copy;
	return 0;
}

static void order_fini(struct ordered *o)
{
	free(o->copy);
}

/* ExaBGP 4.2's order: as received, a value already seen skipped. */
static bool seen_before(const uint8_t *p, size_t i, size_t size)
{
	for (size_t j = 0; j < i; j++)
		if (memcmp(p + j * size, p + i * size, size) == 0)
			return true;
	return false;
}

/* --- JSON --------------------------------------------------------------- */

static void json_value(struct sink *s, const uint8_t *p, size_t size)
{
	sink_arr(s);
	if (size == COMM_LEN) {
		sink_uint(s, get_u16(p));
		sink_uint(s, get_u16(p + 2));
	} else {
		sink_uint(s, get_u32(p));
		sink_uint(s, get_u32(p + 4));
		sink_uint(s, get_u32(p + 8));
	}
	sink_arr_end(s);
}

static void values_json(struct sink *s, const struct wire_attr *a,
			const struct wire_ctx *ctx, const char *name,
			size_t size, bool unique)
{
	struct ordered o;

	sink_key(s, name);
	sink_arr(s);
	if (ctx->json_flags & WIRE_JSON_V42) {
		for (size_t i = 0; i < a->len / size; i++)
			if (!unique || !seen_before(a->val, i, size))
				json_value(s, a->val + i * size, size);
	} else {
		if (order_init(&o, a, size, unique) < 0)
			s->failed = 1;
		for (size_t i = 0; i < o.n; i++)
			json_value(s, o.p + i * size, size);
		order_fini(&o);
	}
	sink_arr_end(s);
}

static void community_json(struct sink *s, const struct wire_attr *a,
			   const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u;
	values_json(s, a, ctx, "community", COMM_LEN, false);
}

static void large_community_json(struct sink *s, const struct wire_attr *a,
				 const struct wire_update *u,
				 const struct wire_ctx *ctx)
{
	(void)u;
	values_json(s, a, ctx, "large-community", LARGE_LEN, true);
}

/* --- text --------------------------------------------------------------- */

static void text_value(struct wbuf *w, const uint8_t *p, size_t size)
{
	uint32_t v;

	if (size == LARGE_LEN) {
		wbuf_printf(w, "%u:%u:%u", get_u32(p), get_u32(p + 4), get_u32(p + 8));
		return;
	}
	v = get_u32(p);
	switch (v) {
	case 0xFFFFFF01: /* RFC 1997 */
		wbuf_str(w, "no-export");
		break;
	case 0xFFFFFF02:
		wbuf_str(w, "no-advertise");
		break;
	case 0xFFFFFF03:
		wbuf_str(w, "no-export-subconfed");
		break;
	case 0xFFFFFF04: /* RFC 3765 */
		wbuf_str(w, "no-peer");
		break;
	case 0xFFFF029A: /* RFC 7999 */
		wbuf_str(w, "blackhole");
		break;
	default:
		wbuf_printf(w, "%u:%u", v >> 16, v & 0xFFFF);
	}
}

static void values_text(struct wbuf *w, const struct wire_attr *a,
			const char *name, size_t size, bool unique)
{
	struct ordered o;

	if (order_init(&o, a, size, unique) < 0)
		w->failed = 1;
	wbuf_printf(w, " %s ", name);
	if (o.n != 1)
		wbuf_str(w, "[ ");
	for (size_t i = 0; i < o.n; i++) {
		if (i)
			wbuf_u8(w, ' ');
		text_value(w, o.p + i * size, size);
	}
	if (o.n != 1)
		wbuf_str(w, " ]");
	order_fini(&o);
}

static void community_text(struct wbuf *w, const struct wire_attr *a,
			   const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	values_text(w, a, "community", COMM_LEN, false);
}

static void large_community_text(struct wbuf *w, const struct wire_attr *a,
				 const struct wire_update *u,
				 const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	values_text(w, a, "large-community", LARGE_LEN, true);
}

/* --- encoding ----------------------------------------------------------- */

/* [ [ a, b ], ... ] (or [ [ g, l1, l2 ], ... ]), each part at most max. */
static int put_values(struct wbuf *w, const struct val *v, size_t parts,
		      uint64_t max, const char *name, struct lb_err *err)
{
	if (!v || (v->type != VAL_ARR && !(v->type == VAL_OBJ && v->kids.n == 0)))
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "%s: expected a list", name);
	for (const struct val *c = v->kids.first; c; c = c->next) {
		const struct val *x = c->type == VAL_ARR ? c->kids.first : NULL;

		if (val_len(c) != parts || !x)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
					  "%s: each value must be a list of %zu numbers",
					  name, parts);
		for (; x; x = x->next) {
			uint64_t n;

			if (val_as_u64(x, &n) < 0 || n > max)
				return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
						  "%s: %s", name, max == UINT16_MAX
						  ? "each part must be a number below 65536"
						  : "each part must be a number below 2^32");
			if (max == UINT16_MAX)
				wbuf_u16(w, (uint16_t)n);
			else
				wbuf_u32(w, (uint32_t)n);
		}
	}
	return 0;
}

static int values_encode(struct wbuf *w, const struct val *v, uint8_t code,
			 size_t size, uint64_t max, bool unique,
			 const char *name, struct lb_err *err)
{
	size_t mark, start, n;

	/* ExaBGP sends no attribute for no values (and an empty one would
	 * be malformed, RFC 7606 §7.8) */
	if (val_len(v) == 0 && v && (v->type == VAL_ARR || v->type == VAL_OBJ))
		return 0;
	mark = wire_attr_begin(w, WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE, code);
	start = w->len;
	if (put_values(w, v, size / (max == UINT16_MAX ? 2 : 4), max, name, err) < 0)
		return -1;
	if (w->failed)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "%s: out of memory", name);
	n = sort_values(w->data + start, (w->len - start) / size, size, unique);
	w->len = start + n * size;
	if (wire_attr_end(w, mark) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: longer than 65535 octets", name);
	return 0;
}

static int community_encode(struct wbuf *w, const struct val *v,
			    const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)ctx;
	return values_encode(w, v, WIRE_ATTR_COMMUNITY, COMM_LEN, UINT16_MAX,
			     false, "community", err);
}

static int large_community_encode(struct wbuf *w, const struct val *v,
				  const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)ctx;
	return values_encode(w, v, WIRE_ATTR_LARGE_COMMUNITY, LARGE_LEN, UINT32_MAX,
			     true, "large-community", err);
}

const struct wire_attr_desc wire_attr_community = {
	.code = WIRE_ATTR_COMMUNITY,
	.flags = WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE,
	.name = "community",
	.malformed = LB_ACT_WITHDRAW,
	.check = community_check,
	.json = community_json,
	.text = community_text,
	.encode = community_encode,
};

const struct wire_attr_desc wire_attr_large_community = {
	.code = WIRE_ATTR_LARGE_COMMUNITY,
	.flags = WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE,
	.name = "large-community",
	.malformed = LB_ACT_WITHDRAW,
	.check = large_community_check,
	.json = large_community_json,
	.text = large_community_text,
	.encode = large_community_encode,
};
