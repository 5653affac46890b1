/* AS_PATH (RFC 4271 §4.3 b) and AS4_PATH (RFC 6793), with the
 * confederation segments of RFC 5065 §3.
 *
 * A path is a run of segments <type 1><count 1><count ASNs>: AS_SET 1,
 * AS_SEQUENCE 2, AS_CONFED_SEQUENCE 3, AS_CONFED_SET 4.  AS_PATH carries
 * 2-octet ASNs on a session without the 4-octet AS capability and 4-octet
 * ones otherwise; AS4_PATH always carries 4-octet ASNs.
 *
 * Receiving.  A malformed AS_PATH (RFC 7606 §7.2: unknown segment type,
 * segment of length 0, a segment running past the attribute, one octet left
 * over), AS 0 in it (RFC 7607 §2), confederation segments from an external
 * peer (RFC 5065 §5) and, when the session asks for the check, a leftmost AS
 * that is not the peer's (RFC 4271 §6.3) make the UPDATE treat-as-withdraw.
 * AS4_PATH is only meaningful from a 2-octet speaker: received on a 4-octet
 * session it is discarded, and a malformed one (same rules, plus AS 0) is
 * discarded too (RFC 6793 §6).  ExaBGP accepts all of these; the RFC wins.
 *
 * On a 2-octet session the path reported is AS_PATH and AS4_PATH merged as
 * RFC 6793 §4.2.3 says: AS4_PATH is ignored when AS_PATH has fewer ASes
 * (an AS_SET counts one, confederation segments none) or when AGGREGATOR
 * comes with AS4_AGGREGATOR and names an AS other than AS_TRANS; otherwise the leading ASes of AS_PATH
 * that AS4_PATH does not cover (with the confederation segments among or
 * next to them) come first, then AS4_PATH without its confederation
 * segments.  Where a cut AS_SEQUENCE meets the first AS_SEQUENCE of AS4_PATH
 * the two are reported as one segment, which is ExaBGP's result for the
 * usual paths (ExaBGP flattens every merged path into one sequence and one
 * set; luabgp keeps the segment structure otherwise).
 *
 * JSON, as ExaBGP main prints it: segments keyed by position, and every
 * segment type but AS_SET named "as-sequence" (ExaBGP's names; a
 * confederation segment therefore re-encodes as a plain one):
 *   "as-path": { "0": { "element": "as-sequence", "value": [ 1, 2 ] },
 *                "1": { "element": "as-set", "value": [ 3, 4 ] } }
 * An empty AS_PATH prints no member at all.  With WIRE_JSON_V42, ExaBGP
 * 4.2's flat lists:
 *   "as-path": [ 1, 2 ], "as-set": [ 3, 4 ], "confederation-path": [],
 *   ("confederation-set" and "as-set" only when not empty).
 * Text, as ExaBGP's text API has printed it since 4.x: the sequences, then
 * the sets in parentheses, then the confederation lists the same way:
 * "[ 1 2 ( 3 4 ) ][ 5 ( 6 ) ]".  (ExaBGP main's str() now prints
 * "( 1 2 ) [ 3 4 ]", which its own configuration parser reads back as an
 * AS_SET then an AS_SEQUENCE; the established form is kept.)
 *
 * Sending.  The encoder takes the JSON shape (or 4.2's list, a sequence),
 * drops empty segments and splits those over 255 ASes, as ExaBGP does.  To
 * a 2-octet speaker every AS above 65535 is written as AS_TRANS and, when
 * there was one, AS4_PATH follows AS_PATH with the real path, right after
 * it as ExaBGP places it (RFC 6793 §4.2.2).
 */
#include <string.h>

#include "wire/attr.h"

enum {
	SEG_SET = 1,
	SEG_SEQUENCE = 2,
	SEG_CONFED_SEQUENCE = 3,
	SEG_CONFED_SET = 4,
};

#define AS_TRANS 23456 /* RFC 6793 §9 */
#define SEG_MAX 255    /* the count is one octet */
#define SUB_MALFORMED_AS_PATH 11
#define SUB_OPTIONAL_ATTRIBUTE 9

struct seg {
	uint8_t type;
	uint8_t count;
	const uint8_t *asn; /* count ASNs of `width` octets */
	size_t offset;      /* of the segment header in the message */
};

static bool is_confed(uint8_t type)
{
	return type == SEG_CONFED_SEQUENCE || type == SEG_CONFED_SET;
}

static uint32_t seg_asn(const struct seg *s, unsigned width, unsigned i)
{
	return width == 4 ? get_u32(s->asn + 4 * (size_t)i)
			  : get_u16(s->asn + 2 * (size_t)i);
}

/* Cut the next segment off r: 1 with *s set, 0 at the end, -1 when what is
 * left is malformed (RFC 7606 §7.2, RFC 6793 §6), *why saying how. */
static int seg_next(struct rd *r, unsigned width, struct seg *s, const char **why)
{
	if (!rd_left(r))
		return 0;
	s->offset = rd_offset(r);
	if (rd_u8(r, &s->type) < 0 || rd_u8(r, &s->count) < 0) {
		*why = "a single octet left after the last segment";
		return -1;
	}
	if (s->type < SEG_SET || s->type > SEG_CONFED_SET) {
		*why = "unknown segment type";
		return -1;
	}
	if (s->count == 0) {
		*why = "segment of length 0";
		return -1;
	}
	if (rd_view(r, (size_t)s->count * width, &s->asn) < 0) {
		*why = "segment runs past the end of the attribute";
		return -1;
	}
	return 1;
}

static void attr_rd(const struct wire_attr *a, struct rd *r)
{
	rd_init(r, a->val, a->len);
}

/* --- checks ------------------------------------------------------------- */

/* The leftmost AS must be the peer's (RFC 4271 §6.3), sent as AS_TRANS by
 * a 2-octet speaker whose AS does not fit (RFC 6793 §4.2.2). */
static bool first_as_ok(const struct seg *s, const struct wire_ctx *ctx,
			unsigned width)
{
	uint32_t want = ctx->peer_as;

	if (width == 2 && want > UINT16_MAX)
		want = AS_TRANS;
	return s->type == SEG_SEQUENCE && seg_asn(s, width, 0) == want;
}

static int as_path_check(struct rd *r, const struct wire_attr *a,
			 const struct wire_ctx *ctx, struct lb_err *err)
{
	unsigned width = ctx->asn4 ? 4 : 2;
	bool enforce = ctx->enforce_first_as && !ctx->ibgp;
	bool first = true;
	const char *why = NULL;
	struct seg s;
	int rc;

	(void)a;
	while ((rc = seg_next(r, width, &s, &why)) > 0) {
		/* RFC 5065 §5: a peer outside our confederation (luabgp is in
		 * none) must not send confederation segments */
		if (is_confed(s.type) && !ctx->ibgp)
			return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE,
					  SUB_MALFORMED_AS_PATH, s.offset,
					  "AS_PATH: confederation segment from an external peer");
		for (unsigned i = 0; i < s.count; i++)
			if (seg_asn(&s, width, i) == 0)
				return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE,
						  SUB_MALFORMED_AS_PATH,
						  s.offset + 2 + (size_t)i * width,
						  "AS_PATH: AS 0 (RFC 7607)");
		if (first && enforce && !first_as_ok(&s, ctx, width))
			return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE,
					  SUB_MALFORMED_AS_PATH, s.offset,
					  "AS_PATH: leftmost AS is not the peer's AS %u",
					  ctx->peer_as);
		first = false;
	}
	if (rc < 0)
		return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE,
				  SUB_MALFORMED_AS_PATH, s.offset, "AS_PATH: %s", why);
	if (first && enforce)
		return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE,
				  SUB_MALFORMED_AS_PATH, 0,
				  "AS_PATH: empty from an external peer");
	return 0;
}

static int as4_path_check(struct rd *r, const struct wire_attr *a,
			  const struct wire_ctx *ctx, struct lb_err *err)
{
	const char *why = NULL;
	struct seg s;
	int rc;

	/* RFC 6793 §6: never between two 4-octet speakers */
	if (ctx->asn4)
		return lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE,
				  SUB_OPTIONAL_ATTRIBUTE, 0,
				  "AS4_PATH: received on a 4-octet AS session");
	if (a->len == 0)
		return lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE,
				  SUB_OPTIONAL_ATTRIBUTE, 0,
				  "AS4_PATH: empty (at least one AS is needed)");
	while ((rc = seg_next(r, 4, &s, &why)) > 0)
		for (unsigned i = 0; i < s.count; i++)
			if (seg_asn(&s, 4, i) == 0)
				return lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE,
						  SUB_OPTIONAL_ATTRIBUTE,
						  s.offset + 2 + (size_t)i * 4,
						  "AS4_PATH: AS 0 (RFC 7607)");
	if (rc < 0)
		return lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE,
				  SUB_OPTIONAL_ATTRIBUTE, s.offset, "AS4_PATH: %s", why);
	return 0;
}

/* --- the reported path -------------------------------------------------- */

/* What the walk reports to: one call per segment start, AS and end. */
struct path_out {
	void (*seg)(struct path_out *o, uint8_t type);
	void (*asn)(struct path_out *o, uint32_t asn);
	void (*seg_end)(struct path_out *o);
};

struct walker {
	struct path_out *o;
	uint8_t open;        /* type of the segment being reported, 0: none */
	unsigned open_count;
};

/* Start a segment of count ASes; at the AS_PATH/AS4_PATH join two
 * sequences that fit one segment are reported as one. */
static void walk_begin(struct walker *w, uint8_t type, unsigned count, bool join)
{
	if (join && w->open == SEG_SEQUENCE && type == SEG_SEQUENCE &&
	    w->open_count + count <= SEG_MAX) {
		w->open_count += count;
		return;
	}
	if (w->open)
		w->o->seg_end(w->o);
	w->o->seg(w->o, type);
	w->open = type;
	w->open_count = count;
}

static void walk_asns(struct walker *w, const struct seg *s, unsigned width,
		      unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		w->o->asn(w->o, seg_asn(s, width, i));
}

/* AS count for RFC 6793 §4.2.3: an AS_SET is one, confederation segments
 * are none (as in RFC 4271 §9.1.2.2 a). */
static size_t path_hops(const struct wire_attr *a, unsigned width)
{
	const char *why;
	struct seg s;
	struct rd r;
	size_t n = 0;

	attr_rd(a, &r);
	while (seg_next(&r, width, &s, &why) > 0)
		n += s.type == SEG_SEQUENCE ? s.count : s.type == SEG_SET ? 1 : 0;
	return n;
}

/* The leading `keep` ASes of a path (SIZE_MAX: all of it), with the
 * confederation segments met on the way or right after them. */
static void walk_lead(struct walker *w, const struct wire_attr *a,
		      unsigned width, size_t keep)
{
	const char *why;
	struct seg s;
	struct rd r;

	attr_rd(a, &r);
	while (seg_next(&r, width, &s, &why) > 0) {
		unsigned n = s.count;

		if (!is_confed(s.type)) {
			if (keep == 0)
				break;
			if (s.type == SEG_SET) {
				keep--;
			} else {
				if (n > keep)
					n = (unsigned)keep;
				keep -= n;
			}
		}
		walk_begin(w, s.type, n, false);
		walk_asns(w, &s, width, n);
		if (n < s.count)
			break;
	}
}

/* The AS4_PATH to merge into AS_PATH, or NULL (RFC 6793 §4.2.3). */
static const struct wire_attr *as4_source(const struct wire_update *u,
					  const struct wire_ctx *ctx)
{
	const struct wire_attr *as4, *agg;

	if (!u || ctx->asn4)
		return NULL;
	as4 = wire_update_attr(u, WIRE_ATTR_AS4_PATH);
	agg = wire_update_attr(u, WIRE_ATTR_AGGREGATOR);
	/* AGGREGATOR and AS4_AGGREGATOR both received, and AGGREGATOR not
	 * AS_TRANS: a 2-octet speaker aggregated, AS4_PATH is stale */
	if (as4 && agg && agg->len == 6 && get_u16(agg->val) != AS_TRANS &&
	    wire_update_attr(u, WIRE_ATTR_AS4_AGGREGATOR))
		return NULL;
	return as4;
}

static void walk_path(const struct wire_attr *a, const struct wire_update *u,
		      const struct wire_ctx *ctx, struct path_out *o)
{
	unsigned width = ctx->asn4 ? 4 : 2;
	const struct wire_attr *as4 = as4_source(u, ctx);
	struct walker w = { o, 0, 0 };
	size_t n2, n4;
	bool join = true;
	const char *why;
	struct seg s;
	struct rd r;

	n2 = path_hops(a, width);
	n4 = as4 ? path_hops(as4, 4) : 0;
	if (!as4 || n2 < n4) {
		walk_lead(&w, a, width, SIZE_MAX);
	} else {
		walk_lead(&w, a, width, n2 - n4);
		attr_rd(as4, &r);
		while (seg_next(&r, 4, &s, &why) > 0) {
			/* RFC 6793 §6: confederation segments have no place
			 * in AS4_PATH and are dropped */
			if (is_confed(s.type))
				continue;
			walk_begin(&w, s.type, s.count, join);
			walk_asns(&w, &s, 4, s.count);
			join = false;
		}
	}
	if (w.open)
		o->seg_end(o);
}

/* The AS4_PATH alone, as a path of its own. */
static void walk_alone(const struct wire_attr *a, struct path_out *o)
{
	struct walker w = { o, 0, 0 };

	walk_lead(&w, a, 4, SIZE_MAX);
	if (w.open)
		o->seg_end(o);
}

/* --- JSON --------------------------------------------------------------- */

struct json_out {
	struct path_out base;
	struct sink *s;
	unsigned n;
};

static void json_seg(struct path_out *o, uint8_t type)
{
	struct json_out *j = (struct json_out *)o;
	struct wbuf *w = sink_text(j->s);

	wbuf_uint(w, j->n++);
	sink_keyn(j->s, (const char *)w->data, w->len);
	sink_obj(j->s);
	sink_kstr(j->s, "element", type == SEG_SET ? "as-set" : "as-sequence");
	sink_key(j->s, "value");
	sink_arr(j->s);
}

static void json_asn(struct path_out *o, uint32_t asn)
{
	sink_uint(((struct json_out *)o)->s, asn);
}

static void json_seg_end(struct path_out *o)
{
	struct json_out *j = (struct json_out *)o;

	sink_arr_end(j->s);
	sink_obj_end(j->s);
}

/* Flat lists, one pass per segment type: ExaBGP 4.2's JSON and the text. */
struct list_out {
	struct path_out base;
	uint8_t want;        /* the segment type reported */
	bool on;             /* inside a segment of that type */
	size_t count[5];     /* ASes per segment type */
	struct sink *s;      /* JSON output, or */
	struct wbuf *w;      /* text output */
};

static void list_seg(struct path_out *o, uint8_t type)
{
	struct list_out *l = (struct list_out *)o;

	l->on = type == l->want;
}

static void list_asn(struct path_out *o, uint32_t asn)
{
	struct list_out *l = (struct list_out *)o;

	if (!l->on)
		return;
	if (l->s) {
		sink_uint(l->s, asn);
	} else {
		wbuf_uint(l->w, asn);
		wbuf_u8(l->w, ' ');
	}
}

static void count_seg(struct path_out *o, uint8_t type)
{
	((struct list_out *)o)->want = type;
}

static void count_asn(struct path_out *o, uint32_t asn)
{
	struct list_out *l = (struct list_out *)o;

	(void)asn;
	l->count[l->want]++;
}

static void nothing(struct path_out *o)
{
	(void)o;
}

/* A path to report: an AS_PATH (merged with AS4_PATH when due), or an
 * AS4_PATH on its own. */
struct path_src {
	const struct wire_attr *a;
	const struct wire_update *u;
	const struct wire_ctx *ctx;
	bool alone;
};

static void walk_src(const struct path_src *p, struct path_out *o)
{
	if (p->alone)
		walk_alone(p->a, o);
	else
		walk_path(p->a, p->u, p->ctx, o);
}

static void list_count(struct list_out *l, const struct path_src *p)
{
	memset(l, 0, sizeof(*l));
	l->base = (struct path_out){ count_seg, count_asn, nothing };
	walk_src(p, &l->base);
	l->base = (struct path_out){ list_seg, list_asn, nothing };
}

static void json_list(struct list_out *l, const char *name, uint8_t type,
		      const struct path_src *p)
{
	l->want = type;
	sink_key(l->s, name);
	sink_arr(l->s);
	walk_src(p, &l->base);
	sink_arr_end(l->s);
}

static void json_v42(struct sink *s, const struct path_src *p)
{
	struct list_out l;

	list_count(&l, p);
	l.s = s;
	json_list(&l, "as-path", SEG_SEQUENCE, p);
	if (l.count[SEG_SET])
		json_list(&l, "as-set", SEG_SET, p);
	json_list(&l, "confederation-path", SEG_CONFED_SEQUENCE, p);
	if (l.count[SEG_CONFED_SET])
		json_list(&l, "confederation-set", SEG_CONFED_SET, p);
}

static void as_path_json(struct sink *s, const struct wire_attr *a,
			 const struct wire_update *u, const struct wire_ctx *ctx)
{
	struct json_out j = { { json_seg, json_asn, json_seg_end }, s, 0 };

	/* ExaBGP reports an empty AS_PATH by leaving it out */
	if (a->len == 0)
		return;
	if (ctx->json_flags & WIRE_JSON_V42) {
		json_v42(s, &(struct path_src){ a, u, ctx, false });
		return;
	}
	sink_key(s, "as-path");
	sink_obj(s);
	walk_path(a, u, ctx, &j.base);
	sink_obj_end(s);
}

/* Is there an AS_PATH for this AS4_PATH to go into?  An empty one does
 * not count: ExaBGP drops it before it would merge. */
static bool has_path(const struct wire_update *u)
{
	const struct wire_attr *path = wire_update_attr(u, WIRE_ATTR_AS_PATH);

	return path && path->len;
}

/* AS4_PATH is reported inside "as-path"; only one that has no AS_PATH to
 * go with (an UPDATE that announces nothing) is reported on its own. */
static void as4_path_json(struct sink *s, const struct wire_attr *a,
			  const struct wire_update *u, const struct wire_ctx *ctx)
{
	struct json_out j = { { json_seg, json_asn, json_seg_end }, s, 0 };

	(void)ctx;
	if (!u || has_path(u))
		return;
	sink_key(s, "as4-path");
	sink_obj(s);
	walk_alone(a, &j.base);
	sink_obj_end(s);
}


/* --- text --------------------------------------------------------------- */

/* ExaBGP's "[ 1 2 ( 3 4 ) ]": one sequence list and one set list. */
static void text_pair(struct wbuf *w, struct list_out *l, uint8_t seq,
		      uint8_t set, const struct path_src *p)
{
	l->w = w;
	wbuf_str(w, "[ ");
	l->want = seq;
	walk_src(p, &l->base);
	if (l->count[set]) {
		wbuf_str(w, "( ");
		l->want = set;
		walk_src(p, &l->base);
		wbuf_str(w, l->count[seq] ? ") " : ")");
	}
	wbuf_u8(w, ']');
}

/* The confederation lists follow, glued, when there are any. */
static void path_text(struct wbuf *w, const char *name, const struct path_src *p)
{
	struct list_out l;

	list_count(&l, p);
	wbuf_printf(w, " %s ", name);
	text_pair(w, &l, SEG_SEQUENCE, SEG_SET, p);
	if (l.count[SEG_CONFED_SEQUENCE] || l.count[SEG_CONFED_SET])
		text_pair(w, &l, SEG_CONFED_SEQUENCE, SEG_CONFED_SET, p);
}

static void as_path_text(struct wbuf *w, const struct wire_attr *a,
			 const struct wire_update *u, const struct wire_ctx *ctx)
{
	if (a->len)
		path_text(w, "as-path", &(struct path_src){ a, u, ctx, false });
}

static void as4_path_text(struct wbuf *w, const struct wire_attr *a,
			  const struct wire_update *u, const struct wire_ctx *ctx)
{
	if (u && !has_path(u))
		path_text(w, "as4-path", &(struct path_src){ a, u, ctx, true });
}

/* --- encoding ----------------------------------------------------------- */

static int enc_fail(struct lb_err *err, const char *what, const char *why)
{
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "%s: %s", what, why);
}

static bool is_list(const struct val *v)
{
	/* an empty Lua table cannot say whether it is a list */
	return v && (v->type == VAL_ARR || (v->type == VAL_OBJ && v->kids.n == 0));
}

/* One segment from a list of ASes, in runs of at most 255 (RFC 4271 §4.3
 * b: the count is one octet).  On a 2-octet session an AS that does not
 * fit is written as AS_TRANS and *big is set (RFC 6793 §4.2.2). */
static int put_segment(struct wbuf *w, uint8_t type, const struct val *list,
		       unsigned width, bool *big, const char *what,
		       struct lb_err *err)
{
	const struct val *v = list->kids.first;
	size_t left = val_len(list);

	while (left) {
		size_t run = left > SEG_MAX ? SEG_MAX : left;

		wbuf_u8(w, type);
		wbuf_u8(w, (uint8_t)run);
		for (size_t i = 0; i < run; i++, v = v->next) {
			uint64_t asn;

			if (val_as_u64(v, &asn) < 0 || asn > UINT32_MAX)
				return enc_fail(err, what, "an AS must be a number below 2^32");
			if (asn == 0)
				return enc_fail(err, what, "AS 0 may not be sent (RFC 7607)");
			if (width == 2 && asn > UINT16_MAX) {
				*big = true;
				asn = AS_TRANS;
			}
			if (width == 4)
				wbuf_u32(w, (uint32_t)asn);
			else
				wbuf_u16(w, (uint16_t)asn);
		}
		left -= run;
	}
	return 0;
}

/* Every segment of the JSON shape (or of 4.2's list: one sequence). */
static int put_path(struct wbuf *w, const struct val *v, unsigned width,
		    bool *big, const char *what, struct lb_err *err)
{
	if (is_list(v))
		return put_segment(w, SEG_SEQUENCE, v, width, big, what, err);
	if (!v || v->type != VAL_OBJ)
		return enc_fail(err, what, "expected an object of segments");
	for (const struct val *seg = v->kids.first; seg; seg = seg->next) {
		const struct val *el = val_get(seg, "element");
		const struct val *list = val_get(seg, "value");
		uint8_t type;

		if (seg->type != VAL_OBJ || !is_list(list))
			return enc_fail(err, what,
					"each segment needs an \"element\" and a \"value\" list");
		if (val_is_str(el, "as-sequence"))
			type = SEG_SEQUENCE;
		else if (val_is_str(el, "as-set"))
			type = SEG_SET;
		else
			return enc_fail(err, what,
					"\"element\" must be \"as-sequence\" or \"as-set\"");
		if (put_segment(w, type, list, width, big, what, err) < 0)
			return -1;
	}
	return 0;
}

static int put_attr(struct wbuf *w, const struct val *v, uint8_t flags,
		    uint8_t code, unsigned width, bool *big, const char *what,
		    struct lb_err *err)
{
	size_t mark = wire_attr_begin(w, flags, code);

	if (put_path(w, v, width, big, what, err) < 0)
		return -1;
	if (wire_attr_end(w, mark) < 0)
		return enc_fail(err, what, "longer than 65535 octets");
	return 0;
}

static int as_path_encode(struct wbuf *w, const struct val *v,
			  const struct wire_ctx *ctx, struct lb_err *err)
{
	bool big = false;

	if (put_attr(w, v, WIRE_ATTR_F_TRANSITIVE, WIRE_ATTR_AS_PATH,
		     ctx->asn4 ? 4 : 2, &big, "as-path", err) < 0)
		return -1;
	if (!big)
		return 0;
	/* RFC 6793 §4.2.2: the real path for the 4-octet speakers beyond */
	return put_attr(w, v, WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE,
			WIRE_ATTR_AS4_PATH, 4, &big, "as-path", err);
}

static int as4_path_encode(struct wbuf *w, const struct val *v,
			   const struct wire_ctx *ctx, struct lb_err *err)
{
	bool big = false;

	(void)ctx;
	return put_attr(w, v, WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE,
			WIRE_ATTR_AS4_PATH, 4, &big, "as4-path", err);
}

const struct wire_attr_desc wire_attr_as_path = {
	.code = WIRE_ATTR_AS_PATH,
	.flags = WIRE_ATTR_F_TRANSITIVE,
	.name = "as-path",
	.malformed = LB_ACT_WITHDRAW,
	.check = as_path_check,
	.json = as_path_json,
	.text = as_path_text,
	.encode = as_path_encode,
};

const struct wire_attr_desc wire_attr_as4_path = {
	.code = WIRE_ATTR_AS4_PATH,
	.flags = WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE,
	.name = "as4-path",
	.malformed = LB_ACT_DISCARD,
	.check = as4_path_check,
	.json = as4_path_json,
	.text = as4_path_text,
	.encode = as4_path_encode,
};
