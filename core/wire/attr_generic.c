/* PLACEHOLDER: replaced by the real codec; keeps the build whole meanwhile. */
#include "wire/attr.h"
#include "wire/pending.h"

PENDING_ATTR(generic, 0, 0xC0, "attribute");

void wire_attr_generic_name(struct wbuf *w, uint8_t code, uint8_t flags)
{
	wbuf_printf(w, "attribute-0x%02X-0x%02X", code, flags);
}
