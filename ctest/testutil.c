#include <stdio.h>
#include <string.h>

#include "base/hex.h"
#include "testutil.h"

size_t tu_hex(const char *hex, uint8_t *out, size_t cap)
{
	struct wbuf w;
	size_t bad = 0;

	wbuf_init_fixed(&w, out, cap);
	if (hex_decode(hex, strlen(hex), &w, &bad) < 0) {
		print_error("bad hex at offset %zu in \"%s\"\n", bad, hex);
		fail();
	}
	return w.len;
}

static void dump(const char *label, const uint8_t *p, size_t n, size_t mark)
{
	print_error("%s (%zu octets):\n", label, n);
	for (size_t i = 0; i < n; i += 16) {
		print_error("  %04zx ", i);
		for (size_t j = i; j < i + 16 && j < n; j++)
			print_error(j == mark ? "[%02X]" : " %02X", p[j]);
		print_error("\n");
	}
}

void tu_assert_bytes(const uint8_t *want, size_t wlen, const uint8_t *got,
		     size_t glen, const char *what)
{
	size_t i;

	if (wlen == glen && (wlen == 0 || memcmp(want, got, wlen) == 0))
		return;
	for (i = 0; i < wlen && i < glen && want[i] == got[i]; i++)
		;
	print_error("%s: first difference at offset %zu\n", what, i);
	dump("expected", want, wlen, i);
	dump("got", got, glen, i);
	fail();
}

void tu_assert_text(const char *want, const char *got, size_t glen)
{
	if (strlen(want) == glen && memcmp(want, got, glen) == 0)
		return;
	print_error("expected: %s\n     got: %.*s\n", want, (int)glen, got);
	fail();
}
