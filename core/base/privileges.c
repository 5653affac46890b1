/* See privileges.h. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/privileges.h"

int lb_drop_privileges(const char *user, char *why, size_t n)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	struct passwd *pw;

	if (uid != 0 && gid != 0)
		return 0;
	errno = 0;
	pw = getpwnam(user);
	if (!pw) {
		snprintf(why, n, "could not drop privileges to '%s' (%s), refusing to run as root",
			 user, errno ? strerror(errno) : "no such user");
		return -1;
	}
	/* the groups first: once the uid is not 0 they cannot change */
	if ((uid == 0 && initgroups(user, pw->pw_gid) < 0) ||
	    (gid == 0 && setgid(pw->pw_gid) < 0) || (uid == 0 && setuid(pw->pw_uid) < 0)) {
		snprintf(why, n, "could not drop privileges to '%s': %s", user, strerror(errno));
		return -1;
	}
	if ((uid == 0 && (getuid() != pw->pw_uid || geteuid() != pw->pw_uid)) ||
	    (gid == 0 && getgid() != pw->pw_gid)) {
		snprintf(why, n, "could not drop privileges to '%s': still privileged", user);
		return -1;
	}
	return 0;
}
