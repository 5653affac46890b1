/* The capability table.
 *
 * ExaBGP keeps the capabilities of an OPEN in a dict keyed by code: a code
 * seen twice is printed once, at its first place; family lists grow,
 * family-keyed values are updated in place, and single values are the last
 * copy's.  The walkers below read every copy of their code again through
 * wire_cap_iter and reproduce that merge.
 */
#include <stdio.h>
#include <string.h>

#include "base/hex.h"
#include "wire/capability.h"
#include "wire/common.h"
#include "wire/msg_family.h"

#define CAP_MAX_ENTRIES 1024     /* 4-octet entries in a 4096-octet OPEN */

static const char *const role_names[CAP_ROLES] = {
	"provider", "rs", "rs-client", "customer", "peer",
};

static const char *const addpath_names[] = {
	"disabled", "receive", "send", "send/receive", /* RFC 7911 §4 */
};

const char *cap_role_name(uint8_t role)
{
	return role < CAP_ROLES ? role_names[role] : "unassigned";
}

/* --- merging copies ------------------------------------------------------ */

/* A family-keyed entry of a multi-family capability. */
struct fam_entry {
	uint16_t afi;
	uint8_t safi;
	uint16_t aux;     /* next-hop AFI (RFC 8950) */
	uint32_t v;       /* flags, send/receive, limit */
};

struct fam_map {
	struct fam_entry e[CAP_MAX_ENTRIES];
	size_t n;
};

/* What a walker sees: the OPEN, its code, the last copy of it and the
 * merged family entries (for the rows that have a gather function). */
struct cap_view {
	const struct wire_open *o;
	uint8_t code;
	struct wire_cap last;
	struct fam_map fams;
};

struct cap_desc {
	uint8_t code;
	uint8_t alt;          /* ExaBGP's second code for the same class, or 0 */
	int16_t len;          /* exact value length, -1: any or len_ok() */
	bool (*len_ok)(const uint8_t *v, size_t n);
	const char *name;     /* the "name" member, NULL when ExaBGP prints none */
	const char *str;      /* ExaBGP's fixed str(), NULL when text() composes it */
	/* add the entries of one copy to the map */
	void (*gather)(struct fam_map *m, const struct wire_cap *c);
	void (*json)(struct sink *s, const struct cap_view *x);
	void (*text)(struct wbuf *w, const struct cap_view *x);
	/* write the value from an object of the json() shape; NULL: empty */
	int (*value)(struct wbuf *w, const struct val *cap, struct lb_err *err);
	/* write whole <code, length, value> triples (several per object) */
	int (*tlvs)(struct wbuf *w, const struct val *cap, struct lb_err *err);
};

/* Add or update an entry: the first place of a key is kept; `replace` says
 * whether a later copy's value wins. */
static void fam_put(struct fam_map *m, const struct fam_entry *e, bool replace)
{
	for (size_t i = 0; i < m->n; i++) {
		if (m->e[i].afi == e->afi && m->e[i].safi == e->safi &&
		    m->e[i].aux == e->aux) {
			if (replace)
				m->e[i].v = e->v;
			return;
		}
	}
	if (m->n < CAP_MAX_ENTRIES)
		m->e[m->n++] = *e;
}

static void gather_nexthop(struct fam_map *m, const struct wire_cap *c)
{
	struct fam_entry e = { 0 };

	for (size_t i = 0; i + 6 <= c->len; i += 6) {
		e.afi = get_u16(c->val + i);
		e.safi = c->val[i + 3]; /* RFC 8950 §3: the low octet of the SAFI */
		e.aux = get_u16(c->val + i + 4);
		fam_put(m, &e, false);
	}
}

static void gather_graceful(struct fam_map *m, const struct wire_cap *c)
{
	struct fam_entry e = { 0 };

	for (size_t i = 2; i + 4 <= c->len; i += 4) {
		e.afi = get_u16(c->val + i);
		e.safi = c->val[i + 2];
		e.v = c->val[i + 3] & 0x80; /* RFC 4724 §3: Forwarding State */
		fam_put(m, &e, true);
	}
}

/* RFC 7911 §4: a Send/Receive value other than 1, 2 or 3 makes the copy
 * "not understood and ignored" (ExaBGP also names 0, "disabled"). */
static void gather_addpath(struct fam_map *m, const struct wire_cap *c)
{
	struct fam_entry e = { 0 };

	for (size_t i = 0; i + 4 <= c->len; i += 4)
		if (c->val[i + 3] > 3)
			return;
	for (size_t i = 0; i + 4 <= c->len; i += 4) {
		e.afi = get_u16(c->val + i);
		e.safi = c->val[i + 2];
		e.v = c->val[i + 3];
		fam_put(m, &e, true);
	}
}

static void gather_paths_limit(struct fam_map *m, const struct wire_cap *c)
{
	struct fam_entry e = { 0 };

	for (size_t i = 0; i + 5 <= c->len; i += 5) {
		e.afi = get_u16(c->val + i);
		e.safi = c->val[i + 2];
		e.v = get_u16(c->val + i + 3);
		if (e.v) /* a limit of 0 is no limit */
			fam_put(m, &e, false);
	}
}

/* --- lengths ------------------------------------------------------------- */

static bool len_nexthop(const uint8_t *v, size_t n)
{
	(void)v;
	return n % 6 == 0;
}

static bool len_graceful(const uint8_t *v, size_t n)
{
	(void)v;
	return n >= 2 && (n - 2) % 4 == 0;
}

static bool len_addpath(const uint8_t *v, size_t n)
{
	(void)v;
	return n % 4 == 0;
}

static bool len_paths_limit(const uint8_t *v, size_t n)
{
	(void)v;
	return n % 5 == 0;
}

/* host length, host, domain length, domain; ExaBGP itself sends an empty
 * value when it has no host name */
static bool len_hostname(const uint8_t *v, size_t n)
{
	size_t h;

	if (n == 0)
		return true;
	h = v[0];
	return 1 + h + 1 <= n && 1 + h + 1 + v[1 + h] == n;
}

static bool len_software(const uint8_t *v, size_t n)
{
	return n >= 1 && 1 + (size_t)v[0] == n;
}

/* --- JSON ---------------------------------------------------------------- */

static void key_family(struct sink *s, uint16_t afi, uint8_t safi)
{
	struct wbuf *w = sink_text(s);

	msg_family_text(w, afi, safi, '/');
	sink_keyn(s, (const char *)w->data, w->len);
}

static void json_mp(struct sink *s, const struct cap_view *x)
{
	struct wire_cap_iter it;
	struct wire_cap c;

	sink_kstr(s, "name", "multiprotocol");
	sink_key(s, "families");
	sink_arr(s);
	wire_cap_iter_init(&it, x->o);
	while (wire_cap_iter_next(&it, &c) > 0) {
		if (c.code != CAP_MP)
			continue;
		msg_family_text(sink_text(s), get_u16(c.val), c.val[3], '/');
		sink_text_end(s);
	}
	sink_arr_end(s);
}

/* ExaBGP registers one class for codes 2 and 128 (and for 68 and 131) and
 * sets its ID to the code last read: every copy shows that variant. */
static void json_variant(struct sink *s, const struct cap_view *x)
{
	bool rfc = x->last.code == CAP_REFRESH || x->last.code == CAP_MULTISESSION;

	sink_kstr(s, "name", x->code == CAP_REFRESH || x->code == CAP_REFRESH_CISCO
				     ? "route-refresh" : "multisession");
	sink_kstr(s, "variant", rfc ? "RFC" : "Cisco");
	if (x->code == CAP_MULTISESSION || x->code == CAP_MULTISESSION_CISCO) {
		/* ExaBGP does not read the grouped capability codes */
		sink_key(s, "capabilities");
		sink_arr(s);
		sink_arr_end(s);
	}
}

static void json_nexthop(struct sink *s, const struct cap_view *x)
{
	sink_kstr(s, "name", "nexthop");
	sink_key(s, "conversion");
	sink_arr(s);
	for (size_t i = 0; i < x->fams.n; i++) {
		const struct fam_entry *e = &x->fams.e[i];
		struct wbuf *w = sink_text(s);

		msg_family_text(w, e->afi, e->safi, '/');
		wbuf_u8(w, '/');
		msg_afi_text(w, e->aux);
		sink_text_end(s);
	}
	sink_arr_end(s);
}

static void json_extended(struct sink *s, const struct cap_view *x)
{
	(void)x;
	sink_kstr(s, "name", "extended-message");
	sink_kuint(s, "size", WIRE_MAX_EXT_MSG);
}

static void json_role(struct sink *s, const struct cap_view *x)
{
	sink_kstr(s, "name", "role");
	sink_kstr(s, "role", cap_role_name(x->last.val[0]));
}

static void json_graceful(struct sink *s, const struct cap_view *x)
{
	uint16_t rt = get_u16(x->last.val);

	sink_kstr(s, "name", "graceful restart");
	sink_kuint(s, "time", rt & 0x0fff);
	sink_key(s, "address-family-flags");
	sink_obj(s);
	for (size_t i = 0; i < x->fams.n; i++) {
		key_family(s, x->fams.e[i].afi, x->fams.e[i].safi);
		sink_arr(s);
		/* ExaBGP prints the F bit as "restart" */
		if (x->fams.e[i].v & 0x80)
			sink_str(s, "restart");
		sink_arr_end(s);
	}
	sink_obj_end(s);
	sink_key(s, "restart-flags");
	sink_arr(s);
	/* ... and the R bit (RFC 4724 §3) as "forwarding" */
	if ((rt >> 12) & 0x8)
		sink_str(s, "forwarding");
	sink_arr_end(s);
}

static void json_asn4(struct sink *s, const struct cap_view *x)
{
	sink_kstr(s, "name", "asn4");
	sink_kuint(s, "asn4", get_u32(x->last.val));
}

static void json_fam_values(struct sink *s, const struct cap_view *x)
{
	sink_kstr(s, "name", x->code == CAP_ADDPATH ? "addpath" : "paths-limit");
	for (size_t i = 0; i < x->fams.n; i++) {
		key_family(s, x->fams.e[i].afi, x->fams.e[i].safi);
		if (x->code == CAP_ADDPATH)
			sink_str(s, addpath_names[x->fams.e[i].v & 3]);
		else
			sink_uint(s, x->fams.e[i].v);
	}
}

static void json_hostname(struct sink *s, const struct cap_view *x)
{
	const uint8_t *v = x->last.val;
	bool some = x->last.len != 0;

	sink_key(s, "host-name");
	sink_strn(s, (const char *)v + 1, some ? v[0] : 0);
	sink_key(s, "domain-name");
	sink_strn(s, (const char *)(some ? v + 2 + v[0] : v), some ? v[1 + v[0]] : 0);
}

static void json_software(struct sink *s, const struct cap_view *x)
{
	sink_key(s, "software");
	sink_strn(s, (const char *)x->last.val + 1, x->last.val[0]);
}

static const char *iana_range(uint8_t code)
{
	if (code >= 128)
		return "reserved";
	if (code >= 70)
		return "unassigned";
	return "unknown";
}

static void json_unknown(struct sink *s, const struct cap_view *x)
{
	sink_kstr(s, "name", "unknown");
	sink_kstr(s, "iana", iana_range(x->code));
	sink_kuint(s, "value", x->code);
	sink_key(s, "raw");
	wbuf_hex(sink_text(s), x->last.val, x->last.len, 1);
	sink_text_end(s);
}

/* --- text: ExaBGP's str() of each capability ---------------------------- */

static void text_mp(struct wbuf *w, const struct cap_view *x)
{
	struct wire_cap_iter it;
	struct wire_cap c;
	bool first = true;

	wbuf_str(w, "Multiprotocol(");
	wire_cap_iter_init(&it, x->o);
	while (wire_cap_iter_next(&it, &c) > 0) {
		if (c.code != CAP_MP)
			continue;
		if (!first)
			wbuf_u8(w, ',');
		first = false;
		msg_family_text(w, get_u16(c.val), c.val[3], ' ');
	}
	wbuf_u8(w, ')');
}

static void text_variant(struct wbuf *w, const struct cap_view *x)
{
	if (x->code == CAP_REFRESH || x->code == CAP_REFRESH_CISCO)
		wbuf_str(w, x->last.code == CAP_REFRESH ? "Route Refresh"
							: "Cisco Route Refresh");
	else
		wbuf_str(w, x->last.code == CAP_MULTISESSION ? "Multisession (RFC) "
							     : "Multisession ");
}

static void text_fams(struct wbuf *w, const struct cap_view *x)
{
	static const char *const open[] = {
		[CAP_NEXTHOP] = "NextHop(", [CAP_ADDPATH] = "AddPath(",
		[CAP_PATHS_LIMIT] = "PathsLimit(",
	};

	wbuf_str(w, open[x->code]);
	for (size_t i = 0; i < x->fams.n; i++) {
		const struct fam_entry *e = &x->fams.e[i];

		if (i)
			wbuf_str(w, x->code == CAP_PATHS_LIMIT ? ", " : ",");
		if (x->code == CAP_ADDPATH)
			wbuf_printf(w, "%s ", addpath_names[e->v & 3]);
		msg_family_text(w, e->afi, e->safi, ' ');
		if (x->code == CAP_NEXTHOP) {
			wbuf_u8(w, ' ');
			msg_afi_text(w, e->aux);
		}
		if (x->code == CAP_PATHS_LIMIT)
			wbuf_printf(w, " %u", e->v);
	}
	wbuf_u8(w, ')');
}

static void text_extended(struct wbuf *w, const struct cap_view *x)
{
	(void)x;
	wbuf_printf(w, "Extended Message(%u)", WIRE_MAX_EXT_MSG);
}

static void text_role(struct wbuf *w, const struct cap_view *x)
{
	wbuf_printf(w, "Role(%s)", cap_role_name(x->last.val[0]));
}

static void text_graceful(struct wbuf *w, const struct cap_view *x)
{
	wbuf_printf(w, "Graceful Restart Flags 0x%x Time %u ", x->last.val[0] >> 4,
		    get_u16(x->last.val) & 0x0fff);
	for (size_t i = 0; i < x->fams.n; i++) {
		if (i)
			wbuf_u8(w, ' ');
		msg_family_text(w, x->fams.e[i].afi, x->fams.e[i].safi, '/');
		wbuf_printf(w, "=0x%x", x->fams.e[i].v);
	}
}

static void text_asn4(struct wbuf *w, const struct cap_view *x)
{
	wbuf_printf(w, "ASN4(%u)", get_u32(x->last.val));
}

static void text_hostname(struct wbuf *w, const struct cap_view *x)
{
	const uint8_t *v = x->last.val;

	wbuf_str(w, "Hostname(");
	if (x->last.len) {
		msg_text_put(w, v + 1, v[0]);
		wbuf_u8(w, ' ');
		msg_text_put(w, v + 2 + v[0], v[1 + v[0]]);
	} else {
		wbuf_u8(w, ' ');
	}
	wbuf_u8(w, ')');
}

static void text_software(struct wbuf *w, const struct cap_view *x)
{
	wbuf_str(w, "Software(");
	msg_text_put(w, x->last.val + 1, x->last.val[0]);
	wbuf_u8(w, ')');
}

/* "Unknown outbound-route-filtering", "Unassigned unknown capability 0x47" */
static void text_unknown(struct wbuf *w, const struct cap_view *x)
{
	static const char *const named[256] = {
		[0] = "reserved", [3] = "outbound-route-filtering",
		[4] = "multiple-routes", [67] = "dynamic-capability",
	};
	const char *range = iana_range(x->code);

	if (strcmp(range, "reserved") == 0)
		wbuf_str(w, "Reserved ");
	else if (strcmp(range, "unassigned") == 0)
		wbuf_str(w, "Unassigned ");
	else
		wbuf_str(w, "Unknown ");
	if (named[x->code])
		wbuf_str(w, named[x->code]);
	else
		wbuf_printf(w, "unknown capability 0x%x", x->code);
}

/* --- encoding ------------------------------------------------------------ */

static int bad(struct lb_err *err, const char *what)
{
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "open: capability: %s", what);
}

static int fam_of(const char *p, size_t n, uint16_t *afi, uint8_t *safi,
		  struct lb_err *err)
{
	if (!p || msg_family_parse(p, n, '/', afi, safi) < 0)
		return bad(err, "bad family");
	return 0;
}

static size_t tlv_open(struct wbuf *w, uint8_t code)
{
	size_t mark = w->len;

	wbuf_u8(w, code);
	wbuf_u8(w, 0);
	return mark;
}

static int tlv_close(struct wbuf *w, size_t mark, struct lb_err *err)
{
	size_t n = w->len - mark - 2;

	if (n > 255)
		return bad(err, "value longer than 255 octets");
	wbuf_set_u8(w, mark + 1, (uint8_t)n);
	return 0;
}

/* RFC 4760 §8: one capability per family, as ExaBGP sends them */
static int enc_mp(struct wbuf *w, const struct val *cap, struct lb_err *err)
{
	const struct val *f;
	const char *p;
	size_t n, mark;
	uint16_t afi;
	uint8_t safi;

	if (msg_kids(val_get(cap, "families"), VAL_ARR, &f) < 0)
		return bad(err, "families is not a list");
	for (; f; f = f->next) {
		if (val_as_str(f, &p, &n) < 0)
			p = NULL;
		if (fam_of(p, n, &afi, &safi, err) < 0)
			return -1;
		mark = tlv_open(w, CAP_MP);
		wbuf_u16(w, afi);
		wbuf_u8(w, 0);
		wbuf_u8(w, safi);
		tlv_close(w, mark, err);
	}
	return 0;
}

static int enc_nexthop(struct wbuf *w, const struct val *cap, struct lb_err *err)
{
	const struct val *c;
	const char *p, *cut;
	size_t n;
	uint16_t afi, nh;
	uint8_t safi;

	if (msg_kids(val_get(cap, "conversion"), VAL_ARR, &c) < 0)
		return bad(err, "conversion is not a list");
	for (; c; c = c->next) {
		if (val_as_str(c, &p, &n) < 0 ||
		    !(cut = memchr(p, '/', n)) ||
		    !(cut = memchr(cut + 1, '/', n - (size_t)(cut + 1 - p))) ||
		    msg_afi_parse(cut + 1, n - (size_t)(cut + 1 - p), &nh) < 0 ||
		    fam_of(p, (size_t)(cut - p), &afi, &safi, err) < 0)
			return bad(err, "bad conversion");
		wbuf_u16(w, afi);
		wbuf_u8(w, 0); /* RFC 8950 §3: the SAFI is two octets */
		wbuf_u8(w, safi);
		wbuf_u16(w, nh);
	}
	return 0;
}

static int enc_role(struct wbuf *w, const struct val *cap, struct lb_err *err)
{
	for (unsigned k = 0; k < CAP_ROLES; k++) {
		if (val_is_str(val_get(cap, "role"), role_names[k])) {
			wbuf_u8(w, (uint8_t)k);
			return 0;
		}
	}
	return bad(err, "unknown role");
}

static bool arr_has(const struct val *arr, const char *s)
{
	const struct val *c;

	if (msg_kids(arr, VAL_ARR, &c) < 0)
		return false;
	for (; c; c = c->next)
		if (val_is_str(c, s))
			return true;
	return false;
}

static int enc_graceful(struct wbuf *w, const struct val *cap, struct lb_err *err)
{
	const struct val *f;
	uint64_t t;
	uint16_t afi;
	uint8_t safi;

	if (msg_get_uint(cap, "time", 0x0fff, &t) < 0)
		return bad(err, "bad graceful restart time");
	if (arr_has(val_get(cap, "restart-flags"), "forwarding"))
		t |= 0x8000;
	if (msg_kids(val_get(cap, "address-family-flags"), VAL_OBJ, &f) < 0)
		return bad(err, "address-family-flags is not an object");
	wbuf_u16(w, (uint16_t)t);
	for (; f; f = f->next) {
		if (fam_of(f->key, f->klen, &afi, &safi, err) < 0)
			return -1;
		wbuf_u16(w, afi);
		wbuf_u8(w, safi);
		wbuf_u8(w, arr_has(f, "restart") ? 0x80 : 0);
	}
	return 0;
}

static int enc_asn4(struct wbuf *w, const struct val *cap, struct lb_err *err)
{
	uint64_t u;

	if (msg_get_uint(cap, "asn4", 0xffffffffu, &u) < 0)
		return bad(err, "bad asn4");
	wbuf_u32(w, (uint32_t)u);
	return 0;
}

static int enc_multisession(struct wbuf *w, const struct val *cap,
			    struct lb_err *err)
{
	(void)cap;
	(void)err;
	wbuf_u8(w, 0); /* ExaBGP's first octet; it shows no grouped codes */
	return 0;
}

/* The family-keyed members of addpath and paths-limit objects. */
static int enc_fam_members(struct wbuf *w, const struct val *cap, bool limits,
			   struct lb_err *err)
{
	const struct val *f;
	uint16_t afi;
	uint8_t safi;
	uint64_t u;

	msg_kids(cap, VAL_OBJ, &f); /* cap_encode_one() checked the type */
	for (; f; f = f->next) {
		unsigned sr = 4;

		if (f->key && wire_streq(f->key, f->klen, "name"))
			continue;
		if (fam_of(f->key, f->klen, &afi, &safi, err) < 0)
			return -1;
		wbuf_u16(w, afi);
		wbuf_u8(w, safi);
		if (limits) {
			if (val_as_u64(f, &u) < 0 || u > 0xffff)
				return bad(err, "bad paths limit");
			wbuf_u16(w, (uint16_t)u);
			continue;
		}
		for (unsigned k = 0; k < 4; k++)
			if (val_is_str(f, addpath_names[k]))
				sr = k;
		if (sr > 3)
			return bad(err, "bad add-path send/receive");
		wbuf_u8(w, (uint8_t)sr);
	}
	return 0;
}

static int enc_addpath(struct wbuf *w, const struct val *cap, struct lb_err *err)
{
	return enc_fam_members(w, cap, false, err);
}

static int enc_paths_limit(struct wbuf *w, const struct val *cap,
			   struct lb_err *err)
{
	return enc_fam_members(w, cap, true, err);
}

static int enc_lenstr(struct wbuf *w, const struct val *cap, const char *key,
		      struct lb_err *err)
{
	const char *p = "";
	size_t n = 0;

	if (val_get(cap, key) && msg_get_str(cap, key, &p, &n) < 0)
		return bad(err, "not a string");
	if (n > 255)
		return bad(err, "text longer than 255 octets");
	wbuf_u8(w, (uint8_t)n);
	wbuf_put(w, p, n);
	return 0;
}

static int enc_hostname(struct wbuf *w, const struct val *cap, struct lb_err *err)
{
	if (enc_lenstr(w, cap, "host-name", err) < 0)
		return -1;
	return enc_lenstr(w, cap, "domain-name", err);
}

static int enc_software(struct wbuf *w, const struct val *cap, struct lb_err *err)
{
	return enc_lenstr(w, cap, "software", err);
}

static int enc_unknown(struct wbuf *w, const struct val *cap, struct lb_err *err)
{
	const char *p;
	size_t n, bad_at;

	if (msg_get_str(cap, "raw", &p, &n) < 0 || hex_decode(p, n, w, &bad_at) < 0)
		return bad(err, "bad raw value");
	return 0;
}

/* --- the table ------------------------------------------------------------ */

static const struct cap_desc cap_table[] = {
	{ .code = CAP_MP, .len = 4, .json = json_mp, .text = text_mp, .tlvs = enc_mp },
	{ .code = CAP_REFRESH, .alt = CAP_REFRESH_CISCO, .len = 0,
	  .json = json_variant, .text = text_variant },
	{ .code = CAP_NEXTHOP, .len = -1, .len_ok = len_nexthop,
	  .gather = gather_nexthop, .json = json_nexthop, .text = text_fams,
	  .value = enc_nexthop },
	{ .code = CAP_EXT_MSG, .len = 0, .json = json_extended, .text = text_extended },
	{ .code = CAP_ROLE, .len = 1, .json = json_role, .text = text_role,
	  .value = enc_role },
	{ .code = CAP_GRACEFUL, .len = -1, .len_ok = len_graceful,
	  .gather = gather_graceful, .json = json_graceful, .text = text_graceful,
	  .value = enc_graceful },
	{ .code = CAP_ASN4, .len = 4, .json = json_asn4, .text = text_asn4,
	  .value = enc_asn4 },
	{ .code = CAP_MULTISESSION, .alt = CAP_MULTISESSION_CISCO, .len = -1,
	  .json = json_variant, .text = text_variant, .value = enc_multisession },
	{ .code = CAP_ADDPATH, .len = -1, .len_ok = len_addpath,
	  .gather = gather_addpath, .json = json_fam_values, .text = text_fams,
	  .value = enc_addpath },
	{ .code = CAP_ENHANCED_REFRESH, .len = 0, .name = "enhanced-route-refresh",
	  .str = "Enhanced Route Refresh" },
	{ .code = CAP_HOSTNAME, .len = -1, .len_ok = len_hostname,
	  .json = json_hostname, .text = text_hostname, .value = enc_hostname },
	{ .code = CAP_SOFTWARE, .len = -1, .len_ok = len_software,
	  .json = json_software, .text = text_software, .value = enc_software },
	{ .code = CAP_PATHS_LIMIT, .len = -1, .len_ok = len_paths_limit,
	  .gather = gather_paths_limit, .json = json_fam_values, .text = text_fams,
	  .value = enc_paths_limit },
	{ .code = CAP_LINK_LOCAL, .len = 0, .name = "link-local-nexthop",
	  .str = "Link-Local NextHop" },
	{ .code = CAP_REFRESH_CISCO, .alt = CAP_REFRESH, .len = 0,
	  .json = json_variant, .text = text_variant },
	{ .code = CAP_MULTISESSION_CISCO, .alt = CAP_MULTISESSION, .len = -1,
	  .json = json_variant, .text = text_variant, .value = enc_multisession },
	{ .code = CAP_OPERATIONAL, .len = -1, .name = "operational",
	  .str = "Operational" },
};

/* RFC 5492 §4: a capability nobody here knows is kept as it came */
static const struct cap_desc unknown_cap = {
	.len = -1, .json = json_unknown, .text = text_unknown, .value = enc_unknown,
};

static const struct cap_desc *desc_of(uint8_t code)
{
	for (size_t i = 0; i < sizeof(cap_table) / sizeof(cap_table[0]); i++)
		if (cap_table[i].code == code)
			return &cap_table[i];
	return &unknown_cap;
}

int cap_check(const struct wire_cap *c, struct lb_err *err)
{
	const struct cap_desc *d = desc_of(c->code);

	if ((d->len >= 0 && c->len != d->len) ||
	    (d->len_ok && !d->len_ok(c->val, c->len)))
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_OPEN, 0, c->offset,
				  "malformed OPEN: capability %u has a bad length %u",
				  c->code, c->len);
	if (c->code == CAP_ROLE && c->val[0] >= CAP_ROLES)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_OPEN, 11, c->offset + 2,
				  "BGP Role %u is not assigned", c->val[0]);
	return 0;
}

/* What a walker works with: the last copy (of either code of the class)
 * and the merged families. */
static void view_init(struct cap_view *x, const struct cap_desc *d,
		      const struct wire_open *o, uint8_t code)
{
	static const uint8_t none[8]; /* a code the caller did not see */
	struct wire_cap_iter it;
	struct wire_cap c;

	x->o = o;
	x->code = code;
	x->last = (struct wire_cap){ .code = code, .val = none };
	x->fams.n = 0;
	wire_cap_iter_init(&it, o);
	while (wire_cap_iter_next(&it, &c) > 0) {
		if (c.code != code && (!d->alt || c.code != d->alt))
			continue;
		x->last = c;
		if (d->gather && c.code == code)
			d->gather(&x->fams, &c);
	}
}

void cap_json(struct sink *s, const struct wire_open *o, uint8_t code)
{
	const struct cap_desc *d = desc_of(code);
	struct cap_view x;

	view_init(&x, d, o, code);
	sink_obj(s);
	if (d->json)
		d->json(s, &x);
	else
		sink_kstr(s, "name", d->name);
	sink_obj_end(s);
}

void cap_text(struct wbuf *w, const struct wire_open *o, uint8_t code)
{
	const struct cap_desc *d = desc_of(code);
	struct cap_view x;

	view_init(&x, d, o, code);
	if (d->text)
		d->text(w, &x);
	else
		wbuf_str(w, d->str);
}

static int cap_encode_one(struct wbuf *tlvs, uint8_t code, const struct val *cap,
			  struct lb_err *err)
{
	const struct cap_desc *d = desc_of(code);
	size_t mark;

	if (!cap || cap->type != VAL_OBJ)
		return bad(err, "not an object");
	if (d->tlvs)
		return d->tlvs(tlvs, cap, err);
	mark = tlv_open(tlvs, code);
	if (d->value && d->value(tlvs, cap, err) < 0)
		return -1;
	return tlv_close(tlvs, mark, err);
}

/* json_variant() shows the variant of the code of its class read last.  A
 * message that repeated the other code after both had appeared (2, 128, 2)
 * is written back with that code repeated at the end, so that it is read
 * last again: the object keeps its member order and its variant. */
static int repeat_variant(struct wbuf *tlvs, const struct val *caps,
			  uint8_t rfc, uint8_t cisco, int last, struct lb_err *err)
{
	const struct val *a = NULL, *b = NULL, *v;
	char key[4];
	uint8_t want;

	msg_kids(caps, VAL_OBJ, &v); /* cap_encode() checked the type */
	for (; v; v = v->next) {
		snprintf(key, sizeof(key), "%u", rfc);
		if (v->key && wire_streq(v->key, v->klen, key))
			a = v;
		snprintf(key, sizeof(key), "%u", cisco);
		if (v->key && wire_streq(v->key, v->klen, key))
			b = v;
	}
	if (!a || !b)
		return 0;
	want = val_is_str(val_get(a, "variant"), "RFC") ? rfc : cisco;
	if (last == want)
		return 0;
	return cap_encode_one(tlvs, want, want == rfc ? a : b, err);
}

int cap_encode(struct wbuf *tlvs, const struct val *caps, struct lb_err *err)
{
	int last_refresh = -1, last_session = -1;
	const struct val *cap;
	uint64_t code;

	if (msg_kids(caps, VAL_OBJ, &cap) < 0)
		return bad(err, "capabilities is not an object");
	for (; cap; cap = cap->next) {
		if (!cap->key || wire_parse_uint(cap->key, cap->klen, 255, &code) < 0)
			return bad(err, "the key is not a capability code");
		if (cap_encode_one(tlvs, (uint8_t)code, cap, err) < 0)
			return -1;
		if (code == CAP_REFRESH || code == CAP_REFRESH_CISCO)
			last_refresh = (int)code;
		if (code == CAP_MULTISESSION || code == CAP_MULTISESSION_CISCO)
			last_session = (int)code;
	}
	if (repeat_variant(tlvs, caps, CAP_REFRESH, CAP_REFRESH_CISCO,
			   last_refresh, err) < 0)
		return -1;
	return repeat_variant(tlvs, caps, CAP_MULTISESSION, CAP_MULTISESSION_CISCO,
			      last_session, err);
}
