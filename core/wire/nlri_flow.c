/* Flow Specification NLRI: ipv4/ipv6 flow (SAFI 133) and flow-vpn (SAFI
 * 134), RFC 8955 (IPv4) and RFC 8956 (IPv6).
 *
 *   <length 1 or 2> [<RD 8> (flow-vpn, RFC 8955 §8)] <component>...
 *
 * Length (RFC 8955 §4.1): one octet below 240, else two octets 0xFnnn (at
 * most 4095).  ExaBGP's decoder shifts the low nibble by 16 instead of 8; we
 * follow the RFC (no vector carries a length of 240 or more).  A length
 * past the end of the field cannot be trusted to find the next NLRI:
 * session reset (RFC 7606 §5.3, ExaBGP raises NOTIFICATION 3/10 too).
 *
 * Components (RFC 8955 §4.2): a type octet, then
 *  - types 1, 2 (destination, source prefix): IPv4 <len> <ceil(len/8)
 *    octets>; IPv6 <len> <offset> <address octets> (RFC 8956 §3.1).
 *    The IPv6 pattern is read as ExaBGP reads and writes it: ceil(len/8)
 *    octets of the address from bit 0 (RFC 8956 would carry only the
 *    len - offset pattern bits; the vectors pin ExaBGP's layout).
 *  - every other type: a list of <operator 1> <value 1|2|4|8> pairs, the
 *    end-of-list bit (0x80) on the last one, value length 1 << ((op >> 4)
 *    & 3).  Numeric operators (RFC 8955 §4.2.1.1: and 0x40, lt 0x04, gt
 *    0x02, eq 0x01) for every type but tcp-flags (9) and fragment (12),
 *    which use bitmask operators (§4.2.1.2: and 0x40, not 0x02, match
 *    0x01).  Reserved operator bits "MUST be ignored on receipt" (both
 *    sections): they are masked off, so they are neither printed nor
 *    re-encoded (ExaBGP would print the operator as hex).
 *  - type 13 (flow label) exists for IPv6 only (RFC 8956 §3.7); type 11 is
 *    dscp for IPv4, traffic-class for IPv6; type 3 protocol / next-header.
 * Types must be strictly increasing: "A given component type may (exactly
 * once) be present ... it MUST precede any component of higher numeric
 * type value" (RFC 8955 §4.2).  ExaBGP accepts a repeated prefix type;
 * we do not (a repeated numeric type would not survive the JSON anyway).
 *
 * A delimited NLRI whose contents are malformed (unknown or unordered type,
 * an operator or prefix running past the NLRI, a prefix longer than the
 * address, an IPv6 offset above the length, no component at all) is
 * treat-as-withdraw: RFC 8955 §4.2 makes such an NLRI malformed and RFC
 * 7606 §2 / RFC 8955 §10 prescribe treat-as-withdraw for a malformed
 * UPDATE whose NLRI can still be delimited.  (ExaBGP drops the one NLRI.)
 *
 * JSON, as ExaBGP prints it: one member per component, in type order, an
 * array of strings, a string per operator joined with the following ones
 * that carry the and bit ("&"):
 *   { "destination-ipv4": [ "10.0.0.2/32" ], "protocol": [ "=tcp" ],
 *     "destination-port": [ ">8080&<8088", "=3128" ],
 *     "tcp-flags": [ "ack+cwr&!fin+ece" ], "rd": "65535:65536",
 *     "next-hop": "1.2.3.4", "string": "flow ... rd 65535:65536" }
 * "rd" for flow-vpn only, "next-hop" only when the MP_REACH next hop is not
 * empty (API v4 shape), "string" is the text form.  Numeric operators print
 * "=", ">", ">=", "<", "<=", "!=", "true", "false" ("true"/"false" without
 * their value unless the and bit is set, as ExaBGP does); bitmask ones
 * "", "!", "=", "!=".  Protocols, ICMP types, TCP flags and fragment bits
 * print with ExaBGP's names, anything else as a decimal number.
 *
 * Encoding reads that shape back.  The JSON does not keep value widths: the
 * encoder writes the smallest of 1/2/4/8 octets that holds the value, which
 * is what ExaBGP writes for every value it accepts.  A two-octet length
 * below 240 and values wider than needed therefore re-encode shorter.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "wire/common.h"
#include "wire/nlri.h"

#define FLOW_MAX_LEN 0x0FFF   /* RFC 8955 §4.1 */
#define FLOW_LEN_EXT 0xF0

#define OP_EOL 0x80
#define OP_AND 0x40
#define OP_LEN 0x30
#define OP_NUM 0x07  /* lt | gt | eq */
#define OP_NOT 0x02
#define OP_MATCH 0x01
#define OP_BIT (OP_NOT | OP_MATCH)

enum kind { K_PREFIX, K_NUM, K_BIT };
enum names { N_NONE, N_PROTO, N_ICMP, N_ICMPCODE, N_TCP, N_FRAG };

struct comp {
	uint8_t kind;
	uint8_t names;
	const char *name4;   /* NULL: not an IPv4 component */
	const char *name6;   /* NULL: not an IPv6 component */
};

/* RFC 8955 §4.2.2, RFC 8956 §3; names as ExaBGP prints them. */
static const struct comp comps[14] = {
	[1] = { K_PREFIX, N_NONE, "destination-ipv4", "destination-ipv6" },
	[2] = { K_PREFIX, N_NONE, "source-ipv4", "source-ipv6" },
	[3] = { K_NUM, N_PROTO, "protocol", "next-header" },
	[4] = { K_NUM, N_NONE, "port", "port" },
	[5] = { K_NUM, N_NONE, "destination-port", "destination-port" },
	[6] = { K_NUM, N_NONE, "source-port", "source-port" },
	[7] = { K_NUM, N_ICMP, "icmp-type", "icmp-type" },
	[8] = { K_NUM, N_ICMPCODE, "icmp-code", "icmp-code" },
	[9] = { K_BIT, N_TCP, "tcp-flags", "tcp-flags" },
	[10] = { K_NUM, N_NONE, "packet-length", "packet-length" },
	[11] = { K_NUM, N_NONE, "dscp", "traffic-class" },
	[12] = { K_BIT, N_FRAG, "fragment", "fragment" },
	[13] = { K_NUM, N_NONE, NULL, "flow-label" },
};

struct name {
	uint16_t value;
	const char *name;
};

static const struct name protos[] = {
	{ 1, "icmp" }, { 2, "igmp" }, { 6, "tcp" }, { 8, "egp" },
	{ 17, "udp" }, { 46, "rsvp" }, { 47, "gre" }, { 50, "esp" },
	{ 51, "ah" }, { 89, "ospf" }, { 94, "ipip" }, { 103, "pim" },
	{ 132, "sctp" }, { 0, NULL },
};

static const struct name icmps[] = {
	{ 0, "echo-reply" }, { 3, "unreachable" }, { 5, "redirect" },
	{ 8, "echo-request" }, { 9, "router-advertisement" },
	{ 10, "router-solicit" }, { 11, "time-exceeded" },
	{ 12, "parameter-problem" }, { 13, "timestamp" },
	{ 14, "timestamp-reply" }, { 40, "photuris" },
	{ 41, "experimental-mobility" }, { 42, "extended-echo-request" },
	{ 43, "extended-echo-reply" }, { 253, "experimental-one" },
	{ 254, "experimental-two" }, { 0, NULL },
};

/* ICMP codes by name (RFC 792), as ExaBGP's configuration takes them;
 * printed as numbers, since one code number has a name per ICMP type */
static const struct name icmpcodes[] = {
	{ 0, "network-unreachable" }, { 1, "host-unreachable" },
	{ 2, "protocol-unreachable" }, { 3, "port-unreachable" },
	{ 4, "fragmentation-needed" }, { 5, "source-route-failed" },
	{ 6, "destination-network-unknown" }, { 7, "destination-host-unknown" },
	{ 8, "source-host-isolated" }, { 9, "destination-network-prohibited" },
	{ 10, "destination-host-prohibited" }, { 11, "network-unreachable-for-tos" },
	{ 12, "host-unreachable-for-tos" }, { 13, "communication-prohibited-by-filtering" },
	{ 14, "host-precedence-violation" }, { 15, "precedence-cutoff-in-effect" },
	{ 0, "redirect-for-network" }, { 1, "redirect-for-host" },
	{ 2, "redirect-for-tos-and-net" }, { 3, "redirect-for-tos-and-host" },
	{ 0, "ttl-eq-zero-during-transit" }, { 1, "ttl-eq-zero-during-reassembly" },
	{ 1, "required-option-missing" }, { 2, "ip-header-bad" }, { 0, NULL },
};

/* Bit names in the order ExaBGP joins them with "+". */
static const struct name tcpflags[] = {
	{ 0x01, "fin" }, { 0x02, "syn" }, { 0x04, "rst" }, { 0x08, "push" },
	{ 0x10, "ack" }, { 0x20, "urg" }, { 0x40, "ece" }, { 0x80, "cwr" },
	{ 0x100, "ns" }, { 0, NULL },
};

/* ExaBGP's configuration also accepts "urgent" */
static const struct name tcpalias[] = { { 0x20, "urgent" }, { 0, NULL } };

static const struct name frags[] = {
	{ 0x01, "dont-fragment" }, { 0x02, "is-fragment" },
	{ 0x04, "first-fragment" }, { 0x08, "last-fragment" }, { 0, NULL },
};

static const char *const numops[8] = {
	"false", "=", ">", ">=", "<", "<=", "!=", "true",
};

static bool is_vpn(const struct wire_family *f)
{
	return f->safi == WIRE_SAFI_FLOW_VPN;
}

static const char *comp_name(const struct wire_family *f, unsigned type)
{
	if (type == 0 || type >= sizeof(comps) / sizeof(comps[0]))
		return NULL;
	return f->afi == WIRE_AFI_IPV6 ? comps[type].name6 : comps[type].name4;
}

/* --- reading ------------------------------------------------------------ */

struct pfx {
	uint8_t plen;
	uint8_t off;        /* IPv6 only */
	uint8_t addr[16];
};

/* One prefix component body (after its type).  0, or -1 with *why. */
static int read_prefix(struct rd *r, uint16_t afi, struct pfx *p,
		       const char **why)
{
	unsigned max = afi == WIRE_AFI_IPV6 ? 128 : 32;

	memset(p, 0, sizeof(*p));
	if (rd_u8(r, &p->plen) < 0) {
		*why = "prefix length missing";
		return -1;
	}
	if (p->plen > max) {
		*why = "prefix length longer than the address";
		return -1;
	}
	if (afi == WIRE_AFI_IPV6) {
		if (rd_u8(r, &p->off) < 0) {
			*why = "prefix offset missing";
			return -1;
		}
		/* RFC 8956 §3.1: the pattern lies between offset and length */
		if (p->off > p->plen) {
			*why = "prefix offset above the prefix length";
			return -1;
		}
	}
	if (rd_bytes(r, p->addr, (p->plen + 7u) / 8u) < 0) {
		*why = "prefix runs past the NLRI";
		return -1;
	}
	return 0;
}

/* One operator and its value.  0, or -1 with *why. */
static int read_op(struct rd *r, uint8_t *op, uint64_t *value,
		   const char **why)
{
	size_t len, i;
	uint8_t b = 0;

	if (rd_u8(r, op) < 0) {
		*why = "operator missing (no end-of-list bit)";
		return -1;
	}
	len = (size_t)1 << ((*op & OP_LEN) >> 4);
	if (rd_left(r) < len) {
		*why = "operator value runs past the NLRI";
		return -1;
	}
	*value = 0;
	for (i = 0; i < len; i++) {
		(void)rd_u8(r, &b);
		*value = *value << 8 | b;
	}
	return 0;
}

/* The NLRI length field; 0 with *len, -1 when truncated. */
static int read_len(struct rd *r, uint16_t *len)
{
	uint8_t b0, b1;

	if (rd_u8(r, &b0) < 0)
		return -1;
	if ((b0 & 0xF0) != FLOW_LEN_EXT) {
		*len = b0;
		return 0;
	}
	if (rd_u8(r, &b1) < 0)
		return -1;
	*len = (uint16_t)((b0 & 0x0F) << 8 | b1);
	return 0;
}

/* Check the components of one NLRI body (RD excluded).  0, or -1 with the
 * reason and *at set to the offending byte. */
static int check_body(const struct wire_family *f, struct rd *r,
		      const char **why, size_t *at)
{
	unsigned last = 0, ncomp = 0;
	uint8_t type = 0, op = 0;
	uint64_t value;
	struct pfx p;

	*at = rd_offset(r);
	while (rd_left(r)) {
		*at = rd_offset(r);
		(void)rd_u8(r, &type);
		if (!comp_name(f, type)) {
			*why = "unknown component type";
			return -1;
		}
		if (type <= last) {
			*why = "components not in strictly increasing type order";
			return -1;
		}
		last = type;
		ncomp++;
		*at = rd_offset(r);
		if (comps[type].kind == K_PREFIX) {
			if (read_prefix(r, f->afi, &p, why) < 0)
				return -1;
			continue;
		}
		do {
			*at = rd_offset(r);
			if (read_op(r, &op, &value, why) < 0)
				return -1;
		} while (!(op & OP_EOL));
	}
	if (!ncomp) {
		*why = "no component";
		return -1;
	}
	return 0;
}

static int flow_next(const struct wire_family *f, struct rd *r,
		     const struct wire_ctx *ctx, struct wire_nlri *n,
		     struct lb_err *err)
{
	size_t start = rd_offset(r), at;
	const uint8_t *p = r->p;
	const char *why = NULL;
	struct rd body;
	uint16_t len;

	(void)ctx;
	if (read_len(r, &len) < 0)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: length field truncated", f->name);
	if (rd_sub(r, len, &body) < 0)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: length %u runs past the NLRI field",
				  f->name, len);
	n->p = p;
	n->len = (size_t)(r->p - p);
	if (is_vpn(f) && rd_skip(&body, WIRE_RD_LEN) < 0) {
		lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 10, start,
			   "%s: length %u is shorter than the route distinguisher",
			   f->name, len);
		return 1;
	}
	if (check_body(f, &body, &why, &at) < 0) {
		lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 10, at,
			   "%s: %s", f->name, why);
		return 1;
	}
	return 0;
}

/* The body of an NLRI that next() accepted; *rdp the RD or NULL. */
static void open_body(const struct wire_family *f, const struct wire_nlri *n,
		      struct rd *r, const uint8_t **rdp)
{
	uint16_t len = 0;
	struct rd all;

	rd_init(&all, n->p, n->len);
	*rdp = NULL;
	if (read_len(&all, &len) < 0 || rd_sub(&all, len, r) < 0) {
		rd_init(r, n->p, 0);
		return;
	}
	if (is_vpn(f)) {
		if (rd_left(r) < WIRE_RD_LEN) {
			rd_init(r, n->p, 0);
			return;
		}
		*rdp = r->p;
		(void)rd_skip(r, WIRE_RD_LEN);
	}
}

/* --- printing ----------------------------------------------------------- */

static void name_or_number(struct wbuf *w, const struct name *t, uint64_t v)
{
	for (; t->name; t++) {
		if (t->value == v) {
			wbuf_str(w, t->name);
			return;
		}
	}
	wbuf_uint(w, v);
}

/* ExaBGP's BitResource: known bits in table order joined with "+", then
 * "unknown <what> type <whole value>" for bits it has no name for; a zero
 * value prints nothing. */
static void bits_text(struct wbuf *w, const struct name *t, const char *what,
		      uint64_t v)
{
	uint64_t left = v;
	bool sep = false;

	for (; t->name; t++) {
		if (!(left & t->value))
			continue;
		if (sep)
			wbuf_u8(w, '+');
		wbuf_str(w, t->name);
		sep = true;
		left &= ~(uint64_t)t->value;
	}
	if (left) {
		if (sep)
			wbuf_u8(w, '+');
		wbuf_printf(w, "unknown %s type %llu", what,
			    (unsigned long long)v);
	}
}

static void value_text(struct wbuf *w, unsigned type, uint64_t v)
{
	switch (comps[type].names) {
	case N_PROTO:
		name_or_number(w, protos, v);
		break;
	case N_ICMP:
		name_or_number(w, icmps, v);
		break;
	case N_TCP:
		bits_text(w, tcpflags, "tcp flag", v);
		break;
	case N_FRAG:
		bits_text(w, frags, "fragment", v);
		break;
	default:
		wbuf_uint(w, v);
		break;
	}
}

/* One operator as ExaBGP's NumericString / BinaryString print it.  The
 * and bit of a first bitmask operator is not printed: RFC 8955 §4.2.1.1
 * says the receiver MUST ignore it, and a leading "&" in a bitmask string
 * then always means an empty operator (value 0) before it, so the text
 * reads back to the same operators. */
static void op_text(struct wbuf *w, unsigned type, unsigned idx, uint8_t op, uint64_t v)
{
	if ((op & OP_AND) && (idx || comps[type].kind != K_BIT))
		wbuf_u8(w, '&');
	if (comps[type].kind == K_BIT) {
		if (op & OP_NOT)
			wbuf_u8(w, '!');
		if (op & OP_MATCH)
			wbuf_u8(w, '=');
		value_text(w, type, v);
		return;
	}
	wbuf_str(w, numops[op & OP_NUM]);
	/* "true"/"false" stand alone unless and-ed (ExaBGP's short()) */
	if ((op & OP_AND) || ((op & OP_NUM) != 0 && (op & OP_NUM) != OP_NUM))
		value_text(w, type, v);
}

static void prefix_text(struct wbuf *w, uint16_t afi, const struct pfx *p)
{
	wire_prefix_text(w, afi, p->addr, p->plen);
	if (afi == WIRE_AFI_IPV6)
		wbuf_printf(w, "/%u", p->off);
}

/* Walk an accepted body, calling back per component start and per
 * operator; kept as one loop for JSON and text. */
struct walk {
	void (*comp)(struct walk *k, unsigned type);
	void (*prefix)(struct walk *k, unsigned type, const struct pfx *p);
	void (*op)(struct walk *k, unsigned type, unsigned idx, uint8_t op,
		   uint64_t v);
	void (*comp_end)(struct walk *k, unsigned type, unsigned nops);
	const struct wire_family *f;
	struct sink *s;
	struct wbuf *w;
};

static void walk_body(struct walk *k, struct rd *r)
{
	const char *why;
	unsigned idx;
	uint8_t type, op;
	uint64_t v;
	struct pfx p;

	while (rd_u8(r, &type) == 0 && comp_name(k->f, type)) {
		k->comp(k, type);
		if (comps[type].kind == K_PREFIX) {
			if (read_prefix(r, k->f->afi, &p, &why) < 0)
				return;
			k->prefix(k, type, &p);
			k->comp_end(k, type, 1);
			continue;
		}
		idx = 0;
		do {
			if (read_op(r, &op, &v, &why) < 0)
				return;
			k->op(k, type, idx++, op, v);
		} while (!(op & OP_EOL));
		k->comp_end(k, type, idx);
	}
}

/* Text: " name value" or " name [ a&b c ]" (ExaBGP's Flow._rules()). */
struct text_walk {
	struct walk k;
	size_t open;     /* where "[ " goes if the component needs it */
};

static void text_comp(struct walk *k, unsigned type)
{
	struct text_walk *t = (struct text_walk *)k;

	wbuf_printf(k->w, " %s ", comp_name(k->f, type));
	t->open = k->w->len;
}

static void text_prefix(struct walk *k, unsigned type, const struct pfx *p)
{
	(void)type;
	prefix_text(k->w, k->f->afi, p);
}

static void text_op(struct walk *k, unsigned type, unsigned idx, uint8_t op,
		    uint64_t v)
{
	if (idx && !(op & OP_AND))
		wbuf_u8(k->w, ' ');
	op_text(k->w, type, idx, op, v);
}

static void text_comp_end(struct walk *k, unsigned type, unsigned nops)
{
	struct text_walk *t = (struct text_walk *)k;
	size_t n;

	(void)type;
	if (nops < 2 || k->w->failed)
		return;
	/* bracket the list: insert "[ " at t->open, append " ]" */
	n = k->w->len - t->open;
	if (wbuf_str(k->w, "  ") < 0)
		return;
	memmove(k->w->data + t->open + 2, k->w->data + t->open, n);
	k->w->data[t->open] = '[';
	k->w->data[t->open + 1] = ' ';
	wbuf_str(k->w, " ]");
}

static void flow_text(const struct wire_family *f, struct wbuf *w,
		      const struct wire_nlri *n, const struct wire_ctx *ctx)
{
	struct text_walk t = {
		.k = { text_comp, text_prefix, text_op, text_comp_end, f, NULL, w },
	};
	const uint8_t *rdp;
	struct rd r;

	(void)ctx;
	open_body(f, n, &r, &rdp);
	wbuf_str(w, "flow");
	walk_body(&t.k, &r);
	if (rdp) {
		wbuf_str(w, " rd ");
		wire_rd_text(w, rdp);
	}
}

/* JSON: a string per run of and-ed operators. */
struct json_walk {
	struct walk k;
	bool open;       /* a sink_text() string is being written */
};

static void json_close(struct json_walk *j)
{
	if (j->open)
		sink_text_end(j->k.s);
	j->open = false;
}

static void json_comp(struct walk *k, unsigned type)
{
	sink_key(k->s, comp_name(k->f, type));
	sink_arr(k->s);
}

static void json_prefix(struct walk *k, unsigned type, const struct pfx *p)
{
	(void)type;
	prefix_text(sink_text(k->s), k->f->afi, p);
	sink_text_end(k->s);
}

static void json_op(struct walk *k, unsigned type, unsigned idx, uint8_t op,
		    uint64_t v)
{
	struct json_walk *j = (struct json_walk *)k;

	if (idx && !(op & OP_AND))
		json_close(j);
	if (!j->open) {
		k->w = sink_text(k->s);
		j->open = true;
	}
	op_text(k->w, type, idx, op, v);
}

static void json_comp_end(struct walk *k, unsigned type, unsigned nops)
{
	(void)type, (void)nops;
	json_close((struct json_walk *)k);
	sink_arr_end(k->s);
}

static void flow_json(const struct wire_family *f, struct sink *s,
		      const struct wire_nlri *n, const struct wire_nh *nh,
		      const struct wire_ctx *ctx)
{
	struct json_walk j = {
		.k = { json_comp, json_prefix, json_op, json_comp_end, f, s, NULL },
	};
	const uint8_t *rdp;
	struct rd r;

	open_body(f, n, &r, &rdp);
	sink_obj(s);
	walk_body(&j.k, &r);
	json_close(&j);
	if (rdp) {
		sink_key(s, "rd");
		wire_rd_text(sink_text(s), rdp);
		sink_text_end(s);
	}
	/* ExaBGP's API v4 names the next hop inside the NLRI, and leaves it
	 * out of "string" */
	if (nh && nh->len) {
		sink_key(s, "next-hop");
		wire_nh_text(sink_text(s), nh);
		sink_text_end(s);
	}
	sink_key(s, "string");
	flow_text(f, sink_text(s), n, ctx);
	sink_text_end(s);
	sink_obj_end(s);
}

/* --- encoding ----------------------------------------------------------- */

/* Names in any case, as ExaBGP's configuration takes them ("SYN", "TCP") */
static int lookup(const struct name *t, const char *p, size_t n, uint64_t *v)
{
	for (; t->name; t++) {
		if (strlen(t->name) == n && strncasecmp(p, t->name, n) == 0) {
			*v = t->value;
			return 0;
		}
	}
	return -1;
}

/* "fin+push", "unknown tcp flag type 516", "9", "" (zero). */
static int bits_parse(const struct name *t, const char *what, const char *p,
		      size_t n, uint64_t *out)
{
	char prefix[40];
	size_t plen, i = 0, e;
	uint64_t v;

	plen = (size_t)snprintf(prefix, sizeof(prefix), "unknown %s type ", what);
	*out = 0;
	while (i < n) {
		e = i;
		while (e < n && p[e] != '+')
			e++;
		if (e - i > plen && memcmp(p + i, prefix, plen) == 0) {
			if (wire_parse_uint(p + i + plen, e - i - plen,
					    UINT64_MAX, &v) < 0)
				return -1;
		} else if (lookup(t, p + i, e - i, &v) < 0 &&
			   (t != tcpflags || lookup(tcpalias, p + i, e - i, &v) < 0) &&
			   wire_parse_uint(p + i, e - i, UINT64_MAX, &v) < 0) {
			return -1;
		}
		*out |= v;
		i = e + (e < n);
		if (e < n && i == n)
			return -1;      /* trailing "+" */
	}
	return 0;
}

static int value_parse(unsigned type, const char *p, size_t n, uint64_t *v)
{
	switch (comps[type].names) {
	case N_PROTO:
		if (lookup(protos, p, n, v) == 0)
			return 0;
		break;
	case N_ICMP:
		if (lookup(icmps, p, n, v) == 0)
			return 0;
		break;
	case N_ICMPCODE:
		if (lookup(icmpcodes, p, n, v) == 0)
			return 0;
		break;
	case N_TCP:
		return bits_parse(tcpflags, "tcp flag", p, n, v);
	case N_FRAG:
		return bits_parse(frags, "fragment", p, n, v);
	default:
		break;
	}
	return wire_parse_uint(p, n, UINT64_MAX, v);
}

/* The smallest of 1/2/4/8 octets that holds v, as the operator's length
 * bits (RFC 8955 §4.2.1.1). */
static uint8_t value_len_bits(uint64_t v)
{
	if (v <= 0xFF)
		return 0x00;
	if (v <= 0xFFFF)
		return 0x10;
	if (v <= 0xFFFFFFFFu)
		return 0x20;
	return 0x30;
}

static int put_value(struct wbuf *w, uint8_t lenbits, uint64_t v)
{
	switch (lenbits) {
	case 0x00:
		return wbuf_u8(w, (uint8_t)v);
	case 0x10:
		return wbuf_u16(w, (uint16_t)v);
	case 0x20:
		return wbuf_u32(w, (uint32_t)v);
	default:
		return wbuf_u64(w, v);
	}
}

/* One operator of a string, from p (at its "&" if any) to the next "&". */
static int op_parse(unsigned type, const char *p, size_t n, uint8_t *op,
		    uint64_t *v)
{
	static const uint8_t order[8] = { 3, 5, 6, 2, 4, 1, 7, 0 };
	size_t i = 0, k, l;

	*op = 0;
	*v = 0;
	if (i < n && p[i] == '&') {
		*op |= OP_AND;
		i++;
	}
	if (comps[type].kind == K_BIT) {
		if (i < n && p[i] == '!') {
			*op |= OP_NOT;
			i++;
		}
		if (i < n && p[i] == '=') {
			*op |= OP_MATCH;
			i++;
		}
		return value_parse(type, p + i, n - i, v);
	}
	/* two-character operators first so "<=" is not read as "<" */
	for (k = 0; k < 8; k++) {
		l = strlen(numops[order[k]]);
		if (n - i >= l && memcmp(p + i, numops[order[k]], l) == 0)
			break;
	}
	if (k == 8)
		return -1;
	*op |= order[k];
	i += l;
	if (i == n && !(*op & OP_AND) && (order[k] == 0 || order[k] == 7))
		return 0;
	return value_parse(type, p + i, n - i, v);
}

static int enc_err(const struct wire_family *f, struct lb_err *err,
		   const char *what, const char *p, size_t n)
{
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "%s: invalid %s \"%.*s\"",
			  f->name, what, (int)(n > 64 ? 64 : n), p);
}

static int encode_prefix(const struct wire_family *f, struct wbuf *w,
			 unsigned type, const char *p, size_t n,
			 struct lb_err *err)
{
	uint8_t addr[16];
	unsigned plen;
	uint64_t off = 0;
	size_t m = n;
	int errs = 0;

	if (f->afi == WIRE_AFI_IPV6) {
		/* "addr/len/offset" (RFC 8956 §3.1) */
		while (m && p[m - 1] != '/')
			m--;
		if (!m || wire_parse_uint(p + m, n - m, 255, &off) < 0)
			return enc_err(f, err, "prefix", p, n);
		m--;
		if (!memchr(p, '/', m))
			return enc_err(f, err, "prefix", p, n);
	}
	if (wire_prefix_parse(p, m, f->afi, addr, &plen) < 0 || off > plen)
		return enc_err(f, err, "prefix", p, n);
	errs += wbuf_u8(w, (uint8_t)type);
	errs += wbuf_u8(w, (uint8_t)plen);
	if (f->afi == WIRE_AFI_IPV6)
		errs += wbuf_u8(w, (uint8_t)off);
	errs += wbuf_put(w, addr, (plen + 7u) / 8u);
	return errs ? -1 : 0;
}

/* All operators of one component, the end-of-list bit on the last. */
static int encode_ops(const struct wire_family *f, struct wbuf *w,
		      unsigned type, const struct val *arr, struct lb_err *err)
{
	size_t i, j, e, n, cnt = val_len(arr), last = 0;
	uint8_t op, lastop = 0;
	const char *p;
	uint64_t v;
	int errs = 0;
	bool any = false;

	errs += wbuf_u8(w, (uint8_t)type);
	for (i = 0; i < cnt; i++) {
		if (val_as_str(val_at(arr, i), &p, &n) < 0)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
					  "%s: \"%s\" must hold operator strings",
					  f->name, comp_name(f, type));
		/* A string that starts with "&" was printed after an empty
		 * one (the first bitmask string included, see op_text): a
		 * bitmask operator of value 0 that prints nothing (ExaBGP
		 * joins and-ed operators to the string before them).  Numeric
		 * operators always print something; a first numeric string
		 * may carry the and bit of the first operator. */
		if (n && p[0] == '&' && (i || comps[type].kind == K_BIT)) {
			if (comps[type].kind != K_BIT)
				return enc_err(f, err, comp_name(f, type), p, n);
			last = w->len;
			lastop = 0;
			errs += wbuf_u8(w, 0);
			errs += wbuf_u8(w, 0);
		}
		/* an empty string is one bitmask operator of value 0 */
		j = 0;
		do {
			e = j + (j < n && p[j] == '&');
			while (e < n && p[e] != '&')
				e++;
			if (op_parse(type, p + j, e - j, &op, &v) < 0)
				return enc_err(f, err, comp_name(f, type), p, n);
			/* only the first operator of a string may lack "&" */
			if (j && !(op & OP_AND))
				return enc_err(f, err, comp_name(f, type), p, n);
			op |= value_len_bits(v);
			last = w->len;
			lastop = op;
			errs += wbuf_u8(w, op);
			errs += put_value(w, op & OP_LEN, v);
			any = true;
			j = e;
		} while (j < n);
	}
	if (!any)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: \"%s\" has no operator", f->name,
				  comp_name(f, type));
	errs += wbuf_set_u8(w, last, lastop | OP_EOL);
	return errs ? -1 : 0;
}

static int encode_comp(const struct wire_family *f, struct wbuf *w,
		       unsigned type, const struct val *c, struct lb_err *err)
{
	const struct val *one;
	const char *p;
	size_t n;

	if (comps[type].kind != K_PREFIX)
		return encode_ops(f, w, type, c, err);
	/* one prefix per type (RFC 8955 §4.2: a type at most once) */
	one = val_len(c) == 1 ? val_at(c, 0) : NULL;
	if (val_as_str(one, &p, &n) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: \"%s\" must hold one prefix", f->name,
				  comp_name(f, type));
	return encode_prefix(f, w, type, p, n, err);
}

/* Input: the json() object; "next-hop" and "string" are ignored. */
static int flow_encode(const struct wire_family *f, struct wbuf *w,
		       const struct val *v, const struct wire_ctx *ctx,
		       struct lb_err *err)
{
	size_t start = w->len, len;
	const struct val *c;
	const char *p, *name;
	uint8_t rdb[8];
	unsigned type;
	size_t n;
	bool any = false;

	(void)ctx;
	if (!v || v->type != VAL_OBJ)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: expected an object", f->name);
	if (wbuf_u8(w, 0) < 0)
		return -1;
	if (is_vpn(f)) {
		if (val_as_str(val_get(v, "rd"), &p, &n) < 0 ||
		    wire_rd_parse(p, n, rdb) < 0)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
					  "%s: \"rd\" must be a route distinguisher such as 65000:1",
					  f->name);
		if (wbuf_put(w, rdb, 8) < 0)
			return -1;
	}
	for (type = 1; type < sizeof(comps) / sizeof(comps[0]); type++) {
		name = comp_name(f, type);
		c = name ? val_get(v, name) : NULL;
		if (!c)
			continue;
		if (c->type != VAL_ARR)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
					  "%s: \"%s\" must be an array",
					  f->name, name);
		if (encode_comp(f, w, type, c, err) < 0)
			return -1;
		any = true;
	}
	if (!any)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: no flow component", f->name);
	if (w->failed)
		return -1;
	len = w->len - start - 1;
	if (len < FLOW_LEN_EXT)
		return wbuf_set_u8(w, start, (uint8_t)len);
	if (len > FLOW_MAX_LEN)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: NLRI of %zu octets exceeds the %u RFC 8955 §4.1 allows",
				  f->name, len, FLOW_MAX_LEN);
	/* two-octet length 0xFnnn: shift the body by one */
	if (wbuf_u8(w, 0) < 0)
		return -1;
	memmove(w->data + start + 2, w->data + start + 1, len);
	return wbuf_set_u16(w, start, (uint16_t)(0xF000 | len));
}

#define NH(n) ((uint64_t)1 << (n))
#define FLOW_OPS .next = flow_next, .json = flow_json, .text = flow_text, \
	.encode = flow_encode

/* RFC 8955 §5 allows an empty next hop; ExaBGP sends one for
 * redirect-to-nexthop. */
const struct wire_family wire_fam_ipv4_flow = {
	WIRE_AFI_IPV4, WIRE_SAFI_FLOW, WIRE_FAM_IPV4_FLOW,
	"ipv4 flow", "ipv4", "flow", FLOW_OPS,
	.nh_lens = NH(0) | NH(4) | NH(16) | NH(32),
};

const struct wire_family wire_fam_ipv4_flow_vpn = {
	WIRE_AFI_IPV4, WIRE_SAFI_FLOW_VPN, WIRE_FAM_IPV4_FLOW_VPN,
	"ipv4 flow-vpn", "ipv4", "flow-vpn", FLOW_OPS,
	.nh_lens = NH(0) | NH(4) | NH(12) | NH(16) | NH(32),
};

const struct wire_family wire_fam_ipv6_flow = {
	WIRE_AFI_IPV6, WIRE_SAFI_FLOW, WIRE_FAM_IPV6_FLOW,
	"ipv6 flow", "ipv6", "flow", FLOW_OPS,
	.nh_lens = NH(0) | NH(4) | NH(16) | NH(32),
};

const struct wire_family wire_fam_ipv6_flow_vpn = {
	WIRE_AFI_IPV6, WIRE_SAFI_FLOW_VPN, WIRE_FAM_IPV6_FLOW_VPN,
	"ipv6 flow-vpn", "ipv6", "flow-vpn", FLOW_OPS,
	.nh_lens = NH(0) | NH(4) | NH(16) | NH(24) | NH(32),
};
