/*
 * test_koers.c - courses as data (koers.h) over plain structs: the moves
 * each of the six default programmes allows and the conditions they put on
 * them, the dates of a full course in days, weeks and calendar months,
 * conversations with each side separately, an extension, a definition's
 * contradictions, and that the course derived from a first-model
 * programme plans exactly what that model planned (so no existing
 * koppeling's date changes).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "fasen.h"
#include "koers.h"
#include "programma_koers.h"

static struct kp_date D(const char *s)
{
	struct kp_date d;
	ck_assert_msg(kp_date_parse(s, &d), "bad date %s", s);
	return d;
}

static const char *S(struct kp_date d)
{
	static char buf[8][11];
	static int i;
	i = (i + 1) % 8;
	kp_date_format(d, buf[i]);
	return buf[i];
}

#define MND(n) ((struct kp_duur){ (n), KP_EENHEID_MAANDEN })
#define WKN(n) ((struct kp_duur){ (n), KP_EENHEID_WEKEN })
#define DGN(n) ((struct kp_duur){ (n), KP_EENHEID_DAGEN })

/* The six courses of ../shared/domain.md §1 and §4, as the default programmes set them. */
static struct kp_koers buurtgezinnen(void)
{
	struct kp_koers k = { .proefperiode = true, .contract = true, .afspraken_getekend = true,
			      .proefevaluatie_vereist = true, .bedenktijd = DGN(7), .proef = MND(2), .max = MND(24),
			      .max_vanaf = KP_FASE_KENNISMAKING };
	k.regels[k.n_regels++] = (struct kp_ritme_regel){ KP_EVAL_PROEFPERIODE, KP_FASE_PROEFPERIODE, MND(2), { 0 }, 0, 0 };
	k.regels[k.n_regels++] = (struct kp_ritme_regel){ KP_EVAL_TUSSENTIJDS, KP_FASE_LOPEND, MND(6), MND(6), 0, 0 };
	return k;
}

static struct kp_koers gezinsbuddy(void)
{
	/* goals agreed, not signed; a joint evaluation after 3 months; monthly, separately, from the start */
	struct kp_koers k = { .contract = true, .bedenktijd = DGN(7), .max = MND(24), .max_vanaf = KP_FASE_KENNISMAKING };
	k.regels[k.n_regels++] = (struct kp_ritme_regel){ KP_EVAL_TUSSENTIJDS, KP_FASE_KENNISMAKING, MND(3), { 0 }, 0, 0 };
	k.regels[k.n_regels++] =
		(struct kp_ritme_regel){ KP_EVAL_VOORTGANG, KP_FASE_KENNISMAKING, MND(1), MND(1), KP_DEELNAME_APART, 0 };
	return k;
}

static struct kp_koers estafette(void)
{
	/* no trial; goals per family, not signed; about every 3 weeks; ~10 weeks, extension possible */
	struct kp_koers k = { .contract = true, .bedenktijd = DGN(7), .max = WKN(10), .max_vanaf = KP_FASE_KENNISMAKING,
			      .verlenging = true };
	k.regels[k.n_regels++] = (struct kp_ritme_regel){ KP_EVAL_TUSSENTIJDS, KP_FASE_KENNISMAKING, WKN(3), WKN(3), 0, 0 };
	return k;
}

static struct kp_koers homestart(void)
{
	/* no trial, agreements not signed; a mid-term evaluation; at most a year */
	struct kp_koers k = { .contract = true, .max = MND(12), .max_vanaf = KP_FASE_KENNISMAKING };
	k.regels[k.n_regels++] = (struct kp_ritme_regel){ KP_EVAL_TUSSENTIJDS, KP_FASE_KENNISMAKING, MND(6), { 0 }, 0, 0 };
	return k;
}

static struct kp_koers maatjes(void)
{
	/* kennismaking, then a follow-up conversation to decide; no agreements; every few months; ~1 year */
	struct kp_koers k = { .max = MND(12), .max_vanaf = KP_FASE_KENNISMAKING, .verlenging = true };
	k.regels[k.n_regels++] = (struct kp_ritme_regel){ KP_EVAL_KENNISMAKINGSGESPREK, KP_FASE_KENNISMAKING, WKN(2), { 0 }, 0, 0 };
	k.regels[k.n_regels++] = (struct kp_ritme_regel){ KP_EVAL_TUSSENTIJDS, KP_FASE_LOPEND, MND(3), MND(3), 0, 0 };
	return k;
}

static struct kp_koers mim(void)
{
	/* kennismaking at home; no agreements; monthly with the volunteer; until the child is 18 months */
	struct kp_koers k = { .max = MND(18), .max_vanaf = KP_FASE_KENNISMAKING };
	k.regels[k.n_regels++] =
		(struct kp_ritme_regel){ KP_EVAL_VOORTGANG, KP_FASE_LOPEND, MND(1), MND(1), KP_DEELNAME_APART, 0 };
	return k;
}

/* "fase,fase,..." of the moves from `from`. */
static const char *moves(const struct kp_koers *k, enum kp_fase from)
{
	static char buf[128];
	enum kp_fase out[KP_FASE_COUNT];
	size_t n = kp_koers_volgende(k, from, out);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		strcat(buf, kp_fase_name(out[i]));
		strcat(buf, ",");
	}
	return buf;
}

START_TEST(each_programme_walks_its_own_phases)
{
	struct kp_koers bg = buurtgezinnen(), gb = gezinsbuddy(), es = estafette(), hs = homestart(), mj = maatjes(), mi = mim();
	ck_assert_str_eq(moves(&bg, KP_FASE_VOORSTEL), "kennismaking,gestopt,");
	ck_assert_str_eq(moves(&bg, KP_FASE_KENNISMAKING), "proefperiode,gestopt,");
	ck_assert_str_eq(moves(&bg, KP_FASE_PROEFPERIODE), "contract,gestopt,");
	ck_assert_str_eq(moves(&bg, KP_FASE_CONTRACT), "lopend,gestopt,");
	ck_assert_str_eq(moves(&bg, KP_FASE_LOPEND), "afronding,gestopt,");
	ck_assert_str_eq(moves(&bg, KP_FASE_AFRONDING), "");
	ck_assert_str_eq(moves(&bg, KP_FASE_GESTOPT), "");
	/* without a trial the afspraken follow the kennismaking */
	ck_assert_str_eq(moves(&gb, KP_FASE_KENNISMAKING), "contract,gestopt,");
	ck_assert_str_eq(moves(&es, KP_FASE_KENNISMAKING), "contract,gestopt,");
	ck_assert_str_eq(moves(&hs, KP_FASE_CONTRACT), "lopend,gestopt,");
	/* without either, lopend does */
	ck_assert_str_eq(moves(&mj, KP_FASE_KENNISMAKING), "lopend,gestopt,");
	ck_assert_str_eq(moves(&mi, KP_FASE_KENNISMAKING), "lopend,gestopt,");
	ck_assert_str_eq(moves(&mi, KP_FASE_LOPEND), "afronding,gestopt,");
}
END_TEST

START_TEST(conditions_follow_the_course)
{
	struct kp_koers bg = buurtgezinnen(), es = estafette(), hs = homestart(), mj = maatjes();
	struct kp_fase_feiten geen = { 0 }, afspraak = { .afspraken = 1 };
	const char *why, *veld;
	/* Buurtgezinnen: signed agreements, a held trial evaluation */
	ck_assert_int_eq(kp_koers_check(&bg, KP_FASE_PROEFPERIODE, KP_FASE_CONTRACT, &afspraak, &why, &veld),
			 KP_FASE_VOORWAARDE);
	ck_assert_str_eq(veld, "/contractGetekendOp");
	ck_assert_int_eq(kp_koers_check(&bg, KP_FASE_CONTRACT, KP_FASE_LOPEND, &afspraak, &why, &veld), KP_FASE_VOORWAARDE);
	struct kp_fase_feiten getekend = { .afspraken = 1, .contract_getekend = true, .proefevaluatie_gehouden = true };
	ck_assert_int_eq(kp_koers_check(&bg, KP_FASE_PROEFPERIODE, KP_FASE_CONTRACT, &getekend, &why, &veld), KP_FASE_OK);
	ck_assert_int_eq(kp_koers_check(&bg, KP_FASE_CONTRACT, KP_FASE_LOPEND, &getekend, &why, &veld), KP_FASE_OK);
	/* Estafette: agreements without a signing date */
	ck_assert_int_eq(kp_koers_check(&es, KP_FASE_KENNISMAKING, KP_FASE_CONTRACT, &afspraak, &why, &veld), KP_FASE_OK);
	ck_assert_int_eq(kp_koers_check(&es, KP_FASE_KENNISMAKING, KP_FASE_CONTRACT, &geen, &why, &veld), KP_FASE_VOORWAARDE);
	ck_assert_str_eq(veld, "/afspraken");
	/* Home-Start: no trial, so lopend needs no trial evaluation; a trial is not a phase here */
	ck_assert_int_eq(kp_koers_check(&hs, KP_FASE_CONTRACT, KP_FASE_LOPEND, &geen, &why, &veld), KP_FASE_OK);
	ck_assert_int_eq(kp_koers_check(&hs, KP_FASE_KENNISMAKING, KP_FASE_PROEFPERIODE, &geen, &why, &veld),
			 KP_FASE_NIET_TOEGESTAAN);
	ck_assert_str_eq(why, "Dit programma kent deze fase niet.");
	/* maatjes: straight to lopend */
	ck_assert_int_eq(kp_koers_check(&mj, KP_FASE_KENNISMAKING, KP_FASE_LOPEND, &geen, &why, &veld), KP_FASE_OK);
	/* stopping needs a reason in every course */
	ck_assert_int_eq(kp_koers_check(&mj, KP_FASE_LOPEND, KP_FASE_GESTOPT, &geen, &why, &veld), KP_FASE_VOORWAARDE);
	struct kp_fase_feiten reden = { .reden = "geen-klik" };
	ck_assert_int_eq(kp_koers_check(&mj, KP_FASE_LOPEND, KP_FASE_GESTOPT, &reden, &why, &veld), KP_FASE_OK);
	ck_assert_int_eq(kp_koers_check(&mj, KP_FASE_AFRONDING, KP_FASE_GESTOPT, &reden, &why, &veld), KP_FASE_NIET_TOEGESTAAN);
}
END_TEST

/* The plan as "soort[@met]#n=date;" in date order. */
static const char *plan_text(const struct kp_koers *k, const struct kp_koers_data *d)
{
	static char buf[8192];
	struct kp_koers_planning p[200];
	size_t n = kp_koers_plan(k, d, p, 200);
	ck_assert_uint_le(n, 200);
	buf[0] = '\0';
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		char key[64];
		kp_koers_sleutel(&p[i], key, sizeof key);
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s=%s;", key, S(p[i].datum));
		if (i > 0)
			ck_assert_int_le(kp_date_cmp(p[i - 1].datum, p[i].datum), 0); /* date order */
	}
	return buf;
}

START_TEST(dates_of_a_full_course)
{
	/* Buurtgezinnen: trial from 31 January, lopend from 31 March, koppeling 5 January */
	struct kp_koers bg = buurtgezinnen();
	struct kp_koers_data d = { .koppeling = D("2026-01-05"), .has_kennismaking = true, .kennismaking = D("2026-01-05"),
				   .has_proef = true, .proef = D("2026-01-31"), .has_lopend = true, .lopend = D("2026-03-31") };
	ck_assert_str_eq(plan_text(&bg, &d), "evaluatie-proefperiode#1=2026-03-31;tussentijdse-evaluatie#1=2026-09-30;"
					     "tussentijdse-evaluatie#2=2027-03-31;tussentijdse-evaluatie#3=2027-09-30;"
					     "afsluitend-gesprek#1=2028-01-05;");
	ck_assert_str_eq(S(kp_koers_bedenktijd_einde(&bg, D("2026-01-05"))), "2026-01-12");
	/* Estafette in weeks: every 3 weeks from the kennismaking, strictly before week 10 */
	struct kp_koers es = estafette();
	struct kp_koers_data e = { .koppeling = D("2026-03-02"), .has_kennismaking = true, .kennismaking = D("2026-03-02") };
	ck_assert_str_eq(plan_text(&es, &e), "tussentijdse-evaluatie#1=2026-03-23;tussentijdse-evaluatie#2=2026-04-13;"
					     "tussentijdse-evaluatie#3=2026-05-04;afsluitend-gesprek#1=2026-05-11;");
	/* an extension of 4 weeks moves the end and the rhythm goes on until it */
	e.has_verlenging = true;
	e.verlengd_tot = D("2026-06-08");
	ck_assert_str_eq(plan_text(&es, &e), "tussentijdse-evaluatie#1=2026-03-23;tussentijdse-evaluatie#2=2026-04-13;"
					     "tussentijdse-evaluatie#3=2026-05-04;tussentijdse-evaluatie#4=2026-05-25;"
					     "afsluitend-gesprek#1=2026-06-08;");
	/* GezinsBuddy: monthly with each side separately from the start, and a joint one after 3 months */
	struct kp_koers gb = gezinsbuddy();
	struct kp_koers_data g = { .koppeling = D("2026-01-31"), .has_kennismaking = true, .kennismaking = D("2026-01-31") };
	const char *t = plan_text(&gb, &g);
	ck_assert_ptr_nonnull(strstr(t, "voortgangsgesprek@vraaggezin#1=2026-02-28;voortgangsgesprek@steungezin#1=2026-02-28;"
				      "voortgangsgesprek@vraaggezin#2=2026-03-31;voortgangsgesprek@steungezin#2=2026-03-31;"));
	ck_assert_ptr_nonnull(strstr(t, "tussentijdse-evaluatie#1=2026-04-30;"));
	ck_assert_ptr_nonnull(strstr(t, "voortgangsgesprek@steungezin#23=2027-12-31;afsluitend-gesprek#1=2028-01-31;"));
	ck_assert_ptr_null(strstr(t, "#24="));
	/* Home-Start, 12 months without a trial: a mid-term evaluation and the end */
	struct kp_koers hs = homestart();
	struct kp_koers_data h = { .koppeling = D("2026-02-15"), .has_kennismaking = true, .kennismaking = D("2026-02-15"),
				   .has_lopend = true, .lopend = D("2026-03-01") };
	ck_assert_str_eq(plan_text(&hs, &h), "tussentijdse-evaluatie#1=2026-08-15;afsluitend-gesprek#1=2027-02-15;");
	/* a course counted from lopend knows its end only once lopend started */
	struct kp_koers lv = homestart();
	lv.max_vanaf = KP_FASE_LOPEND;
	struct kp_koers_data l = { .koppeling = D("2026-02-15"), .has_kennismaking = true, .kennismaking = D("2026-02-15") };
	struct kp_date end;
	ck_assert(!kp_koers_einde(&lv, &l, &end));
	ck_assert_str_eq(plan_text(&lv, &l), "tussentijdse-evaluatie#1=2026-08-15;");
	l.has_lopend = true;
	l.lopend = D("2026-04-01");
	ck_assert(kp_koers_einde(&lv, &l, &end));
	ck_assert_str_eq(S(end), "2027-04-01");
	/* voorstel only: nothing is planned */
	struct kp_koers_data v = { .koppeling = D("2026-02-15") };
	ck_assert_str_eq(plan_text(&hs, &v), "");
}
END_TEST

START_TEST(a_definition_without_contradictions)
{
	const char *veld;
	struct kp_koers k = buurtgezinnen();
	ck_assert_ptr_null(kp_koers_valideer(&k, &veld));
	struct kp_koers six[] = { buurtgezinnen(), gezinsbuddy(), estafette(), homestart(), maatjes(), mim() };
	for (size_t i = 0; i < 6; i++)
		ck_assert_msg(kp_koers_valideer(&six[i], &veld) == NULL, "default %zu: %s", i, veld);
	k.proef = MND(30);
	ck_assert_ptr_nonnull(kp_koers_valideer(&k, &veld));
	ck_assert_str_eq(veld, "/proefperiode");
	k = homestart();
	k.proefevaluatie_vereist = true;
	ck_assert_ptr_nonnull(kp_koers_valideer(&k, &veld));
	ck_assert_str_eq(veld, "/proefevaluatieVereist");
	k = maatjes();
	k.afspraken_getekend = true;
	ck_assert_ptr_nonnull(kp_koers_valideer(&k, &veld));
	k = maatjes();
	k.regels[1].vanaf = KP_FASE_PROEFPERIODE;
	ck_assert_ptr_nonnull(kp_koers_valideer(&k, &veld));
	ck_assert_str_eq(veld, "/ritme/1/vanaf");
	k = maatjes();
	k.regels[0].soort = KP_EVAL_AFSLUITEND;
	ck_assert_ptr_nonnull(kp_koers_valideer(&k, &veld));
	k = maatjes();
	k.max = DGN(0);
	ck_assert_ptr_nonnull(kp_koers_valideer(&k, &veld));
	ck_assert_str_eq(veld, "/maximaleDuur");
}
END_TEST

/* Deterministic pseudo-random numbers for the equivalence test. */
static unsigned long long rnd_state = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned)(rnd_state % n);
}

START_TEST(first_model_programmes_plan_the_same_dates)
{
	/* every combination the first model could store, on many phase dates: same keys, same dates */
	for (int round = 0; round < 4000; round++) {
		struct kp_programma_ritme r = { .bedenktijd_dagen = (int)rnd(15),
						.proef_maanden = (int)rnd(7),
						.proef_weken = rnd(3) == 0 ? (int)rnd(12) : 0,
						.evaluatie_maanden = (int)rnd(8),
						.voortgangsgesprekken = rnd(2),
						.max_maanden = 1 + (int)rnd(36) };
		struct kp_fase_data old = { .koppeling = kp_date_add_days(D("2024-01-01"), (int)rnd(1200)) };
		old.has_kennismaking = rnd(4) != 0;
		old.kennismaking = old.koppeling;
		old.has_proef = old.has_kennismaking && rnd(3) != 0;
		old.proef = kp_date_add_days(old.kennismaking, (int)rnd(40));
		old.has_lopend = old.has_proef && rnd(2);
		old.lopend = kp_date_add_days(old.proef, (int)rnd(120));
		struct kp_planning a[400];
		size_t na = kp_plan_evaluaties(&r, &old, a, 400);
		struct kp_koers k = kp_koers_uit_ritme(&r);
		struct kp_koers_data nw = { .koppeling = old.koppeling, .has_kennismaking = old.has_kennismaking,
					    .kennismaking = old.kennismaking, .has_proef = old.has_proef, .proef = old.proef,
					    .has_lopend = old.has_lopend, .lopend = old.lopend };
		struct kp_koers_planning b[400];
		size_t nb = kp_koers_plan(&k, &nw, b, 400);
		ck_assert_uint_eq(na, nb);
		/* the old keys: "<soort>#<n>" counted per kind in plan order */
		int ord[8] = { 0 };
		for (size_t i = 0; i < na && i < 400; i++) {
			char want[64], got[64];
			snprintf(want, sizeof want, "%s#%d=%s", kp_evaluatie_soort_name(a[i].soort), ++ord[a[i].soort], S(a[i].datum));
			bool found = false;
			for (size_t j = 0; j < nb && j < 400 && !found; j++) {
				char key[48];
				kp_koers_sleutel(&b[j], key, sizeof key);
				snprintf(got, sizeof got, "%s=%s", key, S(b[j].datum));
				found = strcmp(want, got) == 0;
			}
			ck_assert_msg(found, "round %d: %s is not planned alike", round, want);
		}
	}
}
END_TEST

START_TEST(durations_in_every_unit)
{
	ck_assert_str_eq(S(kp_duur_na(D("2026-01-31"), MND(1), 1)), "2026-02-28");
	ck_assert_str_eq(S(kp_duur_na(D("2026-01-31"), MND(1), 2)), "2026-03-31");
	ck_assert_str_eq(S(kp_duur_na(D("2024-01-31"), MND(1), 1)), "2024-02-29");
	ck_assert_str_eq(S(kp_duur_na(D("2026-12-28"), WKN(1), 1)), "2027-01-04");
	ck_assert_str_eq(S(kp_duur_na(D("2026-03-01"), DGN(10), 3)), "2026-03-31");
	ck_assert_str_eq(S(kp_duur_na(D("2026-03-01"), MND(0), 5)), "2026-03-01");
	enum kp_eenheid e;
	ck_assert(kp_eenheid_parse("weken", &e) && e == KP_EENHEID_WEKEN);
	ck_assert(!kp_eenheid_parse("jaren", &e));
	ck_assert_str_eq(kp_eenheid_name(KP_EENHEID_MAANDEN), "maanden");
	/* absurd counts stay in range instead of overflowing */
	struct kp_date far = kp_duur_na(D("2026-01-01"), MND(120), 1000000);
	ck_assert_int_gt(far.y, 2026);
}
END_TEST

START_TEST(json_round_trip_and_errors)
{
	struct kp_koers six[] = { buurtgezinnen(), gezinsbuddy(), estafette(), homestart(), maatjes(), mim() };
	for (size_t i = 0; i < 6; i++) {
		json_t *j = kp_koers_json(&six[i]);
		ck_assert_ptr_nonnull(j);
		struct kp_koers back;
		json_t *p = kp_koers_from_json(j, "/koers", &back);
		ck_assert_msg(p == NULL, "default %zu does not read back", i);
		json_t *again = kp_koers_json(&back);
		ck_assert(json_equal(j, again));
		json_decref(again);
		json_decref(j);
	}
	/* every invalid member is named below the prefix */
	json_t *bad = json_loads("{\"proefperiode\":{\"aantal\":2,\"eenheid\":\"jaren\"},\"afspraken\":\"misschien\","
				 "\"maximaleDuur\":{\"aantal\":12,\"eenheid\":\"maanden\"},\"ritme\":[]}", 0, NULL);
	struct kp_koers k;
	json_t *p = kp_koers_from_json(bad, "/koers", &k);
	ck_assert_ptr_nonnull(p);
	char *text = json_dumps(p, JSON_COMPACT);
	ck_assert_ptr_nonnull(strstr(text, "/koers/proefperiode/eenheid"));
	ck_assert_ptr_nonnull(strstr(text, "/koers/afspraken"));
	free(text);
	json_decref(p);
	json_decref(bad);
	/* a sound shape with a contradiction is refused by the course's own check */
	bad = json_loads("{\"proefperiode\":null,\"afspraken\":\"geen\",\"proefevaluatieVereist\":true,"
			 "\"maximaleDuur\":{\"aantal\":12,\"eenheid\":\"maanden\"},\"ritme\":[]}", 0, NULL);
	p = kp_koers_from_json(bad, "/koers", &k);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(p, "invalidParams"), 0), "name")),
			 "/koers/proefevaluatieVereist");
	json_decref(p);
	json_decref(bad);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("koers");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, each_programme_walks_its_own_phases);
	tcase_add_test(tc, conditions_follow_the_course);
	tcase_add_test(tc, dates_of_a_full_course);
	tcase_add_test(tc, a_definition_without_contradictions);
	tcase_add_test(tc, first_model_programmes_plan_the_same_dates);
	tcase_add_test(tc, durations_in_every_unit);
	tcase_add_test(tc, json_round_trip_and_errors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
