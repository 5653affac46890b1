/* Names of AFI/SAFI values in the non-UPDATE messages, and small helpers
 * their encoders share. */
#include <stdio.h>
#include <string.h>

#include "wire/common.h"
#include "wire/message.h"
#include "wire/msg_family.h"

/* the AFIs wire_afi_name() knows */
static const uint16_t known_afis[] = {
	WIRE_AFI_IPV4, WIRE_AFI_IPV6, WIRE_AFI_L2VPN, WIRE_AFI_BGPLS,
};

void msg_afi_text(struct wbuf *w, uint16_t afi)
{
	const char *name = wire_afi_name(afi);

	if (name)
		wbuf_str(w, name);
	else if (afi == 0)
		wbuf_str(w, "undefined");
	else
		wbuf_printf(w, "unknown-afi-0x%x", afi); /* Python's hex() */
}

void msg_safi_text(struct wbuf *w, uint8_t safi)
{
	const char *name = wire_safi_name(safi);

	if (name)
		wbuf_str(w, name);
	else if (safi == 0)
		wbuf_str(w, "undefined");
	else
		wbuf_printf(w, "unknown safi %u", safi);
}

void msg_family_text(struct wbuf *w, uint16_t afi, uint8_t safi, char sep)
{
	msg_afi_text(w, afi);
	wbuf_u8(w, (uint8_t)sep);
	msg_safi_text(w, safi);
}

static int starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(s, prefix, k) == 0;
}

int msg_afi_parse(const char *s, size_t n, uint16_t *afi)
{
	uint64_t v;

	for (size_t i = 0; i < sizeof(known_afis) / sizeof(known_afis[0]); i++) {
		if (wire_streq(s, n, wire_afi_name(known_afis[i]))) {
			*afi = known_afis[i];
			return 0;
		}
	}
	if (wire_streq(s, n, "undefined")) {
		*afi = 0;
		return 0;
	}
	if (!starts(s, n, "unknown-afi-0x") || n == 14)
		return -1;
	v = 0;
	for (size_t i = 14; i < n; i++) {
		char c = s[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else
			return -1;
		v = v * 16 + d;
		if (v > 0xffff)
			return -1;
	}
	*afi = (uint16_t)v;
	return 0;
}

int msg_safi_parse(const char *s, size_t n, uint8_t *safi)
{
	uint64_t v;

	for (unsigned i = 1; i < 256; i++) {
		const char *name = wire_safi_name((uint8_t)i);

		if (name && wire_streq(s, n, name)) {
			*safi = (uint8_t)i;
			return 0;
		}
	}
	if (wire_streq(s, n, "undefined")) {
		*safi = 0;
		return 0;
	}
	if (!starts(s, n, "unknown safi ") ||
	    wire_parse_uint(s + 13, n - 13, 255, &v) < 0)
		return -1;
	*safi = (uint8_t)v;
	return 0;
}

int msg_family_parse(const char *s, size_t n, char sep, uint16_t *afi,
		     uint8_t *safi)
{
	const char *cut = memchr(s, sep, n);

	if (!cut)
		return -1;
	if (msg_afi_parse(s, (size_t)(cut - s), afi) < 0)
		return -1;
	return msg_safi_parse(cut + 1, n - (size_t)(cut - s) - 1, safi);
}

void msg_text_put(struct wbuf *w, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		wbuf_u8(w, p[i] < 0x20 || p[i] == 0x7f ? ' ' : p[i]);
}

int msg_kids(const struct val *v, enum val_type t, const struct val **first)
{
	*first = NULL;
	if (!v)
		return 0;
	if (v->type != t)
		return -1;
	*first = v->kids.first;
	return 0;
}

int msg_get_str(const struct val *obj, const char *key, const char **p,
		size_t *n)
{
	return val_as_str(val_get(obj, key), p, n);
}

int msg_get_uint(const struct val *obj, const char *key, uint64_t max,
		 uint64_t *out)
{
	if (val_as_u64(val_get(obj, key), out) < 0 || *out > max)
		return -1;
	return 0;
}

size_t msg_start(struct wbuf *w)
{
	size_t start = w->len;

	wire_header_write(w, 0, 0);
	return start;
}

int msg_finish(struct wbuf *w, size_t start, uint8_t type, size_t max,
	       struct lb_err *err)
{
	size_t len = w->len - start;

	if (w->failed)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "out of memory");
	if (len > max)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "%s of %zu octets exceeds %zu", wire_msg_name(type),
				  len, max);
	wbuf_set_u16(w, start + 16, (uint16_t)len);
	wbuf_set_u8(w, start + 18, type);
	return 0;
}
