/* PLACEHOLDER: replaced by the real codec; keeps the build whole meanwhile. */
#include "wire/message.h"

int wire_notification_event_json(struct sink *s, const uint8_t *msg, size_t len,
                               const struct wire_ctx *ctx, struct lb_err *err)
{
	(void)s, (void)msg, (void)len, (void)ctx;
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "notification: not implemented yet");
}
