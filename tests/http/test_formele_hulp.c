/*
 * test_formele_hulp.c - the formal help of a gezin as a list with history:
 * add, read, change and end items; every change keeps the earlier values;
 * nothing is ever deleted; bad input names the field; another werkgebied's
 * ids answer like ids that do not exist; reads and writes are audited; the
 * single value of older clients (vraag.formeleHulp) becomes an item; the
 * lists are served at /keuzelijsten; the inzage holds the list.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "harness.h"
#include "util.h"

static struct hs_session ca, cb;

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_werkgebied("ZST");
	harness_user("coord-a", "coordinator", "AMS", 1);
	harness_user("coord-b", "coordinator", "ZST", 1);
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	ck_assert_int_eq(harness_login("coord-b", HS_PASSWORD, &cb), 201);
}

static void teardown(void)
{
	harness_stop();
}

/* A request as s with an optional extra header; returns the status, *out the body (may be NULL). */
static int call(struct hs_session *s, const char *method, const char *path, const char *body, json_t **out,
		const char *hdr)
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

/* A vraaggezin in werkgebied wg, optionally with the old single formal-help value; returns its id. */
static int64_t vraaggezin(struct hs_session *s, const char *wg, const char *oude_hulp)
{
	char body[1400];
	snprintf(body, sizeof body,
		 "{\"naam\":\"Gezin Hulp\",\"rol\":\"vraaggezin\",\"werkgebied\":\"%s\","
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\"},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Kind\",\"geboortedatum\":\"2019-01-01\"}],"
		 "\"vraag\":{\"tekst\":\"Even lucht\"%s%s},"
		 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]}",
		 wg, oude_hulp ? ",\"formeleHulp\":" : "", oude_hulp ? oude_hulp : "");
	json_t *j;
	ck_assert_int_eq(call(s, "POST", "/api/v1/gezinnen", body, &j, NULL), 201);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

static void path_of(char *buf, size_t len, int64_t gezin, int64_t item)
{
	if (item)
		snprintf(buf, len, "/api/v1/gezinnen/%lld/formele-hulp/%lld", (long long)gezin, (long long)item);
	else
		snprintf(buf, len, "/api/v1/gezinnen/%lld/formele-hulp", (long long)gezin);
}

/* Adds an item; returns its id (asserting 201). */
static int64_t add(struct hs_session *s, int64_t gezin, const char *body)
{
	char path[96];
	path_of(path, sizeof path, gezin, 0);
	json_t *j;
	int st = call(s, "POST", path, body, &j, NULL);
	ck_assert_msg(st == 201, "add: %d %s", st, j ? json_dumps(j, 0) : "");
	int64_t id = json_integer_value(json_object_get(j, "id"));
	ck_assert_int_eq(json_integer_value(json_object_get(j, "versie")), 1);
	json_decref(j);
	return id;
}

/* The list of gezin as s (asserting 200). */
static json_t *list(struct hs_session *s, int64_t gezin)
{
	char path[96];
	path_of(path, sizeof path, gezin, 0);
	json_t *j;
	ck_assert_int_eq(call(s, "GET", path, NULL, &j, NULL), 200);
	json_t *arr = json_incref(json_object_get(j, "formeleHulp"));
	json_decref(j);
	ck_assert_ptr_nonnull(arr);
	return arr;
}

/* PATCHes an item with If-Match of version versie; returns the status. */
static int patch(struct hs_session *s, int64_t gezin, int64_t item, int64_t versie, const char *body, json_t **out)
{
	char path[96], hdr[64];
	path_of(path, sizeof path, gezin, item);
	snprintf(hdr, sizeof hdr, "If-Match: \"%lld\"\r\n", (long long)versie);
	return call(s, "PATCH", path, body, out, hdr);
}

/* True when the problem j names pointer in its invalidParams. */
static bool names(const json_t *j, const char *pointer)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(j, "invalidParams"), i, p)
	{
		const char *n = json_string_value(json_object_get(p, "name"));
		if (n && strcmp(n, pointer) == 0)
			return true;
	}
	return false;
}

START_TEST(list_add_change_end_keeps_history)
{
	int64_t g = vraaggezin(&ca, "AMS", NULL);
	json_t *arr = list(&ca, g);
	ck_assert_uint_eq(json_array_size(arr), 0);
	json_decref(arr);
	int64_t a = add(&ca, g, "{\"soort\":\"jeugdhulp-ambulant\",\"kader\":\"vrijwillig\",\"omvang\":\"2 uur per week\","
			       "\"contact\":\"Jeugdhulp Noord, Sanne\",\"van\":\"2025-09-01\"}");
	int64_t b = add(&ca, g, "{\"soort\":\"jeugdbescherming-ondertoezichtstelling\",\"kader\":\"gedwongen\","
			       "\"van\":\"2025-06-01\"}");
	arr = list(&ca, g);
	ck_assert_uint_eq(json_array_size(arr), 2);
	/* oldest first */
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(arr, 0), "id")), b);
	json_t *ia = json_array_get(arr, 1);
	ck_assert_str_eq(json_string_value(json_object_get(ia, "omvang")), "2 uur per week");
	ck_assert(json_is_true(json_object_get(ia, "lopend")));
	ck_assert(json_is_null(json_object_get(ia, "tot")));
	json_decref(arr);

	/* a change keeps the old values in geschiedenis */
	json_t *j;
	ck_assert_int_eq(patch(&ca, g, a, 1, "{\"omvang\":\"4 uur per week\",\"contact\":null}", &j), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "versie")), 2);
	ck_assert_str_eq(json_string_value(json_object_get(j, "omvang")), "4 uur per week");
	ck_assert(json_is_null(json_object_get(j, "contact")));
	json_t *h = json_object_get(j, "geschiedenis");
	ck_assert_uint_eq(json_array_size(h), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(h, 0), "omvang")), "2 uur per week");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(h, 0), "contact")), "Jeugdhulp Noord, Sanne");
	json_decref(j);

	/* a stale version is refused and changes nothing */
	ck_assert_int_eq(patch(&ca, g, a, 1, "{\"omvang\":\"1 uur\"}", NULL), 412);
	/* no If-Match */
	char path[96];
	path_of(path, sizeof path, g, a);
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"omvang\":\"1 uur\"}", NULL, NULL), 428);

	/* ending it: tot; the item stays, with both earlier versions */
	ck_assert_int_eq(patch(&ca, g, a, 2, "{\"tot\":\"2026-01-31\"}", &j), 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "tot")), "2026-01-31");
	ck_assert_uint_eq(json_array_size(json_object_get(j, "geschiedenis")), 2);
	json_decref(j);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	ck_assert(json_is_false(json_object_get(j, "lopend")));
	json_decref(j);
	arr = list(&ca, g);
	ck_assert_uint_eq(json_array_size(arr), 2);
	json_decref(arr);

	/* there is no DELETE (and the database refuses one: trigger formele_hulp_niet_weg) */
	ck_assert_int_eq(call(&ca, "DELETE", path, NULL, NULL, NULL), 405);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM formele_hulp"), 2);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM formele_hulp_historie"), 2);
	/* reads and writes are audited */
	ck_assert_int_ge(harness_sql_int("SELECT count(*) FROM audit_log WHERE object_soort = 'formele-hulp' "
					 "AND actie = 'wijzigen'"),
			 2);
	ck_assert_int_ge(harness_sql_int("SELECT count(*) FROM audit_log WHERE object_soort = 'formele-hulp' "
					 "AND actie = 'lezen'"),
			 1);
}
END_TEST

START_TEST(bad_input_names_the_field)
{
	int64_t g = vraaggezin(&ca, "AMS", NULL);
	char path[96];
	path_of(path, sizeof path, g, 0);
	json_t *j;
	ck_assert_int_eq(call(&ca, "POST", path,
			      "{\"soort\":\"diagnose-adhd\",\"kader\":\"soms\",\"van\":\"2025-13-01\",\"omvang\":12}", &j, NULL),
			 400);
	ck_assert(names(j, "/soort"));
	ck_assert(names(j, "/kader"));
	ck_assert(names(j, "/van"));
	ck_assert(names(j, "/omvang"));
	json_decref(j);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"soort\":\"ggz\",\"kader\":\"vrijwillig\"}", &j, NULL), 400);
	ck_assert(names(j, "/van"));
	json_decref(j);
	/* an end before the start */
	ck_assert_int_eq(call(&ca, "POST", path, "{\"soort\":\"ggz\",\"kader\":\"vrijwillig\",\"van\":\"2026-02-01\","
						"\"tot\":\"2026-01-01\"}",
			      &j, NULL),
			 400);
	ck_assert(names(j, "/tot"));
	json_decref(j);
	/* no diagnosis field, nor any other unknown member */
	ck_assert_int_eq(call(&ca, "POST", path, "{\"soort\":\"ggz\",\"kader\":\"vrijwillig\",\"van\":\"2026-02-01\","
						"\"diagnose\":\"x\"}",
			      &j, NULL),
			 400);
	ck_assert(names(j, "/diagnose"));
	json_decref(j);
	int64_t a = add(&ca, g, "{\"soort\":\"ggz\",\"kader\":\"vrijwillig\",\"van\":\"2026-02-01\"}");
	ck_assert_int_eq(patch(&ca, g, a, 1, "{\"tot\":\"2026-01-01\"}", &j), 400);
	ck_assert(names(j, "/tot"));
	json_decref(j);
	ck_assert_int_eq(patch(&ca, g, a, 1, "{\"van\":null}", &j), 400);
	ck_assert(names(j, "/van"));
	json_decref(j);
	/* nothing was half-saved */
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM formele_hulp"), 1);
	ck_assert_int_eq(harness_sql_int("SELECT versie FROM formele_hulp"), 1);
}
END_TEST

START_TEST(another_werkgebied_sees_nothing)
{
	int64_t ga = vraaggezin(&ca, "AMS", NULL), gb = vraaggezin(&cb, "ZST", NULL);
	int64_t hb = add(&cb, gb, "{\"soort\":\"wijkteam\",\"kader\":\"vrijwillig\",\"van\":\"2026-01-02\"}");
	int64_t ha = add(&ca, ga, "{\"soort\":\"wijkteam\",\"kader\":\"vrijwillig\",\"van\":\"2026-01-02\"}");
	char path[96];
	json_t *j, *k;
	/* B's gezin, B's item, B's item under A's own gezin, A's item under B's gezin: all as unknown ids */
	path_of(path, sizeof path, 987654, 0);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &k, NULL), 404);
	path_of(path, sizeof path, gb, 0);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 404);
	ck_assert_str_eq(json_string_value(json_object_get(j, "detail")), json_string_value(json_object_get(k, "detail")));
	json_decref(j);
	json_decref(k);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"soort\":\"ggz\",\"kader\":\"vrijwillig\",\"van\":\"2026-01-02\"}", NULL,
			      NULL),
			 404);
	path_of(path, sizeof path, gb, hb);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, NULL, NULL), 404);
	ck_assert_int_eq(patch(&ca, gb, hb, 1, "{\"tot\":\"2026-02-01\"}", NULL), 404);
	ck_assert_int_eq(patch(&ca, ga, hb, 1, "{\"tot\":\"2026-02-01\"}", NULL), 404);
	path_of(path, sizeof path, ga, hb);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, NULL, NULL), 404);
	ck_assert_int_eq(patch(&cb, gb, ha, 1, "{\"tot\":\"2026-02-01\"}", NULL), 404);
	/* nothing changed */
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM formele_hulp WHERE tot IS NOT NULL"), 0);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM formele_hulp"), 2);
}
END_TEST

START_TEST(old_single_value_becomes_an_item)
{
	int64_t g = vraaggezin(&ca, "AMS", "{\"soort\":\"gedwongen\",\"tekst\":\"OTS sinds vorig jaar\"}");
	json_t *arr = list(&ca, g);
	ck_assert_uint_eq(json_array_size(arr), 1);
	json_t *i = json_array_get(arr, 0);
	ck_assert_str_eq(json_string_value(json_object_get(i, "soort")), "overig");
	ck_assert_str_eq(json_string_value(json_object_get(i, "kader")), "gedwongen");
	ck_assert_str_eq(json_string_value(json_object_get(i, "toelichting")), "OTS sinds vorig jaar");
	json_decref(arr);
	/* the gezin no longer holds or shows the single value; "geen" adds nothing */
	char path[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)g);
	json_t *j;
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	ck_assert_ptr_null(json_object_get(json_object_get(j, "vraag"), "formeleHulp"));
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gezinnen WHERE profiel LIKE '%formeleHulp%'"), 0);
	int64_t g2 = vraaggezin(&ca, "AMS", "{\"soort\":\"geen\"}");
	arr = list(&ca, g2);
	ck_assert_uint_eq(json_array_size(arr), 0);
	json_decref(arr);
}
END_TEST

START_TEST(keuzelijsten_and_inzage)
{
	json_t *j;
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/keuzelijsten", NULL, &j, NULL), 200);
	json_t *s = json_object_get(j, "formeleHulpSoorten");
	ck_assert_uint_eq(json_array_size(s), 12);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(s, 0), "code")), "wijkteam");
	ck_assert_uint_eq(json_array_size(json_object_get(j, "formeleHulpKaders")), 2);
	json_decref(j);
	int64_t g = vraaggezin(&ca, "AMS", NULL);
	add(&ca, g, "{\"soort\":\"schuldhulpverlening\",\"kader\":\"vrijwillig\",\"van\":\"2026-01-02\"}");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/inzage", (long long)g);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	json_t *fh = json_object_get(j, "formeleHulp");
	ck_assert_uint_eq(json_array_size(fh), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(fh, 0), "soort")), "schuldhulpverlening");
	json_decref(j);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("formele_hulp");
	TCase *tc = tcase_create("api");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, list_add_change_end_keeps_history);
	tcase_add_test(tc, bad_input_names_the_field);
	tcase_add_test(tc, another_werkgebied_sees_nothing);
	tcase_add_test(tc, old_single_value_becomes_an_item);
	tcase_add_test(tc, keuzelijsten_and_inzage);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
