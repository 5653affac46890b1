/* Helpers shared by the cmocka programs. */
#ifndef LUABGP_CTEST_TESTUTIL_H
#define LUABGP_CTEST_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/wbuf.h"

/* Hex text (spaces and colons allowed) to bytes in a static-size buffer;
 * fails the test on bad hex.  Returns the length. */
size_t tu_hex(const char *hex, uint8_t *out, size_t cap);

/* Fail with a side-by-side hex dump when the two byte strings differ. */
void tu_assert_bytes(const uint8_t *want, size_t wlen, const uint8_t *got,
		     size_t glen, const char *what);
#define assert_bytes(w, wl, g, gl) tu_assert_bytes(w, wl, g, gl, #g)

/* Fail showing both texts when they differ. */
void tu_assert_text(const char *want, const char *got, size_t glen);

#endif
