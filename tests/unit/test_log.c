/*
 * test_log.c - the logger: level filter and names, one whole line per
 * record, truncation of long messages, and the buffered mode (records held
 * back until the flush interval, a warning, or stop; order always kept).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "testutil.h"

static char *dir;
static char *path;
static FILE *file;

static void setup(void)
{
	dir = tu_tempdir();
	path = tu_path(dir, "log.txt");
	file = fopen(path, "w+");
	ck_assert_ptr_nonnull(file);
}

static void teardown(void)
{
	fclose(file);
	tu_rmtree(dir);
	free(path);
	free(dir);
}

static char *contents(void)
{
	return tu_read_file(path, NULL);
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

START_TEST(levels)
{
	enum kp_log_level l;
	ck_assert_int_eq(kp_log_level_parse("warn", &l), 0);
	ck_assert_int_eq(l, KP_LOG_WARN);
	ck_assert_int_ne(kp_log_level_parse("WARN", &l), 0);
	ck_assert_str_eq(kp_log_level_name(KP_LOG_DEBUG), "debug");

	struct kp_log log = { .level = KP_LOG_WARN, .fd = fileno(file) };
	kp_log_info(&log, "niet zichtbaar");
	kp_log_debug(&log, "ook niet");
	kp_log_warn(&log, "waarschuwing %d", 1);
	kp_log_error(&log, "fout %s", "twee");
	kp_log_always(&log, "listening on http://127.0.0.1:1");
	char *s = contents();
	ck_assert_int_eq(count_lines(s), 3);
	ck_assert_ptr_null(strstr(s, "zichtbaar"));
	ck_assert_ptr_nonnull(strstr(s, "Z warn waarschuwing 1\n"));
	ck_assert_ptr_nonnull(strstr(s, "Z error fout twee\n"));
	ck_assert_ptr_nonnull(strstr(s, "Z info listening on"));
	free(s);
}
END_TEST

START_TEST(long_message_truncated_to_one_line)
{
	struct kp_log log = { .level = KP_LOG_INFO, .fd = fileno(file) };
	char big[5000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	kp_log_info(&log, "%s", big);
	kp_log_info(&log, "daarna");
	char *s = contents();
	ck_assert_int_eq(count_lines(s), 2);
	ck_assert(strlen(s) < 1400);
	ck_assert_ptr_nonnull(strstr(s, "info daarna\n"));
	free(s);
}
END_TEST

START_TEST(buffered_keeps_order_and_flushes)
{
	struct kp_log log = { .level = KP_LOG_INFO, .fd = fileno(file) };
	ck_assert_int_eq(kp_log_buffer_start(&log), 0);
	kp_log_info(&log, "verzoek 1");
	kp_log_info(&log, "verzoek 2");
	char *s = contents();
	ck_assert_int_eq(count_lines(s), 0); /* held back */
	free(s);
	kp_log_warn(&log, "waarschuwing");
	s = contents();
	ck_assert_int_eq(count_lines(s), 3); /* the warning brings the rest along, in order */
	char *a = strstr(s, "verzoek 1"), *b = strstr(s, "verzoek 2"), *c = strstr(s, "waarschuwing");
	ck_assert(a && b && c && a < b && b < c);
	free(s);

	kp_log_info(&log, "verzoek 3");
	struct timespec wait = { 0, (KP_LOG_FLUSH_MS + 300) * 1000000L };
	nanosleep(&wait, NULL);
	s = contents();
	ck_assert_int_eq(count_lines(s), 4); /* the flusher wrote it */
	free(s);

	/* more than a buffer full: nothing lost */
	for (int i = 0; i < 3000; i++)
		kp_log_info(&log, "regel %d", i);
	kp_log_info(&log, "laatste");
	kp_log_buffer_stop(&log);
	ck_assert_ptr_null(log.buffer);
	s = contents();
	ck_assert_int_eq(count_lines(s), 4 + 3000 + 1);
	ck_assert_ptr_nonnull(strstr(s, "info regel 2999\n"));
	ck_assert(strstr(s, "regel 1999\n") < strstr(s, "regel 2000\n"));
	ck_assert_ptr_nonnull(strstr(s, "info laatste\n"));
	free(s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("log");
	TCase *tc = tcase_create("log");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, levels);
	tcase_add_test(tc, long_message_truncated_to_one_line);
	tcase_add_test(tc, buffered_keeps_order_and_flushes);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
