/* Inside the Adj-RIB-Out: what adj_out.c (the routes) and adj_out_flush.c
 * (their UPDATEs) share.  Not for other layers: they use adj_out.h. */
#ifndef LUABGP_RIB_ADJ_OUT_ROUTE_H
#define LUABGP_RIB_ADJ_OUT_ROUTE_H

#include "rib/adj_out.h"

/* r joins the pending list (once), to be sent at the next flush. */
void adj_out_pend(struct adj_out *o, struct adj_out_route *r);
/* r no longer carries attributes along with its withdrawal. */
void adj_out_drop_with(struct adj_out *o, struct adj_out_route *r);
/* r leaves the table, its references and memory with it. */
void adj_out_route_free(struct adj_out *o, struct adj_out_route *r);

#endif
