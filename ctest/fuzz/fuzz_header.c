/* Message framing: the header checks on any bytes, with and without
 * extended messages and the operational message type. */
#include <stdlib.h>

#include "fuzzutil.h"
#include "wire/message.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_header h;
	struct lb_err err;
	size_t max;

	if (size < 1)
		return 0;
	max = (data[0] & 1) ? WIRE_MAX_EXT_MSG : WIRE_MAX_MSG;
	if (wire_header_decode(data + 1, size - 1, max, data[0] & 2, &h, &err) == 0) {
		if (h.len < WIRE_HEADER_LEN || h.len > max)
			abort();
	} else if (err.act != LB_ACT_RESET || err.code != LB_NOTIFY_HEADER) {
		abort();
	}
	return 0;
}
