/* SR Policy NLRI, RFC 9830 §2.1:
 *
 *   <length 1, in bits> <distinguisher 4> <policy color 4> <endpoint 4|16>
 *
 * The length is 96 under AFI 1 and 192 under AFI 2; any other value, or the
 * octets missing, makes the NLRI field unparseable: session reset (RFC 7606
 * §5.3).  The endpoint is an address of the AFI's family.
 *
 * JSON: { "distinguisher": 0, "color": 100, "endpoint": "10.0.0.1" }
 * (no path-information: ExaBGP prints none for this family).  The Tunnel
 * Encapsulation attribute that carries the policy is the attribute codec's.
 *
 * Next hop (§2.1): IPv4 or IPv6 whatever the AFI, so 4, 16 or 32 octets.
 */
#include <string.h>

#include "wire/common.h"
#include "wire/nlri.h"

struct srp {
	uint32_t distinguisher;
	uint32_t color;
	uint8_t endpoint[16];
};

static size_t ep_len(const struct wire_family *f)
{
	return f->afi == WIRE_AFI_IPV6 ? 16 : 4;
}

static int srp_next(const struct wire_family *f, struct rd *r,
		    const struct wire_ctx *ctx, struct wire_nlri *n,
		    struct lb_err *err)
{
	size_t start = rd_offset(r);
	const uint8_t *p = r->p;
	size_t want = 8 + ep_len(f);
	uint8_t bits;

	(void)ctx;
	if (rd_u8(r, &bits) < 0)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: length missing", f->name);
	if (bits != want * 8)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: length is %u bits, expected %zu", f->name,
				  bits, want * 8);
	if (rd_skip(r, want) < 0)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: %zu octets run past the NLRI field", f->name,
				  want);
	n->p = p;
	n->len = 1 + want;
	return 0;
}

static void srp_view(const struct wire_family *f, const struct wire_nlri *n,
		     struct srp *x)
{
	memset(x, 0, sizeof(*x));
	if (n->len < 9 + ep_len(f))
		return;
	x->distinguisher = get_u32(n->p + 1);
	x->color = get_u32(n->p + 5);
	memcpy(x->endpoint, n->p + 9, ep_len(f));
}

static void srp_json(const struct wire_family *f, struct sink *s,
		     const struct wire_nlri *n, const struct wire_nh *nh,
		     const struct wire_ctx *ctx)
{
	struct srp x;

	(void)nh, (void)ctx;
	srp_view(f, n, &x);
	sink_obj(s);
	sink_kuint(s, "distinguisher", x.distinguisher);
	sink_kuint(s, "color", x.color);
	sink_key(s, "endpoint");
	wire_ip_text(sink_text(s), x.endpoint, ep_len(f));
	sink_text_end(s);
	sink_obj_end(s);
}

/* "sr-policy distinguisher 0 color 100 endpoint 10.0.0.1" */
static void srp_text(const struct wire_family *f, struct wbuf *w,
		     const struct wire_nlri *n, const struct wire_ctx *ctx)
{
	struct srp x;

	(void)ctx;
	srp_view(f, n, &x);
	wbuf_printf(w, "sr-policy distinguisher %u color %u endpoint ",
		    x.distinguisher, x.color);
	wire_ip_text(w, x.endpoint, ep_len(f));
}

/* Input: { "distinguisher": N, "color": N, "endpoint": "10.0.0.1" }, the
 * numbers 32-bit (numbers or decimal/0x strings), the endpoint of the
 * family's AFI. */
static int srp_encode(const struct wire_family *f, struct wbuf *w,
		      const struct val *v, const struct wire_ctx *ctx,
		      struct lb_err *err)
{
	uint64_t dist, color;
	uint8_t ep[16];
	const char *p;
	size_t len;
	int errs = 0;

	(void)ctx;
	if (val_as_u64(val_get(v, "distinguisher"), &dist) < 0 || dist > UINT32_MAX)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: \"distinguisher\" must be a 32-bit number", f->name);
	if (val_as_u64(val_get(v, "color"), &color) < 0 || color > UINT32_MAX)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: \"color\" must be a 32-bit number", f->name);
	if (val_as_str(val_get(v, "endpoint"), &p, &len) < 0 ||
	    wire_ip_parse_afi(p, len, f->afi, ep) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: \"endpoint\" must be an %s address", f->name,
				  f->afi_name);
	errs += wbuf_u8(w, (uint8_t)((8 + ep_len(f)) * 8));
	errs += wbuf_u32(w, (uint32_t)dist);
	errs += wbuf_u32(w, (uint32_t)color);
	errs += wbuf_put(w, ep, ep_len(f));
	return errs ? -1 : 0;
}

#define NH(n) ((uint64_t)1 << (n))
#define SRP_OPS .next = srp_next, .json = srp_json, .text = srp_text, \
		.encode = srp_encode, .nh_lens = NH(4) | NH(16) | NH(32)

const struct wire_family wire_fam_ipv4_sr_policy = {
	WIRE_AFI_IPV4, WIRE_SAFI_SR_POLICY, WIRE_FAM_IPV4_SR_POLICY,
	"ipv4 sr-policy", "ipv4", "sr-policy", SRP_OPS,
};
const struct wire_family wire_fam_ipv6_sr_policy = {
	WIRE_AFI_IPV6, WIRE_SAFI_SR_POLICY, WIRE_FAM_IPV6_SR_POLICY,
	"ipv6 sr-policy", "ipv6", "sr-policy", SRP_OPS,
};
