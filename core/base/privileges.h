/* Giving up root (ExaBGP's daemon.user): a daemon started as root binds
 * its ports, then runs as an unprivileged user. */
#ifndef LUABGP_BASE_PRIVILEGES_H
#define LUABGP_BASE_PRIVILEGES_H

#include <stddef.h>

/* Become user (its uid, gid and groups) when running as root (uid or gid
 * 0); nothing to do otherwise.  0, or -1 with why (n octets) when the user
 * is unknown or the switch fails: the caller must not go on as root. */
int lb_drop_privileges(const char *user, char *why, size_t n);

#endif
