#include "base/hex.h"

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int separator(char c)
{
	return c == ' ' || c == '\t' || c == ':' || c == '\r' || c == '\n';
}

int hex_decode(const char *s, size_t n, struct wbuf *out, size_t *bad)
{
	size_t i = 0;
	int hi = -1;

	while (i < n && separator(s[i]))
		i++;
	if (n - i >= 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X'))
		i += 2;
	for (; i < n; i++) {
		int v = nibble(s[i]);

		if (v < 0) {
			if (separator(s[i]) && hi < 0)
				continue;
			*bad = i;
			return -1;
		}
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (wbuf_u8(out, (unsigned char)(hi << 4 | v)) < 0) {
			*bad = i;
			return -1;
		}
		hi = -1;
	}
	if (hi >= 0) {
		*bad = n;
		return -1;
	}
	return 0;
}
