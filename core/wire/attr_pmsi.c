/* PMSI_TUNNEL (type 22), RFC 6514 §5:
 *
 *   <flags 1> <tunnel type 1> <MPLS label 3> <tunnel identifier ...>
 *
 * ExaBGP prints it as one string, in JSON ("pmsi": "...") and text
 * (" pmsi ..."):
 *
 *   pmsi:<type name>:<flags>:<label>:<tunnel>
 *
 * where the type name is the IANA name in lower case without spaces
 * ("ingressreplication", "unknown" for a type without a name), <label> is
 * the 20-bit label, and <tunnel> is the endpoint address for ingress
 * replication (type 6), nothing for "no tunnel" (type 0), and "0x" and hex
 * otherwise.  Ingress replication alone (ExaBGP keeps the raw octets for
 * it only) adds the three label octets as one number in brackets,
 * "100(1601)", unless they are zero.  What ExaBGP leaves out luabgp leaves
 * out too, so that the JSON is the same: the low four bits of the label
 * octets (bottom of stack) for the other types, the octets after a "no
 * tunnel" header, and the number of a type without a name.  The encoder
 * therefore writes those attributes as ExaBGP would send them (label << 4,
 * no identifier for "no tunnel") and refuses "unknown".
 *
 * Errors (RELIABILITY.md, as BIRD and FRR): fewer than 5 octets, or an
 * ingress replication identifier that is not an IPv4 or IPv6 address, is
 * treat-as-withdraw.
 */
#include <string.h>

#include "wire/attr.h"
#include "wire/common.h"

#define PMSI_MIN_LEN 5
#define PMSI_FLAGS (WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_TRANSITIVE)
#define TUNNEL_NONE 0
#define TUNNEL_INGRESS 6

/* RFC 6514 §5 / IANA P-Multicast Service Interface Tunnel types, as
 * ExaBGP names them (its text drops the spaces and lowers the case) */
static const char *const type_names[] = {
	"notunnel", "rsvp-tep2mplsp", "mldpp2mplsp", "pim-ssmtree",
	"pim-smtree", "bidir-pimtree", "ingressreplication", "mldpmp2mplsp",
};

#define NTYPES (sizeof(type_names) / sizeof(type_names[0]))

struct pmsi {
	uint8_t flags;
	uint8_t type;
	uint32_t raw_label;     /* the three label octets */
	const uint8_t *tunnel;  /* tunnel identifier */
	size_t tunnel_len;
};

static int pmsi_view(struct rd *r, struct pmsi *p)
{
	if (rd_u8(r, &p->flags) < 0 || rd_u8(r, &p->type) < 0 ||
	    rd_u24(r, &p->raw_label) < 0)
		return -1;
	p->tunnel_len = rd_left(r);
	return rd_view(r, p->tunnel_len, &p->tunnel);
}

static int pmsi_check(struct rd *r, const struct wire_attr *a,
		      const struct wire_ctx *ctx, struct lb_err *err)
{
	struct pmsi p;

	(void)ctx;
	if (pmsi_view(r, &p) < 0)
		return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 5, 0,
				  "pmsi: length %zu is below the %d octets of RFC 6514 §5",
				  a->len, PMSI_MIN_LEN);
	if (p.type == TUNNEL_INGRESS && p.tunnel_len != 4 && p.tunnel_len != 16)
		return lb_err_set(err, LB_ACT_WITHDRAW, LB_NOTIFY_UPDATE, 5, 0,
				  "pmsi: ingress replication endpoint of %zu octets is not an address",
				  p.tunnel_len);
	return 0;
}

static void pmsi_text_value(struct wbuf *w, const struct wire_attr *a)
{
	struct pmsi p;
	struct rd r;

	rd_init(&r, a->val, a->len);
	if (pmsi_view(&r, &p) < 0)
		return;
	wbuf_printf(w, "pmsi:%s:%u:", p.type < NTYPES ? type_names[p.type] : "unknown",
		    p.flags);
	if (p.type == TUNNEL_INGRESS && p.raw_label)
		wbuf_printf(w, "%u(%u)", p.raw_label >> 4, p.raw_label);
	else
		wbuf_uint(w, p.raw_label >> 4);
	wbuf_u8(w, ':');
	if (p.type == TUNNEL_NONE)
		return;
	if (p.type == TUNNEL_INGRESS) {
		wire_ip_text(w, p.tunnel, p.tunnel_len);
	} else if (p.tunnel_len) {
		wbuf_str(w, "0x");
		wbuf_hex(w, p.tunnel, p.tunnel_len, 1);
	}
}

static void pmsi_json(struct sink *s, const struct wire_attr *a,
		      const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	sink_key(s, "pmsi");
	pmsi_text_value(sink_text(s), a);
	sink_text_end(s);
}

static void pmsi_text(struct wbuf *w, const struct wire_attr *a,
		      const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	wbuf_str(w, " pmsi ");
	pmsi_text_value(w, a);
}

/* "100(1601)", "100" (label << 4) or "0" */
static int parse_label(const char *s, size_t n, uint32_t *raw)
{
	const char *open = memchr(s, '(', n);
	uint64_t label, r;

	if (!open) {
		if (wire_parse_uint(s, n, 0xFFFFF, &label) < 0)
			return -1;
		*raw = (uint32_t)label << 4;
		return 0;
	}
	if (s[n - 1] != ')' ||
	    wire_parse_uint(s, (size_t)(open - s), 0xFFFFF, &label) < 0 ||
	    wire_parse_uint(open + 1, (size_t)(s + n - 1 - open - 1), 0xFFFFFF, &r) < 0 ||
	    r >> 4 != label)
		return -1;
	*raw = (uint32_t)r;
	return 0;
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Write the tunnel identifier of a type from its text. */
static int put_tunnel(struct wbuf *w, uint8_t type, const char *s, size_t n)
{
	uint8_t addr[16];
	uint16_t afi;
	int errs = 0;

	if (type == TUNNEL_NONE)
		return n == 0 ? 0 : -1;
	if (type == TUNNEL_INGRESS) {
		if (wire_ip_parse(s, n, &afi, addr) < 0)
			return -1;
		return wbuf_put(w, addr, afi == WIRE_AFI_IPV4 ? 4 : 16);
	}
	if (n == 0)
		return 0;
	if (n < 4 || n % 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return -1;
	for (size_t i = 2; i < n; i += 2) {
		int hi = nibble(s[i]), lo = nibble(s[i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		errs += wbuf_u8(w, (uint8_t)(hi << 4 | lo));
	}
	return errs ? -1 : 0;
}

/* "pmsi:<name>:<flags>:<label>:<tunnel>" (the tunnel may hold colons) */
static int pmsi_parse(const char *s, size_t n, struct wbuf *w)
{
	static const char prefix[] = "pmsi:";
	const char *f[4];
	size_t fn[4], k = 0, start = sizeof(prefix) - 1;
	uint64_t flags;
	uint32_t raw;
	unsigned type = NTYPES;
	int errs = 0;

	if (n < start || memcmp(s, prefix, start))
		return -1;
	for (size_t i = start; i < n && k < 3; i++)
		if (s[i] == ':') {
			f[k] = s + start;
			fn[k++] = i - start;
			start = i + 1;
		}
	if (k != 3)
		return -1;
	f[3] = s + start;
	fn[3] = n - start;
	for (unsigned i = 0; i < NTYPES; i++)
		if (wire_streq(f[0], fn[0], type_names[i]))
			type = i;
	if (type == NTYPES || wire_parse_uint(f[1], fn[1], UINT8_MAX, &flags) < 0 ||
	    fn[2] == 0 || parse_label(f[2], fn[2], &raw) < 0)
		return -1;
	errs += wbuf_u8(w, (uint8_t)flags);
	errs += wbuf_u8(w, (uint8_t)type);
	errs += wbuf_u24(w, raw);
	if (errs || put_tunnel(w, (uint8_t)type, f[3], fn[3]) < 0)
		return -1;
	return 0;
}

static int pmsi_encode(struct wbuf *w, const struct val *v,
		       const struct wire_ctx *ctx, struct lb_err *err)
{
	const char *s;
	size_t n, mark;

	(void)ctx;
	if (val_as_str(v, &s, &n) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "pmsi: a string \"pmsi:type:flags:label:tunnel\" is needed");
	mark = wire_attr_begin(w, PMSI_FLAGS, WIRE_ATTR_PMSI_TUNNEL);
	if (pmsi_parse(s, n, w) < 0) {
		w->len = mark - 2;
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "pmsi: \"%.*s\" is not a PMSI tunnel luabgp can encode",
				  (int)(n > 80 ? 80 : n), s);
	}
	if (wire_attr_end(w, mark) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "pmsi: longer than 65535 octets");
	return 0;
}

const struct wire_attr_desc wire_attr_pmsi_tunnel = {
	.code = WIRE_ATTR_PMSI_TUNNEL,
	.flags = PMSI_FLAGS,
	.name = "pmsi",
	.malformed = LB_ACT_WITHDRAW,
	.check = pmsi_check,
	.json = pmsi_json,
	.text = pmsi_text,
	.encode = pmsi_encode,
};
