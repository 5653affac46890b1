/* The fixed-size path attributes: ORIGIN, NEXT_HOP, MULTI_EXIT_DISC,
 * LOCAL_PREF, ATOMIC_AGGREGATE, AGGREGATOR (RFC 4271 §5.1), AS4_AGGREGATOR
 * (RFC 6793), ORIGINATOR_ID and CLUSTER_LIST (RFC 4456 §8), AIGP (RFC 7311)
 * and OTC (RFC 9234 §5).
 *
 * Malformed values get the RFC 7606 §7 action of their attribute; the
 * check functions say which, update.c applies it.  The walkers print
 * ExaBGP's JSON members and text ("origin": "igp" / " origin igp") and the
 * encoders read back what the walkers print.
 */
#include "wire/attr.h"
#include "wire/common.h"

#define AS_TRANS 23456u /* RFC 6793 §9 */

/* --- shared pieces ------------------------------------------------------ */

/* A length that is not the one the attribute allows. */
static int bad_len(struct lb_err *err, enum lb_act act, const struct wire_attr *a,
		   const char *name, const char *want)
{
	return lb_err_set(err, act, LB_NOTIFY_UPDATE, 5, a->offset,
			  "%s: length %zu, expected %s", name, a->len, want);
}

/* A 4-octet value (MED, LOCAL_PREF, OTC); 0 when absent or short, which a
 * check has already refused. */
static uint32_t value_u32(const struct wire_attr *a)
{
	struct rd r;
	uint32_t v = 0;

	rd_init(&r, a->val, a->len);
	rd_u32(&r, &v);
	return v;
}

static int check_u32(const struct wire_attr *a, enum lb_act act, const char *name,
		     struct lb_err *err)
{
	if (a->len != 4)
		return bad_len(err, act, a, name, "4");
	return 0;
}

/* The value of an integer member, within max. */
static int val_uint(const struct val *v, uint64_t max, const char *name,
		    uint64_t *out, struct lb_err *err)
{
	if (val_as_u64(v, out) < 0 || *out > max)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: expected an integer from 0 to %llu", name,
				  (unsigned long long)max);
	return 0;
}

/* The value of an IPv4 address member. */
static int val_ipv4(const struct val *v, const char *name, uint8_t out[16],
		    struct lb_err *err)
{
	const char *p;
	size_t n;

	if (val_as_str(v, &p, &n) < 0 || wire_ip_parse_afi(p, n, WIRE_AFI_IPV4, out) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: expected an IPv4 address", name);
	return 0;
}

static int put(struct wbuf *w, uint8_t flags, uint8_t code, const void *val,
	       size_t len, struct lb_err *err)
{
	if (wire_attr_put(w, flags, code, val, len) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "out of memory");
	return 0;
}

static int put_u32(struct wbuf *w, uint8_t flags, uint8_t code, uint32_t v,
		   struct lb_err *err)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8),
			 (uint8_t)v };

	return put(w, flags, code, b, 4, err);
}

/* --- ORIGIN (RFC 4271 §5.1.1, RFC 7606 §7.1) ---------------------------- */

static const char *const origin_names[] = { "igp", "egp", "incomplete" };

static int origin_check(struct rd *r, const struct wire_attr *a,
			const struct wire_ctx *ctx, struct lb_err *err)
{
	uint8_t v = 0;

	(void)ctx;
	if (a->len != 1)
		return bad_len(err, LB_ACT_WITHDRAW, a, "ORIGIN", "1");
	if (rd_u8(r, &v) < 0 || v > 2)
		return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 6, rd_offset(r) - 1,
				  "ORIGIN: undefined value %u", v);
	return 0;
}

static const char *origin_name(const struct wire_attr *a)
{
	return a->len == 1 && a->val[0] <= 2 ? origin_names[a->val[0]] : "invalid";
}

static void origin_json(struct sink *s, const struct wire_attr *a,
			const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	sink_kstr(s, "origin", origin_name(a));
}

static void origin_text(struct wbuf *w, const struct wire_attr *a,
			const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	wbuf_str(w, " origin ");
	wbuf_str(w, origin_name(a));
}

static int origin_encode(struct wbuf *w, const struct val *v,
			 const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)ctx;
	for (uint8_t i = 0; i < 3; i++)
		if (val_is_str(v, origin_names[i]))
			return put(w, WIRE_ATTR_F_TRANSITIVE, WIRE_ATTR_ORIGIN, &i, 1, err);
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
			  "origin: expected \"igp\", \"egp\" or \"incomplete\"");
}

const struct wire_attr_desc wire_attr_origin = {
	.code = WIRE_ATTR_ORIGIN, .flags = WIRE_ATTR_F_TRANSITIVE, .name = "origin",
	.malformed = LB_ACT_WITHDRAW, .check = origin_check, .json = origin_json,
	.text = origin_text, .encode = origin_encode,
};

/* --- NEXT_HOP (RFC 4271 §5.1.3, RFC 7606 §7.3) -------------------------- */

static int next_hop_check(struct rd *r, const struct wire_attr *a,
			  const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)r, (void)ctx;
	if (a->len != 4)
		return bad_len(err, LB_ACT_WITHDRAW, a, "NEXT_HOP", "4");
	return 0;
}

static void next_hop_json(struct sink *s, const struct wire_attr *a,
			  const struct wire_update *u, const struct wire_ctx *ctx)
{
	struct wbuf *w;

	(void)u, (void)ctx;
	sink_key(s, "next-hop");
	w = sink_text(s);
	wire_ip_text(w, a->val, a->len);
	sink_text_end(s);
}

static void next_hop_text(struct wbuf *w, const struct wire_attr *a,
			  const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	wbuf_str(w, " next-hop ");
	wire_ip_text(w, a->val, a->len);
}

static int next_hop_encode(struct wbuf *w, const struct val *v,
			   const struct wire_ctx *ctx, struct lb_err *err)
{
	uint8_t ip[16];

	(void)ctx;
	if (val_ipv4(v, "next-hop", ip, err) < 0)
		return -1;
	return put(w, WIRE_ATTR_F_TRANSITIVE, WIRE_ATTR_NEXT_HOP, ip, 4, err);
}

const struct wire_attr_desc wire_attr_next_hop = {
	.code = WIRE_ATTR_NEXT_HOP, .flags = WIRE_ATTR_F_TRANSITIVE, .name = "next-hop",
	.malformed = LB_ACT_WITHDRAW, .check = next_hop_check, .json = next_hop_json,
	.text = next_hop_text, .encode = next_hop_encode,
};

/* --- MULTI_EXIT_DISC (RFC 4271 §5.1.4, RFC 7606 §7.4) ------------------- */

static int med_check(struct rd *r, const struct wire_attr *a,
		     const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)r, (void)ctx;
	return check_u32(a, LB_ACT_WITHDRAW, "MULTI_EXIT_DISC", err);
}

static void med_json(struct sink *s, const struct wire_attr *a,
		     const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	sink_kuint(s, "med", value_u32(a));
}

static void med_text(struct wbuf *w, const struct wire_attr *a,
		     const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	wbuf_str(w, " med ");
	wbuf_uint(w, value_u32(a));
}

static int med_encode(struct wbuf *w, const struct val *v,
		      const struct wire_ctx *ctx, struct lb_err *err)
{
	uint64_t n;

	(void)ctx;
	if (val_uint(v, UINT32_MAX, "med", &n, err) < 0)
		return -1;
	return put_u32(w, WIRE_ATTR_F_OPTIONAL, WIRE_ATTR_MED, (uint32_t)n, err);
}

const struct wire_attr_desc wire_attr_med = {
	.code = WIRE_ATTR_MED, .flags = WIRE_ATTR_F_OPTIONAL, .name = "med",
	.malformed = LB_ACT_WITHDRAW, .check = med_check, .json = med_json,
	.text = med_text, .encode = med_encode,
};

/* --- LOCAL_PREF (RFC 4271 §5.1.5, RFC 7606 §7.5) ------------------------ */

static int local_pref_check(struct rd *r, const struct wire_attr *a,
			    const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)r;
	/* RFC 7606 §7.5: from an external peer it is discarded whatever it
	 * holds (RFC 4271 §5.1.5: it MUST NOT be sent to one) */
	if (!ctx->ibgp)
		return lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE, 5, a->offset,
				  "LOCAL_PREF: received from an external peer");
	return check_u32(a, LB_ACT_WITHDRAW, "LOCAL_PREF", err);
}

static void local_pref_json(struct sink *s, const struct wire_attr *a,
			    const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	sink_kuint(s, "local-preference", value_u32(a));
}

static void local_pref_text(struct wbuf *w, const struct wire_attr *a,
			    const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	wbuf_str(w, " local-preference ");
	wbuf_uint(w, value_u32(a));
}

static int local_pref_encode(struct wbuf *w, const struct val *v,
			     const struct wire_ctx *ctx, struct lb_err *err)
{
	uint64_t n;

	(void)ctx;
	if (val_uint(v, UINT32_MAX, "local-preference", &n, err) < 0)
		return -1;
	return put_u32(w, WIRE_ATTR_F_TRANSITIVE, WIRE_ATTR_LOCAL_PREF, (uint32_t)n, err);
}

const struct wire_attr_desc wire_attr_local_pref = {
	.code = WIRE_ATTR_LOCAL_PREF, .flags = WIRE_ATTR_F_TRANSITIVE,
	.name = "local-preference", .malformed = LB_ACT_WITHDRAW,
	.check = local_pref_check, .json = local_pref_json, .text = local_pref_text,
	.encode = local_pref_encode,
};

/* --- ATOMIC_AGGREGATE (RFC 4271 §5.1.6, RFC 7606 §7.6) ------------------ */

static int atomic_aggregate_check(struct rd *r, const struct wire_attr *a,
				  const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)r, (void)ctx;
	if (a->len != 0)
		return bad_len(err, LB_ACT_DISCARD, a, "ATOMIC_AGGREGATE", "0");
	return 0;
}

static void atomic_aggregate_json(struct sink *s, const struct wire_attr *a,
				  const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)a, (void)u, (void)ctx;
	sink_kbool(s, "atomic-aggregate", 1);
}

static void atomic_aggregate_text(struct wbuf *w, const struct wire_attr *a,
				  const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)a, (void)u, (void)ctx;
	wbuf_str(w, " atomic-aggregate");
}

static int atomic_aggregate_encode(struct wbuf *w, const struct val *v,
				   const struct wire_ctx *ctx, struct lb_err *err)
{
	int on;

	(void)ctx;
	if (val_as_bool(v, &on) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "atomic-aggregate: expected true or false");
	/* false: the attribute is absent */
	if (!on)
		return 0;
	return put(w, WIRE_ATTR_F_TRANSITIVE, WIRE_ATTR_ATOMIC_AGGREGATE, NULL, 0, err);
}

const struct wire_attr_desc wire_attr_atomic_aggregate = {
	.code = WIRE_ATTR_ATOMIC_AGGREGATE, .flags = WIRE_ATTR_F_TRANSITIVE,
	.name = "atomic-aggregate", .malformed = LB_ACT_DISCARD,
	.check = atomic_aggregate_check, .json = atomic_aggregate_json,
	.text = atomic_aggregate_text, .encode = atomic_aggregate_encode,
};

/* --- AGGREGATOR (RFC 4271 §5.1.7, RFC 6793 §4, RFC 7606 §7.7) ----------- */

struct aggregator {
	uint32_t asn;
	uint8_t ip[4];
};

/* AS (2 or 4 octets, as the length says) then the speaker's address. */
static int aggregator_read(const struct wire_attr *a, struct aggregator *ag)
{
	struct rd r;
	uint16_t as2;

	rd_init(&r, a->val, a->len);
	if (a->len == 6 && rd_u16(&r, &as2) == 0)
		ag->asn = as2;
	else if (a->len != 8 || rd_u32(&r, &ag->asn) < 0)
		return -1;
	return rd_bytes(&r, ag->ip, 4);
}

static int aggregator_check(struct rd *r, const struct wire_attr *a,
			    const struct wire_ctx *ctx, struct lb_err *err)
{
	struct aggregator ag = { 0 };

	(void)r;
	if (a->len != (ctx->asn4 ? 8u : 6u))
		return bad_len(err, LB_ACT_DISCARD, a, "AGGREGATOR", ctx->asn4 ? "8" : "6");
	aggregator_read(a, &ag); /* cannot fail: the length is one it reads */
	/* RFC 7607 §2: AS 0 makes the attribute malformed */
	if (ag.asn == 0)
		return lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE, 5, a->offset,
				  "AGGREGATOR: AS 0");
	return 0;
}

/* The aggregating node as RFC 6793 §4.2.3 has a NEW speaker see it: the
 * AS4_AGGREGATOR of an OLD peer replaces an AGGREGATOR holding AS_TRANS. */
static int aggregator_value(const struct wire_attr *a, const struct wire_update *u,
			    struct aggregator *ag)
{
	const struct wire_attr *a4 = u ? wire_update_attr(u, WIRE_ATTR_AS4_AGGREGATOR) : NULL;
	struct aggregator ag4;

	if (aggregator_read(a, ag) < 0)
		return -1;
	if (a->len == 6 && ag->asn == AS_TRANS && a4 && a4->len == 8 &&
	    aggregator_read(a4, &ag4) == 0)
		*ag = ag4;
	return 0;
}

static void aggregator_put_text(struct wbuf *w, const struct aggregator *ag)
{
	wbuf_uint(w, ag->asn);
	wbuf_u8(w, ':');
	wbuf_ipv4(w, ag->ip);
}

static void aggregator_json(struct sink *s, const struct wire_attr *a,
			    const struct wire_update *u, const struct wire_ctx *ctx)
{
	struct aggregator ag;

	(void)ctx;
	if (aggregator_value(a, u, &ag) < 0)
		return;
	sink_key(s, "aggregator");
	aggregator_put_text(sink_text(s), &ag);
	sink_text_end(s);
}

static void aggregator_text(struct wbuf *w, const struct wire_attr *a,
			    const struct wire_update *u, const struct wire_ctx *ctx)
{
	struct aggregator ag;

	(void)ctx;
	if (aggregator_value(a, u, &ag) < 0)
		return;
	wbuf_str(w, " aggregator ( ");
	aggregator_put_text(w, &ag);
	wbuf_str(w, " )");
}

/* "65000:1.2.3.4" as printed, or { "asn": 65000, "speaker": "1.2.3.4" } as
 * the configuration builds it (the shape of ExaBGP's Aggregator.json()) */
static int aggregator_parse(const struct val *v, const char *name,
			    struct aggregator *ag, struct lb_err *err)
{
	const char *p, *colon;
	size_t n;
	uint64_t asn;
	uint8_t ip[16];
	int ok;

	if (v->type == VAL_OBJ)
		ok = val_as_u64(val_get(v, "asn"), &asn) == 0 && asn <= UINT32_MAX &&
		     val_as_str(val_get(v, "speaker"), &p, &n) == 0 &&
		     wire_ip_parse_afi(p, n, WIRE_AFI_IPV4, ip) == 0;
	else
		ok = val_as_str(v, &p, &n) == 0 && (colon = memchr(p, ':', n)) != NULL &&
		     wire_parse_uint(p, (size_t)(colon - p), UINT32_MAX, &asn) == 0 &&
		     wire_ip_parse_afi(colon + 1, n - (size_t)(colon - p) - 1,
				       WIRE_AFI_IPV4, ip) == 0;
	if (!ok)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: expected \"<asn>:<ipv4>\"", name);
	ag->asn = (uint32_t)asn;
	memcpy(ag->ip, ip, 4);
	return 0;
}

static int aggregator_put(struct wbuf *w, uint8_t code, bool as4, uint32_t asn,
			  const uint8_t ip[4], struct lb_err *err)
{
	uint8_t b[8];
	size_t n = 0;

	if (as4) {
		b[n++] = (uint8_t)(asn >> 24);
		b[n++] = (uint8_t)(asn >> 16);
	}
	b[n++] = (uint8_t)(asn >> 8);
	b[n++] = (uint8_t)asn;
	memcpy(b + n, ip, 4);
	return put(w, WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE, code, b, n + 4, err);
}

static int aggregator_encode(struct wbuf *w, const struct val *v,
			     const struct wire_ctx *ctx, struct lb_err *err)
{
	struct aggregator ag;

	if (aggregator_parse(v, "aggregator", &ag, err) < 0)
		return -1;
	if (ctx->asn4)
		return aggregator_put(w, WIRE_ATTR_AGGREGATOR, true, ag.asn, ag.ip, err);
	if (ag.asn <= UINT16_MAX)
		return aggregator_put(w, WIRE_ATTR_AGGREGATOR, false, ag.asn, ag.ip, err);
	/* RFC 6793 §4.2.2: to an OLD peer a 4-octet AS goes as AS_TRANS, with
	 * the real one in AS4_AGGREGATOR right after (ExaBGP's order) */
	if (aggregator_put(w, WIRE_ATTR_AGGREGATOR, false, AS_TRANS, ag.ip, err) < 0)
		return -1;
	return aggregator_put(w, WIRE_ATTR_AS4_AGGREGATOR, true, ag.asn, ag.ip, err);
}

const struct wire_attr_desc wire_attr_aggregator = {
	.code = WIRE_ATTR_AGGREGATOR,
	.flags = WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE, .name = "aggregator",
	.malformed = LB_ACT_DISCARD, .check = aggregator_check, .json = aggregator_json,
	.text = aggregator_text, .encode = aggregator_encode,
};

/* --- AS4_AGGREGATOR (RFC 6793 §4.2.3, §6) -------------------------------- */

static int as4_aggregator_check(struct rd *r, const struct wire_attr *a,
				const struct wire_ctx *ctx, struct lb_err *err)
{
	struct aggregator ag = { 0 };

	(void)r;
	/* RFC 6793 §6: MUST NOT be carried between NEW speakers; discarded */
	if (ctx->asn4)
		return lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE, 9, a->offset,
				  "AS4_AGGREGATOR: received on a 4-octet AS session");
	if (a->len != 8)
		return bad_len(err, LB_ACT_DISCARD, a, "AS4_AGGREGATOR", "8");
	aggregator_read(a, &ag); /* cannot fail: the length is checked */
	if (ag.asn == 0) /* RFC 7607 §2 */
		return lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE, 9, a->offset,
				  "AS4_AGGREGATOR: AS 0");
	return 0;
}

/* Nothing of its own to print: RFC 6793 §4.2.3 folds it into AGGREGATOR
 * when that holds AS_TRANS and ignores it otherwise (ExaBGP prints a second
 * "aggregator" member, which is not valid JSON). */
static void as4_aggregator_json(struct sink *s, const struct wire_attr *a,
				const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)s, (void)a, (void)u, (void)ctx;
}

static void as4_aggregator_text(struct wbuf *w, const struct wire_attr *a,
				const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)w, (void)a, (void)u, (void)ctx;
}

static int as4_aggregator_encode(struct wbuf *w, const struct val *v,
				 const struct wire_ctx *ctx, struct lb_err *err)
{
	struct aggregator ag;

	(void)ctx;
	if (aggregator_parse(v, "as4-aggregator", &ag, err) < 0)
		return -1;
	return aggregator_put(w, WIRE_ATTR_AS4_AGGREGATOR, true, ag.asn, ag.ip, err);
}

const struct wire_attr_desc wire_attr_as4_aggregator = {
	.code = WIRE_ATTR_AS4_AGGREGATOR,
	.flags = WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE, .name = "as4-aggregator",
	.malformed = LB_ACT_DISCARD, .check = as4_aggregator_check,
	.json = as4_aggregator_json, .text = as4_aggregator_text,
	.encode = as4_aggregator_encode,
};

/* --- ORIGINATOR_ID (RFC 4456 §8, RFC 7606 §7.9) ------------------------- */

static int originator_id_check(struct rd *r, const struct wire_attr *a,
			       const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)r;
	/* RFC 4456 §8: a route reflection attribute, meaningless (and never
	 * sent) across an AS border: discarded (RELIABILITY.md §1.4) */
	if (!ctx->ibgp)
		return lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE, 5, a->offset,
				  "ORIGINATOR_ID: received from an external peer");
	if (a->len != 4)
		return bad_len(err, LB_ACT_WITHDRAW, a, "ORIGINATOR_ID", "4");
	return 0;
}

static void originator_id_json(struct sink *s, const struct wire_attr *a,
			       const struct wire_update *u, const struct wire_ctx *ctx)
{
	struct wbuf *w;

	(void)u, (void)ctx;
	sink_key(s, "originator-id");
	w = sink_text(s);
	wire_ip_text(w, a->val, a->len);
	sink_text_end(s);
}

static void originator_id_text(struct wbuf *w, const struct wire_attr *a,
			       const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	wbuf_str(w, " originator-id ");
	wire_ip_text(w, a->val, a->len);
}

static int originator_id_encode(struct wbuf *w, const struct val *v,
				const struct wire_ctx *ctx, struct lb_err *err)
{
	uint8_t ip[16];

	(void)ctx;
	if (val_ipv4(v, "originator-id", ip, err) < 0)
		return -1;
	return put(w, WIRE_ATTR_F_OPTIONAL, WIRE_ATTR_ORIGINATOR_ID, ip, 4, err);
}

const struct wire_attr_desc wire_attr_originator_id = {
	.code = WIRE_ATTR_ORIGINATOR_ID, .flags = WIRE_ATTR_F_OPTIONAL,
	.name = "originator-id", .malformed = LB_ACT_WITHDRAW,
	.check = originator_id_check, .json = originator_id_json,
	.text = originator_id_text, .encode = originator_id_encode,
};

/* --- CLUSTER_LIST (RFC 4456 §8, RFC 7606 §7.10) ------------------------- */

static int cluster_list_check(struct rd *r, const struct wire_attr *a,
			      const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)r;
	if (!ctx->ibgp) /* as ORIGINATOR_ID */
		return lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE, 5, a->offset,
				  "CLUSTER_LIST: received from an external peer");
	if (a->len == 0 || a->len % 4)
		return bad_len(err, LB_ACT_WITHDRAW, a, "CLUSTER_LIST",
			       "a non-zero multiple of 4");
	return 0;
}

static void cluster_list_json(struct sink *s, const struct wire_attr *a,
			      const struct wire_update *u, const struct wire_ctx *ctx)
{
	struct rd r;
	const uint8_t *id;

	(void)u, (void)ctx;
	sink_key(s, "cluster-list");
	sink_arr(s);
	rd_init(&r, a->val, a->len);
	while (rd_view(&r, 4, &id) == 0)
		sink_ipv4(s, id);
	sink_arr_end(s);
}

/* ExaBGP's text: one id bare, several in brackets */
static void cluster_list_text(struct wbuf *w, const struct wire_attr *a,
			      const struct wire_update *u, const struct wire_ctx *ctx)
{
	struct rd r;
	const uint8_t *id;
	bool many = a->len > 4;

	(void)u, (void)ctx;
	wbuf_str(w, many ? " cluster-list [" : " cluster-list");
	rd_init(&r, a->val, a->len);
	while (rd_view(&r, 4, &id) == 0) {
		wbuf_u8(w, ' ');
		wbuf_ipv4(w, id);
	}
	if (many)
		wbuf_str(w, " ]");
}

static int cluster_list_encode(struct wbuf *w, const struct val *v,
			       const struct wire_ctx *ctx, struct lb_err *err)
{
	size_t mark;
	uint8_t ip[16];

	(void)ctx;
	/* a lone id is accepted as a string */
	if (v->type == VAL_STR) {
		if (val_ipv4(v, "cluster-list", ip, err) < 0)
			return -1;
		return put(w, WIRE_ATTR_F_OPTIONAL, WIRE_ATTR_CLUSTER_LIST, ip, 4, err);
	}
	if (v->type != VAL_ARR || v->kids.n == 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "cluster-list: expected a non-empty list of IPv4 addresses");
	mark = wire_attr_begin(w, WIRE_ATTR_F_OPTIONAL, WIRE_ATTR_CLUSTER_LIST);
	for (const struct val *c = v->kids.first; c; c = c->next) {
		if (val_ipv4(c, "cluster-list", ip, err) < 0)
			return -1;
		wbuf_put(w, ip, 4);
	}
	if (wire_attr_end(w, mark) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "cluster-list: longer than 65535 octets");
	return 0;
}

const struct wire_attr_desc wire_attr_cluster_list = {
	.code = WIRE_ATTR_CLUSTER_LIST, .flags = WIRE_ATTR_F_OPTIONAL,
	.name = "cluster-list", .malformed = LB_ACT_WITHDRAW,
	.check = cluster_list_check, .json = cluster_list_json,
	.text = cluster_list_text, .encode = cluster_list_encode,
};

/* --- AIGP (RFC 7311 §3) --------------------------------------------------- */

#define AIGP_TLV_METRIC 1
#define AIGP_TLV_METRIC_LEN 11 /* type, length and an 8-octet metric */

/* The metric of the first AIGP TLV (RFC 7311 §3.1: the others are
 * ignored); -1 when the TLVs do not add up or there is none. */
static int aigp_metric(const struct wire_attr *a, uint64_t *metric, size_t *bad)
{
	struct rd r;

	rd_init(&r, a->val, a->len);
	while (rd_left(&r)) {
		size_t start = rd_offset(&r);
		uint8_t type;
		uint16_t len;
		struct rd v;

		/* the length counts the 3 octets of type and length too */
		if (rd_u8(&r, &type) < 0 || rd_u16(&r, &len) < 0 || len < 3 ||
		    rd_sub(&r, len - 3u, &v) < 0 ||
		    (type == AIGP_TLV_METRIC && len != AIGP_TLV_METRIC_LEN)) {
			*bad = start;
			return -1;
		}
		/* v holds exactly the 8 octets of the metric (len checked) */
		if (type == AIGP_TLV_METRIC) {
			*metric = get_u64(v.p);
			return 0;
		}
	}
	*bad = a->len;
	return -1;
}

/* RFC 7311 §3.2: a malformed AIGP attribute is discarded (so are bad
 * flags, see update.c) */
static int aigp_check(struct rd *r, const struct wire_attr *a,
		      const struct wire_ctx *ctx, struct lb_err *err)
{
	uint64_t metric;
	size_t bad;

	(void)ctx;
	if (aigp_metric(a, &metric, &bad) < 0)
		return lb_err_set(err, LB_ACT_DISCARD, LB_NOTIFY_UPDATE, 9,
				  rd_offset(r) + bad,
				  bad < a->len ? "AIGP: TLV at octet %zu is malformed"
					       : "AIGP: no AIGP TLV (%zu octets)",
				  bad);
	return 0;
}

/* ExaBGP prints the metric as 0x and 16 hex digits, quoted since its 5.0
 * (it was a bare, invalid JSON token before) */
static void aigp_put_text(struct wbuf *w, const struct wire_attr *a)
{
	uint64_t metric = 0;
	size_t bad;

	aigp_metric(a, &metric, &bad);
	wbuf_printf(w, "0x%016llx", (unsigned long long)metric);
}

static void aigp_json(struct sink *s, const struct wire_attr *a,
		      const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	sink_key(s, "aigp");
	aigp_put_text(sink_text(s), a);
	sink_text_end(s);
}

static void aigp_text(struct wbuf *w, const struct wire_attr *a,
		      const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	wbuf_str(w, " aigp ");
	aigp_put_text(w, a);
}

static int aigp_encode(struct wbuf *w, const struct val *v,
		       const struct wire_ctx *ctx, struct lb_err *err)
{
	uint64_t metric;
	uint8_t b[AIGP_TLV_METRIC_LEN] = { AIGP_TLV_METRIC, 0, AIGP_TLV_METRIC_LEN };

	(void)ctx;
	if (val_uint(v, UINT64_MAX, "aigp", &metric, err) < 0)
		return -1;
	for (int i = 0; i < 8; i++)
		b[3 + i] = (uint8_t)(metric >> (56 - 8 * i));
	return put(w, WIRE_ATTR_F_OPTIONAL, WIRE_ATTR_AIGP, b, sizeof(b), err);
}

const struct wire_attr_desc wire_attr_aigp = {
	.code = WIRE_ATTR_AIGP, .flags = WIRE_ATTR_F_OPTIONAL, .name = "aigp",
	.malformed = LB_ACT_DISCARD, .check = aigp_check, .json = aigp_json,
	.text = aigp_text, .encode = aigp_encode,
};

/* --- OTC, Only to Customer (RFC 9234 §5) ---------------------------------- */

static int otc_check(struct rd *r, const struct wire_attr *a,
		     const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)r, (void)ctx;
	return check_u32(a, LB_ACT_WITHDRAW, "OTC", err);
}

static void otc_json(struct sink *s, const struct wire_attr *a,
		     const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	sink_kuint(s, "otc", value_u32(a));
}

static void otc_text(struct wbuf *w, const struct wire_attr *a,
		     const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	wbuf_str(w, " otc ");
	wbuf_uint(w, value_u32(a));
}

static int otc_encode(struct wbuf *w, const struct val *v,
		      const struct wire_ctx *ctx, struct lb_err *err)
{
	uint64_t n;

	(void)ctx;
	if (val_uint(v, UINT32_MAX, "otc", &n, err) < 0)
		return -1;
	return put_u32(w, WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE, WIRE_ATTR_OTC,
		       (uint32_t)n, err);
}

const struct wire_attr_desc wire_attr_otc = {
	.code = WIRE_ATTR_OTC, .flags = WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE,
	.name = "otc", .malformed = LB_ACT_WITHDRAW, .check = otc_check,
	.json = otc_json, .text = otc_text, .encode = otc_encode,
};
