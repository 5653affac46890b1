#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void lb_err_clear(struct lb_err *e)
{
	e->code = 0;
	e->subcode = 0;
	e->act = LB_ACT_NONE;
	e->attr = 0;
	e->offset = 0;
	e->data = NULL;
	e->data_len = 0;
	e->reason[0] = 0;
}

int lb_err_set(struct lb_err *e, enum lb_act act, uint8_t code, uint8_t sub,
	       size_t offset, const char *fmt, ...)
{
	va_list ap;

	e->act = (uint8_t)act;
	e->code = code;
	e->subcode = sub;
	e->offset = offset;
	e->data = NULL;
	e->data_len = 0;
	va_start(ap, fmt);
	vsnprintf(e->reason, sizeof(e->reason), fmt, ap);
	va_end(ap);
	return -1;
}

void lb_err_data_view(struct lb_err *e, const uint8_t *p, size_t n)
{
	e->data = p;
	e->data_len = n;
}

void lb_err_data_copy(struct lb_err *e, const void *p, size_t n)
{
	if (n > sizeof(e->inline_data))
		n = sizeof(e->inline_data);
	memcpy(e->inline_data, p, n);
	e->data = NULL;
	e->data_len = n;
}

const uint8_t *lb_err_data(const struct lb_err *e, size_t *len)
{
	*len = e->data_len;
	return e->data ? e->data : e->inline_data;
}

void lb_err_merge(struct lb_err *into, const struct lb_err *from)
{
	if (from->act > into->act)
		*into = *from;
}

const char *lb_act_name(enum lb_act act)
{
	switch (act) {
	case LB_ACT_NONE:
		return "none";
	case LB_ACT_DISCARD:
		return "attribute-discard";
	case LB_ACT_WITHDRAW:
		return "treat-as-withdraw";
	case LB_ACT_AFI_DISABLE:
		return "afi-safi-disable";
	case LB_ACT_RESET:
		return "session-reset";
	}
	return "unknown";
}
