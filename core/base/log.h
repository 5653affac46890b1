/* The daemon's log, as ExaBGP's settings describe it (EXABGP.md §5.4):
 * log.enable, log.level (syslog priorities), log.destination (stdout,
 * stderr, syslog, or a file name), log.short, and one switch per topic
 * (network, processes, reactor, ...).  A logger is a value owned by the
 * daemon's context; nothing here is global except syslog's own state.
 *
 * Long form, as ExaBGP writes it:
 *   Fri, 04 Dec 2026 15:27:58 29354 network     neighbor 127.0.0.2 up
 * short form: "network     neighbor 127.0.0.2 up".  Lines about a peer
 * start with "neighbor ADDRESS". */
#ifndef LUABGP_BASE_LOG_H
#define LUABGP_BASE_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

/* syslog(3) priorities */
enum lb_log_level {
	LB_LOG_EMERG, LB_LOG_ALERT, LB_LOG_CRIT, LB_LOG_ERR,
	LB_LOG_WARNING, LB_LOG_NOTICE, LB_LOG_INFO, LB_LOG_DEBUG,
};

/* ExaBGP's topics (log.network, log.processes, ...) */
enum lb_log_topic {
	LB_TOPIC_NETWORK, LB_TOPIC_PROCESSES, LB_TOPIC_REACTOR, LB_TOPIC_DAEMON,
	LB_TOPIC_CONFIGURATION, LB_TOPIC_PACKETS, LB_TOPIC_RIB, LB_TOPIC_MESSAGE,
	LB_TOPIC_TIMERS, LB_TOPIC_ROUTES, LB_TOPIC_PARSER, LB_TOPIC_COUNT,
};

enum lb_log_dest { LB_LOG_STDOUT, LB_LOG_STDERR, LB_LOG_SYSLOG, LB_LOG_FILE };

struct lb_log {
	bool enabled;
	enum lb_log_level level;      /* the least urgent priority written */
	unsigned topics;              /* 1 << enum lb_log_topic */
	bool short_form;
	enum lb_log_dest dest;
	FILE *file;                   /* LB_LOG_FILE (owned) */
};

/* ExaBGP's defaults: enabled, INFO, stdout, long form, the topics that
 * are on by default (network, processes, reactor, daemon, configuration). */
void lb_log_init(struct lb_log *l);
/* "stdout", "stderr", "syslog" or a file name (opened for appending).
 * -1 when the file cannot be opened (the destination is left as it was). */
int lb_log_destination(struct lb_log *l, const char *dest);
void lb_log_fini(struct lb_log *l);

/* The topic's name ("network"), and the topic of a name (-1: none). */
const char *lb_log_topic_name(enum lb_log_topic t);
int lb_log_topic_of(const char *name);

/* Would this line be written? (to skip building it) */
bool lb_log_on(const struct lb_log *l, enum lb_log_level level, enum lb_log_topic topic);

/* Write one line (a newline is added).  Errors and worse are written
 * whatever the topic switches say: an operator must see them. */
void lb_logf(const struct lb_log *l, enum lb_log_level level, enum lb_log_topic topic,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
