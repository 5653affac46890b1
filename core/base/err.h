/* Errors as values.
 *
 * A decoder that finds a fault fills a struct lb_err and returns -1.  The
 * error says what a BGP speaker must do about it: the NOTIFICATION code and
 * subcode (RFC 4271 §4.5), the RFC 7606 §2 action, the byte offset of the
 * fault inside the message, and a reason naming the attribute or field.
 * Nothing is ever raised or aborted on input.
 */
#ifndef LUABGP_BASE_ERR_H
#define LUABGP_BASE_ERR_H

#include <stddef.h>
#include <stdint.h>

/* RFC 7606 §2 approaches, ordered by strength (§3 h: the strongest wins). */
enum lb_act {
	LB_ACT_NONE = 0,     /* no fault (or only a logged oddity) */
	LB_ACT_DISCARD,      /* attribute discard */
	LB_ACT_WITHDRAW,     /* treat-as-withdraw */
	LB_ACT_AFI_DISABLE,  /* AFI/SAFI disable (RFC 4760 §7) */
	LB_ACT_RESET,        /* session reset: send the NOTIFICATION */
};

/* NOTIFICATION codes, RFC 4271 §4.5 and the IANA registry. */
enum {
	LB_NOTIFY_HEADER = 1,
	LB_NOTIFY_OPEN = 2,
	LB_NOTIFY_UPDATE = 3,
	LB_NOTIFY_HOLD = 4,
	LB_NOTIFY_FSM = 5,
	LB_NOTIFY_CEASE = 6,
	LB_NOTIFY_REFRESH = 7,
	LB_NOTIFY_SEND_HOLD = 8,
};

#define LB_ERR_REASON_MAX 160
#define LB_ERR_DATA_INLINE 8

struct lb_err {
	uint8_t code;            /* NOTIFICATION code (0: none) */
	uint8_t subcode;
	uint8_t act;             /* enum lb_act */
	uint8_t attr;            /* attribute type code involved, 0 if none */
	size_t offset;           /* offset of the fault in the message */
	/* NOTIFICATION data: either borrowed from the message (valid while
	 * the message is) or a few bytes kept inline. */
	const uint8_t *data;
	size_t data_len;
	uint8_t inline_data[LB_ERR_DATA_INLINE];
	char reason[LB_ERR_REASON_MAX];
};

void lb_err_clear(struct lb_err *e);

/* Fill e and return -1, so that decoders can `return lb_err_set(...)`. */
int lb_err_set(struct lb_err *e, enum lb_act act, uint8_t code, uint8_t sub,
	       size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* NOTIFICATION data borrowed from the message. */
void lb_err_data_view(struct lb_err *e, const uint8_t *p, size_t n);
/* NOTIFICATION data copied inline (at most LB_ERR_DATA_INLINE bytes). */
void lb_err_data_copy(struct lb_err *e, const void *p, size_t n);
/* Where the NOTIFICATION data is, whichever way it was stored. */
const uint8_t *lb_err_data(const struct lb_err *e, size_t *len);

/* Keep the stronger of two errors in *into (RFC 7606 §3 h); the first error
 * of the strongest kind is the one reported. */
void lb_err_merge(struct lb_err *into, const struct lb_err *from);

const char *lb_act_name(enum lb_act act);

#endif
