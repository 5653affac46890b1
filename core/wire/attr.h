/* The path attribute rows, one object per attribute, defined by the file
 * that codes it; attr.c collects them into the table. */
#ifndef LUABGP_WIRE_ATTR_H
#define LUABGP_WIRE_ATTR_H

#include "wire/wire.h"

/* attr_basic.c: RFC 4271 §5.1, RFC 4456, RFC 7311, RFC 9234 */
extern const struct wire_attr_desc wire_attr_origin;
extern const struct wire_attr_desc wire_attr_next_hop;
extern const struct wire_attr_desc wire_attr_med;
extern const struct wire_attr_desc wire_attr_local_pref;
extern const struct wire_attr_desc wire_attr_atomic_aggregate;
extern const struct wire_attr_desc wire_attr_aggregator;
extern const struct wire_attr_desc wire_attr_as4_aggregator;
extern const struct wire_attr_desc wire_attr_originator_id;
extern const struct wire_attr_desc wire_attr_cluster_list;
extern const struct wire_attr_desc wire_attr_aigp;
extern const struct wire_attr_desc wire_attr_otc;

/* attr_aspath.c: RFC 4271 §4.3, RFC 6793, RFC 5065 */
extern const struct wire_attr_desc wire_attr_as_path;
extern const struct wire_attr_desc wire_attr_as4_path;

/* attr_community.c: RFC 1997, RFC 8092 */
extern const struct wire_attr_desc wire_attr_community;
extern const struct wire_attr_desc wire_attr_large_community;

/* attr_extcomm.c: RFC 4360, RFC 5701 and the extended community registry */
extern const struct wire_attr_desc wire_attr_ext_community;
extern const struct wire_attr_desc wire_attr_ipv6_ext_community;

/* attr_pmsi.c: RFC 6514 §5 */
extern const struct wire_attr_desc wire_attr_pmsi_tunnel;

/* attr_tunnel.c: RFC 9012, SR policy sub-TLVs (RFC 9830) */
extern const struct wire_attr_desc wire_attr_tunnel_encap;

/* attr_prefix_sid.c: RFC 8669, RFC 9252 */
extern const struct wire_attr_desc wire_attr_prefix_sid;

/* attr_bgpls.c: RFC 9552 §5.3 */
extern const struct wire_attr_desc wire_attr_bgp_ls;

/* attr_generic.c: any attribute without a row of its own (kept verbatim) */
extern const struct wire_attr_desc wire_attr_generic;

/* The JSON member name of an attribute without a row of its own:
 * "attribute-0x1F-0xE0" (ExaBGP's, flags with Partial set). */
void wire_attr_generic_name(struct wbuf *w, uint8_t code, uint8_t flags);

#endif
