/* NOTIFICATION (RFC 4271 §4.5) with the Shutdown Communication of Cease
 * 6/2 and 6/4 (RFC 9003): valid JSON, a printable one-line text form, and
 * decode → tree → encode → decode giving the same JSON (the sentence ExaBGP
 * prints about a Shutdown Communication must encode back to its bytes).
 * Input: the message body (code, subcode, data); the header is added here,
 * up to the 65535 octets of RFC 8654. */
#include "fuzzutil.h"
#include "wire/message.h"

static const struct fuzz_msg_kind kind = {
	WIRE_MSG_NOTIFICATION, WIRE_MAX_EXT_MSG, wire_notification_event_json,
	wire_notification_encode, wire_notification_text, "notification", NULL,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_check_message(&kind, data, size);
	return 0;
}
