#include "base/sink.h"

#include <stdarg.h>
#include <stdio.h>

void sink_base_init(struct sink *s, const struct sink_ops *ops)
{
	s->ops = ops;
	s->failed = 0;
	wbuf_init_borrowed(&s->scratch, s->scratch_mem, sizeof(s->scratch_mem));
}

void sink_base_fini(struct sink *s)
{
	wbuf_fini(&s->scratch);
}

void sink_strf(struct sink *s, const char *fmt, ...)
{
	struct wbuf *w = sink_text(s);
	va_list ap;

	va_start(ap, fmt);
	wbuf_vprintf(w, fmt, ap);
	va_end(ap);
	sink_text_end(s);
}

void sink_ipv4(struct sink *s, const uint8_t a[4])
{
	wbuf_ipv4(sink_text(s), a);
	sink_text_end(s);
}

void sink_ipv6(struct sink *s, const uint8_t a[16])
{
	wbuf_ipv6(sink_text(s), a);
	sink_text_end(s);
}

void sink_hex(struct sink *s, const uint8_t *p, size_t n)
{
	struct wbuf *w = sink_text(s);

	wbuf_put(w, "0x", 2);
	wbuf_hex(w, p, n, 1);
	sink_text_end(s);
}
