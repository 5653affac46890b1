/* Configured routes in bulk.  ExaBGP configurations carry large tables as
 * `route PREFIX <attributes>;` lines where a handful of attribute sets
 * repeat over many prefixes; each such route is kept here as the number of
 * its template (the rest of the line, parsed once by the configuration) and
 * its NLRI in wire form, a few octets a route instead of a tree (issue 3,
 * S1: a million routes in one configuration).  Plain IPv4 and IPv6 prefixes
 * without path id; every other route stays a tree.
 *
 * A record is the template number (u16) followed by the NLRI: the prefix
 * length and the octets it covers (RFC 4271 §4.3). */
#ifndef LUABGP_RIB_STATIC_ROUTES_H
#define LUABGP_RIB_STATIC_ROUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>


#define STATIC_ROUTES_TEMPLATES 4096 /* template numbers a store takes */
#define STATIC_ROUTES_NLRI_MAX 17    /* length octet + 16 for a /128 */

struct static_routes {
	uint8_t *data;
	size_t len, cap;                 /* octets of records */
	size_t count;                    /* records */
};

struct static_route {
	unsigned tmpl;                   /* 0-based template number */
	uint8_t len;                     /* octets of nlri */
	const uint8_t *nlri;
};

void static_routes_init(struct static_routes *s);
void static_routes_fini(struct static_routes *s);
/* to takes from's records (to's own are freed); from is left empty. */
void static_routes_move(struct static_routes *to, struct static_routes *from);

/* The NLRI of the prefix text "ADDRESS/LENGTH" of the given afi (4 or 6),
 * into out (STATIC_ROUTES_NLRI_MAX octets): its length, or 0 when the text
 * is not such a prefix written plainly (IPv4 as a dotted quad without
 * leading zeros, IPv6 as hex groups without an IPv4 tail, no bit set past
 * the length).  Texts refused here take the configuration's general path,
 * which accepts more forms and explains what is wrong with the others. */
size_t static_routes_prefix(int afi, const char *text, size_t n, uint8_t *out);

/* Append a route of template tmpl (< STATIC_ROUTES_TEMPLATES): 1 added, 0
 * for a text static_routes_prefix() refuses, -1 when memory runs out. */
int static_routes_add(struct static_routes *s, unsigned tmpl, int afi, const char *text,
		      size_t n);

/* Walk: for (size_t off = 0; static_routes_next(s, &off, &r);) ... */
bool static_routes_next(const struct static_routes *s, size_t *off, struct static_route *r);

#endif
