/* Extended communities: EXTENDED_COMMUNITIES (type 16, RFC 4360), eight
 * octets each, and IPv6_ADDRESS_SPECIFIC_EXTENDED_COMMUNITY (type 25,
 * RFC 5701), twenty octets each.
 *
 * Each community is a type octet, a sub-type octet and a value.  The
 * kinds ExaBGP knows are rows of a table keyed by (type, sub-type); a row
 * prints the value as ExaBGP does.  ExaBGP matches a row on the low four
 * bits of the type only (it masks 0x0F: the IANA-authority and transitive
 * bits, and the two above them, are ignored, "Quagga communities for soo
 * and rt are not transitive when 4360 says they must be"), so a
 * non-transitive route target (0x40 0x02) still prints as "target:...";
 * luabgp does the same.
 *
 * JSON, in wire order:
 *   "extended-community": [ { "value": 842122827661313,
 *                             "string": "target:65000:1" } ]
 * where value is the community read as one big-endian integer (a 160-bit
 * one for type 25) and string is empty for a kind ExaBGP does not know or
 * does not describe; an interface-set adds "transitive": true|false.
 * Text: " extended-community target:65000:1" for one community,
 * " extended-community [ a b ]" sorted by their octets for several, an
 * unknown one as "0x" and its hex digits.
 *
 * The encoder reads the same objects: "value" when present (it is the
 * whole community, so any decoded attribute re-encodes to its octets),
 * otherwise "string" parsed as ExaBGP's configuration writes it; the
 * communities are written in the order given (ExaBGP's configuration sorts
 * them; the builder of the list does that).
 *
 * RFC 7606 §7.14 and §7.15: a length that is not a non-zero multiple of 8
 * (20 for type 25) is treat-as-withdraw; a type or sub-type nobody knows is
 * not an error.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wire/attr.h"
#include "wire/common.h"

#define EC_LEN 8
#define EC6_LEN 20
#define EC_FLAGS (WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE)
#define TYPE_KEY(t) ((t) & 0x0F)

/* --- text of one community ------------------------------------------------ */

static float get_float(const uint8_t *p)
{
	uint32_t bits = get_u32(p);
	float f;

	memcpy(&f, &bits, sizeof(f));
	return f;
}

/* Python's '%d' % rate: the float truncated toward zero, every digit of
 * it.  ExaBGP raises on infinities and NaN; luabgp names them. */
static void put_truncated(struct wbuf *w, float f)
{
	double t;

	if (isnan(f)) {
		wbuf_str(w, "nan");
		return;
	}
	if (isinf(f)) {
		wbuf_str(w, f < 0 ? "-inf" : "inf");
		return;
	}
	t = trunc((double)f);
	if (t == 0)
		t = 0; /* -0.0 prints as 0, as Python's int() does */
	wbuf_printf(w, "%.0f", t);
}

/* route target and route origin, RFC 4360 §4 and §5 (types 0, 1, 2), and
 * the RT record of draft-ietf-bess-service-chaining (sub-type 0x13) */
static void text_as2_num(struct wbuf *w, const char *name, const uint8_t *c)
{
	wbuf_printf(w, "%s:%u:%u", name, get_u16(c + 2), get_u32(c + 4));
}

static void text_ip_num(struct wbuf *w, const char *name, const uint8_t *c)
{
	wbuf_printf(w, "%s:", name);
	wbuf_ipv4(w, c + 2);
	wbuf_printf(w, ":%u", get_u16(c + 6));
}

static void text_as4_num(struct wbuf *w, const char *name, const uint8_t *c)
{
	wbuf_printf(w, "%s:%u:%u", name, get_u32(c + 2), get_u16(c + 6));
}

static void rt_as2(struct wbuf *w, const uint8_t *c) { text_as2_num(w, "target", c); }
static void rt_ip(struct wbuf *w, const uint8_t *c) { text_ip_num(w, "target", c); }
static void rt_as4(struct wbuf *w, const uint8_t *c) { text_as4_num(w, "target", c); }
static void rr_as2(struct wbuf *w, const uint8_t *c) { text_as2_num(w, "rtrecord", c); }
static void rr_ip(struct wbuf *w, const uint8_t *c) { text_ip_num(w, "rtrecord", c); }
static void rr_as4(struct wbuf *w, const uint8_t *c) { text_as4_num(w, "rtrecord", c); }

/* ExaBGP prints the local part of a 2-octet-AS route origin as an IPv4
 * address: "origin:2345:6.7.8.9" */
static void ro_as2(struct wbuf *w, const uint8_t *c)
{
	wbuf_printf(w, "origin:%u:", get_u16(c + 2));
	wbuf_ipv4(w, c + 4);
}

static void ro_ip(struct wbuf *w, const uint8_t *c) { text_ip_num(w, "origin", c); }
static void ro_as4(struct wbuf *w, const uint8_t *c) { text_as4_num(w, "origin", c); }

/* RFC 8955 §7.3 traffic-rate-bytes: 2-octet AS, IEEE float (bytes/s) */
static void traffic_rate(struct wbuf *w, const uint8_t *c)
{
	wbuf_str(w, "rate-limit:");
	put_truncated(w, get_float(c + 4));
}

/* RFC 8955 §7.3 traffic-rate-packets (0x800C) */
static void traffic_rate_packets(struct wbuf *w, const uint8_t *c)
{
	traffic_rate(w, c);
	wbuf_str(w, ":packets");
}

/* RFC 8955 §7.4 traffic-action: S (sample, 0x02) and T (terminal, 0x01)
 * in the last octet */
static void traffic_action(struct wbuf *w, const uint8_t *c)
{
	bool sample = c[7] & 0x02, terminal = c[7] & 0x01;

	wbuf_str(w, "action ");
	if (sample)
		wbuf_str(w, terminal ? "sample-terminal" : "sample");
	else if (terminal)
		wbuf_str(w, "terminal");
}

/* RFC 8955 §7.5 redirect, 2-octet AS form.  The 4-octet AS form (0x8208,
 * RFC 7674) and the IPv6 one (0x800B) are registered by ExaBGP without a
 * description: its JSON gives them an empty string and its text the hex,
 * and so does luabgp (the encoder still reads "redirect:65536:10"). */
static void redirect_as2(struct wbuf *w, const uint8_t *c)
{
	wbuf_printf(w, "redirect:%u:%u", get_u16(c + 2), get_u32(c + 4));
}

/* RFC 8955 §7.6 traffic-marking: DSCP in the last octet */
static void traffic_mark(struct wbuf *w, const uint8_t *c)
{
	wbuf_printf(w, "mark %u", c[7]);
}

/* RFC 4761 §3.2.4 Layer2 Info: encapsulation, control flags, MTU and the
 * reserved field (preference in the VPLS multihoming draft) */
static void l2info(struct wbuf *w, const uint8_t *c)
{
	wbuf_printf(w, "l2info:%u:%u:%u:%u", c[2], c[3], get_u16(c + 4),
		    get_u16(c + 6));
}

/* draft-ietf-idr-flowspec-redirect-ip: redirect to an IPv4 next hop,
 * copy flag in the low bit of the last two octets */
static void nexthop_ietf4(struct wbuf *w, const uint8_t *c)
{
	bool copy = get_u16(c + 6) & 0x01;

	wbuf_str(w, copy ? "copy-to-nexthop-ietf " : "redirect-to-nexthop-ietf ");
	wbuf_ipv4(w, c + 2);
	if (copy)
		wbuf_str(w, " (with copy)");
}

/* draft-simpson-idr-flowspec-redirect (0x0800): to the route's next hop */
static void nexthop_simpson(struct wbuf *w, const uint8_t *c)
{
	wbuf_str(w, c[7] & 0x01 ? "copy-to-nexthop" : "redirect-to-nexthop");
}

/* RFC 9012 §4.1 (RFC 5512 §4.5) encapsulation: tunnel type in the last
 * two octets, named as in the IANA tunnel types registry */
static const struct {
	uint16_t type;
	const char *name;
} tunnel_types[] = {
	{ 0, "Default" }, { 1, "L2TPv3" }, { 2, "GRE" }, { 7, "IP-in-IP" },
	{ 8, "VXLAN" }, { 9, "NVGRE" }, { 10, "MPLS" }, { 12, "VXLAN-GPE" },
	{ 13, "MPLS-in-UDP" },
};

static void encapsulation(struct wbuf *w, const uint8_t *c)
{
	uint16_t t = get_u16(c + 6);

	for (size_t i = 0; i < sizeof(tunnel_types) / sizeof(tunnel_types[0]); i++)
		if (tunnel_types[i].type == t) {
			wbuf_printf(w, "encap:%s", tunnel_types[i].name);
			return;
		}
	/* ExaBGP's fallback repeats the prefix */
	wbuf_printf(w, "encap:encap:UNKNOWN-%u", t);
}

/* draft-fm-bess-service-chaining consistent hash sort order */
static void chso(struct wbuf *w, const uint8_t *c)
{
	wbuf_printf(w, "consistentHashSortOrder:%u", get_u32(c + 2));
}

/* draft-ietf-idr-flowspec-interfaceset: 4-octet AS, then 2 bits of
 * direction and a 14-bit group id.  ExaBGP's JSON adds "transitive". */
static void interface_set(struct wbuf *w, const uint8_t *c)
{
	static const char *const dir[] = { NULL, "input", "output", "input-output" };
	uint16_t low = get_u16(c + 6);
	unsigned d = low >> 14;

	wbuf_str(w, "interface-set:");
	if (dir[d])
		wbuf_str(w, dir[d]);
	else
		wbuf_uint(w, d);
	wbuf_printf(w, ":%u:%u", get_u32(c + 2), low & 0x3FFFu);
}

/* RFC 7432 §7.7 MAC mobility: sticky flag, reserved, sequence number */
static void mac_mobility(struct wbuf *w, const uint8_t *c)
{
	wbuf_printf(w, "mac-mobility:%u", get_u32(c + 4));
	if (c[2] == 1)
		wbuf_str(w, ":sticky");
}

/* RFC 7432 §7.5 ESI label: flags (single-active bit), 2 reserved, label
 * in the high 20 bits of the last three octets */
static void esi_label(struct wbuf *w, const uint8_t *c)
{
	wbuf_printf(w, "esi-label:%u:%s", get_u24(c + 5) >> 4,
		    c[2] & 0x01 ? "single-active" : "all-active");
}

/* RFC 7432 §7.6 ES-Import route target: a MAC address */
static void es_import(struct wbuf *w, const uint8_t *c)
{
	wbuf_printf(w, "es-import:%02x:%02x:%02x:%02x:%02x:%02x", c[2], c[3],
		    c[4], c[5], c[6], c[7]);
}

/* draft-mpmz-bess-mup-safi §3.3 direct segment identifier */
static void mup(struct wbuf *w, const uint8_t *c)
{
	wbuf_printf(w, "mup:%u:%u", get_u16(c + 2), get_u32(c + 4));
}

/* draft-ietf-idr-link-bandwidth: 2-octet AS, IEEE float (bytes/s) */
static void bandwidth(struct wbuf *w, const uint8_t *c)
{
	wbuf_printf(w, "bandwidth:%u:%.0f", get_u16(c + 2), (double)get_float(c + 4));
}

struct ec_kind {
	uint8_t type;  /* compared with TYPE_KEY() of the type octet */
	uint8_t subtype;
	void (*text)(struct wbuf *w, const uint8_t *c);
	bool transitive_member; /* JSON says "transitive" too */
};

static const struct ec_kind ec_kinds[] = {
	{ 0x00, 0x02, rt_as2, false },
	{ 0x01, 0x02, rt_ip, false },
	{ 0x02, 0x02, rt_as4, false },
	{ 0x00, 0x03, ro_as2, false },
	{ 0x01, 0x03, ro_ip, false },
	{ 0x02, 0x03, ro_as4, false },
	{ 0x00, 0x04, bandwidth, false },           /* 0x4004 */
	{ 0x00, 0x06, traffic_rate, false },        /* 0x8006 */
	{ 0x00, 0x07, traffic_action, false },      /* 0x8007 */
	{ 0x00, 0x08, redirect_as2, false },        /* 0x8008 */
	{ 0x00, 0x09, traffic_mark, false },        /* 0x8009 */
	{ 0x00, 0x0A, l2info, false },              /* 0x800A */
	{ 0x00, 0x0C, traffic_rate_packets, false }, /* 0x800C */
	{ 0x01, 0x0C, nexthop_ietf4, false },       /* 0x010C */
	{ 0x08, 0x00, nexthop_simpson, false },     /* 0x0800 */
	{ 0x03, 0x0C, encapsulation, false },       /* 0x030C */
	{ 0x03, 0x14, chso, false },                /* 0x0314 */
	{ 0x07, 0x02, interface_set, true },        /* 0x0702 / 0x4702 */
	{ 0x06, 0x00, mac_mobility, false },        /* 0x0600 */
	{ 0x06, 0x01, esi_label, false },           /* 0x0601 */
	{ 0x06, 0x02, es_import, false },           /* 0x0602 */
	{ 0x0C, 0x00, mup, false },                 /* 0x0C00 */
	{ 0x00, 0x13, rr_as2, false },
	{ 0x01, 0x13, rr_ip, false },
	{ 0x02, 0x13, rr_as4, false },
};

/* RFC 5701 communities: type, sub-type, IPv6 address, 2-octet local part */

/* draft-ietf-idr-flowspec-redirect-ip, IPv6 next hop (0x000C) */
static void nexthop_ietf6(struct wbuf *w, const uint8_t *c)
{
	bool copy = get_u16(c + 18) & 0x01;

	wbuf_str(w, copy ? "copy-to-nexthop-ietf " : "redirect-to-nexthop-ietf ");
	wbuf_ipv6(w, c + 2);
	if (copy)
		wbuf_str(w, " (with copy)");
}

static const struct ec_kind ec6_kinds[] = {
	{ 0x00, 0x0C, nexthop_ietf6, false },
};

/* One attribute's shape: community size and its registry. */
struct ec_attr {
	uint8_t code;
	size_t len;
	const struct ec_kind *kinds;
	size_t nkinds;
	const char *name;
};

static const struct ec_attr ec8 = {
	WIRE_ATTR_EXT_COMMUNITY, EC_LEN, ec_kinds,
	sizeof(ec_kinds) / sizeof(ec_kinds[0]), "extended-community",
};

static const struct ec_attr ec20 = {
	WIRE_ATTR_IPV6_EXT_COMMUNITY, EC6_LEN, ec6_kinds,
	sizeof(ec6_kinds) / sizeof(ec6_kinds[0]), "extended-community-ipv6",
};

static const struct ec_kind *ec_kind(const struct ec_attr *x, const uint8_t *c)
{
	for (size_t i = 0; i < x->nkinds; i++)
		if (x->kinds[i].type == TYPE_KEY(c[0]) && x->kinds[i].subtype == c[1])
			return &x->kinds[i];
	return NULL;
}

/* Python's '0x{:016X}' of the community as an integer: at least 16 upper
 * case digits, no leading zeros beyond them (so 16 for type 16, up to 40
 * for type 25). */
static void put_hex(struct wbuf *w, const uint8_t *c, size_t n)
{
	char digits[2 * EC6_LEN];
	static const char hexd[] = "0123456789ABCDEF";
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		digits[2 * i] = hexd[c[i] >> 4];
		digits[2 * i + 1] = hexd[c[i] & 0x0F];
	}
	while (2 * n - start > 16 && digits[start] == '0')
		start++;
	wbuf_str(w, "0x");
	wbuf_put(w, digits + start, 2 * n - start);
}

static void ec_text_one(struct wbuf *w, const struct ec_attr *x, const uint8_t *c)
{
	const struct ec_kind *k = ec_kind(x, c);

	if (k)
		k->text(w, c);
	else
		put_hex(w, c, x->len);
}

/* The community as one unsigned integer in decimal: repeated division of
 * the big-endian octets by ten. */
static void put_decimal(struct wbuf *w, const uint8_t *c, size_t n)
{
	uint8_t num[EC6_LEN];
	char digits[64];
	size_t nd = 0, first = 0;

	memcpy(num, c, n);
	while (first < n && num[first] == 0)
		first++;
	do {
		unsigned rem = 0;

		for (size_t i = first; i < n; i++) {
			unsigned cur = rem << 8 | num[i];

			num[i] = (uint8_t)(cur / 10);
			rem = cur % 10;
		}
		digits[nd++] = (char)('0' + rem);
		while (first < n && num[first] == 0)
			first++;
	} while (first < n);
	while (nd)
		wbuf_u8(w, (uint8_t)digits[--nd]);
}

/* --- check, json, text -------------------------------------------------- */

static int ec_check(const struct ec_attr *x, struct rd *r, struct lb_err *err)
{
	size_t n = rd_left(r);

	if (n == 0 || n % x->len)
		return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 5, 0,
				  "%s: length %zu is not a non-zero multiple of %zu",
				  x->name, n, x->len);
	return 0;
}

static void ec_json(const struct ec_attr *x, struct sink *s, const struct wire_attr *a)
{
	struct rd r;
	const uint8_t *c;

	rd_init(&r, a->val, a->len);
	sink_key(s, x->name);
	sink_arr(s);
	while (rd_view(&r, x->len, &c) == 0) {
		const struct ec_kind *k = ec_kind(x, c);

		sink_obj(s);
		sink_key(s, "value");
		if (x->len == EC_LEN) {
			sink_uint(s, get_u64(c));
		} else {
			put_decimal(sink_text(s), c, x->len);
			sink_bignum_end(s);
		}
		sink_key(s, "string");
		if (k) {
			k->text(sink_text(s), c);
			sink_text_end(s);
		} else {
			/* ExaBGP gives a kind it does not know an empty string */
			sink_str(s, "");
		}
		if (k && k->transitive_member)
			sink_kbool(s, "transitive", !(c[0] & 0x40)); /* RFC 4360 §2 T bit */
		sink_obj_end(s);
	}
	sink_arr_end(s);
}

static int cmp8(const void *a, const void *b)
{
	return memcmp(*(const uint8_t *const *)a, *(const uint8_t *const *)b, EC_LEN);
}

static int cmp20(const void *a, const void *b)
{
	return memcmp(*(const uint8_t *const *)a, *(const uint8_t *const *)b, EC6_LEN);
}

/* ExaBGP's str(): one community alone, several between brackets sorted
 * by their octets. */
static void ec_text(const struct ec_attr *x, struct wbuf *w, const struct wire_attr *a)
{
	size_t n = a->len / x->len;
	const uint8_t **order;
	struct rd r;

	wbuf_printf(w, " %s ", x->name);
	if (n == 1) {
		ec_text_one(w, x, a->val);
		return;
	}
	if (n == 0)
		return;
	order = malloc(n * sizeof(*order));
	rd_init(&r, a->val, a->len);
	wbuf_str(w, "[");
	if (order) {
		for (size_t i = 0; i < n; i++)
			rd_view(&r, x->len, &order[i]);
		qsort(order, n, sizeof(*order), x->len == EC_LEN ? cmp8 : cmp20);
		for (size_t i = 0; i < n; i++) {
			wbuf_u8(w, ' ');
			ec_text_one(w, x, order[i]);
		}
		free(order);
	} else {
		/* out of memory: wire order rather than nothing */
		const uint8_t *c;

		while (rd_view(&r, x->len, &c) == 0) {
			wbuf_u8(w, ' ');
			ec_text_one(w, x, c);
		}
	}
	wbuf_str(w, " ]");
}

/* --- encoding from the JSON shape ---------------------------------------- */

/* Fields of a "kind:a:b:c" string split on ":" (seven at most: es-import). */
struct fields {
	const char *p[7];
	size_t n[7];
	size_t count;
};

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void split(const char *s, size_t n, char sep, struct fields *f)
{
	size_t start = 0;

	f->count = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != sep)
			continue;
		if (f->count == sizeof(f->p) / sizeof(f->p[0])) {
			f->count++; /* too many: callers refuse counts they do not expect */
			return;
		}
		f->p[f->count] = s + start;
		f->n[f->count] = i - start;
		f->count++;
		start = i + 1;
	}
}

static int field_uint(const struct fields *f, size_t i, uint64_t max, uint64_t *v)
{
	return wire_parse_uint(f->p[i], f->n[i], max, v);
}

static int field_ipv4(const struct fields *f, size_t i, uint8_t out[16])
{
	return wire_ip_parse_afi(f->p[i], f->n[i], WIRE_AFI_IPV4, out);
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

static void put_float(uint8_t *p, float f)
{
	uint32_t bits;

	memcpy(&bits, &f, sizeof(bits));
	put32(p, bits);
}

/* "target:65000:1", "target:1.2.3.4:5", "target:65536:1" (or "65536L",
 * ExaBGP 4.2's mark of a 4-octet AS), "origin:2345:6.7.8.9": the type
 * follows the global administrator as RFC 4360 §3 lays them out. */
static int parse_as_ip(const struct fields *f, uint8_t sub, uint8_t c[8])
{
	uint8_t ip[16];
	uint64_t ga, la;
	size_t gn = f->n[1];
	bool four = gn > 1 && f->p[1][gn - 1] == 'L';

	if (f->count != 3)
		return -1;
	c[1] = sub;
	if (field_ipv4(f, 1, ip) == 0) {
		c[0] = 0x01;
		memcpy(c + 2, ip, 4);
		if (field_uint(f, 2, UINT16_MAX, &la) < 0)
			return -1;
		put16(c + 6, (uint32_t)la);
		return 0;
	}
	if (wire_parse_uint(f->p[1], four ? gn - 1 : gn, UINT32_MAX, &ga) < 0)
		return -1;
	if (ga > UINT16_MAX || four) {
		c[0] = 0x02;
		put32(c + 2, (uint32_t)ga);
		if (field_uint(f, 2, UINT16_MAX, &la) < 0)
			return -1;
		put16(c + 6, (uint32_t)la);
		return 0;
	}
	c[0] = 0x00;
	put16(c + 2, (uint32_t)ga);
	if (field_ipv4(f, 2, ip) == 0) {
		memcpy(c + 4, ip, 4);
		return 0;
	}
	if (field_uint(f, 2, UINT32_MAX, &la) < 0)
		return -1;
	put32(c + 4, (uint32_t)la);
	return 0;
}

static int parse_float(const char *s, size_t n, float *out)
{
	char tmp[48], *end;
	double d;

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = 0;
	d = strtod(tmp, &end);
	if (*end || isnan(d) || d < 0 || d > 3.4028234663852886e38)
		return -1;
	*out = (float)d;
	return 0;
}

/* "rate-limit:9600", "rate-limit:1000:packets" (RFC 8955 §7.3) */
static int parse_rate(const struct fields *f, uint8_t c[8])
{
	float rate;

	if (f->count < 2 || f->count > 3 || parse_float(f->p[1], f->n[1], &rate) < 0)
		return -1;
	if (f->count == 3 && !wire_streq(f->p[2], f->n[2], "packets"))
		return -1;
	c[0] = 0x80;
	c[1] = f->count == 3 ? 0x0C : 0x06;
	put_float(c + 4, rate);
	return 0;
}

/* "redirect:65000:1", "redirect:65536:1", "redirect:1.2.3.4:1" (RFC 8955
 * §7.5, RFC 7674 §3.2: 0x8008, 0x8208, 0x8108) */
static int parse_redirect(const struct fields *f, uint8_t c[8])
{
	uint8_t ip[16];

	if (parse_as_ip(f, 0x08, c) < 0)
		return -1;
	/* the 2-octet AS form has a 4-octet number, never an address */
	if (c[0] == 0x00 && field_ipv4(f, 2, ip) == 0)
		return -1;
	c[0] |= 0x80;
	return 0;
}

static int parse_nexthop_ietf(const char *arg, size_t n, bool copy, uint8_t c[8])
{
	uint8_t ip[16];

	if (wire_ip_parse_afi(arg, n, WIRE_AFI_IPV4, ip) < 0)
		return -1;
	c[0] = 0x01;
	c[1] = 0x0C;
	memcpy(c + 2, ip, 4);
	c[7] = copy;
	return 0;
}

static int parse_l2info(const struct fields *f, uint8_t c[8])
{
	uint64_t v[4];

	if (f->count != 5 || field_uint(f, 1, UINT8_MAX, &v[0]) < 0 ||
	    field_uint(f, 2, UINT8_MAX, &v[1]) < 0 ||
	    field_uint(f, 3, UINT16_MAX, &v[2]) < 0 ||
	    field_uint(f, 4, UINT16_MAX, &v[3]) < 0)
		return -1;
	c[0] = 0x80;
	c[1] = 0x0A;
	c[2] = (uint8_t)v[0];
	c[3] = (uint8_t)v[1];
	put16(c + 4, (uint32_t)v[2]);
	put16(c + 6, (uint32_t)v[3]);
	return 0;
}

static int parse_encap(const struct fields *f, uint8_t c[8])
{
	static const char unknown[] = "UNKNOWN-";
	uint64_t t;

	c[0] = 0x03;
	c[1] = 0x0C;
	if (f->count == 2) {
		for (size_t i = 0; i < sizeof(tunnel_types) / sizeof(tunnel_types[0]); i++)
			if (wire_streq(f->p[1], f->n[1], tunnel_types[i].name)) {
				put16(c + 6, tunnel_types[i].type);
				return 0;
			}
		return -1;
	}
	/* what the decoder prints for a type without a name */
	if (f->count != 3 || !wire_streq(f->p[1], f->n[1], "encap") ||
	    f->n[2] <= sizeof(unknown) - 1 ||
	    memcmp(f->p[2], unknown, sizeof(unknown) - 1) ||
	    wire_parse_uint(f->p[2] + sizeof(unknown) - 1, f->n[2] - (sizeof(unknown) - 1),
			    UINT16_MAX, &t) < 0)
		return -1;
	put16(c + 6, (uint32_t)t);
	return 0;
}

static int parse_mac_mobility(const struct fields *f, uint8_t c[8])
{
	uint64_t seq;

	if (f->count < 2 || f->count > 3 || field_uint(f, 1, UINT32_MAX, &seq) < 0)
		return -1;
	if (f->count == 3 && !wire_streq(f->p[2], f->n[2], "sticky"))
		return -1;
	c[0] = 0x06;
	c[1] = 0x00;
	c[2] = f->count == 3;
	put32(c + 4, (uint32_t)seq);
	return 0;
}

static int parse_esi_label(const struct fields *f, uint8_t c[8])
{
	uint64_t label;

	if (f->count != 3 || field_uint(f, 1, 0xFFFFF, &label) < 0)
		return -1;
	if (wire_streq(f->p[2], f->n[2], "single-active"))
		c[2] = 0x01;
	else if (!wire_streq(f->p[2], f->n[2], "all-active"))
		return -1;
	c[0] = 0x06;
	c[1] = 0x01;
	c[5] = (uint8_t)(label >> 12);
	c[6] = (uint8_t)(label >> 4);
	c[7] = (uint8_t)(label << 4);
	return 0;
}

static int parse_es_import(const struct fields *f, uint8_t c[8])
{
	if (f->count != 7)
		return -1;
	c[0] = 0x06;
	c[1] = 0x02;
	for (size_t i = 1; i < 7; i++) {
		int hi = f->n[i] == 2 ? nibble(f->p[i][0]) : -1;
		int lo = f->n[i] == 2 ? nibble(f->p[i][1]) : -1;

		if (hi < 0 || lo < 0)
			return -1;
		c[1 + i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

static int parse_interface_set(const struct fields *f, uint8_t c[8])
{
	static const char *const dir[] = { "input", "output", "input-output" };
	uint64_t d = 4, as, id;

	if (f->count != 4)
		return -1;
	for (unsigned i = 0; i < 3; i++)
		if (wire_streq(f->p[1], f->n[1], dir[i]))
			d = i + 1;
	if ((d > 3 && field_uint(f, 1, 3, &d) < 0) ||
	    field_uint(f, 2, UINT32_MAX, &as) < 0 || field_uint(f, 3, 0x3FFF, &id) < 0)
		return -1;
	c[0] = 0x07;
	c[1] = 0x02;
	put32(c + 2, (uint32_t)as);
	put16(c + 6, (uint32_t)(d << 14 | id));
	return 0;
}

static int parse_two(const struct fields *f, uint8_t type, uint8_t sub,
		     uint64_t max1, uint8_t c[8])
{
	uint64_t a, b;

	if (f->count != 3 || field_uint(f, 1, max1, &a) < 0 ||
	    field_uint(f, 2, max1 == UINT16_MAX ? UINT32_MAX : UINT16_MAX, &b) < 0)
		return -1;
	c[0] = type;
	c[1] = sub;
	if (max1 == UINT16_MAX) {
		put16(c + 2, (uint32_t)a);
		put32(c + 4, (uint32_t)b);
	} else {
		put32(c + 2, (uint32_t)a);
		put16(c + 6, (uint32_t)b);
	}
	return 0;
}

static int parse_bandwidth(const struct fields *f, uint8_t c[8])
{
	uint64_t as;
	float speed;

	if (f->count != 3 || field_uint(f, 1, UINT16_MAX, &as) < 0 ||
	    parse_float(f->p[2], f->n[2], &speed) < 0)
		return -1;
	c[0] = 0x40;
	c[1] = 0x04;
	put16(c + 2, (uint32_t)as);
	put_float(c + 4, speed);
	return 0;
}

/* Words followed by an argument: "mark 10", "action sample",
 * "redirect-to-nexthop-ietf 1.2.3.4", "copy-to-nexthop-ietf 1.2.3.4 (with copy)". */
static int parse_worded(const char *s, size_t n, uint8_t c[8])
{
	const char *sp = memchr(s, ' ', n);
	const char *arg;
	size_t wn, an;
	uint64_t v;

	if (!sp)
		return -1;
	wn = (size_t)(sp - s);
	arg = sp + 1;
	an = n - wn - 1;
	if (wire_streq(s, wn, "mark")) {
		if (wire_parse_uint(arg, an, UINT8_MAX, &v) < 0)
			return -1;
		c[0] = 0x80;
		c[1] = 0x09;
		c[7] = (uint8_t)v;
		return 0;
	}
	if (wire_streq(s, wn, "action")) {
		c[0] = 0x80;
		c[1] = 0x07;
		if (wire_streq(arg, an, "sample"))
			c[7] = 0x02;
		else if (wire_streq(arg, an, "terminal"))
			c[7] = 0x01;
		else if (wire_streq(arg, an, "sample-terminal"))
			c[7] = 0x03;
		else if (an != 0)
			return -1;
		return 0;
	}
	if (wire_streq(s, wn, "redirect-to-nexthop-ietf"))
		return parse_nexthop_ietf(arg, an, false, c);
	if (wire_streq(s, wn, "copy-to-nexthop-ietf")) {
		static const char with[] = " (with copy)";

		if (an > sizeof(with) - 1 &&
		    memcmp(arg + an - (sizeof(with) - 1), with, sizeof(with) - 1) == 0)
			an -= sizeof(with) - 1;
		return parse_nexthop_ietf(arg, an, true, c);
	}
	return -1;
}

/* "0x" and at most 2 * len hex digits, read as an integer (so fewer
 * digits are right-aligned). */
static int parse_hex(const char *s, size_t n, uint8_t *c, size_t len)
{
	uint8_t tmp[EC6_LEN] = { 0 };

	if (n < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || n - 2 > 2 * len)
		return -1;
	for (size_t i = 2; i < n; i++) {
		int d = nibble(s[i]);

		if (d < 0)
			return -1;
		/* shift the whole number one digit left */
		for (size_t j = 0; j < len; j++)
			tmp[j] = (uint8_t)(tmp[j] << 4 | (j + 1 < len ? tmp[j + 1] >> 4 : d));
	}
	memcpy(c, tmp, len);
	return 0;
}

/* One 8-octet community from ExaBGP's text of it. */
static int ec_parse(const char *s, size_t n, uint8_t c[8])
{
	struct fields f;

	memset(c, 0, EC_LEN);
	if (parse_hex(s, n, c, EC_LEN) == 0)
		return 0;
	if (wire_streq(s, n, "redirect-to-nexthop") || wire_streq(s, n, "copy-to-nexthop")) {
		c[0] = 0x08;
		c[7] = s[0] == 'c';
		return 0;
	}
	if (memchr(s, ' ', n))
		return parse_worded(s, n, c);
	split(s, n, ':', &f);
	if (f.count < 2)
		return -1;
	/* ExaBGP's configuration reads a bare "65000:1" or "72:0.0.0.1" as a
	 * route target */
	if (f.count == 2 && f.n[0] && f.p[0][0] >= '0' && f.p[0][0] <= '9') {
		f.p[2] = f.p[1];
		f.n[2] = f.n[1];
		f.p[1] = f.p[0];
		f.n[1] = f.n[0];
		f.count = 3;
		return parse_as_ip(&f, 0x02, c);
	}
	/* "target4:" and "origin4:" force the 4-octet AS layout */
	if (wire_streq(f.p[0], f.n[0], "target4") || wire_streq(f.p[0], f.n[0], "origin4")) {
		uint64_t as, num;

		if (f.count != 3 || field_uint(&f, 1, UINT32_MAX, &as) < 0 ||
		    field_uint(&f, 2, UINT16_MAX, &num) < 0)
			return -1;
		c[0] = 0x02;
		c[1] = f.p[0][0] == 't' ? 0x02 : 0x03;
		put32(c + 2, (uint32_t)as);
		put16(c + 6, (uint32_t)num);
		return 0;
	}
	if (wire_streq(f.p[0], f.n[0], "target"))
		return parse_as_ip(&f, 0x02, c);
	if (wire_streq(f.p[0], f.n[0], "origin"))
		return parse_as_ip(&f, 0x03, c);
	if (wire_streq(f.p[0], f.n[0], "rtrecord"))
		return parse_as_ip(&f, 0x13, c);
	if (wire_streq(f.p[0], f.n[0], "rate-limit"))
		return parse_rate(&f, c);
	if (wire_streq(f.p[0], f.n[0], "redirect"))
		return parse_redirect(&f, c);
	if (wire_streq(f.p[0], f.n[0], "l2info"))
		return parse_l2info(&f, c);
	if (wire_streq(f.p[0], f.n[0], "encap"))
		return parse_encap(&f, c);
	if (wire_streq(f.p[0], f.n[0], "mac-mobility"))
		return parse_mac_mobility(&f, c);
	if (wire_streq(f.p[0], f.n[0], "esi-label"))
		return parse_esi_label(&f, c);
	if (wire_streq(f.p[0], f.n[0], "es-import"))
		return parse_es_import(&f, c);
	if (wire_streq(f.p[0], f.n[0], "interface-set"))
		return parse_interface_set(&f, c);
	if (wire_streq(f.p[0], f.n[0], "mup"))
		return parse_two(&f, 0x0C, 0x00, UINT16_MAX, c);
	if (wire_streq(f.p[0], f.n[0], "bandwidth"))
		return parse_bandwidth(&f, c);
	if (wire_streq(f.p[0], f.n[0], "consistentHashSortOrder")) {
		uint64_t order;

		if (f.count != 2 || field_uint(&f, 1, UINT32_MAX, &order) < 0)
			return -1;
		c[0] = 0x03;
		c[1] = 0x14;
		put32(c + 2, (uint32_t)order);
		return 0;
	}
	return -1;
}

/* One 20-octet community from its text: "redirect-to-nexthop-ietf IP",
 * "copy-to-nexthop-ietf IP (with copy)", "redirect IP:N" or hex. */
static int ec6_parse(const char *s, size_t n, uint8_t c[EC6_LEN])
{
	static const char with[] = " (with copy)";
	const char *sp = memchr(s, ' ', n);
	const char *arg, *colon = NULL;
	uint8_t ip[16];
	uint64_t v;
	size_t wn, an;

	memset(c, 0, EC6_LEN);
	if (parse_hex(s, n, c, EC6_LEN) == 0)
		return 0;
	if (!sp)
		return -1;
	wn = (size_t)(sp - s);
	arg = sp + 1;
	an = n - wn - 1;
	if (wire_streq(s, wn, "redirect")) {
		for (size_t i = an; i > 0; i--)
			if (arg[i - 1] == ':') {
				colon = arg + i - 1;
				break;
			}
		if (!colon || wire_ip_parse_afi(arg, (size_t)(colon - arg), WIRE_AFI_IPV6, ip) < 0 ||
		    wire_parse_uint(colon + 1, (size_t)(arg + an - colon - 1), UINT16_MAX, &v) < 0)
			return -1;
		c[0] = 0x80;
		c[1] = 0x0B;
		memcpy(c + 2, ip, 16);
		put16(c + 18, (uint32_t)v);
		return 0;
	}
	if (wire_streq(s, wn, "copy-to-nexthop-ietf")) {
		if (an > sizeof(with) - 1 &&
		    memcmp(arg + an - (sizeof(with) - 1), with, sizeof(with) - 1) == 0)
			an -= sizeof(with) - 1;
		c[19] = 1;
	} else if (!wire_streq(s, wn, "redirect-to-nexthop-ietf")) {
		return -1;
	}
	if (wire_ip_parse_afi(arg, an, WIRE_AFI_IPV6, ip) < 0)
		return -1;
	c[1] = 0x0C;
	memcpy(c + 2, ip, 16);
	return 0;
}

/* A 160-bit value from its decimal digits (a string: the tree keeps
 * numbers wider than 64 bits as text) or from a plain integer. */
static int value20(const struct val *v, uint8_t c[EC6_LEN])
{
	const char *p;
	size_t n;
	uint64_t u;

	memset(c, 0, EC6_LEN);
	if (val_as_str(v, &p, &n) < 0) {
		if (val_as_u64(v, &u) < 0)
			return -1;
		for (int i = 0; i < 8; i++)
			c[EC6_LEN - 1 - i] = (uint8_t)(u >> (8 * i));
		return 0;
	}
	if (parse_hex(p, n, c, EC6_LEN) == 0)
		return 0;
	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned carry;

		if (p[i] < '0' || p[i] > '9')
			return -1;
		carry = (unsigned)(p[i] - '0');
		for (size_t j = EC6_LEN; j-- > 0;) {
			unsigned cur = c[j] * 10u + carry;

			c[j] = (uint8_t)cur;
			carry = cur >> 8;
		}
		if (carry)
			return -1; /* above 2^160 */
	}
	return 0;
}

static int value8(const struct val *v, uint8_t c[EC_LEN])
{
	uint64_t u;

	if (val_as_u64(v, &u) < 0)
		return -1;
	put32(c, (uint32_t)(u >> 32));
	put32(c + 4, (uint32_t)u);
	return 0;
}

/* One community from { "value": N, "string": S }, a bare string or a bare
 * number. */
static int ec_item(const struct ec_attr *x, const struct val *item, uint8_t *c)
{
	const struct val *value = item, *text = item;
	const char *s;
	size_t n;

	if (item->type == VAL_OBJ) {
		value = val_get(item, "value");
		text = val_get(item, "string");
	} else if (item->type == VAL_STR) {
		value = NULL;
	}
	if (value)
		return x->len == EC_LEN ? value8(value, c) : value20(value, c);
	if (!text || val_as_str(text, &s, &n) < 0)
		return -1;
	if (x->len != EC_LEN)
		return ec6_parse(s, n, c);
	if (ec_parse(s, n, c) < 0)
		return -1;
	/* interface-set's JSON names its T bit (RFC 4360 §2) */
	if (item->type == VAL_OBJ && c[0] == 0x07 && c[1] == 0x02) {
		int transitive;

		if (val_get(item, "transitive") &&
		    val_as_bool(val_get(item, "transitive"), &transitive) == 0 && !transitive)
			c[0] |= 0x40;
	}
	return 0;
}

static int ec_encode(const struct ec_attr *x, struct wbuf *w, const struct val *v,
		     struct lb_err *err)
{
	uint8_t c[EC6_LEN];
	size_t mark, i = 0;

	if (!v || v->type != VAL_ARR || val_len(v) == 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: a non-empty list of communities is needed", x->name);
	mark = wire_attr_begin(w, EC_FLAGS, x->code);
	for (const struct val *item = v->kids.first; item; item = item->next, i++) {
		if (ec_item(x, item, c) < 0) {
			const char *s = "";
			size_t n = 0;
			const struct val *t = item->type == VAL_OBJ ? val_get(item, "string") : item;

			if (t)
				val_as_str(t, &s, &n);
			w->len = mark - 2;
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
					  "%s: entry %zu \"%.*s\" is not a community luabgp can encode",
					  x->name, i + 1, (int)(n > 64 ? 64 : n), s);
		}
		wbuf_put(w, c, x->len);
	}
	if (wire_attr_end(w, mark) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "%s: longer than 65535 octets",
				  x->name);
	return 0;
}

/* --- the two rows -------------------------------------------------------- */

static int ext_check(struct rd *r, const struct wire_attr *a,
		     const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)a, (void)ctx;
	return ec_check(&ec8, r, err);
}

static void ext_json(struct sink *s, const struct wire_attr *a,
		     const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	ec_json(&ec8, s, a);
}

static void ext_text(struct wbuf *w, const struct wire_attr *a,
		     const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	ec_text(&ec8, w, a);
}

static int ext_encode(struct wbuf *w, const struct val *v,
		      const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)ctx;
	return ec_encode(&ec8, w, v, err);
}

static int ext6_check(struct rd *r, const struct wire_attr *a,
		      const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)a, (void)ctx;
	return ec_check(&ec20, r, err);
}

static void ext6_json(struct sink *s, const struct wire_attr *a,
		      const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	ec_json(&ec20, s, a);
}

static void ext6_text(struct wbuf *w, const struct wire_attr *a,
		      const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	ec_text(&ec20, w, a);
}

static int ext6_encode(struct wbuf *w, const struct val *v,
		       const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)ctx;
	return ec_encode(&ec20, w, v, err);
}

const struct wire_attr_desc wire_attr_ext_community = {
	.code = WIRE_ATTR_EXT_COMMUNITY,
	.flags = EC_FLAGS,
	.name = "extended-community",
	.malformed = LB_ACT_WITHDRAW,
	.check = ext_check,
	.json = ext_json,
	.text = ext_text,
	.encode = ext_encode,
};

const struct wire_attr_desc wire_attr_ipv6_ext_community = {
	.code = WIRE_ATTR_IPV6_EXT_COMMUNITY,
	.flags = EC_FLAGS,
	.name = "extended-community-ipv6",
	.malformed = LB_ACT_WITHDRAW,
	.check = ext6_check,
	.json = ext6_json,
	.text = ext6_text,
	.encode = ext6_encode,
};
