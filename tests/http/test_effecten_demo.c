/*
 * test_effecten_demo.c - `koppel demo` fills the effect report (issue 14,
 * point 5): after kp_demo_fill on the server's empty database the example
 * tariffs are there, four vraaggezinnen have a reference scenario with
 * outcomes of their formal help, and the effect report the demo beheerder
 * opens has non-zero totals that are exactly the sums of the worked
 * scenarios' item lines (hand-computed below), one family counted as
 * "besparing onbekend" and the totals marked "tenminste", the outcomes
 * of the formal help counted per uitkomst and the figures per programme
 * adding up to the total cost; a demo coordinator sees only the families
 * of their own werkgebied.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "harness.h"

/* GET path as s; asserts 200 and returns the body. */
static json_t *get(const struct hs_session *s, const char *path)
{
	struct http_response r;
	json_t *j = harness_call(s, "GET", path, NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	http_response_free(&r);
	ck_assert_ptr_nonnull(j);
	return j;
}

static int64_t num(const json_t *j, const char *key)
{
	json_t *v = json_object_get(j, key);
	ck_assert_msg(json_is_integer(v), "%s is not a number", key);
	return json_integer_value(v);
}

static void setup(void)
{
	harness_start(NULL, 0);
	char err[512] = "";
	int rc = kp_demo_fill(hs.db, KOPPEL_SOURCE_DIR "/config/postcodes/nl-pc4.csv", 1, NULL, err, sizeof err);
	ck_assert_msg(rc == 0, "demo: %s", err);
}

static void teardown(void)
{
	harness_stop();
}

START_TEST(demo_vult_de_effectrapportage)
{
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM tarieven"), 19);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM referentiescenarios"), 4);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM scenario_items"), 10);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM scenario_items WHERE onbekend = 1"), 1);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM hulp_uitkomsten"), 4);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE object_soort = 'referentiescenario'"), 4);

	struct hs_session bh;
	ck_assert_int_eq(harness_login("beheer", KP_DEMO_WACHTWOORD, &bh), 201);
	json_t *r = get(&bh, "/api/v1/rapportages/effecten");
	json_t *t = json_object_get(r, "totaal");
	ck_assert_int_eq(num(t, "gezinnen"), 4);
	ck_assert_int_eq(num(t, "berekenbaar"), 3);
	ck_assert_int_eq(num(json_object_get(t, "klassen"), "besparing-onbekend"), 1);
	ck_assert(json_is_true(json_object_get(t, "tenminste")));
	/*
	 * The worked scenarios, every line rounded once to the cent:
	 *   1,5 uur/week x 28 weken x 86,40 = 3.628,80; Raad 1 x 3.500,00; OTS 9 x 365/12 = 273,75 etmalen x 27,05 = 7.404,94
	 *   8 etmalen/maand x 12 x 2 kinderen x 42,75 = 8.208,00; 2 uur/week x 40 weken x 65,00 = 5.200,00
	 *   POH-GGZ onbekend; opvang 14-21 dagen x 90,00 = 1.260,00-1.890,00
	 *   opname 10/maand x 3 = 30, max 14 x 265,00 = 3.710,00; deeltijd 8.000,00; 6 x 95,00 = 570,00
	 */
	ck_assert_int_eq(num(t, "referentieMinCent"), 362880 + 350000 + 740494 + 820800 + 520000 + 126000 + 371000 + 800000 + 57000);
	ck_assert_int_eq(num(t, "referentieMaxCent"), 362880 + 350000 + 740494 + 820800 + 520000 + 189000 + 371000 + 800000 + 57000);
	ck_assert_int_gt(num(t, "programmakostenCent"), 0);
	ck_assert_int_eq(num(t, "besparingMinCent"), num(t, "referentieMinCent") - num(t, "programmakostenCent"));
	/* each family as a letter, its lines traceable to formulas */
	json_t *g = json_object_get(r, "gezinnen");
	ck_assert_int_eq((int)json_array_size(g), 4);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(g, 0), "gezin")), "A");
	int gevonden = 0;
	size_t i, k;
	json_t *x, *it;
	json_array_foreach(g, i, x) json_array_foreach(json_object_get(x, "items"), k, it)
	{
		const char *f = json_string_value(json_object_get(it, "formule"));
		if (strcmp(f, "1,5 uur/week × 28 weken × €86,40 = €3.628,80") == 0)
			gevonden++;
	}
	ck_assert_int_eq(gevonden, 1);
	/* the outcomes of the families' formal help, per uitkomst and mate */
	json_t *u = json_object_get(r, "uitkomsten");
	ck_assert_int_eq(num(json_object_get(u, "verminderd"), "dankzij"), 1);
	ck_assert_int_eq(num(json_object_get(u, "voorkomen"), "dankzij"), 1);
	ck_assert_int_eq(num(json_object_get(u, "voorkomen"), "mede-dankzij"), 0);
	ck_assert_int_eq(num(json_object_get(u, "opgeschaald"), "mede-dankzij"), 1);
	ck_assert_int_eq(num(json_object_get(u, "beeindigd"), "totaal"), 0);
	ck_assert_int_eq(num(json_object_get(u, "alleen-extra"), "totaal"), 1);
	ck_assert_ptr_null(json_object_get(json_object_get(u, "alleen-extra"), "dankzij"));
	/* per programme, each with its own cost: together the total cost, every family in at least one */
	json_t *pp = json_object_get(r, "perProgramma");
	ck_assert_int_gt((int)json_array_size(pp), 0);
	int64_t kosten = 0, gezinnen = 0;
	json_array_foreach(pp, i, x)
	{
		ck_assert_ptr_nonnull(json_string_value(json_object_get(x, "naam")));
		kosten += num(x, "programmakostenCent");
		gezinnen += num(x, "gezinnen");
	}
	ck_assert_int_eq(kosten, num(t, "programmakostenCent"));
	ck_assert_int_ge(gezinnen, 4);
	json_decref(r);

	/* a demo coordinator sees the families of their own werkgebied only */
	struct hs_session cz;
	ck_assert_int_eq(harness_login("coord-zaanstad", KP_DEMO_WACHTWOORD, &cz), 201);
	r = get(&cz, "/api/v1/rapportages/effecten");
	int64_t n = num(json_object_get(r, "totaal"), "gezinnen");
	ck_assert_int_eq(n, 2);
	ck_assert_int_gt(num(json_object_get(r, "totaal"), "referentieMinCent"), 0);
	json_decref(r);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("effecten-demo");
	TCase *t = tcase_create("core");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 120);
	tcase_add_test(t, demo_vult_de_effectrapportage);
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
