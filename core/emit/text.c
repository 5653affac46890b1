#include "emit/text.h"
#include "wire/attr.h"
#include "wire/nlri.h"

void emit_text_attributes(struct wbuf *out, const struct wire_update *u,
			  const struct wire_ctx *ctx)
{
	for (unsigned code = 0; code < 256; code++) {
		const struct wire_attr *a = wire_update_attr(u, (uint8_t)code);
		const struct wire_attr_desc *d;

		if (!a || code == WIRE_ATTR_NEXT_HOP)
			continue;
		d = wire_attr_desc((uint8_t)code);
		(d ? d : &wire_attr_generic)->text(out, a, u, ctx);
	}
}

static void prefix_line(struct wbuf *out, const char *peer, const char *direction)
{
	wbuf_str(out, "neighbor ");
	wbuf_str(out, peer);
	wbuf_u8(out, ' ');
	wbuf_str(out, direction);
	wbuf_str(out, " update");
}

/* One line per NLRI of a field: " announced <nlri> next-hop <nh><attrs>" or
 * " withdrawn <nlri>". */
static void field_lines(struct wbuf *out, const char *peer, const char *direction,
			const struct wire_family *f, const uint8_t *p, size_t n,
			const struct wire_nh *nh, const struct wire_update *u,
			const struct wire_ctx *ctx)
{
	struct wire_nlri_iter it;
	struct wire_nlri nlri;

	if (!f || !n)
		return;
	wire_nlri_iter_init(&it, f, ctx, u->msg, p, n);
	while (wire_nlri_iter_next(&it, &nlri) > 0) {
		prefix_line(out, peer, direction);
		wbuf_str(out, nh ? " announced " : " withdrawn ");
		f->text(f, out, &nlri, ctx);
		if (nh) {
			if (nh->len) {
				wbuf_str(out, " next-hop ");
				wire_nh_text(out, nh);
			}
			emit_text_attributes(out, u, ctx);
		}
		wbuf_u8(out, '\n');
	}
}

void emit_text_update(struct wbuf *out, const char *peer, const char *direction,
		      const struct wire_update *u, const struct wire_ctx *ctx)
{
	const struct wire_nh *v4nh = &u->nexthop;
	bool as_withdraw = u->err.act >= LB_ACT_WITHDRAW;

	prefix_line(out, peer, direction);
	wbuf_str(out, " start\n");
	if (u->eor) {
		const char *afi = wire_afi_name(u->eor_afi), *safi = wire_safi_name(u->eor_safi);

		prefix_line(out, peer, direction);
		wbuf_printf(out, " route eor %u/%u (%s %s)\n", u->eor_afi, u->eor_safi,
			    afi ? afi : "unknown", safi ? safi : "unknown");
	} else {
		/* announcements first, then withdrawals (ExaBGP 5's order); a
		 * treat-as-withdraw UPDATE announces nothing */
		if (!as_withdraw) {
			field_lines(out, peer, direction, &wire_fam_ipv4_unicast, u->nlri,
				    u->nlri_len, v4nh, u, ctx);
			field_lines(out, peer, direction, u->reach.fam, u->reach.nlri,
				    u->reach.nlri_len, &u->reach.nh, u, ctx);
		}
		field_lines(out, peer, direction, &wire_fam_ipv4_unicast, u->withdrawn,
			    u->withdrawn_len, NULL, u, ctx);
		field_lines(out, peer, direction, u->unreach.fam, u->unreach.nlri,
			    u->unreach.nlri_len, NULL, u, ctx);
		if (as_withdraw) {
			field_lines(out, peer, direction, &wire_fam_ipv4_unicast, u->nlri,
				    u->nlri_len, NULL, u, ctx);
			field_lines(out, peer, direction, u->reach.fam, u->reach.nlri,
				    u->reach.nlri_len, NULL, u, ctx);
		}
	}
	prefix_line(out, peer, direction);
	wbuf_str(out, " end\n");
}

void emit_text_keepalive(struct wbuf *out, const char *peer, const char *direction)
{
	wbuf_printf(out, "neighbor %s %s keepalive\n", peer, direction);
}
