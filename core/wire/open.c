/* OPEN (RFC 4271 §4.2) and its optional parameters (RFC 5492, with the
 * RFC 9072 extended form).
 *
 * wire_open_decode() checks everything once; the walkers then read the
 * capabilities again through wire_cap_iter, which cannot fail on a checked
 * message.  What each capability means, prints and encodes to is the
 * table of capability.c.
 */
#include <stdio.h>
#include <string.h>

#include "wire/capability.h"
#include "wire/common.h"
#include "wire/message.h"
#include "wire/msg_family.h"

#define OPEN_MIN_LEN 29          /* header + the fixed fields + Opt Parm Len */
#define OPT_CAPABILITIES 2       /* RFC 5492 §4 */
#define OPT_EXTENDED 255         /* RFC 9072 §2 */
#define AS_TRANS 23456           /* RFC 6793 §9 */

/* --- decoding ------------------------------------------------------------ */

static int malformed(struct lb_err *err, size_t off, const char *what)
{
	return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_OPEN, 0, off,
			  "malformed OPEN: %s", what);
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
						  cap_role_name((uint8_t)*role),
						  cap_role_name(c.val[0]));
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

/* --- JSON ---------------------------------------------------------------- */

static void id_bytes(uint8_t id[4], uint32_t v)
{
	id[0] = (uint8_t)(v >> 24);
	id[1] = (uint8_t)(v >> 16);
	id[2] = (uint8_t)(v >> 8);
	id[3] = (uint8_t)v;
}

static void json_caps(struct sink *s, const struct wire_open *o)
{
	struct wire_cap_iter it;
	struct wire_cap c;
	bool seen[256] = { false };
	char key[4];

	sink_obj(s);
	wire_cap_iter_init(&it, o);
	while (wire_cap_iter_next(&it, &c) > 0) {
		if (seen[c.code])
			continue;
		seen[c.code] = true;
		sink_keyn(s, key, (size_t)snprintf(key, sizeof(key), "%u", c.code));
		cap_json(s, o, c.code);
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

int wire_open_text(struct wbuf *w, const uint8_t *msg, size_t len,
		   struct lb_err *err)
{
	struct wire_open o;
	struct wire_cap_iter it;
	struct wire_cap c;
	bool seen[256] = { false };
	uint8_t id[4];
	size_t from;
	bool first = true;

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
		cap_text(w, &o, (uint8_t)code);
	}
	for (size_t i = from; i < w->len && !w->failed; i++)
		if (w->data[i] >= 'A' && w->data[i] <= 'Z')
			w->data[i] = (uint8_t)(w->data[i] - 'A' + 'a');
	wbuf_u8(w, ']');
	return w->failed ? lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "out of memory") : 0;
}

/* --- encoding ------------------------------------------------------------ */

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
	rc = cap_encode(&tlvs, val_get(v, "capabilities"), err);
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
