/* ROUTE-REFRESH (RFC 2918 §3) with the Enhanced Route Refresh subtypes of
 * RFC 7313 §3: AFI (2), Message Subtype (1, "Reserved" in RFC 2918), SAFI
 * (1).  Octets after these belong to ORF entries (RFC 5291); luabgp does
 * not advertise ORF, so they are skipped and never read. */
#include <string.h>

#include "wire/message.h"
#include "wire/msg_family.h"


static const char *const subtype_names[] = { "query", "begin", "end" };

int wire_refresh_decode(struct wire_refresh *rr, const uint8_t *msg, size_t len,
			struct lb_err *err)
{
	if (len < WIRE_REFRESH_LEN)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_HEADER, 2, 16,
				  "a ROUTE-REFRESH is at least 23 octets, %zu given", len);
	rr->afi = get_u16(msg + 19);
	rr->subtype = msg[21];
	rr->safi = msg[22];
	/* RFC 7313 §5: an unknown subtype is ignored */
	if (rr->subtype > WIRE_REFRESH_EORR)
		return lb_err_set(err, LB_ACT_NONE, 0, 0, 21,
				  "ROUTE-REFRESH subtype %u ignored", rr->subtype);
	/* RFC 7313 §5: a BoRR or EoRR is exactly 4 octets; the data of the
	 * NOTIFICATION is the whole message */
	if (rr->subtype != WIRE_REFRESH_REQUEST && len != WIRE_REFRESH_LEN) {
		lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_REFRESH, 1, 16,
			   "ROUTE-REFRESH %s of %zu octets, not 23",
			   subtype_names[rr->subtype], len);
		lb_err_data_view(err, msg, len);
		return -1;
	}
	return 0;
}

static void family_member(struct sink *s, const char *key, uint16_t afi,
			  int safi)
{
	sink_key(s, key);
	if (safi < 0)
		msg_afi_text(sink_text(s), afi);
	else
		msg_safi_text(sink_text(s), (uint8_t)safi);
	sink_text_end(s);
}

int wire_refresh_event_json(struct sink *s, const uint8_t *msg, size_t len,
			    const struct wire_ctx *ctx, struct lb_err *err)
{
	struct wire_refresh rr;

	(void)ctx;
	if (wire_refresh_decode(&rr, msg, len, err) < 0)
		return -1;
	sink_key(s, "route-refresh");
	sink_obj(s);
	family_member(s, "afi", rr.afi, -1);
	family_member(s, "safi", 0, rr.safi);
	sink_kstr(s, "subtype", subtype_names[rr.subtype]);
	sink_obj_end(s);
	return 0;
}

int wire_refresh_text(struct wbuf *w, const uint8_t *msg, size_t len,
		      struct lb_err *err)
{
	struct wire_refresh rr;

	if (wire_refresh_decode(&rr, msg, len, err) < 0)
		return -1;
	wbuf_str(w, "route-refresh afi ");
	msg_afi_text(w, rr.afi);
	wbuf_str(w, " safi ");
	msg_safi_text(w, rr.safi);
	wbuf_u8(w, ' ');
	wbuf_str(w, subtype_names[rr.subtype]);
	return w->failed ? lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "out of memory") : 0;
}

int wire_refresh_encode(struct wbuf *w, const struct val *v, struct lb_err *err)
{
	const char *p;
	size_t n;
	uint16_t afi;
	uint8_t safi, subtype = 0, m[WIRE_REFRESH_LEN];
	struct wire_refresh rr;
	bool known = false;

	if (msg_get_str(v, "afi", &p, &n) < 0 || msg_afi_parse(p, n, &afi) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "route-refresh: bad afi");
	if (msg_get_str(v, "safi", &p, &n) < 0 || msg_safi_parse(p, n, &safi) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "route-refresh: bad safi");
	if (!val_get(v, "subtype"))
		known = true;
	for (uint8_t i = 0; i < 3 && !known; i++) {
		if (val_is_str(val_get(v, "subtype"), subtype_names[i])) {
			subtype = i;
			known = true;
		}
	}
	if (!known)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "route-refresh: subtype is query, begin or end");
	rr.afi = afi;
	rr.subtype = subtype;
	rr.safi = safi;
	wire_refresh_write(m, &rr);
	if (wbuf_put(w, m, sizeof(m)) < 0)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "out of memory");
	return 0;
}

void wire_refresh_write(uint8_t out[WIRE_REFRESH_LEN], const struct wire_refresh *rr)
{
	memset(out, 0xff, 16);
	out[16] = 0;
	out[17] = WIRE_REFRESH_LEN;
	out[18] = WIRE_MSG_ROUTE_REFRESH;
	out[19] = (uint8_t)(rr->afi >> 8);
	out[20] = (uint8_t)rr->afi;
	out[21] = rr->subtype;
	out[22] = rr->safi;
}
