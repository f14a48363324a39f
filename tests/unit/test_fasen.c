/*
 * test_fasen.c - the phase table (every legal and illegal move), the
 * conditions of a move, calendar arithmetic against a table of cases, and
 * the planning of evaluations for the three programme rhythms.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "fasen.h"

static struct kp_date D(const char *s)
{
	struct kp_date d;
	ck_assert_msg(kp_date_parse(s, &d), "bad date %s", s);
	return d;
}

static const char *S(struct kp_date d)
{
	static char buf[4][11];
	static int i;
	i = (i + 1) % 4;
	kp_date_format(d, buf[i]);
	return buf[i];
}

START_TEST(every_move_of_the_table)
{
	/* expected[from][to]: 1 allowed */
	static const int expected[KP_FASE_COUNT][KP_FASE_COUNT] = {
		/*               vs kn pr co lo af gs */
		[KP_FASE_VOORSTEL] = { 0, 1, 0, 0, 0, 0, 1 },
		[KP_FASE_KENNISMAKING] = { 0, 0, 1, 0, 0, 0, 1 },
		[KP_FASE_PROEFPERIODE] = { 0, 0, 0, 1, 0, 0, 1 },
		[KP_FASE_CONTRACT] = { 0, 0, 0, 0, 1, 0, 1 },
		[KP_FASE_LOPEND] = { 0, 0, 0, 0, 0, 1, 1 },
		[KP_FASE_AFRONDING] = { 0, 0, 0, 0, 0, 0, 0 },
		[KP_FASE_GESTOPT] = { 0, 0, 0, 0, 0, 0, 0 },
	};
	for (int f = 0; f < KP_FASE_COUNT; f++) {
		enum kp_fase next[KP_FASE_COUNT];
		size_t n = kp_fase_next((enum kp_fase)f, next);
		size_t want = 0;
		for (int t = 0; t < KP_FASE_COUNT; t++) {
			ck_assert_msg(kp_fase_allowed((enum kp_fase)f, (enum kp_fase)t) == (expected[f][t] == 1), "%s -> %s",
				      kp_fase_name((enum kp_fase)f), kp_fase_name((enum kp_fase)t));
			want += (size_t)expected[f][t];
		}
		ck_assert_uint_eq(n, want);
		ck_assert(kp_fase_final((enum kp_fase)f) == (want == 0));
		enum kp_fase back;
		ck_assert(kp_fase_parse(kp_fase_name((enum kp_fase)f), &back) && back == (enum kp_fase)f);
	}
	enum kp_fase x;
	ck_assert(!kp_fase_parse("afgerond", &x));
	ck_assert(!kp_fase_parse(NULL, &x));
	ck_assert(!kp_fase_allowed(KP_FASE_COUNT, KP_FASE_GESTOPT));
}
END_TEST

START_TEST(conditions_of_a_move)
{
	struct kp_fase_feiten f = { 0 };
	const char *why, *veld;
	ck_assert_int_eq(kp_fase_check(KP_FASE_VOORSTEL, KP_FASE_KENNISMAKING, &f, &why, &veld), KP_FASE_OK);
	ck_assert_int_eq(kp_fase_check(KP_FASE_VOORSTEL, KP_FASE_LOPEND, &f, &why, &veld), KP_FASE_NIET_TOEGESTAAN);
	ck_assert_int_eq(kp_fase_check(KP_FASE_GESTOPT, KP_FASE_LOPEND, &f, &why, &veld), KP_FASE_NIET_TOEGESTAAN);
	ck_assert_ptr_nonnull(strstr(why, "beëindigd"));
	/* contract: a signing date and an agreement */
	ck_assert_int_eq(kp_fase_check(KP_FASE_PROEFPERIODE, KP_FASE_CONTRACT, &f, &why, &veld), KP_FASE_VOORWAARDE);
	ck_assert_str_eq(veld, "/contractGetekendOp");
	f.contract_getekend = true;
	ck_assert_int_eq(kp_fase_check(KP_FASE_PROEFPERIODE, KP_FASE_CONTRACT, &f, &why, &veld), KP_FASE_VOORWAARDE);
	ck_assert_str_eq(veld, "/afspraken");
	f.afspraken = 1;
	ck_assert_int_eq(kp_fase_check(KP_FASE_PROEFPERIODE, KP_FASE_CONTRACT, &f, &why, &veld), KP_FASE_OK);
	/* lopend after the trial evaluation */
	ck_assert_int_eq(kp_fase_check(KP_FASE_CONTRACT, KP_FASE_LOPEND, &f, &why, &veld), KP_FASE_VOORWAARDE);
	f.proefevaluatie_gehouden = true;
	ck_assert_int_eq(kp_fase_check(KP_FASE_CONTRACT, KP_FASE_LOPEND, &f, &why, &veld), KP_FASE_OK);
	/* gestopt needs a reason, and 'anders' an explanation */
	ck_assert_int_eq(kp_fase_check(KP_FASE_LOPEND, KP_FASE_GESTOPT, &f, &why, &veld), KP_FASE_VOORWAARDE);
	ck_assert_str_eq(veld, "/reden");
	f.reden = "verveeld";
	ck_assert_int_eq(kp_fase_check(KP_FASE_LOPEND, KP_FASE_GESTOPT, &f, &why, &veld), KP_FASE_VOORWAARDE);
	f.reden = "anders";
	ck_assert_int_eq(kp_fase_check(KP_FASE_LOPEND, KP_FASE_GESTOPT, &f, &why, &veld), KP_FASE_VOORWAARDE);
	ck_assert_str_eq(veld, "/toelichting");
	f.toelichting = "Gezin verhuist naar het buitenland";
	ck_assert_int_eq(kp_fase_check(KP_FASE_LOPEND, KP_FASE_GESTOPT, &f, &why, &veld), KP_FASE_OK);
	for (const char *const *r = kp_stopredenen; *r; r++) {
		struct kp_fase_feiten g = { .reden = *r, .toelichting = "x" };
		ck_assert_int_eq(kp_fase_check(KP_FASE_VOORSTEL, KP_FASE_GESTOPT, &g, &why, &veld), KP_FASE_OK);
	}
}
END_TEST

START_TEST(calendar_arithmetic)
{
	struct {
		const char *from;
		int months;
		const char *want;
	} months[] = {
		{ "2026-01-31", 1, "2026-02-28" }, { "2024-01-31", 1, "2024-02-29" }, { "2026-03-31", 1, "2026-04-30" },
		{ "2024-02-29", 12, "2025-02-28" }, { "2024-02-29", 48, "2028-02-29" }, { "2026-12-15", 1, "2027-01-15" },
		{ "2026-01-31", 2, "2026-03-31" },  { "2026-08-31", 6, "2027-02-28" },  { "2026-03-31", -1, "2026-02-28" },
		{ "2026-01-15", -13, "2024-12-15" }, { "2026-05-10", 24, "2028-05-10" }, { "2026-05-10", 0, "2026-05-10" },
	};
	for (size_t i = 0; i < sizeof months / sizeof months[0]; i++)
		ck_assert_msg(strcmp(S(kp_date_add_months(D(months[i].from), months[i].months)), months[i].want) == 0,
			      "%s + %d months = %s, want %s", months[i].from, months[i].months,
			      S(kp_date_add_months(D(months[i].from), months[i].months)), months[i].want);
	ck_assert_str_eq(S(kp_date_add_days(D("2026-12-28"), 7)), "2027-01-04");
	ck_assert_str_eq(S(kp_date_add_days(D("2024-02-28"), 1)), "2024-02-29");
	ck_assert_str_eq(S(kp_date_add_days(D("2024-03-01"), -1)), "2024-02-29");
	ck_assert_int_eq(kp_date_to_days(D("1970-01-01")), 0);
	ck_assert_int_eq(kp_date_to_days(D("2026-11-23")) - kp_date_to_days(D("2025-11-23")), 365);
	ck_assert_str_eq(S(kp_date_from_unix(0)), "1970-01-01");
	ck_assert_str_eq(S(kp_date_from_unix(1795392000)), "2026-11-23");
	ck_assert_str_eq(S(kp_date_from_unix(-1)), "1969-12-31");
	ck_assert_int_eq(kp_age_years(D("2018-09-12"), D("2026-09-11")), 7);
	ck_assert_int_eq(kp_age_years(D("2018-09-12"), D("2026-09-12")), 8);
	ck_assert_int_eq(kp_age_years(D("2020-02-29"), D("2021-02-28")), 0);
	ck_assert_int_eq(kp_age_years(D("2020-02-29"), D("2021-03-01")), 1);
	ck_assert_int_eq(kp_age_years(D("2030-01-01"), D("2026-01-01")), 0);
	ck_assert_int_lt(kp_date_cmp(D("2026-01-31"), D("2026-02-01")), 0);
	struct kp_date bad;
	ck_assert(!kp_date_parse("2026-02-29", &bad));
	ck_assert(!kp_date_parse("2026-2-01", &bad));
}
END_TEST

START_TEST(planning_buurtgezinnen)
{
	struct kp_programma_ritme bg = { .bedenktijd_dagen = 7, .proef_maanden = 2, .evaluatie_maanden = 6, .max_maanden = 24 };
	struct kp_fase_data d = { .has_kennismaking = true, .kennismaking = D("2026-01-31"), .koppeling = D("2026-01-31") };
	ck_assert_str_eq(S(kp_bedenktijd_einde(&bg, d.kennismaking)), "2026-02-07");
	struct kp_planning p[32];
	size_t n = kp_plan_evaluaties(&bg, &d, p, 32);
	ck_assert_uint_eq(n, 1); /* only the closing conversation so far */
	ck_assert_int_eq(p[0].soort, KP_EVAL_AFSLUITEND);
	ck_assert_str_eq(S(p[0].datum), "2028-01-31");
	d.has_proef = true;
	d.proef = D("2025-12-31");
	d.koppeling = D("2025-12-31");
	n = kp_plan_evaluaties(&bg, &d, p, 32);
	ck_assert_int_eq(p[0].soort, KP_EVAL_PROEFPERIODE);
	ck_assert_str_eq(S(p[0].datum), "2026-02-28"); /* 31 December + 2 months */
	d.has_lopend = true;
	d.lopend = D("2026-03-31");
	n = kp_plan_evaluaties(&bg, &d, p, 32);
	/* proef, then 30 Sep 2026, 31 Mar 2027, 30 Sep 2027 (before 31 Dec 2027), closing */
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(S(p[1].datum), "2026-09-30");
	ck_assert_str_eq(S(p[2].datum), "2027-03-31");
	ck_assert_str_eq(S(p[3].datum), "2027-09-30");
	ck_assert_int_eq(p[1].soort, KP_EVAL_TUSSENTIJDS);
	ck_assert_int_eq(p[4].soort, KP_EVAL_AFSLUITEND);
	ck_assert_str_eq(S(p[4].datum), "2027-12-31");
	/* a short buffer still reports the full count */
	ck_assert_uint_eq(kp_plan_evaluaties(&bg, &d, p, 2), 5);
}
END_TEST

START_TEST(planning_buddies_and_estafette)
{
	struct kp_programma_ritme gb = { .bedenktijd_dagen = 7, .proef_maanden = 3, .evaluatie_maanden = 1,
					 .voortgangsgesprekken = true, .max_maanden = 24 };
	struct kp_fase_data d = { .has_kennismaking = true, .has_proef = true, .has_lopend = true,
				  .kennismaking = D("2026-01-10"), .proef = D("2026-01-20"), .lopend = D("2026-04-20"),
				  .koppeling = D("2026-01-10") };
	struct kp_planning p[64];
	size_t n = kp_plan_evaluaties(&gb, &d, p, 64);
	ck_assert_str_eq(S(p[0].datum), "2026-04-20"); /* joint evaluation after 3 months */
	ck_assert_int_eq(p[1].soort, KP_EVAL_VOORTGANG);
	ck_assert_str_eq(S(p[1].datum), "2026-05-20");
	ck_assert_str_eq(S(p[n - 2].datum), "2027-12-20"); /* last monthly conversation before the end */
	ck_assert_str_eq(S(p[n - 1].datum), "2028-01-10");
	ck_assert_uint_eq(n, 1 + 20 + 1);
	for (size_t i = 1; i < n; i++)
		ck_assert_int_le(kp_date_cmp(p[i - 1].datum, p[i].datum), 0);

	struct kp_programma_ritme est = { .bedenktijd_dagen = 7, .proef_weken = 10, .evaluatie_maanden = 0, .max_maanden = 6 };
	struct kp_fase_data e = { .has_proef = true, .proef = D("2026-03-02"), .koppeling = D("2026-02-23") };
	n = kp_plan_evaluaties(&est, &e, p, 64);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(S(p[0].datum), "2026-05-11"); /* 10 weeks */
	ck_assert_str_eq(S(p[1].datum), "2026-08-23");
	ck_assert_str_eq(kp_evaluatie_soort_name(KP_EVAL_PROEFPERIODE), "evaluatie-proefperiode");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fasen");
	TCase *tc = tcase_create("fasen");
	tcase_add_test(tc, every_move_of_the_table);
	tcase_add_test(tc, conditions_of_a_move);
	tcase_add_test(tc, calendar_arithmetic);
	tcase_add_test(tc, planning_buurtgezinnen);
	tcase_add_test(tc, planning_buddies_and_estafette);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
