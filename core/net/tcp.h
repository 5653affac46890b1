/* TCP sockets for BGP (RFC 4271 §8.2.1: port 179, one connection per
 * peer): non-blocking connect and listen, with the options operators set on
 * a session: TCP MD5 signatures (RFC 2385, Linux TCP_MD5SIG), an outgoing
 * TTL and GTSM (RFC 5082: TTL 255 out, IP_MINTTL in). */
#ifndef LUABGP_NET_TCP_H
#define LUABGP_NET_TCP_H

#include <stdbool.h>
#include <sys/socket.h>
#include <uv.h>

#include "base/err.h"

struct net_tcp_opts {
	const char *md5;         /* password, NULL: none */
	int ttl;                 /* outgoing TTL / hop limit, 0: the system's */
	int gtsm_hops;           /* RFC 5082: accept only peers this many hops
				  * away (TTL ≥ 256 - hops), 0: off */
};

/* "127.0.0.1" or "::1" and a port into *ss; -1 if not an address. */
int net_addr_parse(const char *ip, int port, struct sockaddr_storage *ss);
/* The address (without port) as text. */
void net_addr_text(const struct sockaddr *sa, char *buf, size_t len);
int net_addr_port(const struct sockaddr *sa);

/* Start connecting to remote (from local, if given); *fd is the
 * non-blocking socket, writable once connected (net_conn_init with
 * connecting = true).  -1 with err. */
int net_tcp_connect(const struct sockaddr *remote, const struct sockaddr *local,
		    const struct net_tcp_opts *o, int *fd, struct lb_err *err);

/* A listening socket on addr (port 179 needs privileges). */
int net_tcp_listen(const struct sockaddr *addr, int *fd, struct lb_err *err);
/* MD5 key for one peer on a listening or connecting socket (RFC 2385). */
int net_tcp_md5(int fd, const struct sockaddr *peer, const char *key,
		struct lb_err *err);
/* TTL and GTSM on an accepted socket (the listener cannot know the peer). */
int net_tcp_ttl(int fd, int family, const struct net_tcp_opts *o,
		struct lb_err *err);

/* A listener watched by the loop: accepted() receives each new
 * non-blocking socket with the peer's and our address. */
struct net_listener {
	uv_poll_t poll;
	int fd;
	void *data;
	void (*accepted)(struct net_listener *l, int fd, const struct sockaddr *peer,
			 const struct sockaddr *local);
};

int net_listener_init(struct net_listener *l, uv_loop_t *loop, int fd,
		      struct lb_err *err);
/* Close and free (l must come from malloc()). */
void net_listener_free(struct net_listener *l);

#endif
