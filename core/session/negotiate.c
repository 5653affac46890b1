/* See negotiate.h. */
#include <string.h>

#include "base/buf.h"
#include "session/negotiate.h"
#include "wire/message.h"

enum {
	CAP_MP = 1,
	CAP_REFRESH = 2,
	CAP_EXT_NEXTHOP = 5,     /* RFC 8950 */
	CAP_EXT_MSG = 6,         /* RFC 8654 */
	CAP_GR = 64,             /* RFC 4724 */
	CAP_ASN4 = 65,           /* RFC 6793 */
	CAP_ADDPATH = 69,        /* RFC 7911 */
	CAP_ENHANCED_REFRESH = 70, /* RFC 7313 */
	CAP_REFRESH_OLD = 128,   /* Cisco's pre-standard route refresh */
	CAP_OPERATIONAL = 185,   /* ExaBGP's draft-ietf-idr-operational-message */
};

/* The family bit of an AFI/SAFI pair, 0 for a family luabgp does not
 * know (skipped, RFC 5492 §3). */
static uint64_t fam_bit(uint16_t afi, uint8_t safi)
{
	const struct wire_family *f = wire_family_by_code(afi, safi);

	return f ? WIRE_FAM_BIT(f->fam) : 0;
}

static void cap_mp(struct rd *v, struct sess_caps *c)
{
	uint16_t afi;
	uint8_t reserved, safi;

	c->mp_any = true;
	if (rd_left(v) == 4 && rd_u16(v, &afi) == 0 && rd_u8(v, &reserved) == 0 &&
	    rd_u8(v, &safi) == 0)
		c->families |= fam_bit(afi, safi);
}

/* RFC 7911 §4: AFI, SAFI, Send/Receive (1 receive, 2 send, 3 both) */
static void cap_addpath(struct rd *v, struct sess_caps *c)
{
	uint16_t afi;
	uint8_t safi, sr;

	while (rd_left(v) >= 4 && rd_u16(v, &afi) == 0 && rd_u8(v, &safi) == 0 &&
	       rd_u8(v, &sr) == 0) {
		uint64_t bit = fam_bit(afi, safi);

		if (sr & 1)
			c->addpath_rx |= bit;
		if (sr & 2)
			c->addpath_tx |= bit;
	}
}

/* RFC 4724 §3: after the flags and time, AFI (2), SAFI (1), flags (1, the
 * F bit first: forwarding state preserved) */
static void cap_gr_families(struct rd *v, struct sess_caps *c)
{
	uint16_t afi;
	uint8_t safi, flags;

	while (rd_left(v) >= 4 && rd_u16(v, &afi) == 0 && rd_u8(v, &safi) == 0 &&
	       rd_u8(v, &flags) == 0) {
		uint64_t bit = fam_bit(afi, safi);

		c->gr_families |= bit;
		if (flags & 0x80)
			c->gr_forwarding |= bit;
	}
}

/* RFC 8950 §3: NLRI AFI (2), NLRI SAFI (2), Nexthop AFI (2) */
static void cap_ext_nexthop(struct rd *v, struct sess_caps *c)
{
	uint16_t afi, safi, nh_afi;

	while (rd_left(v) >= 6 && rd_u16(v, &afi) == 0 && rd_u16(v, &safi) == 0 &&
	       rd_u16(v, &nh_afi) == 0)
		if (afi == WIRE_AFI_IPV4 && nh_afi == WIRE_AFI_IPV6 && safi <= 255)
			c->ext_nexthop |= fam_bit(afi, (uint8_t)safi);
}

static void cap_one(uint8_t code, struct rd *v, struct sess_caps *c)
{
	uint32_t asn;
	uint16_t flags_time;

	switch (code) {
	case CAP_MP:
		cap_mp(v, c);
		break;
	case CAP_REFRESH:
	case CAP_REFRESH_OLD:
		c->route_refresh = true;
		break;
	case CAP_ENHANCED_REFRESH:
		c->enhanced_refresh = true;
		break;
	case CAP_EXT_MSG:
		c->ext_msg = true;
		break;
	case CAP_EXT_NEXTHOP:
		cap_ext_nexthop(v, c);
		break;
	case CAP_ASN4:
		if (rd_left(v) == 4 && rd_u32(v, &asn) == 0) {
			c->asn4 = true;
			c->asn = asn;
		}
		break;
	case CAP_ADDPATH:
		cap_addpath(v, c);
		break;
	case CAP_GR:
		if (rd_u16(v, &flags_time) == 0) {
			c->graceful_restart = true;
			c->restart_time = flags_time & 0x0fff;
			cap_gr_families(v, c);
		}
		break;
	case CAP_OPERATIONAL:
		c->operational = true;
		break;
	default:
		break; /* RFC 5492 §3: ignore what we do not know */
	}
}

int sess_caps_parse(const uint8_t *msg, size_t len, struct sess_caps *c,
		    struct lb_err *err)
{
	struct wire_open o;
	struct wire_cap_iter it;
	struct wire_cap cap;

	memset(c, 0, sizeof(*c));
	/* the checks of RFC 4271 §6.2, RFC 5492 and RFC 9072 are the codec's */
	if (wire_open_decode(&o, msg, len, err) < 0)
		return -1;
	c->version = o.version;
	c->my_as = o.my_as;
	c->asn = o.my_as;
	c->hold_time = o.hold_time;
	c->bgp_id = o.bgp_id;
	wire_cap_iter_init(&it, &o);
	while (wire_cap_iter_next(&it, &cap) == 1) {
		struct rd v;

		rd_init(&v, cap.val, cap.len);
		cap_one(cap.code, &v, c);
	}
	return 0;
}

static uint64_t families_of(const struct sess_caps *c)
{
	return c->mp_any ? c->families : WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST);
}

int sess_negotiate(const struct sess_caps *ours, const struct sess_caps *theirs,
		   uint32_t peer_as, struct sess_negotiated *n, struct lb_err *err)
{
	struct wire_ctx *x = &n->ctx;

	memset(n, 0, sizeof(*n));
	if (peer_as && theirs->asn != peer_as)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_OPEN, 2, WIRE_HEADER_LEN + 1,
				  "OPEN: peer AS %u, expected %u", theirs->asn, peer_as);
	if (ours->asn == theirs->asn && ours->bgp_id == theirs->bgp_id)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_OPEN, 3, WIRE_HEADER_LEN + 5,
				  "OPEN: iBGP peer uses our own BGP identifier");
	x->asn4 = ours->asn4 && theirs->asn4;
	x->ext_msg = ours->ext_msg && theirs->ext_msg;
	x->local_as = ours->asn;
	x->peer_as = theirs->asn;
	x->ibgp = ours->asn == theirs->asn;
	x->families = families_of(ours) & families_of(theirs);
	x->addpath_tx = ours->addpath_tx & theirs->addpath_rx & x->families;
	x->addpath_rx = ours->addpath_rx & theirs->addpath_tx & x->families;
	x->ext_nexthop = ours->ext_nexthop & theirs->ext_nexthop & x->families;
	n->hold_time = ours->hold_time < theirs->hold_time ? ours->hold_time : theirs->hold_time;
	n->route_refresh = ours->route_refresh && theirs->route_refresh;
	n->enhanced_refresh = ours->enhanced_refresh && theirs->enhanced_refresh;
	n->operational = ours->operational && theirs->operational;
	n->max_msg = x->ext_msg ? WIRE_MAX_EXT_MSG : 4096;
	return 0;
}
