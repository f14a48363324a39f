/*
 * test_matching_api.c - matching through the API: ranked and explained
 * suggestions within the coordinator's werkgebied, hard rules shown as
 * reasons (not available, a pair that stopped before, excluded by hand),
 * a match round whose proposals are accepted (a koppeling in voorstel) or
 * rejected, and programme weights.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "harness.h"
#include "util.h"

static struct hs_session ca, cb, beheer;
static char vog[11];

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_werkgebied("ZST");
	harness_user("coord-a", "coordinator", "AMS", 1);
	harness_user("coord-b", "coordinator", "ZST", 1);
	harness_user("beheer", "beheerder", NULL, 1);
	harness_sql("INSERT INTO postcodes VALUES (1015, 'Amsterdam', 52.378, 4.883), (1102, 'Amsterdam', 52.31, 4.97), "
		    "(1501, 'Zaandam', 52.44, 4.82)");
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	ck_assert_int_eq(harness_login("coord-b", HS_PASSWORD, &cb), 201);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &beheer), 201);
	kp_date_format(kp_date_add_months(kp_date_from_unix(kp_now()), -6), vog);
}

static void teardown(void)
{
	harness_stop();
}

static int call(struct hs_session *s, const char *method, const char *path, const char *body, json_t **out, const char *hdr)
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

/* A gezin; side vraag or aanbod; status set afterwards when not NULL. */
static int64_t gezin(struct hs_session *s, const char *naam, const char *wg, const char *postcode, bool vraag, const char *status)
{
	char body[2048];
	snprintf(body, sizeof body,
		 "{\"naam\":\"%s\",\"rol\":\"%s\",\"werkgebied\":\"%s\",\"adres\":{\"postcode\":\"%s\"},"
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\",\"vogDatum\":%s%s%s},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Kind\",\"geboortedatum\":\"2019-06-01\",\"steunVoor\":%s}],"
		 "%s,\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]%s}",
		 naam, vraag ? "vraaggezin" : "steungezin", wg, postcode, vraag ? "" : "\"", vraag ? "null" : vog, vraag ? "" : "\"",
		 vraag ? "true" : "false",
		 vraag ? "\"vraag\":{\"tekst\":\"Even lucht\",\"steunvormen\":[\"opvang-overdag\"],\"dagdelen\":[\"wo-middag\"],"
			 "\"wensen\":{\"nietRoken\":true}}"
		       : "\"aanbod\":{\"capaciteit\":1,\"steunvormen\":[\"opvang-overdag\"],\"dagdelen\":[\"wo-middag\"],"
			 "\"leeftijdVan\":0,\"leeftijdTot\":12,\"rookt\":false}",
		 status ? ",\"status\":\"" : "");
	if (status) { /* close the status member */
		size_t n = strlen(body);
		snprintf(body + n - 1, sizeof body - n + 1, "%s\"}", status);
	}
	json_t *j;
	int rc = call(s, "POST", "/api/v1/gezinnen", body, &j, NULL);
	ck_assert_msg(rc == 201, "gezin %s: %d %s", naam, rc, json_dumps(j, 0));
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

START_TEST(suggestions_ranked_and_explained)
{
	int64_t v = gezin(&ca, "Gezin Vraag", "AMS", "1015 AB", true, "wachtend");
	int64_t near = gezin(&ca, "Gezin Dichtbij", "AMS", "1015 CD", false, "beschikbaar");
	int64_t far = gezin(&ca, "Gezin Verder", "AMS", "1102 AA", false, "beschikbaar");
	int64_t busy = gezin(&ca, "Gezin Screening", "AMS", "1015 EF", false, "screening");
	gezin(&cb, "Gezin Elders", "ZST", "1501 AA", false, "beschikbaar");
	char path[128];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/suggesties?programma=1&uitgeslotenTonen=true", (long long)v);
	json_t *j;
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	json_t *k = json_object_get(j, "kandidaten");
	ck_assert_uint_eq(json_array_size(k), 2); /* the other werkgebied never shows */
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(json_array_get(k, 0), "gezin"), "id")), near);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(json_array_get(k, 1), "gezin"), "id")), far);
	ck_assert_int_gt(json_integer_value(json_object_get(json_array_get(k, 0), "score")),
			 json_integer_value(json_object_get(json_array_get(k, 1), "score")));
	json_t *crit = json_object_get(json_array_get(k, 0), "criteria");
	ck_assert_uint_eq(json_array_size(crit), 10);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(crit, 0), "zin")), "Woont op 0,0 km.");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(json_array_get(crit, 2), "zin")), "woensdag middag"));
	json_t *u = json_object_get(j, "uitgesloten");
	ck_assert_uint_eq(json_array_size(u), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(json_array_get(u, 0), "gezin"), "id")), busy);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(json_array_get(u, 0), "redenen"), 0)), "Niet beschikbaar.");
	json_decref(j);
	/* deterministic */
	char *first = NULL;
	for (int i = 0; i < 2; i++) {
		struct http_response r;
		json_t *x = harness_call(&ca, "GET", path, NULL, 0, NULL, &r);
		if (!first)
			first = strdup(r.body);
		else
			ck_assert_str_eq(first, r.body);
		json_decref(x);
		http_response_free(&r);
	}
	free(first);
	/* manual exclusion, then lifted */
	char body[128];
	snprintf(body, sizeof body, "{\"steungezin\":%lld,\"reden\":\"Kennen elkaar van school\"}", (long long)near);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/uitsluitingen", (long long)v);
	ck_assert_int_eq(call(&ca, "POST", path, body, &j, NULL), 201);
	int64_t uid = json_integer_value(json_object_get(json_array_get(json_object_get(j, "uitsluitingen"), 0), "id"));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/suggesties?programma=1&uitgeslotenTonen=true", (long long)v);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "kandidaten")), 1);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "uitgesloten")), 2);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/uitsluitingen/%lld", (long long)v, (long long)uid);
	ck_assert_int_eq(call(&ca, "DELETE", path, NULL, NULL, NULL), 204);
	/* a pair that stopped is excluded for good */
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":1}", (long long)v, (long long)near);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/koppelingen", body, &j, NULL), 201);
	int64_t kid = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/faseovergangen", (long long)kid);
	char im[96];
	ck_assert_int_eq(call(&ca, "POST", path, "{\"naar\":\"gestopt\",\"reden\":\"geen-klik\"}", NULL,
			      harness_koppeling_if_match(&ca, path, im, sizeof im)), 201);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/suggesties?uitgeslotenTonen=true", (long long)v);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	bool found = false;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(j, "uitgesloten"), i, e) if (json_integer_value(json_object_get(json_object_get(e, "gezin"), "id")) == near)
		found = strstr(json_string_value(json_array_get(json_object_get(e, "redenen"), 0)), "gestopt") != NULL;
	ck_assert(found);
	json_decref(j);
	/* another werkgebied's coordinator cannot ask */
	ck_assert_int_eq(call(&cb, "GET", path, NULL, NULL, NULL), 404);
	ck_assert_int_ge(harness_sql_int("SELECT count(*) FROM audit_log WHERE object_soort = 'suggesties'"), 4);
}
END_TEST

START_TEST(match_round)
{
	int64_t v1 = gezin(&ca, "Gezin Een", "AMS", "1015 AB", true, "wachtend");
	gezin(&ca, "Gezin Twee", "AMS", "1102 AB", true, "wachtend");
	gezin(&ca, "Gezin Drie", "AMS", "1015 AC", true, "intake"); /* not waiting: not in the round */
	gezin(&ca, "Steun Een", "AMS", "1015 CD", false, "beschikbaar");
	gezin(&ca, "Steun Twee", "AMS", "1102 CD", false, "beschikbaar");
	json_t *j;
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/matchrondes", "{\"werkgebied\":\"ZST\",\"programma\":1}", NULL, NULL), 400);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/matchrondes", "{\"werkgebied\":\"AMS\",\"programma\":1}", &j, NULL), 201);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "vraaggezinnen")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "steungezinnen")), 2);
	ck_assert_int_ge(json_integer_value(json_object_get(j, "totaalOptimaal")), json_integer_value(json_object_get(j, "totaalGreedy")));
	json_t *vs = json_object_get(j, "voorstellen");
	ck_assert_uint_eq(json_array_size(vs), 2);
	int64_t ronde = json_integer_value(json_object_get(j, "id"));
	int64_t accept = 0, reject = 0;
	size_t i;
	json_t *e;
	json_array_foreach(vs, i, e)
	{
		ck_assert_str_eq(json_string_value(json_object_get(e, "status")), "open");
		if (json_integer_value(json_object_get(json_object_get(e, "vraaggezin"), "id")) == v1)
			accept = json_integer_value(json_object_get(e, "id"));
		else
			reject = json_integer_value(json_object_get(e, "id"));
	}
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM koppelingen"), 0); /* nothing linked by itself */
	char path[128];
	snprintf(path, sizeof path, "/api/v1/matchrondes/%lld/voorstellen/%lld/besluit", (long long)ronde, (long long)accept);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"besluit\":\"accepteren\"}", &j, NULL), 200);
	json_decref(j);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"besluit\":\"afwijzen\"}", NULL, NULL), 409);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM koppelingen WHERE fase = 'voorstel'"), 1);
	snprintf(path, sizeof path, "/api/v1/matchrondes/%lld/voorstellen/%lld/besluit", (long long)ronde, (long long)reject);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"besluit\":\"afwijzen\"}", &j, NULL), 200);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/matchrondes/%lld", (long long)ronde);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	json_array_foreach(json_object_get(j, "voorstellen"), i, e) ck_assert_str_ne(json_string_value(json_object_get(e, "status")), "open");
	json_decref(j);
	ck_assert_int_eq(call(&cb, "GET", path, NULL, NULL, NULL), 404);
}
END_TEST

START_TEST(programme_weights)
{
	json_t *j;
	ck_assert_int_eq(call(&beheer, "GET", "/api/v1/programmas/3", NULL, &j, NULL), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "gewichten"), "ervaring")), 30); /* estafette */
	json_decref(j);
	ck_assert_int_eq(call(&beheer, "PATCH", "/api/v1/programmas/1", "{\"gewichten\":{\"afstand\":0},\"wachttijdPrioriteit\":25}", &j,
			      "If-Match: \"1\"\r\n"),
			 200);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "gewichten"), "afstand")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "gewichten"), "steunvormen")), 20);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "wachttijdPrioriteit")), 25);
	json_decref(j);
	ck_assert_int_eq(call(&beheer, "PATCH", "/api/v1/programmas/1", "{\"gewichten\":{\"afstand\":101}}", NULL, "If-Match: \"2\"\r\n"), 400);
	ck_assert_int_eq(call(&beheer, "PATCH", "/api/v1/programmas/1", "{\"gewichten\":{\"schoenmaat\":1}}", NULL, "If-Match: \"2\"\r\n"), 400);
}
END_TEST

static void prepare(void)
{
	harness_prepare_hash();
}

int main(void)
{
	Suite *s = suite_create("matching_api");
	TCase *tc = tcase_create("matching_api");
	tcase_add_unchecked_fixture(tc, prepare, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, suggestions_ranked_and_explained);
	tcase_add_test(tc, match_round);
	tcase_add_test(tc, programme_weights);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
