/* See recode.h.  Routes are kept as attribute sets in the wire form of the
 * context they were given in (speaker.h, spk_context): before a session,
 * the one our OPEN offers; during it, the negotiated one.  A route given
 * before a session with a 2-octet AS peer, or during one and still there
 * for the next, would otherwise go out with AS_PATH written for the other
 * kind of session. */
#include <stdlib.h>

#include "base/arena.h"
#include "base/val.h"
#include "speaker/recode.h"
#include "speaker/speaker.h"
#include "wire/message.h"
#include "wire/update_encode.h"
#include "wire/update_json.h"

struct recode {
	struct spk_nb *nb;
	const struct wire_ctx *from, *to;
	struct htab done;              /* struct pair, by the old set */
	size_t failed;
};

struct pair {
	struct attrset *old, *made;
};

static bool pair_is(const void *item, const void *key)
{
	return ((const struct pair *)item)->old == key;
}

static uint64_t ptr_hash(const void *p)
{
	return (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ull;
}

/* The path attributes of an UPDATE our encoder wrote (no withdrawals). */
static void attrs_of_msg(const uint8_t *msg, size_t len, const uint8_t **p, size_t *n)
{
	size_t off = WIRE_HEADER_LEN + 2;

	*n = len >= off + 2 ? (size_t)msg[off] << 8 | msg[off + 1] : 0;
	*p = msg + off + 2;
	if (off + 2 + *n > len)
		*n = 0;
}

/* Is there an attribute of this type code in the wire form p, n (ours:
 * well formed, but walked with every length checked all the same)? */
static bool has_attr(const uint8_t *p, size_t n, uint8_t type)
{
	size_t off = 0;

	while (off + 3 <= n) {
		bool ext = p[off] & WIRE_ATTR_F_EXTLEN;
		size_t hdr = ext ? 4 : 3, len;

		if (off + hdr > n)
			return false;
		len = ext ? (size_t)p[off + 2] << 8 | p[off + 3] : p[off + 2];
		if (p[off + 1] == type)
			return true;
		off += hdr + len;
	}
	return false;
}

/* a's attributes as an UPDATE of their own, decoded in from, as a tree,
 * encoded in to: the new set, or NULL.  NEXT_HOP only lives in the tree
 * with a route to go to: one (0.0.0.0/0) goes along, and is left out of
 * the set made. */
static struct attrset *make(struct recode *rc, const struct attrset *a)
{
	struct wire_update *u = rc->nb->sp->scratch;
	struct attrset *made = NULL;
	struct wbuf in, out;
	struct arena ar;
	struct val_sink vs;
	struct val *tree;
	struct lb_err err;

	size_t route = has_attr(a->data, a->len, WIRE_ATTR_NEXT_HOP) ? 1 : 0;

	wbuf_init(&in, WIRE_HEADER_LEN + 4 + a->len + route);
	wbuf_init(&out, 0);
	arena_init(&ar, 4096);
	wire_header_write(&in, WIRE_MSG_UPDATE, (uint16_t)(WIRE_HEADER_LEN + 4 + a->len + route));
	wbuf_u16(&in, 0);
	wbuf_u16(&in, (uint16_t)a->len);
	wbuf_put(&in, a->data, a->len);
	if (route)
		wbuf_u8(&in, 0); /* 0.0.0.0/0 */
	if (!in.failed && a->len <= UINT16_MAX - WIRE_HEADER_LEN - 5 &&
	    wire_update_decode(u, in.data, in.len, in.data + WIRE_HEADER_LEN,
			       in.len - WIRE_HEADER_LEN, rc->from) == 0 &&
	    u->err.act == LB_ACT_NONE) {
		val_sink_init(&vs, &ar);
		sink_obj(&vs.base);
		wire_update_json(&vs.base, u, rc->from);
		sink_obj_end(&vs.base);
		tree = val_sink_root(&vs);
		val_sink_fini(&vs);
		if (tree && wire_update_encode(&out, tree, rc->to, &err) == 0) {
			const uint8_t *p;
			size_t n;

			attrs_of_msg(out.data, out.len, &p, &n);
			made = attrset_intern(&rc->nb->sp->pool, p, n, a->nh, a->nh_len);
		}
	}
	arena_fini(&ar);
	wbuf_fini(&out);
	wbuf_fini(&in);
	return made;
}

static struct attrset *map(void *arg, struct attrset *a)
{
	struct recode *rc = arg;
	uint64_t h = ptr_hash(a);
	struct pair *p = htab_find(&rc->done, h, a, pair_is);

	if (!p) {
		p = malloc(sizeof(*p));
		if (!p) {
			rc->failed++;
			return NULL;
		}
		p->old = a;
		p->made = make(rc, a);
		if (!p->made)
			rc->failed++;
		if (htab_insert(&rc->done, h, p) < 0) {
			if (p->made) {
				attrset_unref(&rc->nb->sp->pool, p->made);
				rc->failed++; /* counted once above when not made */
			}
			free(p);
			return NULL;
		}
	}
	if (!p->made)
		return NULL;
	attrset_ref(p->made);
	return p->made;
}

void spk_recode(struct spk_nb *nb, const struct wire_ctx *from, const struct wire_ctx *to)
{
	/* the made-up route has no path id (RFC 7911): only attributes count */
	struct wire_ctx f = *from, t = *to;
	struct recode rc = { nb, &f, &t, { 0 }, 0 };
	void *item;

	if (f.asn4 == t.asn4)
		return;
	f.addpath_rx = f.addpath_tx = t.addpath_rx = t.addpath_tx = 0;
	htab_init(&rc.done);
	adj_out_map_attrs(&nb->out, map, &rc);
	if (nb->export_policy)
		adj_out_map_attrs(&nb->given, map, &rc);
	for (size_t i = 0; htab_next(&rc.done, &i, &item);) {
		struct pair *p = item;

		if (p->made)
			attrset_unref(&nb->sp->pool, p->made);
		free(p);
	}
	htab_fini(&rc.done);
	if (rc.failed)
		lb_logf(&nb->sp->log, LB_LOG_ERR, LB_TOPIC_RIB,
			"%s: %zu attribute sets not written again for the session's AS size "
			"(RFC 6793): their routes go as they were given",
			nb->peer_text, rc.failed);
}
