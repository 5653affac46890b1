/* A tree of values (JSON's data model) in an arena.
 *
 * Encoders read their input from a struct val: the Lua binding converts a
 * table into one, tests build one, and the tree sink turns a walker's events
 * into one, so decode → tree → encode round-trips inside C.  Objects keep
 * their members in order.  Numbers keep integer precision: a 64-bit extended
 * community value survives, where a double would not.
 */
#ifndef LUABGP_BASE_VAL_H
#define LUABGP_BASE_VAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/sink.h"

enum val_type {
	VAL_NULL,
	VAL_BOOL,
	VAL_INT,  /* int64 */
	VAL_UINT, /* uint64 above INT64_MAX */
	VAL_DBL,
	VAL_STR,
	VAL_ARR,
	VAL_OBJ,
};

struct val {
	uint8_t type;
	const char *key;     /* member name inside an object, else NULL */
	size_t klen;
	struct val *next;    /* next sibling */
	union {
		int b;
		int64_t i;
		uint64_t u;
		double d;
		struct {
			const char *p;
			size_t n;
		} s;
		struct {
			struct val *first, *last;
			size_t n;
		} kids;
	};
};

/* Constructors (NULL when the arena is exhausted). */
struct val *val_new(struct arena *a, enum val_type t);
struct val *val_new_str(struct arena *a, const char *p, size_t n);
struct val *val_new_int(struct arena *a, int64_t i);
struct val *val_new_uint(struct arena *a, uint64_t u);
/* Append child to an array, or to an object under key (copied). */
int val_push(struct arena *a, struct val *parent, const char *key,
	     struct val *child);

/* Member of an object by name, or NULL. */
const struct val *val_get(const struct val *obj, const char *key);
/* Child i of an array or object, or NULL. */
const struct val *val_at(const struct val *v, size_t i);
size_t val_len(const struct val *v);

/* Typed readers: 0 on success, -1 when the value is absent or of another
 * kind.  Integer readers accept integers, integral doubles and decimal or
 * 0x-hex strings (Lua hands 64-bit values over as strings). */
int val_as_u64(const struct val *v, uint64_t *out);
int val_as_i64(const struct val *v, int64_t *out);
int val_as_str(const struct val *v, const char **p, size_t *n);
int val_as_bool(const struct val *v, int *out);
/* val_as_str, then compare with a C string */
int val_is_str(const struct val *v, const char *s);

/* Replay a tree as sink events (tree → JSON, tree → Lua). */
void val_emit(const struct val *v, struct sink *s);

/* A sink that builds a tree. */
struct val_sink {
	struct sink base;
	struct arena *arena;
	struct val *root;
	struct val *stack[64];
	unsigned depth;
	const char *key;
	size_t klen;
};

void val_sink_init(struct val_sink *vs, struct arena *a);
void val_sink_fini(struct val_sink *vs);
/* The first top-level value, or NULL. */
struct val *val_sink_root(struct val_sink *vs);

#endif
