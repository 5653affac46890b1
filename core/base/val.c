#include "base/val.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct val *val_new(struct arena *a, enum val_type t)
{
	struct val *v = arena_alloc(a, sizeof(*v));

	if (!v)
		return NULL;
	memset(v, 0, sizeof(*v));
	v->type = (uint8_t)t;
	return v;
}

struct val *val_new_str(struct arena *a, const char *p, size_t n)
{
	struct val *v = val_new(a, VAL_STR);

	if (!v)
		return NULL;
	v->s.p = arena_strndup(a, p, n);
	if (!v->s.p)
		return NULL;
	v->s.n = n;
	return v;
}

struct val *val_new_int(struct arena *a, int64_t i)
{
	struct val *v = val_new(a, VAL_INT);

	if (v)
		v->i = i;
	return v;
}

struct val *val_new_uint(struct arena *a, uint64_t u)
{
	struct val *v;

	if (u <= INT64_MAX)
		return val_new_int(a, (int64_t)u);
	v = val_new(a, VAL_UINT);
	if (v)
		v->u = u;
	return v;
}

int val_push(struct arena *a, struct val *parent, const char *key,
	     struct val *child)
{
	if (!parent || !child ||
	    (parent->type != VAL_ARR && parent->type != VAL_OBJ))
		return -1;
	if (parent->type == VAL_OBJ) {
		size_t n = key ? strlen(key) : 0;
		child->key = arena_strndup(a, key ? key : "", n);
		if (!child->key)
			return -1;
		child->klen = n;
	}
	child->next = NULL;
	if (parent->kids.last)
		parent->kids.last->next = child;
	else
		parent->kids.first = child;
	parent->kids.last = child;
	parent->kids.n++;
	return 0;
}

const struct val *val_get(const struct val *obj, const char *key)
{
	size_t n;

	if (!obj || obj->type != VAL_OBJ)
		return NULL;
	n = strlen(key);
	for (const struct val *c = obj->kids.first; c; c = c->next)
		if (c->klen == n && memcmp(c->key, key, n) == 0)
			return c;
	return NULL;
}

const struct val *val_at(const struct val *v, size_t i)
{
	const struct val *c;

	if (!v || (v->type != VAL_ARR && v->type != VAL_OBJ))
		return NULL;
	for (c = v->kids.first; c && i; c = c->next)
		i--;
	return c;
}

size_t val_len(const struct val *v)
{
	if (!v)
		return 0;
	if (v->type == VAL_ARR || v->type == VAL_OBJ)
		return v->kids.n;
	if (v->type == VAL_STR)
		return v->s.n;
	return 0;
}

/* Parse a whole string as an unsigned integer (decimal or 0x hex). */
static int parse_u64(const char *p, size_t n, uint64_t *out)
{
	char tmp[32];
	char *end;
	int base = 10;

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, p, n);
	tmp[n] = 0;
	if (n > 2 && tmp[0] == '0' && (tmp[1] == 'x' || tmp[1] == 'X'))
		base = 16;
	if (tmp[0] == '-' || tmp[0] == '+' || tmp[0] == ' ')
		return -1;
	errno = 0;
	*out = strtoull(tmp, &end, base);
	if (errno || *end)
		return -1;
	return 0;
}

int val_as_u64(const struct val *v, uint64_t *out)
{
	if (!v)
		return -1;
	switch (v->type) {
	case VAL_INT:
		if (v->i < 0)
			return -1;
		*out = (uint64_t)v->i;
		return 0;
	case VAL_UINT:
		*out = v->u;
		return 0;
	case VAL_DBL:
		if (v->d < 0 || v->d != floor(v->d) || v->d >= 18446744073709551616.0)
			return -1;
		*out = (uint64_t)v->d;
		return 0;
	case VAL_STR:
		return parse_u64(v->s.p, v->s.n, out);
	default:
		return -1;
	}
}

int val_as_i64(const struct val *v, int64_t *out)
{
	uint64_t u;

	if (!v)
		return -1;
	switch (v->type) {
	case VAL_INT:
		*out = v->i;
		return 0;
	case VAL_DBL:
		if (v->d != floor(v->d) || v->d < -9223372036854775808.0 ||
		    v->d >= 9223372036854775808.0)
			return -1;
		*out = (int64_t)v->d;
		return 0;
	case VAL_STR:
		if (v->s.n > 1 && v->s.p[0] == '-') {
			if (parse_u64(v->s.p + 1, v->s.n - 1, &u) < 0 ||
			    u > (uint64_t)INT64_MAX + 1)
				return -1;
			*out = (int64_t)(0 - u);
			return 0;
		}
		/* fall through */
	default:
		if (val_as_u64(v, &u) < 0 || u > INT64_MAX)
			return -1;
		*out = (int64_t)u;
		return 0;
	}
}

int val_as_str(const struct val *v, const char **p, size_t *n)
{
	if (!v || v->type != VAL_STR)
		return -1;
	*p = v->s.p;
	*n = v->s.n;
	return 0;
}

int val_as_bool(const struct val *v, int *out)
{
	if (!v || v->type != VAL_BOOL)
		return -1;
	*out = v->b;
	return 0;
}

int val_is_str(const struct val *v, const char *s)
{
	const char *p;
	size_t n;

	if (val_as_str(v, &p, &n) < 0)
		return 0;
	return n == strlen(s) && memcmp(p, s, n) == 0;
}

void val_emit(const struct val *v, struct sink *s)
{
	if (!v) {
		sink_null(s);
		return;
	}
	switch (v->type) {
	case VAL_NULL:
		sink_null(s);
		break;
	case VAL_BOOL:
		sink_bool(s, v->b);
		break;
	case VAL_INT:
		sink_int(s, v->i);
		break;
	case VAL_UINT:
		sink_uint(s, v->u);
		break;
	case VAL_DBL:
		sink_dbl(s, v->d);
		break;
	case VAL_STR:
		sink_strn(s, v->s.p, v->s.n);
		break;
	case VAL_ARR:
		sink_arr(s);
		for (const struct val *c = v->kids.first; c; c = c->next)
			val_emit(c, s);
		sink_arr_end(s);
		break;
	case VAL_OBJ:
		sink_obj(s);
		for (const struct val *c = v->kids.first; c; c = c->next) {
			sink_keyn(s, c->key, c->klen);
			val_emit(c, s);
		}
		sink_obj_end(s);
		break;
	}
}

/* --- tree sink ---------------------------------------------------------- */

static struct val_sink *VS(struct sink *s)
{
	return (struct val_sink *)s;
}

static void vs_add(struct val_sink *vs, struct val *v)
{
	struct val *parent;

	if (!v) {
		vs->base.failed = 1;
		return;
	}
	if (vs->depth == 0) {
		if (!vs->root)
			vs->root = v;
		return;
	}
	parent = vs->stack[vs->depth - 1];
	if (parent->type == VAL_OBJ) {
		/* the key was copied by vs_key: attach it without a second copy */
		v->key = vs->key ? vs->key : "";
		v->klen = vs->key ? vs->klen : 0;
		vs->key = NULL;
	}
	v->next = NULL;
	if (parent->kids.last)
		parent->kids.last->next = v;
	else
		parent->kids.first = v;
	parent->kids.last = v;
	parent->kids.n++;
}

static void vs_open(struct sink *s, enum val_type t)
{
	struct val_sink *vs = VS(s);
	struct val *v = val_new(vs->arena, t);

	vs_add(vs, v);
	if (v && vs->depth < sizeof(vs->stack) / sizeof(vs->stack[0]))
		vs->stack[vs->depth++] = v;
	else
		s->failed = 1;
}

static void vs_close(struct sink *s)
{
	if (VS(s)->depth)
		VS(s)->depth--;
}

static void vs_obj_open(struct sink *s) { vs_open(s, VAL_OBJ); }
static void vs_arr_open(struct sink *s) { vs_open(s, VAL_ARR); }

static void vs_key(struct sink *s, const char *k, size_t n)
{
	struct val_sink *vs = VS(s);

	vs->key = arena_strndup(vs->arena, k, n);
	vs->klen = n;
	if (!vs->key)
		s->failed = 1;
}

static void vs_str(struct sink *s, const char *p, size_t n)
{
	vs_add(VS(s), val_new_str(VS(s)->arena, p, n));
}

static void vs_i64(struct sink *s, int64_t v)
{
	vs_add(VS(s), val_new_int(VS(s)->arena, v));
}

static void vs_u64(struct sink *s, uint64_t v)
{
	vs_add(VS(s), val_new_uint(VS(s)->arena, v));
}

static void vs_dbl(struct sink *s, double d)
{
	struct val *v = val_new(VS(s)->arena, VAL_DBL);

	if (v)
		v->d = d;
	vs_add(VS(s), v);
}

static void vs_bool(struct sink *s, int b)
{
	struct val *v = val_new(VS(s)->arena, VAL_BOOL);

	if (v)
		v->b = !!b;
	vs_add(VS(s), v);
}

static void vs_null(struct sink *s)
{
	vs_add(VS(s), val_new(VS(s)->arena, VAL_NULL));
}

static const struct sink_ops val_sink_ops = {
	.obj_open = vs_obj_open,
	.obj_close = vs_close,
	.arr_open = vs_arr_open,
	.arr_close = vs_close,
	.key = vs_key,
	.str = vs_str,
	.i64 = vs_i64,
	.u64 = vs_u64,
	.dbl = vs_dbl,
	.boolean = vs_bool,
	.null = vs_null,
};

void val_sink_init(struct val_sink *vs, struct arena *a)
{
	sink_base_init(&vs->base, &val_sink_ops);
	vs->arena = a;
	vs->root = NULL;
	vs->depth = 0;
	vs->key = NULL;
	vs->klen = 0;
}

void val_sink_fini(struct val_sink *vs)
{
	sink_base_fini(&vs->base);
}

struct val *val_sink_root(struct val_sink *vs)
{
	return vs->root;
}
