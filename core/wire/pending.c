/* PLACEHOLDER scaffolding, see pending.h. */
#include "wire/attr.h"
#include "wire/pending.h"

int pending_attr_check(struct rd *r, const struct wire_attr *a,
		       const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)r, (void)a, (void)ctx, (void)err;
	return 0;
}

void pending_attr_json(struct sink *s, const struct wire_attr *a,
		       const struct wire_update *u, const struct wire_ctx *ctx)
{
	const struct wire_attr_desc *d = wire_attr_desc(a->code);
	struct wbuf *w;

	(void)u, (void)ctx;
	if (d) {
		sink_key(s, d->name);
	} else {
		w = sink_text(s);
		wire_attr_generic_name(w, a->code, a->flags | WIRE_ATTR_F_PARTIAL);
		sink_keyn(s, (const char *)w->data, w->len);
	}
	sink_hex(s, a->val, a->len);
}

void pending_attr_text(struct wbuf *w, const struct wire_attr *a,
		       const struct wire_update *u, const struct wire_ctx *ctx)
{
	(void)u, (void)ctx;
	wbuf_printf(w, " attribute [ 0x%02X 0x%02X 0x", a->code, a->flags);
	wbuf_hex(w, a->val, a->len, 1);
	wbuf_str(w, " ]");
}

int pending_attr_encode(struct wbuf *w, const struct val *v,
			const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)w, (void)v, (void)ctx;
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "not implemented yet");
}

int pending_next(const struct wire_family *f, struct rd *r,
		 const struct wire_ctx *ctx, struct wire_nlri *n,
		 struct lb_err *err)
{
	(void)ctx, (void)n;
	return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_UPDATE, 9, rd_offset(r),
			  "%s: not implemented yet", f->name);
}

void pending_json(const struct wire_family *f, struct sink *s,
		  const struct wire_nlri *n, const struct wire_nh *nh,
		  const struct wire_ctx *ctx)
{
	(void)f, (void)nh, (void)ctx;
	sink_hex(s, n->p, n->len);
}

void pending_text(const struct wire_family *f, struct wbuf *w,
		  const struct wire_nlri *n, const struct wire_ctx *ctx)
{
	(void)f, (void)ctx;
	wbuf_hex(w, n->p, n->len, 1);
}

int pending_encode(const struct wire_family *f, struct wbuf *w,
		   const struct val *v, const struct wire_ctx *ctx,
		   struct lb_err *err)
{
	(void)w, (void)v, (void)ctx;
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "%s: not implemented yet",
			  f->name);
}
