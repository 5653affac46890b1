#include "wire/common.h"

#include "base/hex.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

int wire_parse_uint(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	int base = 10;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i >= n)
		return -1;
	for (; i < n; i++) {
		unsigned d;
		char c = s[i];

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		if (v > (UINT64_MAX - d) / (uint64_t)base)
			return -1;
		v = v * (uint64_t)base + d;
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

int wire_ip_parse(const char *s, size_t n, uint16_t *afi, uint8_t addr[16])
{
	char tmp[INET6_ADDRSTRLEN + 1];

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = 0;
	memset(addr, 0, 16);
	if (memchr(tmp, ':', n)) {
		if (inet_pton(AF_INET6, tmp, addr) != 1)
			return -1;
		*afi = WIRE_AFI_IPV6;
		return 0;
	}
	if (inet_pton(AF_INET, tmp, addr) != 1)
		return -1;
	*afi = WIRE_AFI_IPV4;
	return 0;
}

int wire_ip_parse_afi(const char *s, size_t n, uint16_t afi, uint8_t addr[16])
{
	uint16_t got;

	if (wire_ip_parse(s, n, &got, addr) < 0 || got != afi)
		return -1;
	return 0;
}

void wire_ip_text(struct wbuf *w, const uint8_t *p, size_t n)
{
	if (n == 4)
		wbuf_ipv4(w, p);
	else if (n == 16)
		wbuf_ipv6(w, p);
	else
		wbuf_hex(w, p, n, 1);
}

int wire_prefix_read(struct rd *r, unsigned maxbits, uint8_t *plen,
		     uint8_t addr[16])
{
	uint8_t bits;
	size_t bytes;

	if (rd_u8(r, &bits) < 0 || bits > maxbits)
		return -1;
	bytes = (bits + 7u) / 8u;
	memset(addr, 0, 16);
	if (rd_bytes(r, addr, bytes) < 0)
		return -1;
	*plen = bits;
	return 0;
}

void wire_prefix_text(struct wbuf *w, uint16_t afi, const uint8_t addr[16],
		      unsigned plen)
{
	if (afi == WIRE_AFI_IPV6)
		wbuf_ipv6(w, addr);
	else
		wbuf_ipv4(w, addr);
	wbuf_u8(w, '/');
	wbuf_uint(w, plen);
}

int wire_prefix_parse(const char *s, size_t n, uint16_t afi,
		      uint8_t addr[16], unsigned *plen)
{
	const char *slash = memchr(s, '/', n);
	unsigned maxbits = afi == WIRE_AFI_IPV6 ? 128 : 32;
	uint64_t bits = maxbits;

	if (slash) {
		if (wire_parse_uint(slash + 1, (size_t)(s + n - slash - 1),
				    maxbits, &bits) < 0)
			return -1;
		n = (size_t)(slash - s);
	}
	if (wire_ip_parse_afi(s, n, afi, addr) < 0)
		return -1;
	*plen = (unsigned)bits;
	return 0;
}

/* The bits past the prefix length are written as given, not masked:
 * ExaBGP sends them that way and decoding prints them back (RFC 4271 §4.3
 * makes them irrelevant to the receiver). */
int wire_prefix_write(struct wbuf *w, const uint8_t addr[16], unsigned plen)
{
	int errs = 0;

	if (plen > 128)
		return -1;
	errs += wbuf_u8(w, (uint8_t)plen);
	errs += wbuf_put(w, addr, (plen + 7u) / 8u);
	return errs ? -1 : 0;
}

void wire_rd_text(struct wbuf *w, const uint8_t rd[8])
{
	uint16_t type = get_u16(rd);

	switch (type) {
	case 0: /* 2-octet ASN : 4-octet number */
		wbuf_uint(w, get_u16(rd + 2));
		wbuf_u8(w, ':');
		wbuf_uint(w, get_u32(rd + 4));
		break;
	case 1: /* IPv4 address : 2-octet number */
		wbuf_ipv4(w, rd + 2);
		wbuf_u8(w, ':');
		wbuf_uint(w, get_u16(rd + 6));
		break;
	case 2: /* 4-octet ASN : 2-octet number */
		wbuf_uint(w, get_u32(rd + 2));
		wbuf_u8(w, ':');
		wbuf_uint(w, get_u16(rd + 6));
		break;
	default:
		wbuf_put(w, "0x", 2);
		wbuf_hex(w, rd, 8, 1);
	}
}

/* "ASN:NN" is type 0 when ASN fits 16 bits, type 2 otherwise (then NN must
 * fit 16 bits); "IP:NN" is type 1; "0x" and 16 hex digits is any type, the
 * form wire_rd_text() prints for the types it does not know. */
int wire_rd_parse(const char *s, size_t n, uint8_t rd[8])
{
	const char *colon = NULL;
	uint64_t left, right;
	uint8_t ip[16];
	uint16_t afi;
	struct wbuf w;
	size_t ln;

	if (n == 18 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		wbuf_init_fixed(&w, rd, 8);
		return hex_decode(s, n, &w, &ln) < 0 || w.len != 8 ? -1 : 0;
	}
	for (size_t i = n; i > 0; i--)
		if (s[i - 1] == ':') {
			colon = s + i - 1;
			break;
		}
	if (!colon)
		return -1;
	ln = (size_t)(colon - s);
	if (wire_parse_uint(colon + 1, n - ln - 1, UINT32_MAX, &right) < 0)
		return -1;
	if (memchr(s, '.', ln)) {
		if (wire_ip_parse(s, ln, &afi, ip) < 0 || afi != WIRE_AFI_IPV4 ||
		    right > UINT16_MAX)
			return -1;
		rd[0] = 0, rd[1] = 1;
		memcpy(rd + 2, ip, 4);
		rd[6] = (uint8_t)(right >> 8), rd[7] = (uint8_t)right;
		return 0;
	}
	if (wire_parse_uint(s, ln, UINT32_MAX, &left) < 0)
		return -1;
	if (left <= UINT16_MAX) {
		rd[0] = 0, rd[1] = 0;
		rd[2] = (uint8_t)(left >> 8), rd[3] = (uint8_t)left;
		rd[4] = (uint8_t)(right >> 24), rd[5] = (uint8_t)(right >> 16);
		rd[6] = (uint8_t)(right >> 8), rd[7] = (uint8_t)right;
		return 0;
	}
	if (right > UINT16_MAX)
		return -1;
	rd[0] = 0, rd[1] = 2;
	rd[2] = (uint8_t)(left >> 24), rd[3] = (uint8_t)(left >> 16);
	rd[4] = (uint8_t)(left >> 8), rd[5] = (uint8_t)left;
	rd[6] = (uint8_t)(right >> 8), rd[7] = (uint8_t)right;
	return 0;
}

int wire_labels_read(struct rd *r, uint32_t *raw, int max)
{
	int n = 0;
	uint32_t v;

	for (;;) {
		if (n >= max || rd_u24(r, &v) < 0)
			return -1;
		raw[n++] = v;
		/* bottom of stack, or the RFC 8277 §2.4 withdrawal labels */
		if ((v & 1) || v == 0x800000 || v == 0)
			return n;
	}
}

void wire_labels_json(struct sink *s, const uint32_t *raw, int n)
{
	sink_arr(s);
	for (int i = 0; i < n; i++) {
		sink_arr(s);
		sink_uint(s, raw[i] >> 4);
		if (raw[i])
			sink_uint(s, raw[i]);
		sink_arr_end(s);
	}
	sink_arr_end(s);
}
