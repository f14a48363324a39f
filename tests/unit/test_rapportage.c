/*
 * test_rapportage.c - the pure part of the period report (rapportage.c):
 * the period a request names, the figures of a group (medians and p90,
 * averages, totals), the disclosure-control scheme on every count (rounded
 * to fives, "<5", totals from the rounded parts, derived figures only over
 * a base of ten), the pace towards a year target, and the JSON pointers of
 * what differs between a frozen report and its regeneration.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rapportage.h"

static const char *const REDENEN[] = { "geen-klik", "verhuisd", "anders" };

START_TEST(periode_jaar_kwartaal_halfjaar_vrij)
{
	struct kp_periode p;
	const char *reden = NULL;
	ck_assert_ptr_null(kp_periode_parse("2026", NULL, NULL, NULL, NULL, &p, &reden));
	ck_assert_str_eq(p.van, "2026-01-01");
	ck_assert_str_eq(p.tot, "2026-12-31");
	ck_assert_int_eq(p.soort, KP_PERIODE_JAAR);
	ck_assert_ptr_null(kp_periode_parse("2026", "4", NULL, NULL, NULL, &p, &reden));
	ck_assert_str_eq(p.van, "2026-10-01");
	ck_assert_str_eq(p.tot, "2026-12-31");
	ck_assert_int_eq(p.nummer, 4);
	ck_assert_ptr_null(kp_periode_parse("2024", NULL, "1", NULL, NULL, &p, &reden));
	ck_assert_str_eq(p.tot, "2024-06-30");
	ck_assert_str_eq(kp_periode_soort_naam(p.soort), "halfjaar");
	ck_assert_ptr_null(kp_periode_parse(NULL, NULL, NULL, "2025-12-01", "2026-02-28", &p, &reden));
	ck_assert_int_eq(p.jaar, 2026);
	ck_assert_str_eq(kp_periode_soort_naam(p.soort), "vrij");
	/* each fault names its parameter */
	ck_assert_str_eq(kp_periode_parse("2026", "5", NULL, NULL, NULL, &p, &reden), "kwartaal");
	ck_assert_str_eq(kp_periode_parse("2026", "1", "1", NULL, NULL, &p, &reden), "halfjaar");
	ck_assert_str_eq(kp_periode_parse("26", NULL, NULL, NULL, NULL, &p, &reden), "jaar");
	ck_assert_str_eq(kp_periode_parse(NULL, NULL, NULL, NULL, NULL, &p, &reden), "jaar");
	ck_assert_str_eq(kp_periode_parse(NULL, "1", NULL, NULL, NULL, &p, &reden), "jaar");
	ck_assert_str_eq(kp_periode_parse(NULL, NULL, NULL, "2026-02-30", "2026-03-01", &p, &reden), "van");
	ck_assert_str_eq(kp_periode_parse(NULL, NULL, NULL, "2026-03-01", "2026-02-01", &p, &reden), "tot");
	ck_assert_str_eq(kp_periode_parse(NULL, NULL, NULL, "2000-01-01", "2020-01-01", &p, &reden), "tot");
	ck_assert_str_eq(kp_periode_parse("2026", NULL, NULL, "2026-01-01", NULL, &p, &reden), "van");
	ck_assert_ptr_nonnull(reden);
}
END_TEST

/* A group with n waiting times 1..n days and the given counts. */
static void vul(struct kp_groep *g, int n)
{
	memset(g, 0, sizeof *g);
	for (int i = n; i >= 1; i--)
		kp_reeks_add(&g->wacht_aanmelding, i);
}

START_TEST(exact_figures)
{
	struct kp_groep g;
	vul(&g, 10);
	g.gez_nieuw = 3;
	g.gez_lopend = 2;
	g.kind_nieuw = 4;
	g.kop_nieuw = 3;
	g.kop_afgerond = 1;
	g.redenen[0] = 2;
	g.redenen[2] = 1;
	kp_reeks_add(&g.duur, 30);
	kp_reeks_add(&g.duur, 90);
	g.tevr_vraag_som = 14;
	g.tevr_vraag_n = 2;
	g.doelen_n = 3;
	g.doel_start_som = 9;
	g.doel_laatst_som = 18;
	g.contact_ja = 1;
	g.contact_bekend = 3;
	struct kp_cijfers c;
	kp_cijfers_bereken(&g, 3, true, &c);
	ck_assert_int_eq(c.gez_bereikt, 5);
	ck_assert_int_eq(c.kind_bereikt, 4);
	ck_assert_int_eq(c.kop_gestopt, 3);
	ck_assert_double_eq(c.wacht_aanm_mediaan, 5.5);
	ck_assert_double_eq(c.wacht_aanm_p90, 9);
	ck_assert(isnan(c.wacht_intake_mediaan));
	ck_assert_double_eq(c.duur_mediaan, 60);
	ck_assert_double_eq(c.duur_p90, 90);
	ck_assert_double_eq(c.tevr_vraag, 7);
	ck_assert(isnan(c.tevr_steun));
	ck_assert_double_eq(c.doel_start, 3);
	ck_assert_double_eq(c.doel_laatst, 6);
	ck_assert_double_eq(c.contact_aandeel, 0.333);
	ck_assert_int_eq(c.contact_van, 3);
	json_t *j = kp_cijfers_json(&c, REDENEN);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "gezinnen"), "bereikt")), 5);
	json_t *red = json_object_get(json_object_get(j, "koppelingen"), "stopredenen");
	ck_assert_uint_eq(json_array_size(red), 3);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(red, 1), "reden")), "verhuisd");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(red, 1), "aantal")), 0);
	ck_assert(json_is_null(json_object_get(j, "effecten")));
	ck_assert(json_is_null(json_object_get(json_object_get(j, "tevredenheid"), "steunkant")));
	json_decref(j);
	kp_groep_free(&g);
}
END_TEST

START_TEST(disclosure_on_every_count)
{
	struct kp_groep g;
	vul(&g, 9); /* nine waiting families: below the base of ten */
	g.gez_nieuw = 3;  /* -> 5 */
	g.gez_lopend = 2; /* -> 0: "<5" */
	g.kind_nieuw = 8; /* -> 10 */
	g.kop_nieuw = 12; /* -> 10 */
	g.redenen[0] = 3; /* -> 5 */
	g.redenen[1] = 1; /* -> 0 */
	g.redenen[2] = 3; /* -> 5 */
	g.zorgsignalen = 1;
	g.tevr_vraag_som = 90;
	g.tevr_vraag_n = 12;
	g.tevr_steun_som = 9;
	g.tevr_steun_n = 9;
	g.contact_ja = 6;
	g.contact_bekend = 8; /* rounded 10: a share of 5/10 */
	struct kp_cijfers c;
	kp_cijfers_bereken(&g, 3, false, &c);
	ck_assert(c.afgerond_op_vijf);
	ck_assert_int_eq(c.gez_nieuw, 5);
	ck_assert_int_eq(c.gez_lopend, 0);
	ck_assert_int_eq(c.gez_bereikt, 5); /* the sum of the rounded parts, not round(5) of the raw 5 */
	ck_assert_int_eq(c.kind_bereikt, 10);
	ck_assert_int_eq(c.kop_nieuw, 10);
	ck_assert_int_eq(c.kop_gestopt, 10); /* 5 + 0 + 5, not round(7) = 5 */
	ck_assert_int_eq(c.zorgsignalen, 0);
	ck_assert(isnan(c.wacht_aanm_mediaan)); /* nine is below the base */
	ck_assert_double_eq(c.tevr_vraag, 7.5);	/* twelve scores */
	ck_assert(isnan(c.tevr_steun));		/* nine */
	ck_assert_double_eq(c.contact_aandeel, 0.5);
	ck_assert_int_eq(c.contact_van, 10);
	json_t *j = kp_cijfers_json(&c, REDENEN);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "gezinnen"), "lopend")), "<5");
	ck_assert_str_eq(json_string_value(json_object_get(j, "zorgsignalen")), "<5");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(json_object_get(j, "koppelingen"),
												 "stopredenen"),
									  1),
						      "aantal")),
			 "<5");
	ck_assert(json_is_null(json_object_get(json_object_get(json_object_get(j, "wachttijdDagen"), "vanafAanmelding"),
					       "mediaan")));
	json_decref(j);
	/* with the tenth family the median is given */
	kp_reeks_add(&g.wacht_aanmelding, 10);
	kp_cijfers_bereken(&g, 3, false, &c);
	ck_assert_double_eq(c.wacht_aanm_mediaan, 5.5);
	kp_groep_free(&g);
}
END_TEST

START_TEST(total_is_the_sum_of_rounded_parts)
{
	/* two gemeenten with 2 and 2 new families: each "<5", and the total says nothing either */
	struct kp_groep a, b, alle;
	vul(&a, 0);
	vul(&b, 0);
	vul(&alle, 0);
	a.gez_nieuw = 2;
	b.gez_nieuw = 2;
	a.kop_afgerond = 3;
	b.kop_afgerond = 4;
	kp_groep_merge(&alle, &a);
	kp_groep_merge(&alle, &b);
	ck_assert_int_eq(alle.gez_nieuw, 4);
	struct kp_cijfers parts[2], tot;
	kp_cijfers_bereken(&a, 3, false, &parts[0]);
	kp_cijfers_bereken(&b, 3, false, &parts[1]);
	kp_cijfers_som(parts, 2, &alle, 3, &tot);
	ck_assert_int_eq(tot.gez_nieuw, 0); /* not round(4) = 5, which would give the parts away */
	ck_assert_int_eq(tot.kop_afgerond, 10);
	ck_assert(tot.afgerond_op_vijf);
	/* the exact total of the merged group */
	kp_cijfers_bereken(&alle, 3, true, &tot);
	ck_assert_int_eq(tot.gez_nieuw, 4);
	ck_assert_int_eq(tot.kop_afgerond, 7);
	kp_groep_free(&a);
	kp_groep_free(&b);
	kp_groep_free(&alle);
}
END_TEST

START_TEST(target_pace)
{
	struct kp_doel_tempo t;
	/* 20 families in 2026, 6 reached by 31 March (90 of 365 days): 5 expected, 14 to go in 9 months */
	kp_doel_tempo_bereken(20, 6, 2026, (struct kp_date){ 2026, 3, 31 }, &t);
	ck_assert_int_eq(t.verwacht_nu, 5);
	ck_assert_int_eq(t.nog_nodig, 14);
	ck_assert_double_eq(t.per_maand, 1.5);
	/* the year is over: the whole minimum expected, no pace */
	kp_doel_tempo_bereken(28, 30, 2025, (struct kp_date){ 2025, 12, 31 }, &t);
	ck_assert_int_eq(t.verwacht_nu, 28);
	ck_assert_int_eq(t.nog_nodig, 0);
	ck_assert(isnan(t.per_maand));
	/* before the year: nothing expected yet, twelve months left */
	kp_doel_tempo_bereken(24, 0, 2027, (struct kp_date){ 2026, 12, 1 }, &t);
	ck_assert_int_eq(t.verwacht_nu, 0);
	ck_assert_double_eq(t.per_maand, 2);
}
END_TEST

START_TEST(verschillen_as_json_pointers)
{
	json_t *a = json_loads("{\"totaal\":{\"gezinnen\":{\"nieuw\":3}},\"lijst\":[1,2],\"a/b\":1,\"weg\":true}", 0, NULL);
	json_t *b = json_loads("{\"totaal\":{\"gezinnen\":{\"nieuw\":4}},\"lijst\":[1,2,3],\"a/b\":2,\"nieuw\":null}", 0, NULL);
	json_t *out = json_array();
	ck_assert_uint_eq(kp_json_verschillen(a, b, "", out), 5);
	const char *want[] = { "/a~1b", "/lijst/2", "/nieuw", "/totaal/gezinnen/nieuw", "/weg" };
	for (size_t i = 0; i < 5; i++)
		ck_assert_str_eq(json_string_value(json_array_get(out, i)), want[i]);
	json_decref(out);
	out = json_array();
	ck_assert_uint_eq(kp_json_verschillen(a, a, "", out), 0);
	json_decref(out);
	json_decref(a);
	json_decref(b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rapportage");
	TCase *tc = tcase_create("rapportage");
	tcase_add_test(tc, periode_jaar_kwartaal_halfjaar_vrij);
	tcase_add_test(tc, exact_figures);
	tcase_add_test(tc, disclosure_on_every_count);
	tcase_add_test(tc, total_is_the_sum_of_rounded_parts);
	tcase_add_test(tc, target_pace);
	tcase_add_test(tc, verschillen_as_json_pointers);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
