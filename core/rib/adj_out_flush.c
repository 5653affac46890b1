/* The Adj-RIB-Out's pending changes into UPDATEs (adj_out_flush): grouped
 * by UPDATE shape, then packed to the negotiated message size.  See
 * adj_out.h. */
#include <stdlib.h>
#include <string.h>

#include "rib/adj_out.h"
#include "rib/adj_out_route.h"
#include "wire/message.h"

/* --- groups ------------------------------------------------------------- */

static bool is_ipv4_unicast(uint8_t fam)
{
	return fam == WIRE_FAM_IPV4_UNICAST;
}

/* The pending routes of one UPDATE shape: a family, and the attribute set
 * they announce or NULL for withdrawals. */
struct group {
	uint64_t hash;
	uint8_t fam;
	bool bare;                  /* the attributes alone (a session's first
				     * UPDATEs: adj_out_session_start) */
	struct attrset *a;
	struct attrset *with;       /* withdrawals: the attributes sent along */
	struct adj_out_route *head, **tail;
};

struct gkey {
	uint8_t fam;
	bool bare;
	const struct attrset *a, *with;
};

static bool group_is(const void *item, const void *key)
{
	const struct group *g = item;
	const struct gkey *k = key;

	return g->fam == k->fam && g->bare == k->bare && g->a == k->a && g->with == k->with;
}

struct flush {
	struct adj_out *o;
	const struct wire_ctx *ctx;
	size_t max;                 /* message size */
	size_t budget;              /* octets left (SIZE_MAX: no limit) */
	size_t window;              /* pending routes a step takes */
	struct adj_out_route *rest, **rest_tail; /* the pending ones after it */
	size_t rest_n;
	adj_out_emit_fn emit;
	void *arg;
	struct wbuf w;
	struct htab groups;
	struct group **order;       /* withdrawals first, then in arrival order */
	size_t ngroups, cap;
	int msgs;
	int failed;
	bool fresh;                 /* the session's first UPDATEs */
	bool work;                  /* something was to be sent */
};

static struct group *group_of(struct flush *f, uint8_t fam, struct attrset *a,
			      struct attrset *with, bool bare)
{
	struct gkey k = { fam, bare, a, with };
	uint64_t h = (((uint64_t)(uintptr_t)a ^ ((uint64_t)(uintptr_t)with << 1)) *
		      0x9E3779B97F4A7C15ULL) ^ fam ^ ((uint64_t)bare << 8);
	struct group *g = htab_find(&f->groups, h, &k, group_is);

	if (g)
		return g;
	if (f->ngroups == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		struct group **order = realloc(f->order, cap * sizeof(*order));

		if (!order)
			return NULL;
		f->order = order;
		f->cap = cap;
	}
	g = calloc(1, sizeof(*g));
	if (!g || htab_insert(&f->groups, h, g) < 0) {
		free(g);
		return NULL;
	}
	g->hash = h;
	g->fam = fam;
	g->bare = bare;
	g->a = a;
	g->with = with;
	g->tail = &g->head;
	f->order[f->ngroups++] = g;
	return g;
}

/* A withdrawal in a session's first UPDATEs that leaves nothing on the
 * wire: forgotten.  Returns whether the route is still wanted (an
 * announcement that followed it). */
static bool unsent_withdrawal_dropped(struct adj_out *o, struct adj_out_route *r)
{
	r->wfirst = 0;
	r->forced = 0;
	adj_out_drop_with(o, r);
	if (r->want)
		return true;
	adj_out_route_free(o, r);
	return false;
}

/* Sort the first routes of the pending list (f->window of them) into
 * groups; routes already as wanted leave it, the others after the window
 * stay pending in their order. */
static int bucket(struct flush *f)
{
	struct adj_out *o = f->o;
	struct adj_out_route **cut = &o->head, *r, *next;
	size_t taken = 0;

	while (*cut && taken < f->window) {
		cut = &(*cut)->next;
		taken++;
	}
	/* the routes after the window stay pending as they are, behind what
	 * this step puts back (adj_out_flush() splices them in at the end) */
	f->rest = *cut;
	f->rest_tail = f->rest ? o->tail : NULL;
	f->rest_n = o->npending - taken;
	*cut = NULL;
	r = o->head;
	o->head = NULL;
	o->tail = &o->head;
	o->npending = 0;
	for (; r; r = next) {
		struct group *g;
		bool withdrawal, bare = false;

		next = r->next;
		r->pending = 0;
		if (r->want == r->sent && !r->resend && !(r->want == NULL && r->forced) &&
		    !r->wfirst) {
			if (!r->want)
				adj_out_route_free(o, r);
			continue;
		}
		f->work = true;
		withdrawal = r->wfirst || !r->want;
		if (withdrawal && f->fresh && !r->sent) {
			bare = !is_ipv4_unicast(r->fam) && r->with;
			if (!bare && !unsent_withdrawal_dropped(o, r))
				continue;
		}
		withdrawal = r->wfirst || !r->want;
		/* ExaBGP sends a withdrawal's attributes with the MP families
		 * only: IPv4 unicast withdrawals have their own field */
		g = group_of(f, r->fam, withdrawal ? NULL : r->want,
			     withdrawal && !is_ipv4_unicast(r->fam) ? r->with : NULL, bare);
		if (!g) {
			adj_out_pend(o, r);
			f->failed = 1;
			continue;
		}
		r->next = NULL;
		*g->tail = r;
		g->tail = &r->next;
	}
	return f->failed ? -1 : 0;
}

/* --- packing ------------------------------------------------------------ */

/* Several NLRI in one UPDATE: ExaBGP's group-updates packs IPv4 unicast
 * and MCAST-VPN only, every other family one NLRI per message (its
 * outgoing RIB; the conf-new-v6 vector pins it), and luabgp sends the
 * same bytes. */
static bool packs(const struct adj_out *o, uint8_t fam)
{
	return o->group && (fam == WIRE_FAM_IPV4_UNICAST || fam == WIRE_FAM_IPV4_MCAST_VPN ||
			    fam == WIRE_FAM_IPV6_MCAST_VPN);
}

/* IPv4 unicast announcements go in the NLRI field with NEXT_HOP, unless
 * their next hop is carried in MP_REACH_NLRI (an IPv6 one, RFC 8950). */
static bool in_nlri_field(const struct group *g)
{
	return is_ipv4_unicast(g->fam) && g->a && g->a->nh_len == 0;
}

/* Octets one route takes in a message. */
static size_t route_size(const struct flush *f, const struct adj_out_route *r)
{
	bool addpath = f->ctx->addpath_tx & WIRE_FAM_BIT(r->fam);

	return r->len + (addpath ? 4 : 0);
}

static void put_route(struct flush *f, const struct adj_out_route *r)
{
	if (f->ctx->addpath_tx & WIRE_FAM_BIT(r->fam))
		wbuf_u32(&f->w, r->path_id);
	wbuf_put(&f->w, r->nlri, r->len);
}

/* The route reached the peer. */
static void commit(struct adj_out *o, struct adj_out_route *r)
{
	if (r->wfirst) {
		/* the withdrawal is out: the announcement follows */
		r->wfirst = 0;
		adj_out_drop_with(o, r);
		if (r->sent)
			attrset_unref(o->pool, r->sent);
		r->sent = NULL;
		adj_out_pend(o, r);
		return;
	}
	if (!r->want) {
		adj_out_route_free(o, r);
		return;
	}
	if (r->sent)
		attrset_unref(o->pool, r->sent);
	r->sent = attrset_ref(r->want);
	r->resend = 0;
}

/* A route that does not fit in an empty UPDATE (RELIABILITY.md §1.6: an
 * attribute set above 4096 octets to a peer without extended messages): it
 * is not sent, and a version the peer had is withdrawn. */
static void unsendable(struct flush *f, struct adj_out_route *r)
{
	struct adj_out *o = f->o;

	o->unsendable++;
	if (r->wfirst) {
		/* its withdrawal does not fit: the announcement replaces it */
		r->wfirst = 0;
		adj_out_drop_with(o, r);
		adj_out_pend(o, r);
		return;
	}
	if (r->want) {
		attrset_unref(o->pool, r->want);
		r->want = NULL;
	}
	if (r->sent) {
		r->forced = 1;
		adj_out_pend(o, r);
	} else {
		adj_out_route_free(o, r);
	}
}

/* Begin an UPDATE for group g.  *mp gets where the MP attribute starts (0:
 * none): the routes go into the withdrawn routes field (IPv4 unicast
 * withdrawals), the NLRI field (IPv4 unicast announcements) or the MP
 * attribute (every other family). */
static void begin(struct flush *f, const struct group *g, size_t *mp)
{
	const struct wire_family *fam = wire_family_by_index(g->fam);
	struct wbuf *w = &f->w;

	wbuf_reset(w);
	wire_header_write(w, WIRE_MSG_UPDATE, 0);
	*mp = 0;
	wbuf_u16(w, 0); /* withdrawn routes length */
	if (g->bare) {
		wbuf_u16(w, (uint16_t)g->with->len);
		wbuf_put(w, g->with->data, g->with->len);
		return;
	}
	if (is_ipv4_unicast(g->fam) && !g->a)
		return;
	wbuf_u16(w, 0); /* total path attribute length */
	if (g->a)
		wbuf_put(w, g->a->data, g->a->len);
	if (in_nlri_field(g))
		return;
	/* RFC 4760 §3 / §4; ExaBGP puts MP_* after the other attributes */
	*mp = wire_attr_begin(w, WIRE_ATTR_F_OPTIONAL,
			      g->a ? WIRE_ATTR_MP_REACH : WIRE_ATTR_MP_UNREACH);
	wbuf_u16(w, fam->afi);
	wbuf_u8(w, fam->safi);
	if (g->a) {
		wbuf_u8(w, g->a->nh_len);
		wbuf_put(w, g->a->nh, g->a->nh_len);
		wbuf_u8(w, 0); /* reserved */
	}
}

/* Close the fields begin() opened. */
static int finish(struct flush *f, const struct group *g, size_t mp)
{
	struct wbuf *w = &f->w;
	const size_t fields = WIRE_HEADER_LEN + 2; /* after the withdrawn length */

	if (g->bare) {
		/* begin() wrote it all */
	} else if (is_ipv4_unicast(g->fam) && !g->a) {
		wbuf_set_u16(w, WIRE_HEADER_LEN, (uint16_t)(w->len - fields));
		wbuf_u16(w, 0);
	} else if (in_nlri_field(g)) {
		wbuf_set_u16(w, fields, (uint16_t)g->a->len);
	} else {
		if (wire_attr_end(w, mp) < 0)
			return -1;
		/* a withdrawal's attributes follow MP_UNREACH_NLRI, as ExaBGP
		 * writes them (api-flow) */
		if (!g->a && g->with)
			wbuf_put(w, g->with->data, g->with->len);
		wbuf_set_u16(w, fields, (uint16_t)(w->len - fields - 2));
	}
	wbuf_set_u16(w, 16, (uint16_t)w->len);
	return w->failed ? -1 : 0;
}

/* Put every route of f->ready back on the pending list. */
static void requeue(struct adj_out *o, struct adj_out_route *r)
{
	while (r) {
		struct adj_out_route *next = r->next;

		adj_out_pend(o, r);
		r = next;
	}
}

/* Pack one group into UPDATEs. */
static int pack(struct flush *f, struct group *g)
{
	struct adj_out *o = f->o;

	while (g->head) {
		struct adj_out_route *in = NULL, **in_tail = &in;
		size_t mp, n = 0;

		if (f->budget == 0) {
			requeue(o, g->head);
			g->head = NULL;
			return 0;
		}
		begin(f, g, &mp);
		/* while packing, count the MP attribute with an extended
		 * length: the message may shrink by one octet at the end */
		while (g->head) {
			struct adj_out_route *r = g->head;
			size_t extra = is_ipv4_unicast(g->fam) && !g->a ? 2 : 0;

			if (!g->a && g->with)
				extra += g->with->len;

			if (f->w.len + route_size(f, r) + extra > f->max ||
			    (n > 0 && (!packs(o, g->fam) || g->bare)))
				break;
			if (!g->bare)
				put_route(f, r);
			g->head = r->next;
			r->next = NULL;
			*in_tail = r;
			in_tail = &r->next;
			n++;
		}
		if (n == 0) {
			struct adj_out_route *r = g->head;

			g->head = r->next;
			unsendable(f, r);
			continue;
		}
		if (finish(f, g, mp) < 0 || f->emit(f->arg, f->w.data, f->w.len) < 0) {
			requeue(o, in);
			requeue(o, g->head);
			g->head = NULL;
			return -1;
		}
		f->msgs++;
		if (f->budget != SIZE_MAX)
			f->budget = f->w.len >= f->budget ? 0 : f->budget - f->w.len;
		while (in) {
			struct adj_out_route *next = in->next;

			commit(o, in);
			in = next;
		}
	}
	return 0;
}

int adj_out_flush(struct adj_out *o, const struct wire_ctx *ctx,
		  size_t max_bytes, adj_out_emit_fn emit, void *arg)
{
	struct flush f = {
		.o = o, .ctx = ctx, .emit = emit, .arg = arg,
		.max = ctx->ext_msg ? WIRE_MAX_EXT_MSG : WIRE_MAX_MSG,
		.budget = max_bytes ? max_bytes : SIZE_MAX,
		.window = max_bytes ? ADJ_OUT_WINDOW : SIZE_MAX,
		.fresh = o->fresh,
	};
	int rc = 0;

	wbuf_init(&f.w, 0);
	htab_init(&f.groups);
	if (bucket(&f) < 0)
		rc = -1;
	/* withdrawals first (RFC 4271 §9.2 lets either order; BIRD's) */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < f.ngroups; i++) {
			struct group *g = f.order[i];

			if ((pass == 0) != (g->a == NULL))
				continue;
			if (rc < 0)
				requeue(o, g->head);
			else if (pack(&f, g) < 0)
				rc = -1;
		}
	}
	if (f.rest) {
		*o->tail = f.rest;
		o->tail = f.rest_tail;
		o->npending += f.rest_n;
	} else if (f.work) {
		o->fresh = false;
	}
	for (size_t i = 0; i < f.ngroups; i++)
		free(f.order[i]);
	free(f.order);
	htab_fini(&f.groups);
	wbuf_fini(&f.w);
	return rc < 0 ? -1 : f.msgs;
}

int adj_out_eor(const struct wire_family *f, adj_out_emit_fn emit, void *arg)
{
	uint8_t buf[32];
	struct wbuf w;

	wbuf_init_fixed(&w, buf, sizeof(buf));
	if (f->fam == WIRE_FAM_IPV4_UNICAST) {
		/* RFC 4724 §2: an UPDATE with nothing in it */
		wire_header_write(&w, WIRE_MSG_UPDATE, 23);
		wbuf_u16(&w, 0), wbuf_u16(&w, 0);
	} else {
		/* an MP_UNREACH_NLRI with the family alone; ExaBGP writes it
		 * with the extended-length flag, and the encoding vectors pin
		 * those bytes */
		wire_header_write(&w, WIRE_MSG_UPDATE, 30);
		wbuf_u16(&w, 0), wbuf_u16(&w, 7);
		wbuf_u8(&w, WIRE_ATTR_F_OPTIONAL | WIRE_ATTR_F_EXTLEN);
		wbuf_u8(&w, WIRE_ATTR_MP_UNREACH);
		wbuf_u16(&w, 3), wbuf_u16(&w, f->afi), wbuf_u8(&w, f->safi);
	}
	return emit(arg, w.data, w.len);
}
