/* Strings from the wire (shutdown communications, hostnames, BGP-LS names)
 * through the JSON escaper: the result is always one valid JSON string in
 * valid UTF-8, and valid UTF-8 input without specials comes out unchanged. */
#include <stdlib.h>
#include <string.h>

#include "base/json_sink.h"
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wbuf w;

	wbuf_init(&w, 0);
	json_write_string(&w, (const char *)data, size);
	fuzz_check_json(w.data, w.len);
	if (w.len < 2 || w.data[0] != '"' || w.data[w.len - 1] != '"')
		abort();
	wbuf_fini(&w);
	return 0;
}
