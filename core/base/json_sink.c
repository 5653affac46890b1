#include "base/json_sink.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static struct json_sink *J(struct sink *s)
{
	return (struct json_sink *)s;
}

/* Separator before a value or key at the current level. */
static void sep(struct json_sink *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth && j->depth <= JSON_SINK_DEPTH) {
		uint8_t *c = &j->count[j->depth - 1];
		if (*c)
			wbuf_put(j->out, j->compact ? "," : ", ", j->compact ? 1 : 2);
		else if (!j->compact)
			wbuf_u8(j->out, ' ');
		if (*c < 255)
			(*c)++;
	}
}

static void open_level(struct json_sink *j, char c)
{
	sep(j);
	wbuf_u8(j->out, (uint8_t)c);
	if (j->depth < JSON_SINK_DEPTH)
		j->count[j->depth] = 0;
	j->depth++;
}

static void close_level(struct json_sink *j, char c)
{
	int empty = 1;

	if (j->depth && j->depth <= JSON_SINK_DEPTH)
		empty = j->count[j->depth - 1] == 0;
	if (j->depth)
		j->depth--;
	if (!empty && !j->compact)
		wbuf_u8(j->out, ' ');
	wbuf_u8(j->out, (uint8_t)c);
}

static void j_obj_open(struct sink *s) { open_level(J(s), '{'); }
static void j_obj_close(struct sink *s) { close_level(J(s), '}'); }
static void j_arr_open(struct sink *s) { open_level(J(s), '['); }
static void j_arr_close(struct sink *s) { close_level(J(s), ']'); }

static void j_key(struct sink *s, const char *k, size_t n)
{
	struct json_sink *j = J(s);

	sep(j);
	json_write_string(j->out, k, n);
	wbuf_put(j->out, j->compact ? ":" : ": ", j->compact ? 1 : 2);
	j->after_key = 1;
}

static void j_str(struct sink *s, const char *p, size_t n)
{
	sep(J(s));
	json_write_string(J(s)->out, p, n);
}

static void j_i64(struct sink *s, int64_t v)
{
	sep(J(s));
	wbuf_int(J(s)->out, v);
}

static void j_u64(struct sink *s, uint64_t v)
{
	sep(J(s));
	wbuf_uint(J(s)->out, v);
}

static void j_dbl(struct sink *s, double v)
{
	sep(J(s));
	json_write_double(J(s)->out, v);
}

static void j_bool(struct sink *s, int v)
{
	sep(J(s));
	wbuf_str(J(s)->out, v ? "true" : "false");
}

static void j_null(struct sink *s)
{
	sep(J(s));
	wbuf_str(J(s)->out, "null");
}

static void j_bignum(struct sink *s, const char *p, size_t n)
{
	sep(J(s));
	wbuf_put(J(s)->out, p, n);
}

static const struct sink_ops json_ops = {
	.obj_open = j_obj_open,
	.obj_close = j_obj_close,
	.arr_open = j_arr_open,
	.arr_close = j_arr_close,
	.key = j_key,
	.str = j_str,
	.i64 = j_i64,
	.u64 = j_u64,
	.dbl = j_dbl,
	.boolean = j_bool,
	.null = j_null,
	.bignum = j_bignum,
};

void json_sink_init(struct json_sink *j, struct wbuf *out, int compact)
{
	sink_base_init(&j->base, &json_ops);
	j->out = out;
	j->compact = compact;
	j->depth = 0;
	j->after_key = 0;
}

void json_sink_init_inside(struct json_sink *j, struct wbuf *out, int compact)
{
	json_sink_init(j, out, compact);
	j->depth = 1;
	j->count[0] = 1;
}

void json_sink_fini(struct json_sink *j)
{
	sink_base_fini(&j->base);
}

/* Length of the valid UTF-8 sequence at p (RFC 3629 §4), 0 if invalid. */
static size_t utf8_valid(const uint8_t *p, size_t n)
{
	uint8_t c = p[0];
	size_t len;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

int json_write_string(struct wbuf *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0, run;
	int errs = 0;

	errs += wbuf_u8(w, '"');
	while (i < n) {
		/* copy the longest run that needs no escaping in one go */
		run = i;
		while (run < n && p[run] >= 0x20 && p[run] < 0x80 &&
		       p[run] != '"' && p[run] != '\\')
			run++;
		errs += wbuf_put(w, p + i, run - i);
		i = run;
		if (i >= n)
			break;
		if (p[i] >= 0x80) {
			size_t len = utf8_valid(p + i, n - i);
			if (len) {
				errs += wbuf_put(w, p + i, len);
				i += len;
			} else {
				errs += wbuf_str(w, "\\ufffd");
				i++;
			}
			continue;
		}
		switch (p[i]) {
		case '"':
			errs += wbuf_str(w, "\\\"");
			break;
		case '\\':
			errs += wbuf_str(w, "\\\\");
			break;
		case '\n':
			errs += wbuf_str(w, "\\n");
			break;
		case '\r':
			errs += wbuf_str(w, "\\r");
			break;
		case '\t':
			errs += wbuf_str(w, "\\t");
			break;
		default: {
			char esc[6] = { '\\', 'u', '0', '0', hex[p[i] >> 4],
					hex[p[i] & 15] };
			errs += wbuf_put(w, esc, 6);
		}
		}
		i++;
	}
	errs += wbuf_u8(w, '"');
	return errs ? -1 : 0;
}

/* Python 3 repr(float): the shortest digit string that reads back to the
 * same double, in fixed notation when the decimal exponent is within
 * [-4, 16), else as d.ddde+XX; a fixed integral value keeps ".0". */
int json_write_double(struct wbuf *w, double v)
{
	char tmp[40], digits[20];
	int prec, exp10, nd = 0, errs = 0;
	char *e;

	if (!isfinite(v))
		return wbuf_str(w, "null");
	if (v == 0)
		return wbuf_str(w, signbit(v) ? "-0.0" : "0.0");
	for (prec = 0; prec < 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	/* tmp is [-]d[.ddd]e[+-]XX */
	e = strchr(tmp, 'e');
	exp10 = atoi(e + 1);
	for (char *c = tmp; c < e; c++)
		if (*c >= '0' && *c <= '9')
			digits[nd++] = *c;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (v < 0)
		errs += wbuf_u8(w, '-');
	if (exp10 >= -4 && exp10 < 16) {
		if (exp10 < 0) {
			errs += wbuf_str(w, "0.");
			for (int i = -1; i > exp10; i--)
				errs += wbuf_u8(w, '0');
			errs += wbuf_put(w, digits, (size_t)nd);
		} else if (nd <= exp10 + 1) {
			errs += wbuf_put(w, digits, (size_t)nd);
			for (int i = nd; i <= exp10; i++)
				errs += wbuf_u8(w, '0');
			errs += wbuf_str(w, ".0");
		} else {
			errs += wbuf_put(w, digits, (size_t)exp10 + 1);
			errs += wbuf_u8(w, '.');
			errs += wbuf_put(w, digits + exp10 + 1,
					 (size_t)(nd - exp10 - 1));
		}
	} else {
		errs += wbuf_u8(w, (uint8_t)digits[0]);
		if (nd > 1) {
			errs += wbuf_u8(w, '.');
			errs += wbuf_put(w, digits + 1, (size_t)nd - 1);
		}
		errs += wbuf_printf(w, "e%c%02d", exp10 < 0 ? '-' : '+',
				    exp10 < 0 ? -exp10 : exp10);
	}
	return errs ? -1 : 0;
}
