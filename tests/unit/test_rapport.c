/*
 * test_rapport.c - the export writers and report figures: CSV parsed back
 * (names with ';', quotes, newlines and a leading '='), decimal comma and
 * Dutch dates, iCalendar escaping and folding (unfolded back to the
 * original, no line over 75 octets, no split character; a line without
 * any character boundary ends with bounded output), percentiles and the
 * disclosure control of the quarterly report (rounding to fives, totals
 * from rounded parts, no quarter differencing that pins a count).
 */
#include <check.h>
#include <math.h>
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
}
END_TEST

START_TEST(rounding_to_fives)
{
	const int64_t in[] = { -3, 0, 1, 2, 3, 4, 5, 7, 8, 12, 13, 1234 };
	const int64_t want[] = { 0, 0, 0, 0, 5, 5, 5, 5, 10, 10, 15, 1235 };
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
		ck_assert_msg(kp_round5(in[i]) == want[i], "%lld -> %lld", (long long)in[i], (long long)kp_round5(in[i]));
}
END_TEST

/* A report with every count different, reasons 1, 1, 0, 9 (the "two <5 reasons under a total"). */
static struct kp_kwartaal sample(void)
{
	struct kp_kwartaal r = { .aanmeldingen = 4, .intakes = 6, .nieuw = 3, .afgerond = 2, .actief = 13, .kinderen = 17,
				 .wacht_aantal = 9, .mediaan = 12.5, .p90 = 40, .contact_ja = 8, .contact_bekend = 11,
				 .gehouden = 1, .gepland = 0, .n_redenen = 4, .redenen = { 1, 1, 0, 9 } };
	return r;
}

START_TEST(disclose_for_rapportage)
{
	struct kp_kwartaal raw = sample(), k;
	raw.gestopt = 999; /* raw totals are never used */
	raw.totaal = 999;
	kp_kwartaal_disclose(&raw, false, &k);
	ck_assert(k.afgerond_op_vijf);
	/* every count is a multiple of 5 */
	const int64_t counts[] = { k.aanmeldingen, k.intakes, k.nieuw, k.afgerond, k.gestopt, k.totaal, k.actief, k.kinderen,
				   k.wacht_aantal, k.contact_ja, k.contact_bekend, k.gehouden, k.gepland };
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
		ck_assert_msg(counts[i] % 5 == 0, "count %zu is %lld", i, (long long)counts[i]);
	ck_assert_int_eq(k.aanmeldingen, 5);
	ck_assert_int_eq(k.nieuw, 5);
	ck_assert_int_eq(k.afgerond, 0);
	ck_assert_int_eq(k.actief, 15);
	ck_assert_int_eq(k.gehouden, 0);
	/* every reason is there, rounded; the totals are sums of the shown parts */
	ck_assert_uint_eq(k.n_redenen, 4);
	ck_assert_int_eq(k.redenen[0], 0);
	ck_assert_int_eq(k.redenen[1], 0);
	ck_assert_int_eq(k.redenen[2], 0);
	ck_assert_int_eq(k.redenen[3], 10);
	ck_assert_int_eq(k.gestopt, 10); /* not round(11) */
	ck_assert_int_eq(k.totaal, 10);  /* afgerond 0 + gestopt 10, not round(13) = 15 */
	/* the waiting days of 9 families are not given; the share is that of the shown counts */
	ck_assert(isnan(k.mediaan) && isnan(k.p90));
	ck_assert(k.aandeel == 1.0); /* 10 of 10, not 8/11 */
	raw.wacht_aantal = 10;
	raw.contact_bekend = 7; /* rounds to 5: below the base */
	kp_kwartaal_disclose(&raw, false, &k);
	ck_assert(k.mediaan == 12.5 && k.p90 == 40);
	ck_assert(isnan(k.aandeel));
}
END_TEST

START_TEST(disclose_exact)
{
	struct kp_kwartaal raw = sample(), k;
	kp_kwartaal_disclose(&raw, true, &k);
	ck_assert(!k.afgerond_op_vijf);
	ck_assert_int_eq(k.aanmeldingen, 4);
	ck_assert_int_eq(k.nieuw, 3);
	ck_assert_int_eq(k.redenen[0], 1);
	ck_assert_int_eq(k.gestopt, 11);
	ck_assert_int_eq(k.totaal, 13);
	ck_assert(k.mediaan == 12.5);
	ck_assert(fabs(k.aandeel - 8.0 / 11.0) < 1e-12);
	raw.contact_bekend = 0;
	raw.contact_ja = 0;
	raw.wacht_aantal = 0;
	raw.mediaan = raw.p90 = NAN;
	kp_kwartaal_disclose(&raw, true, &k);
	ck_assert(isnan(k.aandeel) && isnan(k.mediaan));
}
END_TEST

/*
 * The differencing attack over two quarters: nieuw(Q3) = actief(Q3) -
 * actief(Q2) + beeindigd(Q3). For every small quarter (active at the start
 * 0-29, new 0-4, ended 0-29), the figures shown leave at least two values
 * of nieuw(Q3) possible: no combination of the four gives it back.
 */
START_TEST(quarters_cannot_be_differenced)
{
	for (int64_t a2 = 0; a2 < 30; a2++)
		for (int64_t n3 = 0; n3 < 5; n3++)
			for (int64_t b3 = 0; b3 <= a2 + n3 && b3 < 30; b3++) {
				int64_t a3 = a2 + n3 - b3;
				unsigned seen = 0; /* bit z: nieuw(Q3) = z fits everything shown */
				for (int64_t x = 0; x < 45; x++)     /* actief(Q2) */
					for (int64_t y = 0; y < 45; y++) /* beeindigd(Q3) */
						for (int64_t z = 0; z < 10; z++) { /* nieuw(Q3) */
							int64_t w = x + z - y;
							if (w >= 0 && kp_round5(x) == kp_round5(a2) && kp_round5(y) == kp_round5(b3) &&
							    kp_round5(z) == kp_round5(n3) && kp_round5(w) == kp_round5(a3))
								seen |= 1u << z;
						}
				int possible = __builtin_popcount(seen);
				ck_assert_msg(possible >= 2, "nieuw %lld pinned by a2 %lld b3 %lld", (long long)n3, (long long)a2,
					      (long long)b3);
			}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rapport");
	TCase *tc = tcase_create("rapport");
	tcase_add_test(tc, csv_round_trip);
	tcase_add_test(tc, ical_escaping_and_folding);
	tcase_add_test(tc, figures);
	tcase_add_test(tc, rounding_to_fives);
	tcase_add_test(tc, disclose_for_rapportage);
	tcase_add_test(tc, disclose_exact);
	tcase_add_test(tc, quarters_cannot_be_differenced);
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
