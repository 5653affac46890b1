/* Pieces shared by several codecs: addresses, prefixes, route
 * distinguishers and MPLS labels, each in wire, JSON and text form. */
#ifndef LUABGP_WIRE_COMMON_H
#define LUABGP_WIRE_COMMON_H

#include "wire/wire.h"

/* --- addresses ---------------------------------------------------------- */

/* Parse an IPv4 or IPv6 address; *afi gets WIRE_AFI_IPV4/6.  The text need
 * not be NUL-terminated. */
int wire_ip_parse(const char *s, size_t n, uint16_t *afi, uint8_t addr[16]);
/* Parse an address of one family (4 or 16 bytes written). */
int wire_ip_parse_afi(const char *s, size_t n, uint16_t afi, uint8_t addr[16]);
/* Address text for 4 or 16 bytes; anything else prints as hex. */
void wire_ip_text(struct wbuf *w, const uint8_t *p, size_t n);

/* --- prefixes (RFC 4271 §4.3: length in bits, then the minimal bytes) --- */

/* Read one prefix of at most maxbits; addr is zero-padded to 16 bytes.
 * A length above maxbits or bytes missing is an error (caller decides
 * the action: RFC 7606 §5.3 makes it a reset for the NLRI fields). */
int wire_prefix_read(struct rd *r, unsigned maxbits, uint8_t *plen,
		     uint8_t addr[16]);
/* "10.0.0.0/24" / "2001:db8::/32" */
void wire_prefix_text(struct wbuf *w, uint16_t afi, const uint8_t addr[16],
		      unsigned plen);
/* Parse "10.0.0.0/24" (a bare address is a host prefix). */
int wire_prefix_parse(const char *s, size_t n, uint16_t afi,
		      uint8_t addr[16], unsigned *plen);
/* Write length + minimal bytes. */
int wire_prefix_write(struct wbuf *w, const uint8_t addr[16], unsigned plen);

/* --- route distinguisher (RFC 4364 §4.2) -------------------------------- */

#define WIRE_RD_LEN 8
/* ExaBGP's text: "65000:1" (type 0), "1.2.3.4:5" (type 1), "65536:1"
 * (type 2); an unknown type prints as hex. */
void wire_rd_text(struct wbuf *w, const uint8_t rd[8]);
int wire_rd_parse(const char *s, size_t n, uint8_t rd[8]);

/* --- MPLS labels (RFC 3032, RFC 8277) ----------------------------------- */

/* Read a label stack: 3-byte entries until the bottom-of-stack bit (or the
 * withdrawal label 0x800000 / 0x000000, RFC 8277 §2.4).  Returns the number
 * of labels, -1 when the stack runs past the end or past max. */
int wire_labels_read(struct rd *r, uint32_t *raw, int max);
/* JSON of a label stack: [ [ label, raw ], ... ] as ExaBGP prints it. */
void wire_labels_json(struct sink *s, const uint32_t *raw, int n);

/* --- text helpers ------------------------------------------------------- */

/* Compare a counted string with a C string. */
static inline int wire_streq(const char *p, size_t n, const char *s)
{
	return n == strlen(s) && memcmp(p, s, n) == 0;
}

/* Parse an unsigned decimal (or 0x hex) integer filling the whole text. */
int wire_parse_uint(const char *s, size_t n, uint64_t max, uint64_t *out);

#endif
