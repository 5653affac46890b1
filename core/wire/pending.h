/* PLACEHOLDER scaffolding for codecs not written yet: an attribute is kept
 * and printed as hex, a family cannot be parsed.  Deleted with the last
 * placeholder. */
#ifndef LUABGP_WIRE_PENDING_H
#define LUABGP_WIRE_PENDING_H

#include "wire/wire.h"

int pending_attr_check(struct rd *r, const struct wire_attr *a,
		       const struct wire_ctx *ctx, struct lb_err *err);
void pending_attr_json(struct sink *s, const struct wire_attr *a,
		       const struct wire_update *u, const struct wire_ctx *ctx);
void pending_attr_text(struct wbuf *w, const struct wire_attr *a,
		       const struct wire_update *u, const struct wire_ctx *ctx);
int pending_attr_encode(struct wbuf *w, const struct val *v,
			const struct wire_ctx *ctx, struct lb_err *err);
int pending_next(const struct wire_family *f, struct rd *r,
		 const struct wire_ctx *ctx, struct wire_nlri *n,
		 struct lb_err *err);
void pending_json(const struct wire_family *f, struct sink *s,
		  const struct wire_nlri *n, const struct wire_nh *nh,
		  const struct wire_ctx *ctx);
void pending_text(const struct wire_family *f, struct wbuf *w,
		  const struct wire_nlri *n, const struct wire_ctx *ctx);
int pending_encode(const struct wire_family *f, struct wbuf *w,
		   const struct val *v, const struct wire_ctx *ctx,
		   struct lb_err *err);

#define PENDING_ATTR(sym, CODE, FLAGS, NAME)                                   \
	const struct wire_attr_desc wire_attr_##sym = {                        \
		.code = CODE, .flags = (FLAGS) & 0xC0, .name = NAME,           \
		.malformed = LB_ACT_WITHDRAW, .check = pending_attr_check,     \
		.json = pending_attr_json, .text = pending_attr_text,          \
		.encode = pending_attr_encode,                                 \
	}

#define PENDING_FAMILY(sym, AFI, SAFI, FAM, NAME, ANAME, SNAME)                \
	const struct wire_family wire_fam_##sym = {                            \
		AFI, SAFI, FAM, NAME, ANAME, SNAME, .next = pending_next,      \
		.json = pending_json, .text = pending_text,                    \
		.encode = pending_encode, .nh_lens = ~(uint64_t)0,             \
	}

#endif
