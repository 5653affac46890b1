/* base/log: ExaBGP's log settings — level, topics (errors always pass),
 * short and long forms, destinations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "testutil.h"

static char *slurp(const char *path)
{
	static char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = 0;
	return buf;
}

static void test_filters_and_forms(void **state)
{
	char path[] = "/tmp/luabgp-log-XXXXXX";
	struct lb_log l;

	(void)state;
	close(mkstemp(path));
	lb_log_init(&l);
	assert_int_equal(lb_log_destination(&l, path), 0);
	l.short_form = true;
	lb_logf(&l, LB_LOG_INFO, LB_TOPIC_NETWORK, "neighbor %s up", "192.0.2.1");
	/* below the level: nothing */
	lb_logf(&l, LB_LOG_DEBUG, LB_TOPIC_NETWORK, "debug line");
	/* a topic that is off by default (ExaBGP's log.packets false) */
	lb_logf(&l, LB_LOG_INFO, LB_TOPIC_PACKETS, "packet line");
	/* errors pass whatever the topic says */
	lb_logf(&l, LB_LOG_ERR, LB_TOPIC_PACKETS, "route not sent");
	assert_string_equal(slurp(path), "network       neighbor 192.0.2.1 up\n"
					 "packets       route not sent\n");
	/* the long form starts with the date and the pid */
	l.short_form = false;
	lb_logf(&l, LB_LOG_NOTICE, LB_TOPIC_PROCESSES, "process p: exited");
	{
		char want[64];

		snprintf(want, sizeof(want), " %ld processes     process p: exited\n",
			 (long)getpid());
		assert_non_null(strstr(slurp(path), want));
		/* "Fri, 04 Dec 2026 15:27:58" */
		assert_non_null(strstr(slurp(path), ", "));
	}
	/* log.enable false: nothing at all */
	l.enabled = false;
	lb_logf(&l, LB_LOG_EMERG, LB_TOPIC_NETWORK, "nothing");
	assert_null(strstr(slurp(path), "nothing"));
	lb_log_fini(&l);
	unlink(path);
}

static void test_destinations(void **state)
{
	struct lb_log l;

	(void)state;
	lb_log_init(&l);
	assert_int_equal(l.dest, LB_LOG_STDOUT);
	assert_int_equal(lb_log_destination(&l, "stderr"), 0);
	assert_int_equal(l.dest, LB_LOG_STDERR);
	assert_int_equal(lb_log_destination(&l, "/nonexistent/dir/log"), -1);
	assert_int_equal(l.dest, LB_LOG_STDERR);
	assert_int_equal(lb_log_topic_of("routes"), LB_TOPIC_ROUTES);
	assert_int_equal(lb_log_topic_of("nope"), -1);
	assert_string_equal(lb_log_topic_name(LB_TOPIC_PARSER), "parser");
	lb_log_fini(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filters_and_forms),
		cmocka_unit_test(test_destinations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
