/*
 * test_rapportage_effecten.c - the effect summary inside the period report
 * (issue 15, figures): on a fixture worked out by hand (a family with a
 * scenario in Amsterdam, one with an unknown quantity in Amstelveen, one
 * without a scenario, and one in another werkgebied that must not count)
 * the summary in the total and per gemeente to the cent, the same figures
 * as the effect report, a family counted where it lived on the date of its
 * koppeling (a later move to another werkgebied changes nothing), the
 * rapportage role's disclosure (amounts only for
 * a whole unfiltered year over ten families, otherwise null with a
 * reason), the Dutch CSV rows, and a vaststelling that regenerates
 * identically until a tariff changes.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct hs_session ca, cb, bh, rap;
static int64_t va, vd, vb;

/* A request as s with extra headers hdr (may be NULL); returns the status, *out the body (or NULL). */
static int call(struct hs_session *s, const char *method, const char *path, const char *body, const char *hdr, json_t **out)
{
	struct http_response r;
	json_t *j = harness_call(s, method, path, body, 1, hdr, &r);
	int status = r.status;
	http_response_free(&r);
	if (out)
		*out = j;
	else
		json_decref(j);
	return status;
}

/* Inserts a gezin directly; returns its id. */
static int64_t gezin(const char *naam, const char *rol, const char *wg, const char *gemeente)
{
	char q[768];
	snprintf(q, sizeof q,
		 "INSERT INTO gezinnen(naam, rol, status, werkgebied_id, gemeente, aangemeld_op, profiel, aangemaakt_op, gewijzigd_op) "
		 "VALUES ('%s', '%s', 'gekoppeld', (SELECT id FROM werkgebieden WHERE code = '%s'), '%s', '2023-01-01', '{}', "
		 "'2023-01-01T00:00:00Z', '2023-01-01T00:00:00Z')",
		 naam, rol, wg, gemeente);
	harness_sql(q);
	snprintf(q, sizeof q, "SELECT max(id) FROM gezinnen WHERE naam = '%s'", naam);
	return harness_sql_int(q);
}

/* A koppeling of v with s in Buurtgezinnen from datum (lopend). */
static void koppeling(int64_t v, int64_t s, const char *datum)
{
	char q[768];
	snprintf(q, sizeof q,
		 "INSERT INTO koppelingen(vraaggezin_id, steungezin_id, programma_id, werkgebied_id, fase, voorgesteld_op, "
		 "koppeling_datum, aangemaakt_op, gewijzigd_op) SELECT %lld, %lld, (SELECT id FROM programmas WHERE naam = "
		 "'Buurtgezinnen'), werkgebied_id, 'lopend', '%s', '%s', '%sT00:00:00Z', '%sT00:00:00Z' FROM gezinnen WHERE id = %lld",
		 (long long)v, (long long)s, datum, datum, datum, datum, (long long)v);
	harness_sql(q);
}

/* PUTs scenario body for gezin g as s; asserts 200. */
static void scenario(struct hs_session *s, int64_t g, const char *body)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/referentiescenario", (long long)g);
	ck_assert_int_eq(call(s, "PUT", path, body, NULL, NULL), 200);
}

/* The example tariff file of the repository, imported by the beheerder. */
static void tarieven(void)
{
	FILE *f = fopen(KOPPEL_SOURCE_DIR "/config/tarieven-voorbeeld.csv", "rb");
	ck_assert_ptr_nonnull(f);
	static char buf[16384];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	json_t *b = json_pack("{s:s}", "csv", buf);
	char *text = json_dumps(b, 0);
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/tarief-imports", text, NULL, NULL), 201);
	free(text);
	json_decref(b);
}

/* 1,5 uur/week x 28 weken x €86,40 = €3.628,80 and 1 gezinsjaar x €3.500,00 */
static const char bekend[] = "{\"startdatum\":\"2023-03-01\",\"items\":["
			     "{\"tarief\":\"ambulant-gezin\",\"per\":\"week\",\"hoeveelheid\":1.5,\"duur\":28},"
			     "{\"tarief\":\"raad-onderzoek\",\"per\":\"totaal\",\"hoeveelheid\":1}]}";
/* €3.500,00 and an unknown number of hours of trauma treatment */
static const char onbekend[] = "{\"startdatum\":\"2023-05-01\",\"items\":["
			       "{\"tarief\":\"raad-onderzoek\",\"per\":\"totaal\",\"hoeveelheid\":1},"
			       "{\"tarief\":\"traumabehandeling\",\"per\":\"totaal\",\"onbekend\":true}]}";

/* Hand-computed: Amsterdam 3.628,80 + 3.500,00 against one first year of Buurtgezinnen (3.150,00). */
#define REF_A (362880 + 350000)
#define REF_D 350000
#define KOSTEN 315000

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_werkgebied("PUR");
	harness_user("coord-a", "coordinator", "AMS", 1);
	harness_user("coord-b", "coordinator", "PUR", 1);
	harness_user("beheer", "beheerder", NULL, 1);
	harness_user("rapport", "rapportage", "AMS", 1);
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	ck_assert_int_eq(harness_login("coord-b", HS_PASSWORD, &cb), 201);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &bh), 201);
	ck_assert_int_eq(harness_login("rapport", HS_PASSWORD, &rap), 201);
	tarieven();
	int64_t sa = gezin("Gezin Steun-A", "steungezin", "AMS", "Amsterdam");
	va = gezin("Gezin Met-Scenario", "vraaggezin", "AMS", "Amsterdam");
	vd = gezin("Gezin Onbekend", "vraaggezin", "AMS", "Amstelveen");
	int64_t vc = gezin("Gezin Zonder-Scenario", "vraaggezin", "AMS", "Amsterdam");
	vb = gezin("Gezin Elders", "vraaggezin", "PUR", "Purmerend");
	int64_t sb = gezin("Gezin Steun-B", "steungezin", "PUR", "Purmerend");
	koppeling(va, sa, "2023-03-01");
	koppeling(vd, sa, "2023-05-01");
	koppeling(vc, sa, "2023-04-01");
	koppeling(vb, sb, "2023-03-01");
	scenario(&ca, va, bekend);
	scenario(&ca, vd, onbekend);
	scenario(&cb, vb, bekend);
}

static void teardown(void)
{
	harness_stop();
}

static void prepare(void)
{
	harness_prepare_hash();
}

/* The period report as s for query q (200 expected); the caller frees it. */
static json_t *rapport(struct hs_session *s, const char *q)
{
	char path[200];
	snprintf(path, sizeof path, "/api/v1/rapportages/periode?%s", q);
	json_t *j;
	ck_assert_int_eq(call(s, "GET", path, NULL, NULL, &j), 200);
	return j;
}

/* The effecten of gemeente naam in report j. */
static json_t *effecten(json_t *j, const char *naam)
{
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(j, "gemeenten"), i, g)
	{
		const char *n = json_string_value(json_object_get(g, "gemeente"));
		if (n && strcmp(n, naam) == 0)
			return json_object_get(json_object_get(g, "cijfers"), "effecten");
	}
	ck_abort_msg("no gemeente %s in the report", naam);
	return NULL;
}

static int64_t n(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	ck_assert_msg(json_is_integer(v), "%s is not an integer", k);
	return json_integer_value(v);
}

START_TEST(samenvatting_met_de_hand_berekend)
{
	json_t *j = rapport(&ca, "jaar=2023");
	json_t *t = json_object_get(json_object_get(j, "totaal"), "effecten");
	ck_assert_ptr_nonnull(t);
	/* counted: the two families with a scenario in AMS; not the one without, not Purmerend's */
	ck_assert_int_eq(n(t, "gezinnen"), 2);
	ck_assert_int_eq(n(t, "berekenbaar"), 1);
	ck_assert_int_eq(n(t, "besparingOnbekend"), 1);
	ck_assert_int_eq(n(t, "referentieMinCent"), REF_A + REF_D);
	ck_assert_int_eq(n(t, "referentieMaxCent"), REF_A + REF_D);
	ck_assert_int_eq(n(t, "programmakostenCent"), 2 * KOSTEN);
	ck_assert_int_eq(n(t, "besparingMinCent"), REF_A + REF_D - 2 * KOSTEN); /* 4.328,80 net */
	ck_assert_int_eq(n(t, "besparingMinCent"), 432880);
	ck_assert(json_is_true(json_object_get(t, "tenminste")));
	ck_assert_str_eq(json_string_value(json_object_get(t, "peildatum")), "2023-12-31");
	ck_assert(json_is_null(json_object_get(t, "redenGeenBedragen")));
	/* per gemeente: the subtotals add up to the total */
	json_t *a = effecten(j, "Amsterdam"), *d = effecten(j, "Amstelveen");
	ck_assert_int_eq(n(a, "gezinnen"), 1);
	ck_assert_int_eq(n(a, "referentieMinCent"), REF_A);
	ck_assert_int_eq(n(a, "programmakostenCent"), KOSTEN);
	ck_assert_int_eq(n(a, "besparingMinCent"), REF_A - KOSTEN);
	ck_assert(json_is_false(json_object_get(a, "tenminste")));
	ck_assert_int_eq(n(d, "besparingOnbekend"), 1);
	ck_assert_int_eq(n(d, "besparingMinCent"), REF_D - KOSTEN);
	ck_assert(json_is_true(json_object_get(d, "tenminste")));
	json_decref(j);

	/* the same figures as the effect report over the same period */
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/rapportages/effecten?van=2023-01-01&tot=2023-12-31", NULL, NULL, &j), 200);
	t = json_object_get(j, "totaal");
	ck_assert_int_eq(n(t, "gezinnen"), 2);
	ck_assert_int_eq(n(t, "besparingMinCent"), 432880);
	json_decref(j);

	/* the other werkgebied's coordinator sees only Purmerend's family */
	j = rapport(&cb, "jaar=2023");
	t = json_object_get(json_object_get(j, "totaal"), "effecten");
	ck_assert_int_eq(n(t, "gezinnen"), 1);
	ck_assert_int_eq(n(t, "besparingMinCent"), REF_A - KOSTEN);
	json_decref(j);
	/* the beheerder all three */
	j = rapport(&bh, "jaar=2023");
	ck_assert_int_eq(n(json_object_get(json_object_get(j, "totaal"), "effecten"), "gezinnen"), 3);
	json_decref(j);

	/* a filter: one gemeente, and a quarter without any koppeling dated in it */
	j = rapport(&ca, "jaar=2023&gemeente=Amstelveen");
	t = json_object_get(json_object_get(j, "totaal"), "effecten");
	ck_assert_int_eq(n(t, "gezinnen"), 1);
	ck_assert_int_eq(n(t, "referentieMinCent"), REF_D);
	json_decref(j);
	j = rapport(&ca, "jaar=2023&kwartaal=4");
	t = json_object_get(json_object_get(j, "totaal"), "effecten");
	ck_assert_int_eq(n(t, "gezinnen"), 0);
	ck_assert_int_eq(n(t, "besparingMinCent"), 0);
	json_decref(j);
	/* the programme cost counts up to the period's end: the first quarter of 2023 holds only Amsterdam's koppeling */
	j = rapport(&ca, "jaar=2023&kwartaal=1");
	t = json_object_get(json_object_get(j, "totaal"), "effecten");
	ck_assert_int_eq(n(t, "gezinnen"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(t, "peildatum")), "2023-03-31");
	json_decref(j);
}
END_TEST

START_TEST(ingetrokken_toestemming_telt_niet)
{
	char q[256];
	snprintf(q, sizeof q,
		 "INSERT INTO toestemmingen(gezin_id, doel, gegeven_op, gegeven_door, ingetrokken_op) "
		 "VALUES (%lld, 'anonieme-rapportage', '2023-01-01', 'Ouder', '2023-11-01')",
		 (long long)va);
	harness_sql(q);
	json_t *j = rapport(&ca, "jaar=2023");
	json_t *t = json_object_get(json_object_get(j, "totaal"), "effecten");
	ck_assert_int_eq(n(t, "gezinnen"), 1);
	ck_assert_int_eq(n(t, "referentieMinCent"), REF_D);
	json_decref(j);
	/* a period that ended before the withdrawal keeps the family */
	j = rapport(&ca, "jaar=2023&halfjaar=1");
	ck_assert_int_eq(n(json_object_get(json_object_get(j, "totaal"), "effecten"), "gezinnen"), 2);
	json_decref(j);
}
END_TEST

START_TEST(verhuisd_gezin_telt_waar_het_woonde)
{
	/* Amstelveen's family moved to Purmerend (the other werkgebied) on 1 January 2024 */
	char q[512];
	snprintf(q, sizeof q,
		 "UPDATE gezinnen SET gemeente = 'Purmerend', werkgebied_id = (SELECT id FROM werkgebieden WHERE code = 'PUR') "
		 "WHERE id = %lld",
		 (long long)vd);
	harness_sql(q);
	snprintf(q, sizeof q,
		 "INSERT INTO gezin_gemeenten(gezin_id, gemeente, werkgebied_id, van, tot) VALUES "
		 "(%lld, 'Amstelveen', (SELECT id FROM werkgebieden WHERE code = 'AMS'), '2023-01-01', '2024-01-01'), "
		 "(%lld, 'Purmerend', (SELECT id FROM werkgebieden WHERE code = 'PUR'), '2024-01-01', NULL)",
		 (long long)vd, (long long)vd);
	harness_sql(q);
	koppeling(vd, harness_sql_int("SELECT id FROM gezinnen WHERE naam = 'Gezin Steun-B'"), "2024-03-01");
	/* 2023: still Amstelveen's, in AMS, for the coordinator of AMS only */
	json_t *j = rapport(&ca, "jaar=2023");
	ck_assert_int_eq(n(json_object_get(json_object_get(j, "totaal"), "effecten"), "gezinnen"), 2);
	ck_assert_int_eq(n(effecten(j, "Amstelveen"), "gezinnen"), 1);
	json_decref(j);
	j = rapport(&cb, "jaar=2023");
	ck_assert_int_eq(n(json_object_get(json_object_get(j, "totaal"), "effecten"), "gezinnen"), 1);
	json_decref(j);
	/* 2024: its koppeling in Purmerend counts for PUR, not for AMS */
	j = rapport(&cb, "jaar=2024");
	ck_assert_int_eq(n(json_object_get(json_object_get(j, "totaal"), "effecten"), "gezinnen"), 1);
	ck_assert_int_eq(n(effecten(j, "Purmerend"), "besparingOnbekend"), 1);
	json_decref(j);
	j = rapport(&ca, "jaar=2024");
	ck_assert_int_eq(n(json_object_get(json_object_get(j, "totaal"), "effecten"), "gezinnen"), 0);
	json_decref(j);
}
END_TEST

START_TEST(rapportagerol_openbaarmaking)
{
	/* two families: counts rounded, no amounts, each with a reason */
	json_t *j = rapport(&rap, "jaar=2023");
	json_t *t = json_object_get(json_object_get(j, "totaal"), "effecten");
	ck_assert_str_eq(json_string_value(json_object_get(t, "gezinnen")), "<5");
	ck_assert(json_is_null(json_object_get(t, "referentieMinCent")));
	ck_assert(json_is_null(json_object_get(t, "besparingMinCent")));
	ck_assert(json_is_null(json_object_get(t, "tenminste")));
	ck_assert_str_eq(json_string_value(json_object_get(t, "redenGeenBedragen")), "Bedragen pas vanaf 10 gezinnen.");
	json_decref(j);

	/* ten more families with a scenario in Amsterdam: the year's unfiltered total shows its amounts */
	static const char klein[] =
		"{\"startdatum\":\"2023-03-01\",\"items\":[{\"tarief\":\"raad-onderzoek\",\"per\":\"totaal\",\"hoeveelheid\":1}]}";
	int64_t sa = harness_sql_int("SELECT id FROM gezinnen WHERE naam = 'Gezin Steun-A'");
	for (int i = 0; i < 10; i++) {
		char naam[64];
		snprintf(naam, sizeof naam, "Gezin Reeks-%d", i);
		int64_t v = gezin(naam, "vraaggezin", "AMS", "Amsterdam");
		koppeling(v, sa, "2023-06-01");
		scenario(&ca, v, klein);
	}
	j = rapport(&rap, "jaar=2023");
	t = json_object_get(json_object_get(j, "totaal"), "effecten");
	ck_assert_int_eq(n(t, "gezinnen"), 10); /* 12 rounded to fives */
	ck_assert_int_eq(n(t, "referentieMinCent"), REF_A + REF_D + 10 * 350000);
	ck_assert_int_eq(n(t, "programmakostenCent"), 12 * KOSTEN);
	ck_assert(json_is_true(json_object_get(t, "tenminste")));
	ck_assert(json_is_null(json_object_get(t, "redenGeenBedragen")));
	/* never per gemeente */
	json_t *a = effecten(j, "Amsterdam");
	ck_assert_int_eq(n(a, "gezinnen"), 10);
	ck_assert(json_is_null(json_object_get(a, "referentieMinCent")));
	ck_assert(json_is_string(json_object_get(a, "redenGeenBedragen")));
	json_decref(j);
	/* a quarter, a half-year or a filter: no amounts */
	static const char *const gefilterd[] = { "jaar=2023&kwartaal=2", "jaar=2023&halfjaar=1", "jaar=2023&gemeente=Amsterdam",
						 "jaar=2023&programma=1" };
	for (size_t i = 0; i < sizeof gefilterd / sizeof gefilterd[0]; i++) {
		j = rapport(&rap, gefilterd[i]);
		t = json_object_get(json_object_get(j, "totaal"), "effecten");
		ck_assert_msg(json_is_null(json_object_get(t, "referentieMinCent")), "amounts shown for %s", gefilterd[i]);
		ck_assert(json_is_null(json_object_get(t, "programmakostenCent")));
		ck_assert(json_is_string(json_object_get(t, "redenGeenBedragen")));
		json_decref(j);
	}
	char q[64];
	snprintf(q, sizeof q, "jaar=2023&werkgebied=%lld", (long long)harness_sql_int("SELECT id FROM werkgebieden WHERE code = 'AMS'"));
	j = rapport(&rap, q);
	ck_assert(json_is_null(json_object_get(json_object_get(json_object_get(j, "totaal"), "effecten"), "referentieMinCent")));
	json_decref(j);
}
END_TEST

START_TEST(csv_rijen)
{
	struct http_response r;
	json_t *j = harness_call(&ca, "GET", "/api/v1/rapportages/periode?jaar=2023", NULL, 1, "Accept: text/csv\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "Totaal;Effecten: gezinnen met referentiescenario;2\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "Totaal;Effecten: gezinnen met onbekende besparing;1\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "Totaal;Effecten: vermeden formele hulp, minimum (EUR);10628,80\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "Totaal;Effecten: programmakosten (EUR);6300,00\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "Totaal;Effecten: netto besparing, minimum (EUR);4328,80\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "Totaal;Effecten: bedragen zijn tenminste-bedragen;ja\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "Amsterdam;Effecten: netto besparing, minimum (EUR);3978,80\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "Amsterdam;Effecten: bedragen zijn tenminste-bedragen;nee\r\n"));
	ck_assert_ptr_null(strstr(r.body, "Purmerend"));
	http_response_free(&r);
	json_decref(j);
	/* the rapportage role: the withheld amounts empty, with the reason */
	j = harness_call(&rap, "GET", "/api/v1/rapportages/periode?jaar=2023", NULL, 1, "Accept: text/csv\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "Totaal;Effecten: programmakosten (EUR);\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "Totaal;Effecten: geen bedragen;Bedragen pas vanaf 10 gezinnen.\r\n"));
	http_response_free(&r);
	json_decref(j);
}
END_TEST

START_TEST(vaststelling_identiek_tot_een_tarief_wijzigt)
{
	json_t *v;
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/rapportages/vaststellingen", "{\"jaar\":2023}", NULL, &v), 201);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/rapportages/vaststellingen/%lld", (long long)n(v, "id"));
	json_decref(v);
	/* a koppeling dated after the period leaves the closed year as it was */
	koppeling(vd, harness_sql_int("SELECT id FROM gezinnen WHERE naam = 'Gezin Steun-A'"), "2024-02-01");
	ck_assert_int_eq(call(&ca, "GET", path, NULL, NULL, &v), 200);
	ck_assert_msg(json_is_true(json_object_get(v, "identiek")), "%s", json_dumps(json_object_get(v, "verschillen"), 0));
	json_decref(v);
	/* a tariff corrected afterwards: the effect figures differ, and the comparison names them */
	harness_sql("UPDATE tarieven SET bedrag_cent = 360000 WHERE code = 'raad-onderzoek'");
	ck_assert_int_eq(call(&ca, "GET", path, NULL, NULL, &v), 200);
	ck_assert(json_is_false(json_object_get(v, "identiek")));
	char *d = json_dumps(json_object_get(v, "verschillen"), 0);
	ck_assert_ptr_nonnull(strstr(d, "/totaal/effecten/referentieMinCent"));
	free(d);
	json_decref(v);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rapportage-effecten");
	TCase *t = tcase_create("core");
	tcase_add_unchecked_fixture(t, prepare, NULL);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, samenvatting_met_de_hand_berekend);
	tcase_add_test(t, ingetrokken_toestemming_telt_niet);
	tcase_add_test(t, verhuisd_gezin_telt_waar_het_woonde);
	tcase_add_test(t, rapportagerol_openbaarmaking);
	tcase_add_test(t, csv_rijen);
	tcase_add_test(t, vaststelling_identiek_tot_een_tarief_wijzigt);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
