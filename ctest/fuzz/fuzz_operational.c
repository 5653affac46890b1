/* OPERATIONAL (ExaBGP's draft-ietf-idr-operational-message): advisories,
 * queries and counters give valid JSON, a printable one-line text form
 * (text from the wire cannot forge a line) and decode → tree → encode →
 * decode giving the same JSON; anything not understood is ignored, never a
 * reset.  Input: the message body (Type, Length, value); the header is
 * added here, up to the 65535 octets of RFC 8654. */
#include "fuzzutil.h"
#include "wire/message.h"

static const struct fuzz_msg_kind kind = {
	WIRE_MSG_OPERATIONAL, WIRE_MAX_EXT_MSG, wire_operational_event_json,
	wire_operational_encode, wire_operational_text, "operational", NULL,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_check_message(&kind, data, size);
	return 0;
}
