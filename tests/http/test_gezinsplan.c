/*
 * test_gezinsplan.c - the gezinsplan of a vraaggezin over HTTP: write the
 * first plan, change it with If-Match (428 without, 412 on a stale
 * version), record an evaluation; every version is kept, listed and
 * readable on its own, and the database refuses to change or delete one;
 * bad input names the field; another werkgebied's gezin answers 404 on
 * every route; reads and writes are audited; the inzage holds the plan and
 * anonymisation removes its words but keeps the scores.
 */
#include <check.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct hs_session ca, cb, beh;

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_werkgebied("ZST");
	harness_user("coord-a", "coordinator", "AMS", 1);
	harness_user("coord-b", "coordinator", "ZST", 1);
	harness_user("beheer", "beheerder", NULL, 1);
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	ck_assert_int_eq(harness_login("coord-b", HS_PASSWORD, &cb), 201);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &beh), 201);
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

/* A gezin with role rol in werkgebied wg; returns its id. */
static int64_t gezin(struct hs_session *s, const char *wg, const char *rol)
{
	char body[1200];
	snprintf(body, sizeof body,
		 "{\"naam\":\"Gezin Plan\",\"rol\":\"%s\",\"werkgebied\":\"%s\","
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Sanne\"}],%s"
		 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Sanne\"}]}",
		 rol, wg,
		 strcmp(rol, "vraaggezin") == 0 ? "\"vraag\":{\"tekst\":\"Even lucht\"}," : "\"aanbod\":{\"capaciteit\":1},");
	json_t *j;
	int st = call(s, "POST", "/api/v1/gezinnen", body, &j, NULL);
	ck_assert_msg(st == 201, "gezin: %d %s", st, j ? json_dumps(j, 0) : "");
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

static void pad(char *buf, size_t len, int64_t g, const char *rest)
{
	snprintf(buf, len, "/api/v1/gezinnen/%lld/gezinsplan%s", (long long)g, rest ? rest : "");
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

#define PLAN                                                                                                           \
	"{\"opgesteldOp\":\"2026-11-02\",\"aanwezig\":[\"Sanne\",\"oma Ria\",\"Jeugdteam Leiden\"],"                       \
	"\"afspraken\":\"We bellen elke dinsdag.\",\"notitie\":\"Intern: zorgen over slaap\",\"doelen\":["                 \
	"{\"doel\":\"Ik wil 's ochtends rust in huis\",\"eigenaar\":{\"soort\":\"gezin\",\"naam\":\"Sanne\"},"            \
	"\"domein\":\"opvoeding\",\"startScore\":3},"                                                                      \
	"{\"doel\":\"Oma Ria haalt op woensdag de kinderen\",\"eigenaar\":{\"soort\":\"netwerk\",\"naam\":\"oma Ria\"},"  \
	"\"startScore\":4}]}"

/* The version count and the status of a PUT of PLAN-like body with header hdr. */
static int put(struct hs_session *s, int64_t g, const char *body, const char *hdr, json_t **out)
{
	char p[96];
	pad(p, sizeof p, g, NULL);
	return call(s, "PUT", p, body, out, hdr);
}

/* Runs sql on the test database from another connection; returns the SQLite result code. */
static int sql_rc(const char *sql)
{
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(hs_db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	int rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc;
}

START_TEST(write_change_evaluate_keeps_versions)
{
	int64_t g = gezin(&ca, "AMS", "vraaggezin");
	char p[96];
	json_t *j;
	struct http_response r;
	/* before the first plan: no plan, version 0 */
	pad(p, sizeof p, g, NULL);
	j = harness_call(&ca, "GET", p, NULL, 1, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	char etag[32];
	ck_assert_ptr_nonnull(http_header(&r, "ETag", etag, sizeof etag));
	ck_assert_str_eq(etag, "\"0\"");
	http_response_free(&r);
	ck_assert(json_is_null(json_object_get(j, "plan")));
	ck_assert_uint_eq(json_array_size(json_object_get(j, "versies")), 0);
	json_decref(j);

	/* the first plan: 201, version 1, goals numbered */
	ck_assert_int_eq(put(&ca, g, PLAN, NULL, &j), 201);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "versie")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(j, "soort")), "opgesteld");
	ck_assert_str_eq(json_string_value(json_object_get(j, "door")), "coord-a");
	json_t *doelen = json_object_get(json_object_get(j, "plan"), "doelen");
	ck_assert_uint_eq(json_array_size(doelen), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(doelen, 1), "id")), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(json_array_get(doelen, 1), "eigenaar"), "naam")),
			 "oma Ria");
	json_decref(j);

	/* a second write without If-Match: 428; with a stale one: 412; neither stores anything */
	const char *gewijzigd =
		"{\"opgesteldOp\":\"2026-11-02\",\"aanwezig\":[\"Sanne\"],\"doelen\":["
		"{\"id\":1,\"doel\":\"Ik wil 's ochtends rust in huis\",\"eigenaar\":{\"soort\":\"gezin\",\"naam\":\"Sanne\"},"
		"\"startScore\":3},{\"doel\":\"Een vaste avond voor mezelf\",\"eigenaar\":{\"soort\":\"partner\","
		"\"naam\":\"Jeugdteam Leiden\"},\"startScore\":2}]}";
	ck_assert_int_eq(put(&ca, g, gewijzigd, NULL, NULL), 428);
	ck_assert_int_eq(put(&ca, g, gewijzigd, "If-Match: \"7\"\r\n", NULL), 412);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gezinsplan_versies"), 1);
	/* the change: goal 2 removed, a new goal gets id 3 */
	ck_assert_int_eq(put(&ca, g, gewijzigd, "If-Match: \"1\"\r\n", &j), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "versie")), 2);
	ck_assert_str_eq(json_string_value(json_object_get(j, "soort")), "gewijzigd");
	doelen = json_object_get(json_object_get(j, "plan"), "doelen");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(doelen, 1), "id")), 3);
	json_decref(j);
	/* the page that still shows version 1 gets 412 */
	ck_assert_int_eq(put(&ca, g, PLAN, "If-Match: \"1\"\r\n", &j), 412);
	json_decref(j);

	/* an evaluation: new latest scores as version 3 */
	pad(p, sizeof p, g, "/evaluaties");
	const char *eval = "{\"datum\":\"2026-12-01\",\"scores\":[{\"doel\":1,\"score\":6},{\"doel\":3,\"score\":2}]}";
	ck_assert_int_eq(call(&ca, "POST", p, eval, NULL, NULL), 428);
	ck_assert_int_eq(call(&ca, "POST", p, eval, NULL, "If-Match: \"1\"\r\n"), 412);
	ck_assert_int_eq(call(&ca, "POST", p, eval, &j, "If-Match: \"2\"\r\n"), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "versie")), 3);
	ck_assert_str_eq(json_string_value(json_object_get(j, "soort")), "evaluatie");
	json_t *d0 = json_array_get(json_object_get(json_object_get(j, "plan"), "doelen"), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(d0, "laatsteScore")), 6);
	ck_assert_str_eq(json_string_value(json_object_get(d0, "laatsteScoreOp")), "2026-12-01");
	json_t *v = json_object_get(j, "voortgang");
	ck_assert_int_eq(json_integer_value(json_object_get(v, "vooruit")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(v, "gelijk")), 1);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "versies")), 3);
	json_decref(j);

	/* the versions: who and when; each one readable as it was */
	pad(p, sizeof p, g, "/versies");
	ck_assert_int_eq(call(&ca, "GET", p, NULL, &j, NULL), 200);
	json_t *vs = json_object_get(j, "versies");
	ck_assert_uint_eq(json_array_size(vs), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(vs, 0), "versie")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(vs, 2), "soort")), "evaluatie");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(vs, 0), "door")), "coord-a");
	ck_assert_ptr_nonnull(json_string_value(json_object_get(json_array_get(vs, 0), "vastgelegdOp")));
	json_decref(j);
	pad(p, sizeof p, g, "/versies/1");
	ck_assert_int_eq(call(&ca, "GET", p, NULL, &j, NULL), 200);
	doelen = json_object_get(json_object_get(j, "plan"), "doelen");
	ck_assert_uint_eq(json_array_size(doelen), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(doelen, 1), "doel")),
			 "Oma Ria haalt op woensdag de kinderen");
	ck_assert(json_is_null(json_object_get(json_array_get(doelen, 0), "laatsteScore")));
	json_decref(j);
	pad(p, sizeof p, g, "/versies/4");
	ck_assert_int_eq(call(&ca, "GET", p, NULL, NULL, NULL), 404);
	/* the current plan carries ETag 3 */
	pad(p, sizeof p, g, NULL);
	j = harness_call(&ca, "GET", p, NULL, 1, NULL, &r);
	ck_assert_str_eq(http_header(&r, "ETag", etag, sizeof etag), "\"3\"");
	http_response_free(&r);
	json_decref(j);

	/* the database refuses to change or delete a version */
	ck_assert_int_ne(sql_rc("UPDATE gezinsplan_versies SET plan = '{}' WHERE versie = 1"), SQLITE_OK);
	ck_assert_int_ne(sql_rc("UPDATE gezinsplan_versies SET tijd = '2020-01-01T00:00:00Z' WHERE versie = 1"), SQLITE_OK);
	ck_assert_int_ne(sql_rc("DELETE FROM gezinsplan_versies"), SQLITE_OK);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gezinsplan_versies"), 3);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gezinsplan_versies WHERE versie = 1 AND "
					 "plan LIKE '%Oma Ria haalt op%'"),
			 1);
	/* no DELETE route */
	ck_assert_int_eq(call(&ca, "DELETE", p, NULL, NULL, NULL), 405);

	/* reads and writes are audited, naming the gezin */
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE object_soort = 'gezinsplan' AND "
					 "actie = 'aanmaken'"),
			 1);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE object_soort = 'gezinsplan' AND "
					 "actie = 'wijzigen'"),
			 2);
	ck_assert_int_ge(harness_sql_int("SELECT count(*) FROM audit_log WHERE object_soort = 'gezinsplan' AND "
					 "actie = 'lezen'"),
			 4);
}
END_TEST

START_TEST(bad_input_names_the_field)
{
	int64_t g = gezin(&ca, "AMS", "vraaggezin");
	json_t *j;
	/* a score out of range in the fourth goal, an unknown member, an owner kind not on the list */
	ck_assert_int_eq(put(&ca, g,
			     "{\"opgesteldOp\":\"2026-11-02\",\"geheim\":1,\"doelen\":["
			     "{\"doel\":\"a\",\"eigenaar\":{\"soort\":\"gezin\",\"naam\":\"x\"},\"startScore\":3},"
			     "{\"doel\":\"b\",\"eigenaar\":{\"soort\":\"gezin\",\"naam\":\"x\"},\"startScore\":3},"
			     "{\"doel\":\"c\",\"eigenaar\":{\"soort\":\"buurman\",\"naam\":\"x\"},\"startScore\":3},"
			     "{\"doel\":\"d\",\"eigenaar\":{\"soort\":\"gezin\",\"naam\":\"x\"},\"startScore\":11}]}",
			     NULL, &j),
			 400);
	ck_assert(names(j, "/doelen/3/startScore"));
	ck_assert(names(j, "/doelen/2/eigenaar/soort"));
	ck_assert(names(j, "/geheim"));
	ck_assert(!names(j, "/doelen/0/startScore"));
	json_decref(j);
	/* more than 30 goals */
	char body[6000] = "{\"opgesteldOp\":\"2026-11-02\",\"doelen\":[";
	for (int i = 0; i < 31; i++)
		strcat(body, i ? ",{\"doel\":\"d\",\"eigenaar\":{\"soort\":\"gezin\",\"naam\":\"x\"},\"startScore\":2}"
			       : "{\"doel\":\"d\",\"eigenaar\":{\"soort\":\"gezin\",\"naam\":\"x\"},\"startScore\":2}");
	strcat(body, "]}");
	ck_assert_int_eq(put(&ca, g, body, NULL, &j), 400);
	ck_assert(names(j, "/doelen"));
	json_decref(j);
	/* a rule beyond the shape: a latest score without its date, a goal id that is not in the plan */
	ck_assert_int_eq(put(&ca, g,
			     "{\"opgesteldOp\":\"2026-11-02\",\"doelen\":[{\"id\":4,\"doel\":\"a\",\"eigenaar\":{\"soort\":"
			     "\"gezin\",\"naam\":\"x\"},\"startScore\":3,\"laatsteScore\":5}]}",
			     NULL, &j),
			 400);
	ck_assert(names(j, "/doelen/0/laatsteScoreOp"));
	ck_assert(names(j, "/doelen/0/id"));
	json_decref(j);
	/* an evaluation before there is a plan */
	char p[96];
	pad(p, sizeof p, g, "/evaluaties");
	ck_assert_int_eq(call(&ca, "POST", p, "{\"datum\":\"2026-12-01\",\"scores\":[{\"doel\":1,\"score\":6}]}", NULL, NULL),
			 409);
	/* with a plan: a score of 0 and an unknown goal */
	ck_assert_int_eq(put(&ca, g, PLAN, NULL, NULL), 201);
	ck_assert_int_eq(call(&ca, "POST", p, "{\"datum\":\"2026-12-01\",\"scores\":[{\"doel\":1,\"score\":0}]}", &j,
			      "If-Match: \"1\"\r\n"),
			 400);
	ck_assert(names(j, "/scores/0/score"));
	json_decref(j);
	ck_assert_int_eq(call(&ca, "POST", p, "{\"datum\":\"2026-12-01\",\"scores\":[{\"doel\":2,\"score\":5},{\"doel\":9,"
					      "\"score\":5}]}",
			      &j, "If-Match: \"1\"\r\n"),
			 400);
	ck_assert(names(j, "/scores/1/doel"));
	json_decref(j);
	/* nothing was half-saved */
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gezinsplan_versies"), 1);
}
END_TEST

START_TEST(another_werkgebied_gets_404_on_every_route)
{
	int64_t gb = gezin(&cb, "ZST", "vraaggezin");
	ck_assert_int_eq(put(&cb, gb, PLAN, NULL, NULL), 201);
	int64_t steun = gezin(&ca, "AMS", "steungezin");
	char p[96];
	json_t *j, *k;
	/* the detail of an id that does not exist */
	pad(p, sizeof p, 987654, NULL);
	ck_assert_int_eq(call(&ca, "GET", p, NULL, &k, NULL), 404);
	const char *rest[] = { NULL, "/versies", "/versies/1" };
	for (size_t i = 0; i < 3; i++) {
		pad(p, sizeof p, gb, rest[i]);
		ck_assert_int_eq(call(&ca, "GET", p, NULL, &j, NULL), 404);
		ck_assert_str_eq(json_string_value(json_object_get(j, "detail")),
				 json_string_value(json_object_get(k, "detail")));
		json_decref(j);
	}
	ck_assert_int_eq(put(&ca, gb, PLAN, "If-Match: \"1\"\r\n", &j), 404);
	ck_assert_str_eq(json_string_value(json_object_get(j, "detail")), json_string_value(json_object_get(k, "detail")));
	json_decref(j);
	pad(p, sizeof p, gb, "/evaluaties");
	ck_assert_int_eq(call(&ca, "POST", p, "{\"datum\":\"2026-12-01\",\"scores\":[{\"doel\":1,\"score\":6}]}", &j,
			      "If-Match: \"1\"\r\n"),
			 404);
	ck_assert_str_eq(json_string_value(json_object_get(j, "detail")), json_string_value(json_object_get(k, "detail")));
	json_decref(j);
	json_decref(k);
	/* B's plan is untouched; a supporting gezin has no plan */
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gezinsplan_versies"), 1);
	pad(p, sizeof p, steun, NULL);
	ck_assert_int_eq(call(&ca, "GET", p, NULL, NULL, NULL), 404);
	ck_assert_int_eq(put(&ca, steun, PLAN, NULL, NULL), 404);
	/* B itself and the beheerder see it */
	pad(p, sizeof p, gb, NULL);
	ck_assert_int_eq(call(&cb, "GET", p, NULL, NULL, NULL), 200);
	ck_assert_int_eq(call(&beh, "GET", p, NULL, NULL, NULL), 200);
}
END_TEST

START_TEST(inzage_holds_the_plan_and_anonymisation_wipes_its_words)
{
	int64_t g = gezin(&ca, "AMS", "vraaggezin");
	ck_assert_int_eq(put(&ca, g, PLAN, NULL, NULL), 201);
	char p[96];
	pad(p, sizeof p, g, "/evaluaties");
	ck_assert_int_eq(call(&ca, "POST", p, "{\"datum\":\"2026-12-01\",\"scores\":[{\"doel\":2,\"score\":8}]}", NULL,
			      "If-Match: \"1\"\r\n"),
			 200);
	/* the inzage: every version, with the family's words and the reads of the plan */
	pad(p, sizeof p, g, NULL);
	ck_assert_int_eq(call(&ca, "GET", p, NULL, NULL, NULL), 200);
	snprintf(p, sizeof p, "/api/v1/gezinnen/%lld/inzage", (long long)g);
	json_t *j;
	ck_assert_int_eq(call(&ca, "GET", p, NULL, &j, NULL), 200);
	json_t *gp = json_object_get(j, "gezinsplan");
	ck_assert_uint_eq(json_array_size(gp), 2);
	json_t *laatste = json_object_get(json_array_get(gp, 1), "plan");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(laatste, "doelen"), 0), "doel")),
			 "Ik wil 's ochtends rust in huis");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(json_object_get(laatste, "doelen"), 1),
							     "laatsteScore")),
			 8);
	bool gelezen = false;
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(j, "gelezenEnGewijzigd"), i, a)
	{
		const char *o = json_string_value(json_object_get(a, "onderdeel"));
		if (o && strcmp(o, "gezinsplan") == 0 && strcmp(json_string_value(json_object_get(a, "actie")), "lezen") == 0)
			gelezen = true;
	}
	ck_assert(gelezen);
	json_decref(j);

	/* anonymisation: the words go from every version, the scores and dates stay */
	char q[160];
	snprintf(q, sizeof q, "UPDATE gezinnen SET status = 'gestopt' WHERE id = %lld", (long long)g);
	harness_sql(q);
	snprintf(p, sizeof p, "/api/v1/gezinnen/%lld/anonimisering", (long long)g);
	ck_assert_int_eq(call(&beh, "POST", p, "{\"reden\":\"Bewaartermijn voorbij\"}", NULL, "If-Match: *\r\n"), 200);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gezinsplan_versies WHERE plan LIKE '%rust in huis%' OR "
					 "plan LIKE '%oma Ria%' OR plan LIKE '%Sanne%' OR plan LIKE '%dinsdag%' OR "
					 "plan LIKE '%slaap%' OR plan LIKE '%Jeugdteam%'"),
			 0);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gezinsplan_versies"), 2);
	ck_assert_int_eq(harness_sql_int("SELECT json_extract(plan, '$.doelen[1].laatsteScore') FROM gezinsplan_versies "
					 "WHERE versie = 2"),
			 8);
	ck_assert_int_eq(harness_sql_int("SELECT json_extract(plan, '$.doelen[0].startScore') FROM gezinsplan_versies "
					 "WHERE versie = 1"),
			 3);
	/* and no new words are accepted */
	json_t *k;
	ck_assert_int_eq(put(&ca, g, PLAN, "If-Match: \"2\"\r\n", &k), 409);
	json_decref(k);
	/* still the triggers refuse a change once the gezin is anonymised, except of plan */
	ck_assert_int_ne(sql_rc("UPDATE gezinsplan_versies SET gebruikersnaam = 'x'"), SQLITE_OK);
	ck_assert_int_ne(sql_rc("DELETE FROM gezinsplan_versies"), SQLITE_OK);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gezinsplan");
	TCase *tc = tcase_create("gezinsplan");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, write_change_evaluate_keeps_versions);
	tcase_add_test(tc, bad_input_names_the_field);
	tcase_add_test(tc, another_werkgebied_gets_404_on_every_route);
	tcase_add_test(tc, inzage_holds_the_plan_and_anonymisation_wipes_its_words);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
