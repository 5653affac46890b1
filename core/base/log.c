/* See log.h. */
#include <stdarg.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"

static const char *const topic_names[LB_TOPIC_COUNT] = {
	"network", "processes", "reactor", "daemon", "configuration", "packets",
	"rib", "message", "timers", "routes", "parser",
};

void lb_log_init(struct lb_log *l)
{
	memset(l, 0, sizeof(*l));
	l->enabled = true;
	l->level = LB_LOG_INFO;
	l->dest = LB_LOG_STDOUT;
	l->topics = 1u << LB_TOPIC_NETWORK | 1u << LB_TOPIC_PROCESSES |
		    1u << LB_TOPIC_REACTOR | 1u << LB_TOPIC_DAEMON |
		    1u << LB_TOPIC_CONFIGURATION;
}

int lb_log_destination(struct lb_log *l, const char *dest)
{
	FILE *f;

	if (strcmp(dest, "stdout") == 0) {
		l->dest = LB_LOG_STDOUT;
	} else if (strcmp(dest, "stderr") == 0) {
		l->dest = LB_LOG_STDERR;
	} else if (strcmp(dest, "syslog") == 0 || strcmp(dest, "") == 0) {
		openlog("luabgp", LOG_PID, LOG_DAEMON);
		l->dest = LB_LOG_SYSLOG;
	} else {
		f = fopen(dest, "a");
		if (!f)
			return -1;
		/* a line at a time, so that a crash loses nothing written */
		setvbuf(f, NULL, _IOLBF, 0);
		if (l->file)
			fclose(l->file);
		l->file = f;
		l->dest = LB_LOG_FILE;
	}
	return 0;
}

void lb_log_fini(struct lb_log *l)
{
	if (l->file)
		fclose(l->file);
	if (l->dest == LB_LOG_SYSLOG)
		closelog();
	l->file = NULL;
}

const char *lb_log_topic_name(enum lb_log_topic t)
{
	return (unsigned)t < LB_TOPIC_COUNT ? topic_names[t] : "";
}

int lb_log_topic_of(const char *name)
{
	for (int t = 0; t < LB_TOPIC_COUNT; t++)
		if (strcmp(topic_names[t], name) == 0)
			return t;
	return -1;
}

bool lb_log_on(const struct lb_log *l, enum lb_log_level level, enum lb_log_topic topic)
{
	if (!l->enabled || level > l->level)
		return false;
	return level <= LB_LOG_ERR || (l->topics & (1u << topic));
}

void lb_logf(const struct lb_log *l, enum lb_log_level level, enum lb_log_topic topic,
	     const char *fmt, ...)
{
	char msg[1024], stamp[64];
	FILE *out;
	va_list ap;
	time_t now;
	struct tm tm;

	if (!lb_log_on(l, level, topic))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (l->dest == LB_LOG_SYSLOG) {
		syslog((int)level, "%-13s %s", lb_log_topic_name(topic), msg);
		return;
	}
	out = l->dest == LB_LOG_FILE ? l->file : l->dest == LB_LOG_STDERR ? stderr : stdout;
	if (l->short_form) {
		fprintf(out, "%-13s %s\n", lb_log_topic_name(topic), msg);
	} else {
		now = time(NULL);
		localtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%a, %d %b %Y %H:%M:%S", &tm);
		fprintf(out, "%s %ld %-13s %s\n", stamp, (long)getpid(),
			lb_log_topic_name(topic), msg);
	}
	fflush(out);
}
