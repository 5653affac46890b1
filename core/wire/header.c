/* Message header checks, RFC 4271 §4.1 and §6.1, RFC 8654 §4. */
#include <string.h>

#include "wire/message.h"

bool wire_has_marker(const uint8_t *p, size_t n)
{
	if (n < WIRE_MARKER_LEN)
		return false;
	for (size_t i = 0; i < WIRE_MARKER_LEN; i++)
		if (p[i] != 0xff)
			return false;
	return true;
}

static int bad_length(struct lb_err *err, const uint8_t *p, uint16_t len,
		      const char *why)
{
	lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_HEADER, 2, 16,
		   "bad message length %u: %s", len, why);
	lb_err_data_copy(err, p + 16, 2);
	return -1;
}

int wire_header_decode(const uint8_t *p, size_t n, size_t max, bool operational,
		       struct wire_header *h, struct lb_err *err)
{
	uint16_t len;
	uint8_t type;

	if (n < WIRE_HEADER_LEN)
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_HEADER, 2, 0,
				  "message shorter than the 19-octet header");
	if (!wire_has_marker(p, n))
		return lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_HEADER, 1, 0,
				  "marker is not 16 octets of 0xFF");
	len = get_u16(p + 16);
	type = p[18];
	if (len < WIRE_HEADER_LEN)
		return bad_length(err, p, len, "below 19");
	if (len > max)
		return bad_length(err, p, len, max > WIRE_MAX_MSG
				  ? "above 65535" : "above 4096 (extended messages not negotiated)");
	switch (type) {
	case WIRE_MSG_OPEN:
		/* RFC 8654 §4: OPEN keeps the 4096-octet ceiling */
		if (len < 29)
			return bad_length(err, p, len, "an OPEN is at least 29 octets");
		if (len > WIRE_MAX_MSG)
			return bad_length(err, p, len, "an OPEN is at most 4096 octets");
		break;
	case WIRE_MSG_UPDATE:
		if (len < 23)
			return bad_length(err, p, len, "an UPDATE is at least 23 octets");
		break;
	case WIRE_MSG_NOTIFICATION:
		if (len < 21)
			return bad_length(err, p, len, "a NOTIFICATION is at least 21 octets");
		break;
	case WIRE_MSG_KEEPALIVE:
		if (len != 19)
			return bad_length(err, p, len, "a KEEPALIVE is exactly 19 octets");
		break;
	case WIRE_MSG_ROUTE_REFRESH:
		if (len < 23)
			return bad_length(err, p, len, "a ROUTE-REFRESH is at least 23 octets");
		break;
	case WIRE_MSG_OPERATIONAL:
		if (operational)
			break;
		/* type 6 is only known once negotiated */
		goto bad_type;
	default:
	bad_type:
		lb_err_set(err, LB_ACT_RESET, LB_NOTIFY_HEADER, 3, 18,
			   "bad message type %u", type);
		lb_err_data_copy(err, &type, 1);
		return -1;
	}
	h->len = len;
	h->type = type;
	return 0;
}

int wire_header_write(struct wbuf *w, uint8_t type, uint16_t len)
{
	static const uint8_t marker[16] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	int errs = 0;

	errs += wbuf_put(w, marker, sizeof(marker));
	errs += wbuf_u16(w, len);
	errs += wbuf_u8(w, type);
	return errs ? -1 : 0;
}

const char *wire_msg_name(uint8_t type)
{
	switch (type) {
	case WIRE_MSG_OPEN:
		return "open";
	case WIRE_MSG_UPDATE:
		return "update";
	case WIRE_MSG_NOTIFICATION:
		return "notification";
	case WIRE_MSG_KEEPALIVE:
		return "keepalive";
	case WIRE_MSG_ROUTE_REFRESH:
		return "refresh";
	case WIRE_MSG_OPERATIONAL:
		return "operational";
	}
	return "unknown";
}
