/* See static_routes.h. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "rib/static_routes.h"

void static_routes_init(struct static_routes *s)
{
	memset(s, 0, sizeof(*s));
}

void static_routes_fini(struct static_routes *s)
{
	free(s->data);
	memset(s, 0, sizeof(*s));
}

void static_routes_move(struct static_routes *to, struct static_routes *from)
{
	static_routes_fini(to);
	*to = *from;
	memset(from, 0, sizeof(*from));
}

/* A decimal number of at most max_digits digits, no leading zero. */
static const char *decimal(const char *p, const char *end, unsigned max_digits, unsigned *v)
{
	const char *start = p;

	*v = 0;
	while (p < end && *p >= '0' && *p <= '9' && (unsigned)(p - start) < max_digits)
		*v = *v * 10 + (unsigned)(*p++ - '0');
	if (p == start || (p - start > 1 && *start == '0'))
		return NULL;
	return p;
}

static bool ipv4_of(const char *p, const char *end, uint8_t addr[4])
{
	unsigned v;

	for (int i = 0; i < 4; i++) {
		if (i > 0 && (p >= end || *p++ != '.'))
			return false;
		p = decimal(p, end, 3, &v);
		if (!p || v > 255)
			return false;
		addr[i] = (uint8_t)v;
	}
	return p == end;
}

static bool ipv6_of(const char *p, const char *end, uint8_t addr[16])
{
	char text[INET6_ADDRSTRLEN];
	size_t n = (size_t)(end - p);

	if (n == 0 || n >= sizeof(text))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		if (!(c == ':' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		      (c >= 'A' && c <= 'F')))
			return false;
	}
	memcpy(text, p, n);
	text[n] = '\0';
	return inet_pton(AF_INET6, text, addr) == 1;
}

size_t static_routes_prefix(int afi, const char *text, size_t n, uint8_t *out)
{
	const char *end = text + n, *slash = memchr(text, '/', n);
	unsigned bits, max = afi == 4 ? 32 : 128;
	uint8_t addr[16];
	size_t octets;

	if (!slash || (afi != 4 && afi != 6))
		return 0;
	if (!(afi == 4 ? ipv4_of(text, slash, addr) : ipv6_of(text, slash, addr)))
		return 0;
	if (decimal(slash + 1, end, 3, &bits) != end || bits > max)
		return 0;
	octets = (bits + 7) / 8;
	/* every bit past the length clear: the prefix means what it says */
	for (size_t i = octets; i < max / 8; i++)
		if (addr[i])
			return 0;
	if (bits % 8 && (addr[octets - 1] & (0xffu >> (bits % 8))))
		return 0;
	out[0] = (uint8_t)bits;
	memcpy(out + 1, addr, octets);
	return octets + 1;
}

int static_routes_add(struct static_routes *s, unsigned tmpl, int afi, const char *text,
		      size_t n)
{
	uint8_t nlri[STATIC_ROUTES_NLRI_MAX];
	size_t len = static_routes_prefix(afi, text, n, nlri);
	uint16_t head = (uint16_t)tmpl;

	if (!len || tmpl >= STATIC_ROUTES_TEMPLATES)
		return 0;
	if (s->cap - s->len < 2 + len) {
		size_t cap = s->cap ? s->cap * 2 : 4096;
		uint8_t *data = realloc(s->data, cap);

		if (!data)
			return -1;
		s->data = data;
		s->cap = cap;
	}
	memcpy(s->data + s->len, &head, 2);
	memcpy(s->data + s->len + 2, nlri, len);
	s->len += 2 + len;
	s->count++;
	return 1;
}

bool static_routes_next(const struct static_routes *s, size_t *off, struct static_route *r)
{
	uint16_t head;

	if (*off + 3 > s->len)
		return false;
	memcpy(&head, s->data + *off, 2);
	r->tmpl = head;
	r->nlri = s->data + *off + 2;
	r->len = (uint8_t)(1 + (r->nlri[0] + 7) / 8);
	*off += 2 + r->len;
	return true;
}
