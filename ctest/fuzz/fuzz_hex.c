/* Hex text as `luabgp decode` reads it: never reads past the text, and
 * what it accepts re-encodes to the same digits. */
#include <stdlib.h>
#include <string.h>

#include "base/hex.h"
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wbuf bytes, again, back;
	size_t bad;

	wbuf_init(&bytes, 0);
	wbuf_init(&back, 0);
	wbuf_init(&again, 0);
	if (hex_decode((const char *)data, size, &bytes, &bad) == 0) {
		wbuf_hex(&back, bytes.data, bytes.len, 1);
		if (hex_decode((const char *)back.data, back.len, &again, &bad) < 0 ||
		    again.len != bytes.len ||
		    (bytes.len && memcmp(again.data, bytes.data, bytes.len)))
			abort();
	} else if (bad > size) {
		abort();
	}
	wbuf_fini(&bytes);
	wbuf_fini(&back);
	wbuf_fini(&again);
	return 0;
}
