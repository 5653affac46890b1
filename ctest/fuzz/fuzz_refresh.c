/* ROUTE-REFRESH (RFC 2918) with the subtypes of RFC 7313 (BoRR, EoRR,
 * unknown ones ignored) and trailing ORF octets (RFC 5291): valid JSON,
 * a printable one-line text form, decode → tree → encode → decode giving
 * the same JSON, and errors that are 7/1 resets or ignored messages.
 * Input: the message body (AFI, subtype, SAFI, ...); the header is added
 * here, up to the 65535 octets of RFC 8654. */
#include "fuzzutil.h"
#include "wire/message.h"

static const struct fuzz_msg_kind kind = {
	WIRE_MSG_ROUTE_REFRESH, WIRE_MAX_EXT_MSG, wire_refresh_event_json,
	wire_refresh_encode, wire_refresh_text, "route-refresh", NULL,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_check_message(&kind, data, size);
	return 0;
}
