/* OPEN (RFC 4271 §4.2) and its capabilities (RFC 5492), with the RFC 9072
 * extended optional parameters.
 *
 * wire_open_decode() checks everything once; the walkers then read the
 * capabilities again through wire_cap_iter, which cannot fail on a checked
 * message.  ExaBGP keeps capabilities in a dict keyed by code: a code seen
 * twice is printed once, at its first place, with the copies merged the way
 * ExaBGP merges them (families added, single values replaced by the last
 * copy).  The walkers reproduce that.
 */
#include <stdio.h>
#include <string.h>

#include "base/hex.h"
#include "wire/common.h"
#include "wire/message.h"
#include "wire/msg_family.h"

#define OPEN_MIN_LEN 29          /* header + the fixed fields + Opt Parm Len */
#define OPT_CAPABILITIES 2       /* RFC 5492 §4 */
#define OPT_EXTENDED 255         /* RFC 9072 §2 */
#define AS_TRANS 23456           /* RFC 6793 §9 */
#define CAP_MAX_ENTRIES 1024     /* 4-octet entries in a 4096-octet OPEN */

enum {
	CAP_MP = 1,
	CAP_REFRESH = 2,
	CAP_NEXTHOP = 5,
	CAP_EXT_MSG = 6,
	CAP_ROLE = 9,
	CAP_GRACEFUL = 64,
	CAP_ASN4 = 65,
	CAP_MULTISESSION = 68,
	CAP_ADDPATH = 69,
	CAP_ENHANCED_REFRESH = 70,
	CAP_HOSTNAME = 73,
	CAP_SOFTWARE = 75,
	CAP_PATHS_LIMIT = 76,
	CAP_LINK_LOCAL = 77,
	CAP_REFRESH_CISCO = 128,
	CAP_MULTISESSION_CISCO = 131,
	CAP_OPERATIONAL = 185,
};

static const char *const role_names[] = {
	"provider", "rs", "rs-client", "customer", "peer", /* RFC 9234 §4.1 */
};

static const char *const addpath_names[] = {
	"disabled", "receive", "send", "send/receive", /* RFC 7911 §4 */
};

/* --- decoding ------------------------------------------------------------ */

static int malformed(struct lb_err *err, size_t off, const char *what)
{
	return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_OPEN, 0, off,
			  "malformed OPEN: %s", what);
}

/* The value of a draft-walton FQDN capability: host length, host, domain
 * length, domain.  ExaBGP itself sends an empty value when it has no host
 * name, so that is accepted. */
static bool hostname_ok(const uint8_t *v, size_t n)
{
	size_t h;

	if (n == 0)
		return true;
	h = v[0];
	return 1 + h + 1 <= n && 1 + h + 1 + v[1 + h] == n;
}

/* RFC 7911 §4: any Send/Receive value but 1, 2 or 3 makes the capability
 * "not understood and ignored" (ExaBGP also names 0). */
static bool addpath_understood(const struct wire_cap *c)
{
	for (size_t i = 0; i + 4 <= c->len; i += 4)
		if (c->val[i + 3] > 3)
			return false;
	return true;
}

/* Capability lengths, RELIABILITY §1.2: a length its RFC does not allow is
 * a malformed OPEN (2/0); nothing is read past the value. */
static int cap_check(const struct wire_cap *c, struct lb_err *err)
{
	size_t n = c->len;
	bool ok = true;

	switch (c->code) {
	case CAP_MP:
	case CAP_ASN4:
		ok = n == 4;
		break;
	case CAP_REFRESH:
	case CAP_REFRESH_CISCO:
	case CAP_EXT_MSG:
	case CAP_ENHANCED_REFRESH:
	case CAP_LINK_LOCAL:
		ok = n == 0;
		break;
	case CAP_NEXTHOP:
		ok = n % 6 == 0; /* RFC 8950 §3 */
		break;
	case CAP_ROLE:
		if (n != 1)
			return malformed(err, c->offset, "BGP Role capability length is not 1");
		if (c->val[0] >= sizeof(role_names) / sizeof(role_names[0]))
			return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_OPEN, 11,
					  c->offset + 2, "BGP Role %u is not assigned",
					  c->val[0]); /* RFC 9234 §4.2 */
		break;
	case CAP_GRACEFUL:
		ok = n >= 2 && (n - 2) % 4 == 0; /* RFC 4724 §3 */
		break;
	case CAP_ADDPATH:
		ok = n % 4 == 0;
		break;
	case CAP_PATHS_LIMIT:
		ok = n % 5 == 0;
		break;
	case CAP_HOSTNAME:
		ok = hostname_ok(c->val, n);
		break;
	case CAP_SOFTWARE:
		ok = n >= 1 && 1 + (size_t)c->val[0] == n;
		break;
	default:
		break;
	}
	if (!ok)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_OPEN, 0, c->offset,
				  "malformed OPEN: capability %u has a bad length %zu",
				  c->code, n);
	return 0;
}

/* Read one optional parameter header (type, 1- or 2-octet length). */
static int param_next(struct rd *params, bool ext, uint8_t *type, struct rd *body)
{
	uint16_t plen;
	uint8_t plen8;

	if (rd_u8(params, type) < 0)
		return -1;
	if (ext) {
		if (rd_u16(params, &plen) < 0)
			return -1;
	} else {
		if (rd_u8(params, &plen8) < 0)
			return -1;
		plen = plen8;
	}
	return rd_sub(params, plen, body);
}

static int cap_next(struct rd *caps, struct wire_cap *c)
{
	c->offset = rd_offset(caps);
	if (rd_u8(caps, &c->code) < 0 || rd_u8(caps, &c->len) < 0 ||
	    rd_view(caps, c->len, &c->val) < 0)
		return -1;
	return 0;
}

static int check_caps(struct wire_open *o, struct rd *caps, int *role,
		      struct lb_err *err)
{
	struct wire_cap c;

	while (rd_left(caps)) {
		if (cap_next(caps, &c) < 0)
			return malformed(err, c.offset,
					 "capability overruns its parameter");
		if (cap_check(&c, err) < 0)
			return -1;
		if (c.code == CAP_ASN4) {
			o->has_asn4 = true;
			o->asn4 = get_u32(c.val);
		}
		if (c.code == CAP_ROLE) {
			/* RFC 9234 §4.2: copies that disagree are a mismatch */
			if (*role >= 0 && *role != c.val[0])
				return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_OPEN, 11,
						  c.offset, "BGP Role sent twice, %s then %s",
						  role_names[*role], role_names[c.val[0]]);
			*role = c.val[0];
		}
	}
	return 0;
}

static int check_params(struct wire_open *o, struct lb_err *err)
{
	struct rd params, body;
	uint8_t type;
	int role = -1;

	rd_init(&params, o->params, o->params_len);
	params.origin = o->params - o->params_off;
	while (rd_left(&params)) {
		size_t off = rd_offset(&params);

		if (param_next(&params, o->ext_params, &type, &body) < 0)
			return malformed(err, off,
					 "optional parameter overruns the parameters");
		/* RFC 4271 §6.2: a parameter type we do not know (including the
		 * deprecated Authentication, 1) is Unsupported Optional Parameter */
		if (type != OPT_CAPABILITIES)
			return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_OPEN, 4, off,
					  "unsupported optional parameter type %u", type);
		if (check_caps(o, &body, &role, err) < 0)
			return -1;
	}
	return 0;
}

int wire_open_decode(struct wire_open *o, const uint8_t *msg, size_t len,
		     struct lb_err *err)
{
	static const uint8_t version4[2] = { 0, 4 };
	struct rd r;
	uint8_t optlen = 0, marker;
	uint16_t extlen;
	size_t declared;

	memset(o, 0, sizeof(*o));
	if (len < OPEN_MIN_LEN)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_HEADER, 2, 16,
				  "an OPEN is at least 29 octets, %zu given", len);
	rd_init(&r, msg, len);
	rd_skip(&r, WIRE_HEADER_LEN);
	rd_u8(&r, &o->version);
	rd_u16(&r, &o->my_as);
	rd_u16(&r, &o->hold_time);
	rd_u32(&r, &o->bgp_id);
	rd_u8(&r, &optlen);
	if (o->version != 4) {
		/* RFC 4271 §6.2: data is the largest version we support */
		lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_OPEN, 1, 19,
			   "unsupported BGP version %u", o->version);
		lb_err_data_copy(err, version4, 2);
		return -1;
	}
	if (o->hold_time == 1 || o->hold_time == 2)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_OPEN, 6, 22,
				  "unacceptable hold time %u", o->hold_time);
	if (o->bgp_id == 0) /* RFC 6286 §2.2: any non-zero value is valid */
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_OPEN, 3, 24,
				  "BGP Identifier is 0");
	declared = optlen;
	o->params_off = OPEN_MIN_LEN;
	/* RFC 9072 §2: a Non-Ext OP Len of 255 followed by a Non-Ext OP Type
	 * of 255 announces a 2-octet length and 2-octet parameter lengths */
	if (optlen == OPT_EXTENDED && rd_peek(&r, 0, &marker) == 0 &&
	    marker == OPT_EXTENDED) {
		rd_skip(&r, 1);
		if (rd_u16(&r, &extlen) < 0)
			return malformed(err, 30, "message ends inside the extended length");
		o->ext_params = true;
		declared = extlen;
		o->params_off = OPEN_MIN_LEN + 3;
	}
	if (declared != rd_left(&r))
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_OPEN, 0,
				  o->ext_params ? 30 : 28,
				  "malformed OPEN: parameters length %zu, %zu octets follow",
				  declared, rd_left(&r));
	o->params = r.p;
	o->params_len = declared;
	return check_params(o, err);
}

void wire_cap_iter_init(struct wire_cap_iter *it, const struct wire_open *o)
{
	rd_init(&it->params, o->params, o->params_len);
	it->params.origin = o->params - o->params_off;
	it->caps = it->params;
	it->caps.end = it->caps.p;
	it->ext = o->ext_params;
}

int wire_cap_iter_next(struct wire_cap_iter *it, struct wire_cap *c)
{
	uint8_t type;

	while (!rd_left(&it->caps)) {
		if (!rd_left(&it->params) ||
		    param_next(&it->params, it->ext, &type, &it->caps) < 0)
			return 0;
		if (type != OPT_CAPABILITIES)
			it->caps.end = it->caps.p;
	}
	return cap_next(&it->caps, c) < 0 ? 0 : 1;
}

int wire_open_check(const struct wire_open *o, const struct wire_open_expect *x,
		    struct lb_err *err)
{
	uint32_t as = o->has_asn4 ? o->asn4 : o->my_as;
	const char *why = NULL;

	if (as == 0)
		why = "AS 0 (RFC 7607 §2)";
	else if (!o->has_asn4 && o->my_as == AS_TRANS)
		why = "AS_TRANS without a 4-octet AS capability (RFC 6793 §4.1)";
	else if (x->peer_as && as != x->peer_as)
		why = "not the configured peer AS";
	if (why) {
		lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_OPEN, 2, 20,
			   "bad peer AS %u: %s", as, why);
		lb_err_data_copy(err, (const uint8_t[]){ (uint8_t)(o->my_as >> 8),
							 (uint8_t)o->my_as }, 2);
		return -1;
	}
	if (x->ibgp && o->bgp_id == x->local_id)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_OPEN, 3, 24,
				  "internal peer uses our BGP Identifier");
	return 0;
}

/* --- merging copies as ExaBGP does --------------------------------------- */

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

/* Add or update an entry: ExaBGP's dict keeps the first place of a key;
 * `replace` says whether a later copy's value wins. */
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

/* What cap_last() leaves when no copy exists (never, for a code the caller
 * saw): enough zeros for any fixed-size read. */
static const uint8_t cap_none[8];

/* Find the last copy of a capability with one of two codes; returns the
 * number of copies. */
static int cap_last(const struct wire_open *o, uint8_t code, uint8_t alt,
		    struct wire_cap *last)
{
	struct wire_cap_iter it;
	struct wire_cap c;
	int n = 0;

	wire_cap_iter_init(&it, o);
	while (wire_cap_iter_next(&it, &c) > 0) {
		if (c.code == code || c.code == alt) {
			*last = c;
			n++;
		}
	}
	return n;
}

/* Gather the family entries of every copy of `code`. */
static void fam_gather(const struct wire_open *o, uint8_t code, struct fam_map *m)
{
	struct wire_cap_iter it;
	struct wire_cap c;
	struct fam_entry e = { 0 };

	m->n = 0;
	wire_cap_iter_init(&it, o);
	while (wire_cap_iter_next(&it, &c) > 0) {
		if (c.code != code)
			continue;
		switch (code) {
		case CAP_NEXTHOP:
			for (size_t i = 0; i + 6 <= c.len; i += 6) {
				e.afi = get_u16(c.val + i);
				e.safi = c.val[i + 3];
				e.aux = get_u16(c.val + i + 4);
				fam_put(m, &e, false);
			}
			break;
		case CAP_GRACEFUL:
			for (size_t i = 2; i + 4 <= c.len; i += 4) {
				e.afi = get_u16(c.val + i);
				e.safi = c.val[i + 2];
				e.v = c.val[i + 3] & 0x80; /* forwarding state */
				fam_put(m, &e, true);
			}
			break;
		case CAP_ADDPATH:
			if (!addpath_understood(&c))
				break;
			for (size_t i = 0; i + 4 <= c.len; i += 4) {
				e.afi = get_u16(c.val + i);
				e.safi = c.val[i + 2];
				e.v = c.val[i + 3];
				fam_put(m, &e, true);
			}
			break;
		case CAP_PATHS_LIMIT:
			for (size_t i = 0; i + 5 <= c.len; i += 5) {
				e.afi = get_u16(c.val + i);
				e.safi = c.val[i + 2];
				e.v = get_u16(c.val + i + 3);
				if (e.v) /* a limit of 0 is no limit */
					fam_put(m, &e, false);
			}
			break;
		default:
			break;
		}
	}
}

/* --- JSON ---------------------------------------------------------------- */

static void id_bytes(uint8_t id[4], uint32_t v)
{
	id[0] = (uint8_t)(v >> 24);
	id[1] = (uint8_t)(v >> 16);
	id[2] = (uint8_t)(v >> 8);
	id[3] = (uint8_t)v;
}

static void json_family(struct sink *s, uint16_t afi, uint8_t safi)
{
	msg_family_text(sink_text(s), afi, safi, '/');
	sink_text_end(s);
}

static void key_family(struct sink *s, uint16_t afi, uint8_t safi)
{
	struct wbuf *w = sink_text(s);

	msg_family_text(w, afi, safi, '/');
	sink_keyn(s, (const char *)w->data, w->len);
}

static void json_mp(struct sink *s, const struct wire_open *o)
{
	struct wire_cap_iter it;
	struct wire_cap c;

	sink_kstr(s, "name", "multiprotocol");
	sink_key(s, "families");
	sink_arr(s);
	wire_cap_iter_init(&it, o);
	while (wire_cap_iter_next(&it, &c) > 0)
		if (c.code == CAP_MP)
			json_family(s, get_u16(c.val), c.val[3]);
	sink_arr_end(s);
}

static void json_fam_list(struct sink *s, const struct wire_open *o,
			  struct fam_map *m, uint8_t code)
{
	fam_gather(o, code, m);
	for (size_t i = 0; i < m->n; i++) {
		const struct fam_entry *e = &m->e[i];

		switch (code) {
		case CAP_NEXTHOP:
			msg_family_text(sink_text(s), e->afi, e->safi, '/');
			wbuf_u8(&s->scratch, '/');
			msg_afi_text(&s->scratch, e->aux);
			sink_text_end(s);
			break;
		case CAP_GRACEFUL:
			key_family(s, e->afi, e->safi);
			sink_arr(s);
			/* ExaBGP prints the F bit as "restart" */
			if (e->v & 0x80)
				sink_str(s, "restart");
			sink_arr_end(s);
			break;
		case CAP_ADDPATH:
			key_family(s, e->afi, e->safi);
			sink_str(s, addpath_names[e->v & 3]);
			break;
		default: /* CAP_PATHS_LIMIT */
			key_family(s, e->afi, e->safi);
			sink_uint(s, e->v);
			break;
		}
	}
}

static void json_graceful(struct sink *s, const struct wire_open *o,
			  const struct wire_cap *last, struct fam_map *m)
{
	uint16_t rt = get_u16(last->val);

	sink_kstr(s, "name", "graceful restart");
	sink_kuint(s, "time", rt & 0x0fff);
	sink_key(s, "address-family-flags");
	sink_obj(s);
	json_fam_list(s, o, m, CAP_GRACEFUL);
	sink_obj_end(s);
	sink_key(s, "restart-flags");
	sink_arr(s);
	/* ExaBGP prints the R bit (RFC 4724 §3) as "forwarding" */
	if ((rt >> 12) & 0x8)
		sink_str(s, "forwarding");
	sink_arr_end(s);
}

static const char *iana_range(uint8_t code)
{
	if (code >= 128)
		return "reserved";
	if (code >= 70)
		return "unassigned";
	return "unknown";
}

static void json_unknown(struct sink *s, const struct wire_cap *last)
{
	struct wbuf *w;

	sink_kstr(s, "name", "unknown");
	sink_kstr(s, "iana", iana_range(last->code));
	sink_kuint(s, "value", last->code);
	sink_key(s, "raw");
	w = sink_text(s);
	wbuf_hex(w, last->val, last->len, 1);
	sink_text_end(s);
}

static void json_strn(struct sink *s, const char *key, const uint8_t *p, size_t n)
{
	sink_key(s, key);
	sink_strn(s, (const char *)p, n);
}

/* The JSON object of one capability code, every copy merged. */
static void json_cap(struct sink *s, const struct wire_open *o, uint8_t code,
		     struct fam_map *m)
{
	struct wire_cap last = { .val = cap_none };
	const uint8_t *v;

	sink_obj(s);
	switch (code) {
	case CAP_MP:
		json_mp(s, o);
		break;
	case CAP_REFRESH:
	case CAP_REFRESH_CISCO:
		/* ExaBGP registers one class for both codes and sets its ID to
		 * the code last read: every copy shows that variant */
		cap_last(o, CAP_REFRESH, CAP_REFRESH_CISCO, &last);
		sink_kstr(s, "name", "route-refresh");
		sink_kstr(s, "variant", last.code == CAP_REFRESH ? "RFC" : "Cisco");
		break;
	case CAP_NEXTHOP:
		sink_kstr(s, "name", "nexthop");
		sink_key(s, "conversion");
		sink_arr(s);
		json_fam_list(s, o, m, CAP_NEXTHOP);
		sink_arr_end(s);
		break;
	case CAP_EXT_MSG:
		sink_kstr(s, "name", "extended-message");
		sink_kuint(s, "size", WIRE_MAX_EXT_MSG);
		break;
	case CAP_ROLE:
		cap_last(o, code, code, &last);
		sink_kstr(s, "name", "role");
		sink_kstr(s, "role", role_names[last.val[0]]);
		break;
	case CAP_GRACEFUL:
		cap_last(o, code, code, &last);
		json_graceful(s, o, &last, m);
		break;
	case CAP_ASN4:
		cap_last(o, code, code, &last);
		sink_kstr(s, "name", "asn4");
		sink_kuint(s, "asn4", get_u32(last.val));
		break;
	case CAP_MULTISESSION:
	case CAP_MULTISESSION_CISCO:
		cap_last(o, CAP_MULTISESSION, CAP_MULTISESSION_CISCO, &last);
		sink_kstr(s, "name", "multisession");
		sink_kstr(s, "variant", last.code == CAP_MULTISESSION ? "RFC" : "Cisco");
		/* ExaBGP does not read the grouped capability codes */
		sink_key(s, "capabilities");
		sink_arr(s);
		sink_arr_end(s);
		break;
	case CAP_ADDPATH:
		sink_kstr(s, "name", "addpath");
		json_fam_list(s, o, m, CAP_ADDPATH);
		break;
	case CAP_ENHANCED_REFRESH:
		sink_kstr(s, "name", "enhanced-route-refresh");
		break;
	case CAP_HOSTNAME:
		cap_last(o, code, code, &last);
		v = last.val;
		json_strn(s, "host-name", v + 1, last.len ? v[0] : 0);
		json_strn(s, "domain-name", last.len ? v + 2 + v[0] : v,
			  last.len ? v[1 + v[0]] : 0);
		break;
	case CAP_SOFTWARE:
		cap_last(o, code, code, &last);
		json_strn(s, "software", last.val + 1, last.val[0]);
		break;
	case CAP_PATHS_LIMIT:
		sink_kstr(s, "name", "paths-limit");
		json_fam_list(s, o, m, CAP_PATHS_LIMIT);
		break;
	case CAP_LINK_LOCAL:
		sink_kstr(s, "name", "link-local-nexthop");
		break;
	case CAP_OPERATIONAL:
		sink_kstr(s, "name", "operational");
		break;
	default:
		cap_last(o, code, code, &last);
		json_unknown(s, &last);
		break;
	}
	sink_obj_end(s);
}

static void json_caps(struct sink *s, const struct wire_open *o)
{
	struct fam_map m;
	struct wire_cap_iter it;
	struct wire_cap c;
	bool seen[256] = { false };
	char key[4];

	m.n = 0;
	sink_obj(s);
	wire_cap_iter_init(&it, o);
	while (wire_cap_iter_next(&it, &c) > 0) {
		if (seen[c.code])
			continue;
		seen[c.code] = true;
		sink_keyn(s, key, (size_t)snprintf(key, sizeof(key), "%u", c.code));
		json_cap(s, o, c.code, &m);
	}
	sink_obj_end(s);
}

int wire_open_event_json(struct sink *s, const uint8_t *msg, size_t len,
			 const struct wire_ctx *ctx, struct lb_err *err)
{
	struct wire_open o;
	uint8_t id[4];

	(void)ctx;
	if (wire_open_decode(&o, msg, len, err) < 0)
		return -1;
	id_bytes(id, o.bgp_id);
	sink_key(s, "open");
	sink_obj(s);
	sink_kuint(s, "version", o.version);
	sink_kuint(s, "asn", o.my_as);
	sink_kuint(s, "hold_time", o.hold_time);
	sink_key(s, "router_id");
	sink_ipv4(s, id);
	sink_key(s, "capabilities");
	json_caps(s, &o);
	sink_obj_end(s);
	return 0;
}

/* --- text ---------------------------------------------------------------- */

/* The name ExaBGP's CapabilityCode prints for a code. */
static const char *code_name(uint8_t code)
{
	switch (code) {
	case 0: return "reserved";
	case 3: return "outbound-route-filtering";
	case 4: return "multiple-routes";
	case 67: return "dynamic-capability";
	default: return NULL;
	}
}

static void text_fam_list(struct wbuf *w, const struct wire_open *o,
			  struct fam_map *m, uint8_t code, const char *sep)
{
	fam_gather(o, code, m);
	for (size_t i = 0; i < m->n; i++) {
		const struct fam_entry *e = &m->e[i];

		if (i)
			wbuf_str(w, sep);
		if (code == CAP_ADDPATH)
			wbuf_printf(w, "%s ", addpath_names[e->v & 3]);
		if (code == CAP_GRACEFUL) {
			msg_family_text(w, e->afi, e->safi, '/');
			wbuf_printf(w, "=0x%x", e->v);
			continue;
		}
		msg_family_text(w, e->afi, e->safi, ' ');
		if (code == CAP_NEXTHOP) {
			wbuf_u8(w, ' ');
			msg_afi_text(w, e->aux);
		}
		if (code == CAP_PATHS_LIMIT)
			wbuf_printf(w, " %u", e->v);
	}
}

static void text_unknown(struct wbuf *w, uint8_t code)
{
	const char *name = code_name(code);
	const char *range = iana_range(code);

	wbuf_printf(w, "%s ", strcmp(range, "reserved") == 0 ? "Reserved"
			      : strcmp(range, "unassigned") == 0 ? "Unassigned"
								 : "Unknown");
	if (name)
		wbuf_str(w, name);
	else
		wbuf_printf(w, "unknown capability 0x%x", code);
}

/* str() of one capability code in ExaBGP (before the caller lowercases). */
static void text_cap(struct wbuf *w, const struct wire_open *o, uint8_t code,
		     struct fam_map *m)
{
	struct wire_cap_iter it;
	struct wire_cap c, last = { .val = cap_none };
	bool first = true;

	switch (code) {
	case CAP_MP:
		wbuf_str(w, "Multiprotocol(");
		wire_cap_iter_init(&it, o);
		while (wire_cap_iter_next(&it, &c) > 0) {
			if (c.code != CAP_MP)
				continue;
			if (!first)
				wbuf_u8(w, ',');
			first = false;
			msg_family_text(w, get_u16(c.val), c.val[3], ' ');
		}
		wbuf_u8(w, ')');
		break;
	case CAP_REFRESH:
	case CAP_REFRESH_CISCO:
		cap_last(o, CAP_REFRESH, CAP_REFRESH_CISCO, &last);
		wbuf_str(w, last.code == CAP_REFRESH ? "Route Refresh"
						     : "Cisco Route Refresh");
		break;
	case CAP_NEXTHOP:
		wbuf_str(w, "NextHop(");
		text_fam_list(w, o, m, code, ",");
		wbuf_u8(w, ')');
		break;
	case CAP_EXT_MSG:
		wbuf_printf(w, "Extended Message(%u)", WIRE_MAX_EXT_MSG);
		break;
	case CAP_ROLE:
		cap_last(o, code, code, &last);
		wbuf_printf(w, "Role(%s)", role_names[last.val[0]]);
		break;
	case CAP_GRACEFUL:
		cap_last(o, code, code, &last);
		wbuf_printf(w, "Graceful Restart Flags 0x%x Time %u ",
			    last.val[0] >> 4, get_u16(last.val) & 0x0fff);
		text_fam_list(w, o, m, code, " ");
		break;
	case CAP_ASN4:
		cap_last(o, code, code, &last);
		wbuf_printf(w, "ASN4(%u)", get_u32(last.val));
		break;
	case CAP_MULTISESSION:
	case CAP_MULTISESSION_CISCO:
		cap_last(o, CAP_MULTISESSION, CAP_MULTISESSION_CISCO, &last);
		wbuf_str(w, last.code == CAP_MULTISESSION ? "Multisession (RFC) "
							  : "Multisession ");
		break;
	case CAP_ADDPATH:
		wbuf_str(w, "AddPath(");
		text_fam_list(w, o, m, code, ",");
		wbuf_u8(w, ')');
		break;
	case CAP_ENHANCED_REFRESH:
		wbuf_str(w, "Enhanced Route Refresh");
		break;
	case CAP_HOSTNAME:
		cap_last(o, code, code, &last);
		wbuf_str(w, "Hostname(");
		if (last.len) {
			wbuf_put(w, last.val + 1, last.val[0]);
			wbuf_u8(w, ' ');
			wbuf_put(w, last.val + 2 + last.val[0], last.val[1 + last.val[0]]);
		} else {
			wbuf_u8(w, ' ');
		}
		wbuf_u8(w, ')');
		break;
	case CAP_SOFTWARE:
		cap_last(o, code, code, &last);
		wbuf_str(w, "Software(");
		wbuf_put(w, last.val + 1, last.val[0]);
		wbuf_u8(w, ')');
		break;
	case CAP_PATHS_LIMIT:
		wbuf_str(w, "PathsLimit(");
		text_fam_list(w, o, m, code, ", ");
		wbuf_u8(w, ')');
		break;
	case CAP_LINK_LOCAL:
		wbuf_str(w, "Link-Local NextHop");
		break;
	case CAP_OPERATIONAL:
		wbuf_str(w, "Operational");
		break;
	default:
		text_unknown(w, code);
		break;
	}
}

int wire_open_text(struct wbuf *w, const uint8_t *msg, size_t len,
		   struct lb_err *err)
{
	struct fam_map m;
	struct wire_open o;
	struct wire_cap_iter it;
	struct wire_cap c;
	bool seen[256] = { false };
	uint8_t id[4];
	size_t from;
	bool first = true;

	m.n = 0;
	if (wire_open_decode(&o, msg, len, err) < 0)
		return -1;
	id_bytes(id, o.bgp_id);
	wbuf_printf(w, "open version %u asn %u hold_time %u router_id ", o.version,
		    o.my_as, o.hold_time);
	wbuf_ipv4(w, id);
	wbuf_str(w, " capabilities [");
	wire_cap_iter_init(&it, &o);
	while (wire_cap_iter_next(&it, &c) > 0)
		seen[c.code] = true;
	from = w->len;
	/* ExaBGP prints the capabilities sorted by code, then lowercases */
	for (unsigned code = 0; code < 256; code++) {
		if (!seen[code])
			continue;
		if (!first)
			wbuf_str(w, ", ");
		first = false;
		text_cap(w, &o, (uint8_t)code, &m);
	}
	for (size_t i = from; i < w->len && !w->failed; i++)
		if (w->data[i] >= 'A' && w->data[i] <= 'Z')
			w->data[i] = (uint8_t)(w->data[i] - 'A' + 'a');
	wbuf_u8(w, ']');
	return w->failed ? lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "out of memory") : 0;
}

/* --- encoding ------------------------------------------------------------ */

static int bad(struct lb_err *err, const char *what, unsigned code)
{
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
			  "open: capability %u: %s", code, what);
}

/* Append one <code, length, value> triple whose value is w[mark..). */
static int tlv_close(struct wbuf *w, size_t mark, unsigned code,
		     struct lb_err *err)
{
	size_t n = w->len - mark - 2;

	if (n > 255)
		return bad(err, "value longer than 255 octets", code);
	wbuf_set_u8(w, mark, (uint8_t)code);
	wbuf_set_u8(w, mark + 1, (uint8_t)n);
	return 0;
}

static size_t tlv_open(struct wbuf *w)
{
	size_t mark = w->len;

	wbuf_u16(w, 0);
	return mark;
}

static int enc_family(const struct val *v, uint16_t *afi, uint8_t *safi)
{
	const char *p;
	size_t n;

	if (val_as_str(v, &p, &n) < 0)
		return -1;
	return msg_family_parse(p, n, '/', afi, safi);
}

static int enc_mp(struct wbuf *w, const struct val *cap, struct lb_err *err)
{
	const struct val *fams = val_get(cap, "families");
	uint16_t afi;
	uint8_t safi;

	for (size_t i = 0; i < val_len(fams); i++) {
		size_t mark = tlv_open(w);

		if (enc_family(val_at(fams, i), &afi, &safi) < 0)
			return bad(err, "bad family", CAP_MP);
		wbuf_u16(w, afi);
		wbuf_u8(w, 0);
		wbuf_u8(w, safi);
		tlv_close(w, mark, CAP_MP, err);
	}
	return 0;
}

static int enc_nexthop(struct wbuf *w, const struct val *cap, struct lb_err *err)
{
	const struct val *list = val_get(cap, "conversion");
	const char *p, *cut;
	size_t n;
	uint16_t afi, nh;
	uint8_t safi;

	for (size_t i = 0; i < val_len(list); i++) {
		if (val_as_str(val_at(list, i), &p, &n) < 0 ||
		    !(cut = memchr(p, '/', n)) ||
		    !(cut = memchr(cut + 1, '/', n - (size_t)(cut + 1 - p))) ||
		    msg_family_parse(p, (size_t)(cut - p), '/', &afi, &safi) < 0 ||
		    msg_afi_parse(cut + 1, n - (size_t)(cut + 1 - p), &nh) < 0)
			return bad(err, "bad conversion", CAP_NEXTHOP);
		wbuf_u16(w, afi);
		wbuf_u8(w, 0); /* RFC 8950 §3: SAFI is two octets */
		wbuf_u8(w, safi);
		wbuf_u16(w, nh);
	}
	return 0;
}

static bool arr_has(const struct val *arr, const char *s)
{
	for (size_t i = 0; i < val_len(arr); i++)
		if (val_is_str(val_at(arr, i), s))
			return true;
	return false;
}

static int enc_graceful(struct wbuf *w, const struct val *cap, struct lb_err *err)
{
	const struct val *fams = val_get(cap, "address-family-flags");
	uint64_t t;
	uint16_t afi;
	uint8_t safi;

	if (msg_get_uint(cap, "time", 0x0fff, &t) < 0)
		return bad(err, "bad time", CAP_GRACEFUL);
	if (arr_has(val_get(cap, "restart-flags"), "forwarding"))
		t |= 0x8000;
	wbuf_u16(w, (uint16_t)t);
	for (size_t i = 0; i < val_len(fams); i++) {
		const struct val *f = val_at(fams, i);

		if (msg_family_parse(f->key, f->klen, '/', &afi, &safi) < 0)
			return bad(err, "bad family", CAP_GRACEFUL);
		wbuf_u16(w, afi);
		wbuf_u8(w, safi);
		wbuf_u8(w, arr_has(f, "restart") ? 0x80 : 0);
	}
	return 0;
}

/* The family-keyed members of addpath and paths-limit objects. */
static int enc_fam_members(struct wbuf *w, const struct val *cap, unsigned code,
			   struct lb_err *err)
{
	uint16_t afi;
	uint8_t safi;
	uint64_t limit;

	for (size_t i = 0; i < val_len(cap); i++) {
		const struct val *f = val_at(cap, i);
		unsigned sr = 4;

		if (f->key && wire_streq(f->key, f->klen, "name"))
			continue;
		if (!f->key || msg_family_parse(f->key, f->klen, '/', &afi, &safi) < 0)
			return bad(err, "bad family", code);
		wbuf_u16(w, afi);
		wbuf_u8(w, safi);
		if (code == CAP_PATHS_LIMIT) {
			if (val_as_u64(f, &limit) < 0 || limit > 0xffff)
				return bad(err, "bad limit", code);
			wbuf_u16(w, (uint16_t)limit);
			continue;
		}
		for (unsigned k = 0; k < 4; k++)
			if (val_is_str(f, addpath_names[k]))
				sr = k;
		if (sr > 3)
			return bad(err, "bad send/receive", code);
		wbuf_u8(w, (uint8_t)sr);
	}
	return 0;
}

static int enc_lenstr(struct wbuf *w, const struct val *cap, const char *key,
		      unsigned code, struct lb_err *err)
{
	const char *p = "";
	size_t n = 0;

	if (val_get(cap, key) && msg_get_str(cap, key, &p, &n) < 0)
		return bad(err, "not a string", code);
	if (n > 255)
		return bad(err, "text longer than 255 octets", code);
	wbuf_u8(w, (uint8_t)n);
	wbuf_put(w, p, n);
	return 0;
}

static int enc_value(struct wbuf *w, unsigned code, const struct val *cap,
		     struct lb_err *err)
{
	const char *p;
	size_t n, bad_at;
	uint64_t u;

	switch (code) {
	case CAP_NEXTHOP:
		return enc_nexthop(w, cap, err);
	case CAP_ROLE:
		for (unsigned k = 0; k < sizeof(role_names) / sizeof(role_names[0]); k++) {
			if (val_is_str(val_get(cap, "role"), role_names[k])) {
				wbuf_u8(w, (uint8_t)k);
				return 0;
			}
		}
		return bad(err, "unknown role", code);
	case CAP_GRACEFUL:
		return enc_graceful(w, cap, err);
	case CAP_ASN4:
		if (msg_get_uint(cap, "asn4", 0xffffffffu, &u) < 0)
			return bad(err, "bad asn4", code);
		wbuf_u32(w, (uint32_t)u);
		return 0;
	case CAP_MULTISESSION:
	case CAP_MULTISESSION_CISCO:
		wbuf_u8(w, 0); /* ExaBGP's first octet */
		return 0;
	case CAP_ADDPATH:
	case CAP_PATHS_LIMIT:
		return enc_fam_members(w, cap, code, err);
	case CAP_HOSTNAME:
		if (enc_lenstr(w, cap, "host-name", code, err) < 0)
			return -1;
		return enc_lenstr(w, cap, "domain-name", code, err);
	case CAP_SOFTWARE:
		return enc_lenstr(w, cap, "software", code, err);
	case CAP_REFRESH:
	case CAP_REFRESH_CISCO:
	case CAP_EXT_MSG:
	case CAP_ENHANCED_REFRESH:
	case CAP_LINK_LOCAL:
	case CAP_OPERATIONAL:
		return 0;
	default:
		if (msg_get_str(cap, "raw", &p, &n) < 0 ||
		    hex_decode(p, n, w, &bad_at) < 0)
			return bad(err, "bad raw value", code);
		return 0;
	}
}

/* Every capability as <code, length, value> triples, in member order. */
static int enc_caps(struct wbuf *tlvs, const struct val *caps, struct lb_err *err)
{
	uint64_t code;
	size_t mark;

	for (size_t i = 0; i < val_len(caps); i++) {
		const struct val *cap = val_at(caps, i);

		if (!cap->key || wire_parse_uint(cap->key, cap->klen, 255, &code) < 0)
			return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
					  "open: capability key is not a code");
		if (cap->type != VAL_OBJ)
			return bad(err, "not an object", (unsigned)code);
		if (code == CAP_MP) {
			if (enc_mp(tlvs, cap, err) < 0)
				return -1;
			continue;
		}
		mark = tlv_open(tlvs);
		if (enc_value(tlvs, (unsigned)code, cap, err) < 0 ||
		    tlv_close(tlvs, mark, (unsigned)code, err) < 0)
			return -1;
	}
	return 0;
}

/* One Capabilities parameter per capability, as ExaBGP sends them; the
 * RFC 9072 form only when the parameters do not fit in 255 octets (§3). */
static void put_params(struct wbuf *w, const struct wbuf *tlvs)
{
	size_t total = 0, count = 0;
	bool ext;

	for (size_t i = 0; i + 2 <= tlvs->len; i += 2 + tlvs->data[i + 1]) {
		total += 2 + 2 + tlvs->data[i + 1];
		count++;
	}
	ext = total > 255;
	if (ext) {
		wbuf_u8(w, OPT_EXTENDED);
		wbuf_u8(w, OPT_EXTENDED);
		wbuf_u16(w, (uint16_t)(total + count));
	} else {
		wbuf_u8(w, (uint8_t)total);
	}
	for (size_t i = 0; i + 2 <= tlvs->len; i += 2 + tlvs->data[i + 1]) {
		size_t n = 2 + (size_t)tlvs->data[i + 1];

		wbuf_u8(w, OPT_CAPABILITIES);
		if (ext)
			wbuf_u16(w, (uint16_t)n);
		else
			wbuf_u8(w, (uint8_t)n);
		wbuf_put(w, tlvs->data + i, n);
	}
}

int wire_open_encode(struct wbuf *w, const struct val *v, struct lb_err *err)
{
	uint64_t version = 4, as, hold;
	const char *p;
	size_t n, start;
	uint16_t afi;
	uint8_t id[16];
	struct wbuf tlvs;
	int rc;

	if (val_get(v, "version") && msg_get_uint(v, "version", 255, &version) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "open: bad version");
	if (msg_get_uint(v, "asn", 0xffff, &as) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "open: bad asn");
	if (msg_get_uint(v, "hold_time", 0xffff, &hold) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "open: bad hold_time");
	if (msg_get_str(v, "router_id", &p, &n) < 0 ||
	    wire_ip_parse(p, n, &afi, id) < 0 || afi != WIRE_AFI_IPV4)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "open: bad router_id");
	wbuf_init(&tlvs, 256);
	rc = enc_caps(&tlvs, val_get(v, "capabilities"), err);
	if (rc == 0 && tlvs.failed)
		rc = lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "out of memory");
	if (rc == 0) {
		start = msg_start(w);
		wbuf_u8(w, (uint8_t)version);
		wbuf_u16(w, (uint16_t)as);
		wbuf_u16(w, (uint16_t)hold);
		wbuf_put(w, id, 4);
		put_params(w, &tlvs);
		rc = msg_finish(w, start, WIRE_MSG_OPEN, WIRE_MAX_MSG, err);
	}
	wbuf_fini(&tlvs);
	return rc;
}
