/* Routes in: UPDATEs of ours (the configuration's, the commands', the
 * scripts') split into attribute sets and NLRIs for an Adj-RIB-Out, in the
 * context they were encoded for.  See speaker.h and routes_in.h. */
#include <string.h>

#include "speaker/routes_in.h"
#include "speaker/speaker.h"
#include "wire/message.h"

/* The context an UPDATE of ours was encoded with: the negotiated one,
 * path ids present where we send them; before any session, what our OPEN
 * offers. */
void spk_context(const struct spk_nb *nb, struct wire_ctx *ctx)
{
	if (nb->neg.ctx.families) {
		*ctx = nb->neg.ctx;
	} else {
		memset(ctx, 0, sizeof(*ctx));
		ctx->asn4 = nb->ours.asn4;
		ctx->ext_msg = true;
		ctx->local_as = nb->ours.asn;
		ctx->peer_as = nb->cfg.peer_as;
		ctx->ibgp = nb->ours.asn == nb->cfg.peer_as;
		ctx->families = nb->ours.mp_any ? nb->ours.families
						: WIRE_FAM_BIT(WIRE_FAM_IPV4_UNICAST);
		ctx->addpath_tx = nb->ours.addpath_tx;
	}
	ctx->addpath_rx = ctx->addpath_tx;
	/* our own next hops and attributes were the configuration's choice:
	 * read them all as given */
	ctx->ext_nexthop = ctx->families;
	ctx->keep_unknown_wellknown = true;
}

void spk_received_context(const struct spk_nb *nb, struct wire_ctx *ctx)
{
	*ctx = nb->neg.ctx;
	ctx->addpath_tx = ctx->addpath_rx;
}

/* The path attributes of u in wire order, MP_REACH/MP_UNREACH left out. */
static int attrs_of(const struct wire_update *u, struct wbuf *w)
{
	int errs = 0;

	for (unsigned i = 0; i < u->nattr; i++) {
		const struct wire_attr *a = &u->attr[i];
		size_t hdr = (a->flags & WIRE_ATTR_F_EXTLEN) ? 4 : 3;

		errs += wbuf_put(w, u->msg + a->offset, hdr + a->len);
	}
	return errs ? -1 : 0;
}

/* Announce (a) or withdraw (a NULL; with: attributes to send along) the
 * NLRIs of one field into o, as how says (export.h). */
static int apply_field(struct spk_nb *nb, struct adj_out *o, const struct wire_family *f,
		       const struct wire_ctx *ctx, const struct wire_update *u,
		       const uint8_t *p, size_t n, struct attrset *a, struct attrset *with,
		       enum spk_apply how, struct lb_err *err)
{
	struct wire_nlri_iter it;
	struct wire_nlri x;
	int rc;

	wire_nlri_iter_init(&it, f, ctx, u->msg, p, n);
	while ((rc = wire_nlri_iter_next(&it, &x)) > 0) {
		int done = 0;

		if (a && how == SPK_APPLY_ANSWER &&
		    !adj_out_wants(&nb->given, x.fam, x.path_id, x.p, x.len))
			continue;
		if (a)
			done = adj_out_announce(o, x.fam, x.path_id, x.p, x.len, a);
		else if (how != SPK_APPLY)
			adj_out_retract(o, x.fam, x.path_id, x.p, x.len, with);
		else
			done = adj_out_withdraw_with(o, x.fam, x.path_id, x.p, x.len, with);
		if (done < 0)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, x.offset,
					  "%s: route not stored (no memory)", f->name);
	}
	if (rc < 0) {
		*err = it.err;
		return -1;
	}
	return 0;
}

struct attrset *spk_intern_attrs(struct spk_nb *nb, const struct wire_update *u,
				 const struct wire_mp *mp)
{
	struct wbuf w;
	struct attrset *a = NULL;
	const uint8_t *nh = NULL;
	size_t nh_len = 0;

	/* RFC 4760 §3: the next hop sits before the reserved octet */
	if (mp && mp->present && mp->fam) {
		nh_len = mp->nh.len;
		nh = mp->nlri - 1 - nh_len;
	}
	wbuf_init(&w, 256);
	if (attrs_of(u, &w) == 0)
		a = attrset_intern(&nb->sp->pool, w.data, w.len, nh, nh_len);
	wbuf_fini(&w);
	return a;
}

/* Decode an UPDATE of ours into u, in ctx: 0, or -1 with err (an UPDATE
 * our own encoder made that does not decode cleanly is refused, not
 * sent). */
static int decode_in(const struct wire_ctx *ctx, const uint8_t *msg, size_t len,
		     struct wire_update *u, struct lb_err *err)
{
	if (len < WIRE_HEADER_LEN ||
	    wire_update_decode(u, msg, len, msg + WIRE_HEADER_LEN, len - WIRE_HEADER_LEN, ctx) < 0 ||
	    u->err.act != LB_ACT_NONE) {
		*err = u->err;
		if (!err->reason[0])
			lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "not an UPDATE");
		return -1;
	}
	return 0;
}

/* The same in the context it was encoded for (spk_context). */
static int decode_ours(struct spk_nb *nb, const uint8_t *msg, size_t len,
		       struct wire_update *u, struct wire_ctx *ctx, struct lb_err *err)
{
	spk_context(nb, ctx);
	return decode_in(ctx, msg, len, u, err);
}

int spk_apply_ours(struct spk_nb *nb, struct adj_out *o, const struct wire_ctx *ctx,
		   const uint8_t *msg, size_t len, enum spk_apply how, struct lb_err *err)
{
	const struct wire_family *v4 = wire_family_by_index(WIRE_FAM_IPV4_UNICAST);
	struct wire_update *u = nb->sp->scratch;
	struct attrset *a = NULL;
	bool retract = how == SPK_RETRACT;
	int rc = 0;

	if (decode_in(ctx, msg, len, u, err) < 0)
		return -1;
	if (u->withdrawn_len)
		rc |= apply_field(nb, o, v4, ctx, u, u->withdrawn, u->withdrawn_len, NULL, NULL, how,
				  err);
	if (u->unreach.present && u->unreach.fam) {
		/* the attributes of an UPDATE that only withdraws go along */
		struct attrset *with = !u->nlri_len && !u->reach.present && u->nattr
					       ? spk_intern_attrs(nb, u, NULL) : NULL;

		rc |= apply_field(nb, o, u->unreach.fam, ctx, u, u->unreach.nlri, u->unreach.nlri_len,
				  NULL, with, how, err);
		if (with)
			attrset_unref(&nb->sp->pool, with);
	}
	if (u->nlri_len && (retract || (a = spk_intern_attrs(nb, u, NULL)) != NULL)) {
		rc |= apply_field(nb, o, v4, ctx, u, u->nlri, u->nlri_len, a, NULL, how, err);
		if (a)
			attrset_unref(&nb->sp->pool, a);
	}
	a = NULL;
	if (u->reach.present && u->reach.fam &&
	    (retract || (a = spk_intern_attrs(nb, u, &u->reach)) != NULL)) {
		rc |= apply_field(nb, o, u->reach.fam, ctx, u, u->reach.nlri, u->reach.nlri_len, a,
				  NULL, how, err);
		if (a)
			attrset_unref(&nb->sp->pool, a);
	}
	return rc ? -1 : 0;
}

int spk_announce(struct spk_nb *nb, const uint8_t *msg, size_t len, struct lb_err *err)
{
	struct wire_ctx ctx;

	spk_context(nb, &ctx);
	return spk_apply_ours(nb, spk_rib_given(nb), &ctx, msg, len, SPK_APPLY, err);
}

static bool field_marked(struct spk_nb *nb, const struct wire_family *f,
			 const struct wire_ctx *ctx, const struct wire_update *u,
			 const uint8_t *p, size_t n)
{
	struct wire_nlri_iter it;
	struct wire_nlri x;

	wire_nlri_iter_init(&it, f, ctx, u->msg, p, n);
	while (wire_nlri_iter_next(&it, &x) > 0)
		if (adj_out_marked(spk_rib_given(nb), x.fam, x.path_id, x.p, x.len))
			return true;
	return false;
}

bool spk_announces_again(struct spk_nb *nb, const uint8_t *msg, size_t len,
			 struct wire_update *u)
{
	const struct wire_family *v4 = wire_family_by_index(WIRE_FAM_IPV4_UNICAST);
	struct wire_ctx ctx;
	struct lb_err err;

	if (decode_ours(nb, msg, len, u, &ctx, &err) < 0)
		return false;
	return (u->nlri_len && field_marked(nb, v4, &ctx, u, u->nlri, u->nlri_len)) ||
	       (u->reach.present && u->reach.fam &&
		field_marked(nb, u->reach.fam, &ctx, u, u->reach.nlri, u->reach.nlri_len));
}

struct attrset *spk_attrset_of(struct spk_nb *nb, const uint8_t *msg, size_t len,
			       uint8_t *fam, struct lb_err *err)
{
	struct wire_update *u = nb->sp->scratch;
	struct wire_ctx ctx;
	struct attrset *a = NULL;

	if (decode_ours(nb, msg, len, u, &ctx, err) < 0)
		return NULL;
	if (u->nlri_len) {
		*fam = WIRE_FAM_IPV4_UNICAST;
		a = spk_intern_attrs(nb, u, NULL);
	} else if (u->reach.present && u->reach.fam && u->reach.nlri_len) {
		*fam = u->reach.fam->fam;
		a = spk_intern_attrs(nb, u, &u->reach);
	} else {
		lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "announces nothing");
		return NULL;
	}
	if (!a)
		lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "attributes not stored (no memory)");
	return a;
}
