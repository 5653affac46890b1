/* l2vpn vpls NLRI, RFC 4761 §3.2.2:
 *
 *   <length 2> <RD 8> <VE ID 2> <VE block offset 2> <VE block size 2>
 *   <label base 3: 20-bit label, bottom-of-stack bit>
 *
 * The length counts the octets after itself, 17 for the fields above.  A
 * shorter one cannot hold them and the field cannot be trusted: session
 * reset (RFC 7606 §5.3).  A longer one is accepted and the fields read from
 * the front, as ExaBGP does (the RFC gives the layout, not a maximum); the
 * extra octets are not re-encoded.
 *
 * JSON, ExaBGP's names (VE ID is "endpoint"):
 *   { "rd": "192.168.201.1:123", "endpoint": 5, "base": 10702,
 *     "offset": 1, "size": 8 }
 * ExaBGP prints no path-information for this family, even with ADD-PATH.
 */
#include <string.h>

#include "wire/common.h"
#include "wire/nlri.h"

#define VPLS_FIELDS 17 /* RD 8 + VE ID 2 + offset 2 + size 2 + label base 3 */
#define LABEL_MAX 0xFFFFFu

struct vpls {
	uint8_t rd[8];
	uint16_t endpoint;
	uint16_t offset;
	uint16_t size;
	uint32_t base;   /* the 20-bit label */
};

static int vpls_next(const struct wire_family *f, struct rd *r,
		     const struct wire_ctx *ctx, struct wire_nlri *n,
		     struct lb_err *err)
{
	size_t start = rd_offset(r);
	const uint8_t *p = r->p;
	uint16_t len;

	(void)ctx;
	if (rd_u16(r, &len) < 0)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: length field truncated", f->name);
	if (len < VPLS_FIELDS)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: length %u is shorter than the %u octets of its fields",
				  f->name, len, VPLS_FIELDS);
	if (rd_skip(r, len) < 0)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 10, start,
				  "%s: length %u runs past the NLRI field", f->name, len);
	n->p = p;
	n->len = 2u + len;
	return 0;
}

/* Fields of an NLRI that next() accepted (so at least 19 octets). */
static void vpls_view(const struct wire_nlri *n, struct vpls *v)
{
	memset(v, 0, sizeof(*v));
	if (n->len < 2 + VPLS_FIELDS)
		return;
	memcpy(v->rd, n->p + 2, 8);
	v->endpoint = get_u16(n->p + 10);
	v->offset = get_u16(n->p + 12);
	v->size = get_u16(n->p + 14);
	v->base = get_u24(n->p + 16) >> 4;
}

static void vpls_json(const struct wire_family *f, struct sink *s,
		      const struct wire_nlri *n, const struct wire_nh *nh,
		      const struct wire_ctx *ctx)
{
	struct vpls v;

	(void)f, (void)nh, (void)ctx;
	vpls_view(n, &v);
	sink_obj(s);
	sink_key(s, "rd");
	wire_rd_text(sink_text(s), v.rd);
	sink_text_end(s);
	sink_kuint(s, "endpoint", v.endpoint);
	sink_kuint(s, "base", v.base);
	sink_kuint(s, "offset", v.offset);
	sink_kuint(s, "size", v.size);
	sink_obj_end(s);
}

/* "vpls rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8" */
static void vpls_text(const struct wire_family *f, struct wbuf *w,
		      const struct wire_nlri *n, const struct wire_ctx *ctx)
{
	struct vpls v;

	(void)f, (void)ctx;
	vpls_view(n, &v);
	wbuf_str(w, "vpls rd ");
	wire_rd_text(w, v.rd);
	wbuf_printf(w, " endpoint %u base %u offset %u size %u", v.endpoint,
		    v.base, v.offset, v.size);
}

static int get_uint(const struct wire_family *f, const struct val *obj,
		    const char *key, uint64_t max, uint64_t *out,
		    struct lb_err *err)
{
	if (val_as_u64(val_get(obj, key), out) < 0 || *out > max)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: \"%s\" must be a number from 0 to %llu",
				  f->name, key, (unsigned long long)max);
	return 0;
}

/* Input: { "rd": "65000:1" | "1.2.3.4:5", "endpoint", "base", "offset",
 * "size" }, numbers as numbers or decimal/0x strings.  As ExaBGP's
 * configuration does, the label block must fit the 20-bit label space
 * (base + size <= 1048575).  The label is written with the bottom-of-stack
 * bit set. */
static int vpls_encode(const struct wire_family *f, struct wbuf *w,
		       const struct val *v, const struct wire_ctx *ctx,
		       struct lb_err *err)
{
	uint64_t endpoint, base, offset, size;
	uint8_t rd[8];
	const char *p;
	size_t len;
	int errs = 0;

	(void)ctx;
	if (val_as_str(val_get(v, "rd"), &p, &len) < 0 ||
	    wire_rd_parse(p, len, rd) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: \"rd\" must be a route distinguisher such as 65000:1",
				  f->name);
	if (get_uint(f, v, "endpoint", 0xFFFF, &endpoint, err) < 0 ||
	    get_uint(f, v, "base", LABEL_MAX, &base, err) < 0 ||
	    get_uint(f, v, "offset", 0xFFFF, &offset, err) < 0 ||
	    get_uint(f, v, "size", 0xFFFF, &size, err) < 0)
		return -1;
	if (base + size > LABEL_MAX)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s: label base %llu + block size %llu exceed the 20-bit label space",
				  f->name, (unsigned long long)base,
				  (unsigned long long)size);
	errs += wbuf_u16(w, VPLS_FIELDS);
	errs += wbuf_put(w, rd, 8);
	errs += wbuf_u16(w, (uint16_t)endpoint);
	errs += wbuf_u16(w, (uint16_t)offset);
	errs += wbuf_u16(w, (uint16_t)size);
	errs += wbuf_u24(w, (uint32_t)base << 4 | 1);
	return errs ? -1 : 0;
}

#define NH(n) ((uint64_t)1 << (n))

const struct wire_family wire_fam_l2vpn_vpls = {
	WIRE_AFI_L2VPN, WIRE_SAFI_VPLS, WIRE_FAM_L2VPN_VPLS,
	"l2vpn vpls", "l2vpn", "vpls",
	.next = vpls_next, .json = vpls_json, .text = vpls_text,
	.encode = vpls_encode, .nh_lens = NH(4),
};
