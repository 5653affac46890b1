/* A small strict JSON validator: the fuzz targets check that whatever the
 * decoders emit is well-formed JSON in valid UTF-8 (RELIABILITY.md §6.2). */
#include <stdlib.h>
#include <string.h>

#include "fuzzutil.h"

void fuzz_ctx(struct wire_ctx *ctx, uint8_t selector)
{
	wire_ctx_init_decode(ctx);
	ctx->asn4 = !(selector & 1);
	if (selector & 2)
		ctx->addpath_rx = ctx->families;
	ctx->ibgp = !(selector & 4);
	if (!ctx->ibgp)
		ctx->peer_as = 65000;
}

struct cur {
	const uint8_t *p, *end;
	int depth;
};

static void ws(struct cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\n' || *c->p == '\t' || *c->p == '\r'))
		c->p++;
}

static int lit(struct cur *c, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, s, n))
		return -1;
	c->p += n;
	return 0;
}

static int utf8(struct cur *c)
{
	uint8_t b = *c->p;
	int len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 ? 2 : 0;

	if (b >= 0xf5 || len == 0 || c->end - c->p < len)
		return -1;
	for (int i = 1; i < len; i++)
		if ((c->p[i] & 0xc0) != 0x80)
			return -1;
	c->p += len;
	return 0;
}

static int string(struct cur *c)
{
	if (lit(c, "\"") < 0)
		return -1;
	while (c->p < c->end && *c->p != '"') {
		if (*c->p < 0x20)
			return -1;
		if (*c->p == '\\') {
			c->p++;
			if (c->p >= c->end || !strchr("\"\\/bfnrtu", *c->p))
				return -1;
			c->p++;
		} else if (*c->p >= 0x80) {
			if (utf8(c) < 0)
				return -1;
		} else {
			c->p++;
		}
	}
	return lit(c, "\"");
}

static int number(struct cur *c)
{
	const uint8_t *start = c->p;

	if (c->p < c->end && *c->p == '-')
		c->p++;
	while (c->p < c->end && strchr("0123456789.eE+-", *c->p))
		c->p++;
	return c->p > start ? 0 : -1;
}

static int value(struct cur *c);

static int container(struct cur *c, char open, char close, int keyed)
{
	if (++c->depth > 200)
		return -1;
	c->p++;
	ws(c);
	if (c->p < c->end && *c->p == close) {
		c->p++;
		c->depth--;
		return 0;
	}
	for (;;) {
		ws(c);
		if (keyed) {
			if (string(c) < 0)
				return -1;
			ws(c);
			if (lit(c, ":") < 0)
				return -1;
		}
		if (value(c) < 0)
			return -1;
		ws(c);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == close) {
			c->p++;
			c->depth--;
			return 0;
		}
		return -1;
	}
	(void)open;
}

static int value(struct cur *c)
{
	ws(c);
	if (c->p >= c->end)
		return -1;
	switch (*c->p) {
	case '{':
		return container(c, '{', '}', 1);
	case '[':
		return container(c, '[', ']', 0);
	case '"':
		return string(c);
	case 't':
		return lit(c, "true");
	case 'f':
		return lit(c, "false");
	case 'n':
		return lit(c, "null");
	default:
		return number(c);
	}
}

void fuzz_check_json(const uint8_t *p, size_t n)
{
	struct cur c;

	if (n == 0)
		return; /* p may be NULL */
	c.p = p;
	c.end = p + n;
	c.depth = 0;
	while (c.p < c.end) {
		if (value(&c) < 0)
			abort();
		ws(&c);
	}
}
