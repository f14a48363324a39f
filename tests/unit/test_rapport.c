/*
 * test_rapport.c - the export writers and report figures: CSV parsed back
 * (names with ';', quotes, newlines and a leading '='), decimal comma and
 * Dutch dates, iCalendar escaping and folding (unfolded back to the
 * original, no line over 75 octets, no split character; a line without
 * any character boundary ends with bounded output), percentiles and
 * small-cell suppression.
 */
#include <check.h>
#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>

#include "rapport.h"

/* Parses one ';'-separated CSV record starting at *p into fields; returns the count. */
static int parse_record(const char **p, char fields[][256], int max)
{
	int n = 0;
	const char *s = *p;
	for (;;) {
		char *out = fields[n];
		size_t k = 0;
		if (*s == '"') {
			s++;
			for (;;) {
				if (*s == '"' && s[1] == '"') {
					out[k++] = '"';
					s += 2;
				} else if (*s == '"') {
					s++;
					break;
				} else {
					out[k++] = *s++;
				}
			}
		} else {
			while (*s && *s != ';' && *s != '\r')
				out[k++] = *s++;
		}
		out[k] = '\0';
		n++;
		if (*s == ';' && n < max) {
			s++;
			continue;
		}
		if (*s == '\r')
			s += 2;
		break;
	}
	*p = s;
	return n;
}

START_TEST(csv_round_trip)
{
	const char *values[] = { "Gezin de Vries", "Jansen; Pietersen", "Zeg \"hoi\"", "twee\nregels", "=SOM(A1:A9)",
				 "+31 6 1234", "-5", "@ergens", "", "Zoë Çelik" };
	size_t n = sizeof values / sizeof values[0];
	struct kp_buf b = { 0 };
	kp_csv_begin(&b);
	for (size_t i = 0; i < n; i++)
		kp_csv_field(&b, values[i], i + 1 == n);
	kp_csv_number(&b, 12.5, 1, false);
	kp_csv_number(&b, 3, 0, false);
	kp_csv_date(&b, "2026-01-31", false);
	kp_csv_field(&b, NULL, true);
	ck_assert(!b.failed);
	ck_assert(memcmp(b.data, "\xEF\xBB\xBF", 3) == 0);
	const char *p = b.data + 3;
	char fields[16][256];
	int k = parse_record(&p, fields, 16);
	ck_assert_int_eq(k, (int)n);
	for (size_t i = 0; i < n; i++) {
		bool formula = values[i][0] == '=' || values[i][0] == '+' || values[i][0] == '-' || values[i][0] == '@';
		if (formula) {
			ck_assert_msg(fields[i][0] == '\'' && strcmp(fields[i] + 1, values[i]) == 0, "field %zu: %s", i, fields[i]);
		} else {
			ck_assert_str_eq(fields[i], values[i]);
		}
	}
	k = parse_record(&p, fields, 16);
	ck_assert_int_eq(k, 4);
	ck_assert_str_eq(fields[0], "12,5");
	ck_assert_str_eq(fields[1], "3");
	ck_assert_str_eq(fields[2], "31-01-2026");
	ck_assert_str_eq(fields[3], "");
	ck_assert_int_eq(*p, '\0');
	kp_buf_free(&b);
}
END_TEST

START_TEST(ical_escaping_and_folding)
{
	struct kp_buf b = { 0 };
	char longtext[400];
	strcpy(longtext, "Evaluatie; proefperiode, met Zoë\\Çelik\n");
	for (int i = 0; i < 20; i++)
		strcat(longtext, "ëëëë ");
	kp_ical_text(&b, "DESCRIPTION", longtext);
	ck_assert(!b.failed);
	/* no physical line longer than 75 octets, every line ends in CRLF, no split UTF-8 sequence at a fold */
	const char *line = b.data;
	while (*line) {
		const char *end = strstr(line, "\r\n");
		ck_assert_ptr_nonnull(end);
		ck_assert_int_le(end - line, 75);
		if (end[2] == ' ')
			ck_assert(((unsigned char)end[3] & 0xC0) != 0x80);
		line = end + 2;
	}
	/* unfold and unescape gives the original */
	char unfolded[1024];
	size_t k = 0;
	for (const char *q = b.data; *q; q++) {
		if (q[0] == '\r' && q[1] == '\n' && q[2] == ' ') {
			q += 2;
			continue;
		}
		if (q[0] == '\r' && q[1] == '\n')
			break;
		unfolded[k++] = *q;
	}
	unfolded[k] = '\0';
	ck_assert(strncmp(unfolded, "DESCRIPTION:", 12) == 0);
	char back[1024];
	k = 0;
	for (const char *q = unfolded + 12; *q; q++) {
		if (*q == '\\') {
			q++;
			back[k++] = *q == 'n' ? '\n' : *q;
		} else {
			back[k++] = *q;
		}
	}
	back[k] = '\0';
	ck_assert_str_eq(back, longtext);
	kp_buf_free(&b);
}
END_TEST

/* Checks that b holds CRLF-terminated physical lines of at most 75 octets and unfolds to want. */
static void assert_folded(const struct kp_buf *b, const char *want)
{
	size_t wn = strlen(want);
	char *unfolded = malloc(b->len + 1);
	ck_assert_ptr_nonnull(unfolded);
	size_t k = 0;
	const char *line = b->data;
	while (*line) {
		const char *end = strstr(line, "\r\n");
		ck_assert_ptr_nonnull(end);
		ck_assert_int_le(end - line, 75);
		const char *from = line == b->data ? line : line + 1; /* a continuation line starts with a space */
		if (line != b->data)
			ck_assert_int_eq(*line, ' ');
		memcpy(unfolded + k, from, (size_t)(end - from));
		k += (size_t)(end - from);
		line = end + 2;
	}
	unfolded[k] = '\0';
	ck_assert_uint_eq(k, wn);
	ck_assert(memcmp(unfolded, want, wn) == 0);
	free(unfolded);
}

/*
 * A line of 200 continuation bytes (0x80) has no character boundary within
 * the fold width: it must still end, with output bounded by the input (the
 * old fold looped forever appending empty pieces). Outside ASan, the
 * address space of the forked test is capped so that a regression fails
 * quickly instead of eating the machine's memory; the tcase has a short timeout.
 */
START_TEST(ical_fold_without_boundary)
{
#ifndef __SANITIZE_ADDRESS__
	struct rlimit lim = { 512u << 20, 512u << 20 };
	ck_assert_int_eq(setrlimit(RLIMIT_AS, &lim), 0);
#endif
	char bad[201];
	memset(bad, 0x80, 200);
	bad[200] = '\0';
	struct kp_buf b = { 0 };
	kp_ical_line(&b, bad);
	ck_assert(!b.failed);
	ck_assert_uint_le(b.len, 200 * 78 / 74 + 2);
	assert_folded(&b, bad);
	kp_buf_free(&b);
	/* the same through the TEXT writer, and mixed with a character before the run */
	char mixed[220];
	snprintf(mixed, sizeof mixed, "X:\xC3\xAB%s", bad);
	struct kp_buf t = { 0 };
	kp_ical_text(&t, "SUMMARY", bad);
	ck_assert(!t.failed);
	ck_assert_uint_le(t.len, (8 + 200) * 78 / 74 + 2);
	kp_buf_free(&t);
	struct kp_buf m = { 0 };
	kp_ical_line(&m, mixed);
	ck_assert(!m.failed);
	assert_folded(&m, mixed);
	kp_buf_free(&m);
}
END_TEST

START_TEST(figures)
{
	double v[] = { 40, 10, 30, 20 };
	ck_assert(kp_percentile(v, 4, 50) == 25.0);
	double w[] = { 5, 1, 9, 3, 7 };
	ck_assert(kp_percentile(w, 5, 50) == 5.0);
	double x[10];
	for (int i = 0; i < 10; i++)
		x[i] = 10 - i;
	ck_assert(kp_percentile(x, 10, 90) == 9.0);
	ck_assert(kp_percentile(x, 0, 50) == -1);
	char buf[24];
	ck_assert_str_eq(kp_suppress(0, buf), "0");
	for (int i = 1; i <= 4; i++)
		ck_assert_str_eq(kp_suppress(i, buf), "<5");
	ck_assert_str_eq(kp_suppress(5, buf), "5");
	ck_assert_str_eq(kp_suppress(1234, buf), "1234");
	ck_assert(!kp_suppressed(0) && kp_suppressed(3) && !kp_suppressed(5));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rapport");
	TCase *tc = tcase_create("rapport");
	tcase_add_test(tc, csv_round_trip);
	tcase_add_test(tc, ical_escaping_and_folding);
	tcase_add_test(tc, figures);
	suite_add_tcase(s, tc);
	TCase *fold = tcase_create("ical fold");
	tcase_set_timeout(fold, 5);
	tcase_add_test(fold, ical_fold_without_boundary);
	suite_add_tcase(s, fold);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
