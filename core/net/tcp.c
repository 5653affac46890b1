/* See tcp.h. */
/* accept4(2) and SOCK_NONBLOCK are Linux (GNU) extensions */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/tcp.h"

int net_addr_parse(const char *ip, int port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (uv_ip4_addr(ip, port, (struct sockaddr_in *)ss) == 0)
		return 0;
	if (uv_ip6_addr(ip, port, (struct sockaddr_in6 *)ss) == 0)
		return 0;
	return -1;
}

void net_addr_text(const struct sockaddr *sa, char *buf, size_t len)
{
	if (sa->sa_family == AF_INET6)
		uv_ip6_name((const struct sockaddr_in6 *)sa, buf, len);
	else
		uv_ip4_name((const struct sockaddr_in *)sa, buf, len);
}

int net_addr_port(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	return ntohs(((const struct sockaddr_in *)sa)->sin_port);
}

static socklen_t addr_len(const struct sockaddr *sa)
{
	return sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
					 : sizeof(struct sockaddr_in);
}

static int sys_err(struct lb_err *err, const char *what, int fd)
{
	int e = errno;

	if (fd >= 0)
		close(fd);
	return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "%s: %s", what, strerror(e));
}

int net_tcp_md5(int fd, const struct sockaddr *peer, const char *key,
		struct lb_err *err)
{
	struct tcp_md5sig sig;
	size_t n = strlen(key);

	if (n > TCP_MD5SIG_MAXKEYLEN)
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0,
				  "md5 password longer than %d characters", TCP_MD5SIG_MAXKEYLEN);
	memset(&sig, 0, sizeof(sig));
	memcpy(&sig.tcpm_addr, peer, addr_len(peer));
	sig.tcpm_keylen = (uint16_t)n;
	memcpy(sig.tcpm_key, key, n);
	if (setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &sig, sizeof(sig)) < 0)
		return sys_err(err, "TCP_MD5SIG (is the kernel built with it?)", -1);
	return 0;
}

int net_tcp_ttl(int fd, int family, const struct net_tcp_opts *o,
		struct lb_err *err)
{
	int ttl = o->gtsm_hops ? 255 : o->ttl;
	bool v6 = family == AF_INET6;

	if (ttl > 0 &&
	    setsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_UNICAST_HOPS : IP_TTL,
		       &ttl, sizeof(ttl)) < 0)
		return sys_err(err, "outgoing TTL", -1);
	if (o->gtsm_hops > 0) {
		/* RFC 5082 §3: accept TTL ≥ 255 - (hops - 1) */
		int min = 256 - o->gtsm_hops;

		if (setsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
			       v6 ? IPV6_MINHOPCOUNT : IP_MINTTL, &min, sizeof(min)) < 0)
			return sys_err(err, "GTSM minimum TTL", -1);
	}
	return 0;
}

static int new_socket(int family, struct lb_err *err)
{
	int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;

	if (fd < 0)
		return sys_err(err, "socket", -1);
	/* BGP messages are whole units: no Nagle delay on KEEPALIVEs */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

int net_tcp_connect(const struct sockaddr *remote, const struct sockaddr *local,
		    const struct net_tcp_opts *o, int *fd, struct lb_err *err)
{
	int s = new_socket(remote->sa_family, err);

	if (s < 0)
		return -1;
	if (local && bind(s, local, addr_len(local)) < 0)
		return sys_err(err, "bind to the local address", s);
	if (o->md5 && net_tcp_md5(s, remote, o->md5, err) < 0)
		return close(s), -1;
	if (net_tcp_ttl(s, remote->sa_family, o, err) < 0)
		return close(s), -1;
	if (connect(s, remote, addr_len(remote)) < 0 && errno != EINPROGRESS)
		return sys_err(err, "connect", s);
	*fd = s;
	return 0;
}

int net_tcp_listen(const struct sockaddr *addr, int *fd, struct lb_err *err)
{
	int s = new_socket(addr->sa_family, err);
	int one = 1;

	if (s < 0)
		return -1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (addr->sa_family == AF_INET6)
		setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(s, addr, addr_len(addr)) < 0)
		return sys_err(err, "bind", s);
	if (listen(s, 64) < 0)
		return sys_err(err, "listen", s);
	*fd = s;
	return 0;
}

static void on_accept(uv_poll_t *h, int status, int events)
{
	struct net_listener *l = h->data;

	(void)events;
	if (status < 0)
		return;
	for (;;) {
		struct sockaddr_storage peer, local;
		socklen_t plen = sizeof(peer), llen = sizeof(local);
		int fd = accept4(l->fd, (struct sockaddr *)&peer, &plen,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);
		int one = 1;

		if (fd < 0)
			return; /* EAGAIN, or a connection that went away */
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if (getsockname(fd, (struct sockaddr *)&local, &llen) < 0) {
			close(fd);
			continue;
		}
		l->accepted(l, fd, (struct sockaddr *)&peer, (struct sockaddr *)&local);
	}
}

int net_listener_init(struct net_listener *l, uv_loop_t *loop, int fd,
		      struct lb_err *err)
{
	l->fd = fd;
	if (uv_poll_init_socket(loop, &l->poll, fd) != 0) {
		close(fd);
		return lb_err_set(err, LB_ACT_RESET, 0, 0, 0, "cannot watch the listener");
	}
	l->poll.data = l;
	uv_poll_start(&l->poll, UV_READABLE, on_accept);
	return 0;
}

static void listener_closed(uv_handle_t *h)
{
	free(h->data);
}

void net_listener_free(struct net_listener *l)
{
	uv_poll_stop(&l->poll);
	close(l->fd);
	uv_close((uv_handle_t *)&l->poll, listener_closed);
}
