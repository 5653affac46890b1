/* Prefix families: unicast and multicast (RFC 4271 §4.3, RFC 4760 §5),
 * labeled unicast (RFC 8277) and MPLS VPN (RFC 4364 §4.3.4, RFC 4659).
 *
 *   unicast   <len bits> <prefix>
 *   labeled   <len bits> <label 3>... <prefix>          len counts the labels
 *   mpls-vpn  <len bits> <label 3>... <RD 8> <prefix>   and the RD too
 *
 * JSON: { "nlri": "10.0.0.0/24", "path-information": "0.0.0.1",
 *         "label": [ [ 3, 49 ] ], "rd": "65000:1" }, members present as the
 * family has them.
 */
#include <string.h>

#include "wire/common.h"
#include "wire/nlri.h"

#define MAX_LABELS 16

/* An NLRI of a prefix family, parsed. */
struct pfx {
	uint8_t plen;            /* prefix length (labels and RD excluded) */
	uint8_t addr[16];
	int nlabels;
	uint32_t labels[MAX_LABELS];
	int has_rd;
	uint8_t rd[8];
};

static unsigned maxbits(const struct wire_family *f)
{
	return f->afi == WIRE_AFI_IPV6 ? 128 : 32;
}

static bool has_labels(const struct wire_family *f)
{
	return f->safi == WIRE_SAFI_NLRI_MPLS || f->safi == WIRE_SAFI_MPLS_VPN;
}

/* Parse one NLRI of family f from r (path id already consumed). */
static int pfx_parse(const struct wire_family *f, struct rd *r, struct pfx *x,
		     struct lb_err *err)
{
	size_t start = rd_offset(r);
	uint8_t len;
	unsigned bits;

	memset(x, 0, sizeof(*x));
	if (rd_u8(r, &len) < 0)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: prefix length missing", f->name);
	bits = len;
	if (has_labels(f)) {
		/* labels until bottom of stack (RFC 3032), or the withdrawal
		 * label 0x800000 / 0x000000 (RFC 8277 §2.4) */
		while (bits >= 24 + (f->safi == WIRE_SAFI_MPLS_VPN ? 64u : 0u)) {
			uint32_t label;

			if (x->nlabels >= MAX_LABELS || rd_u24(r, &label) < 0)
				return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10,
						  start, "%s: label stack runs past the NLRI",
						  f->name);
			x->labels[x->nlabels++] = label;
			bits -= 24;
			if ((label & 1) || label == 0x800000 || label == 0)
				break;
		}
		if (x->nlabels == 0)
			return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
					  "%s: length %u leaves no room for a label",
					  f->name, len);
	}
	if (f->safi == WIRE_SAFI_MPLS_VPN) {
		if (bits < 64 || rd_bytes(r, x->rd, 8) < 0)
			return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
					  "%s: route distinguisher missing", f->name);
		x->has_rd = 1;
		bits -= 64;
	}
	if (bits > maxbits(f))
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: prefix length %u is longer than %u bits",
				  f->name, bits, maxbits(f));
	x->plen = (uint8_t)bits;
	if (rd_bytes(r, x->addr, (bits + 7) / 8) < 0)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: prefix of %u bits runs past the NLRI field",
				  f->name, bits);
	return 0;
}

static int pfx_next(const struct wire_family *f, struct rd *r,
		    struct wire_nlri *n, struct lb_err *err)
{
	const uint8_t *start = r->p;
	struct pfx x;

	if (pfx_parse(f, r, &x, err) < 0)
		return -1;
	n->p = start;
	n->len = (size_t)(r->p - start);
	return 0;
}

/* Re-parse a validated NLRI. */
static void pfx_view(const struct wire_family *f, const struct wire_nlri *n,
		     struct pfx *x)
{
	struct rd r;
	struct lb_err e;

	rd_init(&r, n->p, n->len);
	if (pfx_parse(f, &r, x, &e) < 0)
		memset(x, 0, sizeof(*x));
}

static void path_id_text(struct wbuf *w, uint32_t id)
{
	uint8_t b[4] = { (uint8_t)(id >> 24), (uint8_t)(id >> 16),
			 (uint8_t)(id >> 8), (uint8_t)id };
	wbuf_ipv4(w, b);
}

static void pfx_json(const struct wire_family *f, struct sink *s,
		     const struct wire_nlri *n, bool compact)
{
	struct pfx x;
	struct wbuf *w;

	pfx_view(f, n, &x);
	if (compact && !n->has_path_id && !x.nlabels && !x.has_rd) {
		w = sink_text(s);
		wire_prefix_text(w, f->afi, x.addr, x.plen);
		sink_text_end(s);
		return;
	}
	sink_obj(s);
	sink_key(s, "nlri");
	w = sink_text(s);
	wire_prefix_text(w, f->afi, x.addr, x.plen);
	sink_text_end(s);
	if (n->has_path_id) {
		sink_key(s, "path-information");
		path_id_text(sink_text(s), n->path_id);
		sink_text_end(s);
	}
	if (x.nlabels) {
		sink_key(s, "label");
		wire_labels_json(s, x.labels, x.nlabels);
	}
	if (x.has_rd) {
		sink_key(s, "rd");
		wire_rd_text(sink_text(s), x.rd);
		sink_text_end(s);
	}
	sink_obj_end(s);
}

/* ExaBGP's text: "10.0.0.0/24 path-information 0.0.0.1 label 3 (49) rd 65000:1" */
static void pfx_text(const struct wire_family *f, struct wbuf *w,
		     const struct wire_nlri *n)
{
	struct pfx x;

	pfx_view(f, n, &x);
	wire_prefix_text(w, f->afi, x.addr, x.plen);
	if (n->has_path_id) {
		wbuf_str(w, " path-information ");
		path_id_text(w, n->path_id);
	}
	if (x.nlabels > 1)
		wbuf_str(w, " label [");
	else if (x.nlabels)
		wbuf_str(w, " label");
	for (int i = 0; i < x.nlabels; i++) {
		wbuf_printf(w, " %u", x.labels[i] >> 4);
		if (x.labels[i])
			wbuf_printf(w, " (%u)", x.labels[i]);
	}
	if (x.nlabels > 1)
		wbuf_str(w, " ]");
	if (x.has_rd) {
		wbuf_str(w, " rd ");
		wire_rd_text(w, x.rd);
	}
}

/* "label": [ [ 100 ] ], [ [ 100, 1601 ] ], [ 100, 200 ] or 100 */
static int labels_from_val(const struct val *v, uint32_t *raw, int *n,
			   struct lb_err *err)
{
	uint64_t num;
	int count = 0;

	if (v->type != VAL_ARR) {
		if (val_as_u64(v, &num) < 0 || num > 0xfffff)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
					  "label: expected a label number (0-1048575)");
		raw[0] = (uint32_t)num << 4 | 1;
		*n = 1;
		return 0;
	}
	for (const struct val *e = v->kids.first; e; e = e->next) {
		const struct val *lab = e->type == VAL_ARR ? val_at(e, 0) : e;
		const struct val *rawv = e->type == VAL_ARR ? val_at(e, 1) : NULL;

		if (count >= MAX_LABELS)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
					  "label: more than %d labels", MAX_LABELS);
		if (rawv) {
			if (val_as_u64(rawv, &num) < 0 || num > 0xffffff)
				return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
						  "label: raw value must fit 24 bits");
			raw[count++] = (uint32_t)num;
			continue;
		}
		if (val_as_u64(lab, &num) < 0 || num > 0xfffff)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
					  "label: expected a label number (0-1048575)");
		raw[count++] = (uint32_t)num << 4;
	}
	if (count == 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "label: empty label stack");
	/* bottom of stack on the last label given by number, except for the
	 * RFC 8277 §2.4 withdrawal label 0x000000, which the JSON shows as
	 * [ 0 ] (a raw value of 0 is never printed) */
	{
		const struct val *last = val_at(v, (size_t)count - 1);
		if (!(last->type == VAL_ARR && (val_at(last, 1) || raw[count - 1] == 0)))
			raw[count - 1] |= 1;
	}
	*n = count;
	return 0;
}

static int pfx_encode(const struct wire_family *f, struct wbuf *w,
		      const struct val *v, struct lb_err *err)
{
	const struct val *nlri = val_get(v, "nlri");
	const struct val *label = val_get(v, "label");
	const struct val *rdv = val_get(v, "rd");
	struct pfx x;
	const char *p;
	size_t n;
	unsigned plen, total;
	int errs = 0;

	memset(&x, 0, sizeof(x));
	if (val_as_str(nlri, &p, &n) < 0 ||
	    wire_prefix_parse(p, n, f->afi, x.addr, &plen) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: \"nlri\" must be a prefix such as %s", f->name,
				  f->afi == WIRE_AFI_IPV6 ? "2001:db8::/32" : "10.0.0.0/24");
	if (has_labels(f)) {
		if (!label)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
					  "%s: \"label\" is required", f->name);
		if (labels_from_val(label, x.labels, &x.nlabels, err) < 0)
			return -1;
	}
	if (f->safi == WIRE_SAFI_MPLS_VPN) {
		if (val_as_str(rdv, &p, &n) < 0 || wire_rd_parse(p, n, x.rd) < 0)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
					  "%s: \"rd\" must be a route distinguisher such as 65000:1",
					  f->name);
		x.has_rd = 1;
	}
	total = plen + 24u * (unsigned)x.nlabels + (x.has_rd ? 64u : 0u);
	if (total > 255)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: labels, RD and prefix exceed 255 bits", f->name);
	errs += wbuf_u8(w, (uint8_t)total);
	for (int i = 0; i < x.nlabels; i++)
		errs += wbuf_u24(w, x.labels[i]);
	if (x.has_rd)
		errs += wbuf_put(w, x.rd, 8);
	/* trailing bits as given (see wire_prefix_write) */
	errs += wbuf_put(w, x.addr, (plen + 7) / 8);
	return errs ? -1 : 0;
}

static int pfx_next_op(const struct wire_family *f, struct rd *r,
		       const struct wire_ctx *ctx, struct wire_nlri *n,
		       struct lb_err *err)
{
	(void)ctx;
	return pfx_next(f, r, n, err);
}

static void pfx_json_op(const struct wire_family *f, struct sink *s,
			const struct wire_nlri *n, const struct wire_nh *nh,
			const struct wire_ctx *ctx)
{
	(void)nh;
	pfx_json(f, s, n, ctx && (ctx->json_flags & WIRE_JSON_COMPACT));
}

static void pfx_text_op(const struct wire_family *f, struct wbuf *w,
			const struct wire_nlri *n, const struct wire_ctx *ctx)
{
	(void)ctx;
	pfx_text(f, w, n);
}

static int pfx_encode_op(const struct wire_family *f, struct wbuf *w,
			 const struct val *v, const struct wire_ctx *ctx,
			 struct lb_err *err)
{
	(void)ctx;
	return pfx_encode(f, w, v, err);
}

#define NH(n) ((uint64_t)1 << (n))
#define PFX_OPS .next = pfx_next_op, .json = pfx_json_op, .text = pfx_text_op, \
		.encode = pfx_encode_op

const struct wire_family wire_fam_ipv4_unicast = {
	WIRE_AFI_IPV4, WIRE_SAFI_UNICAST, WIRE_FAM_IPV4_UNICAST,
	"ipv4 unicast", "ipv4", "unicast", PFX_OPS, .nh_lens = NH(4),
};
const struct wire_family wire_fam_ipv4_multicast = {
	WIRE_AFI_IPV4, WIRE_SAFI_MULTICAST, WIRE_FAM_IPV4_MULTICAST,
	"ipv4 multicast", "ipv4", "multicast", PFX_OPS, .nh_lens = NH(4),
};
const struct wire_family wire_fam_ipv4_nlri_mpls = {
	WIRE_AFI_IPV4, WIRE_SAFI_NLRI_MPLS, WIRE_FAM_IPV4_NLRI_MPLS,
	"ipv4 nlri-mpls", "ipv4", "nlri-mpls", PFX_OPS, .nh_lens = NH(4),
};
const struct wire_family wire_fam_ipv4_mpls_vpn = {
	WIRE_AFI_IPV4, WIRE_SAFI_MPLS_VPN, WIRE_FAM_IPV4_MPLS_VPN,
	"ipv4 mpls-vpn", "ipv4", "mpls-vpn", PFX_OPS, .nh_lens = NH(12),
};
const struct wire_family wire_fam_ipv6_unicast = {
	WIRE_AFI_IPV6, WIRE_SAFI_UNICAST, WIRE_FAM_IPV6_UNICAST,
	"ipv6 unicast", "ipv6", "unicast", PFX_OPS, .nh_lens = NH(16) | NH(32),
};
const struct wire_family wire_fam_ipv6_multicast = {
	WIRE_AFI_IPV6, WIRE_SAFI_MULTICAST, WIRE_FAM_IPV6_MULTICAST,
	"ipv6 multicast", "ipv6", "multicast", PFX_OPS, .nh_lens = NH(16) | NH(32),
};
const struct wire_family wire_fam_ipv6_nlri_mpls = {
	WIRE_AFI_IPV6, WIRE_SAFI_NLRI_MPLS, WIRE_FAM_IPV6_NLRI_MPLS,
	"ipv6 nlri-mpls", "ipv6", "nlri-mpls", PFX_OPS, .nh_lens = NH(16) | NH(32),
};
const struct wire_family wire_fam_ipv6_mpls_vpn = {
	WIRE_AFI_IPV6, WIRE_SAFI_MPLS_VPN, WIRE_FAM_IPV6_MPLS_VPN,
	"ipv6 mpls-vpn", "ipv6", "mpls-vpn", PFX_OPS,
	.nh_lens = NH(24) | NH(40) | NH(48),
};
