/*
 * test_overzichten_scope.c - the caseload overview's evaluation counts
 * (teLaat, binnen30Dagen) come from each evaluation's copy of its
 * koppeling's scope (schema/0024). Every way that scope can change is made
 * here, through the API or with plain SQL as an operator might, and after
 * each the counts must equal those worked out from the gezinnen themselves:
 * the vraaggezin or the supporter moving to another werkgebied, the
 * coordinator changing, the koppeling's programme changing, and new
 * evaluations planned later. Also the waiting days of a gezin document
 * (GET /gezinnen/{id}), read in the statement of the gezin row itself: until
 * the first 'gekoppeld' of the vraaggezin, until today for one never linked,
 * null for a supporter.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct hs_session co, beh;
static int64_t v_id, s_id, k_id, co_id;

#define DATUM "2026-07-01"

/* Posts a gezin in werkgebied AMS; returns its id. */
static int64_t gezin(const char *naam, bool vraag)
{
	char body[1024];
	snprintf(body, sizeof body,
		 "{\"naam\":\"%s\",\"rol\":\"%s\",\"werkgebied\":\"AMS\",\"adres\":{\"gemeente\":\"Amsterdam\"},"
		 "\"aangemeldOp\":\"2026-01-02\",\"status\":\"%s\",\"statusDatum\":\"2026-01-02\","
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\"%s}],\"%s\":%s,"
		 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"},"
		 "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]}",
		 naam, vraag ? "vraaggezin" : "steungezin", vraag ? "wachtend" : "beschikbaar", vraag ? "" : ",\"vogDatum\":\"2026-06-01\"", vraag ? "vraag" : "aanbod",
		 vraag ? "{\"tekst\":\"Even lucht\"}" : "{\"capaciteit\":1}");
	struct http_response r;
	json_t *j = harness_call(&co, "POST", "/api/v1/gezinnen", body, 1, NULL, &r);
	ck_assert_msg(r.status == 201, "%s: %d", naam, r.status);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	http_response_free(&r);
	return id;
}

/* A phase change of koppeling k through the API. */
static void fase(int64_t k, const char *body)
{
	char path[96], im[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/faseovergangen", (long long)k);
	struct http_response r;
	json_t *j = harness_call(&co, "POST", path, body, 1, harness_koppeling_if_match(&co, path, im, sizeof im), &r);
	ck_assert_msg(r.status == 201, "%s: %d %s", body, r.status, r.body ? r.body : "");
	json_decref(j);
	http_response_free(&r);
}

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_werkgebied("ROT");
	co_id = harness_user("coord-a", "coordinator", "AMS", 1);
	harness_user("beheer", "beheerder", "AMS", 1);
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &co), 201);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &beh), 201);
	v_id = gezin("Gezin Vraag", true);
	s_id = gezin("Steun Aanbod", false);
	char body[160];
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":1,\"datum\":\"2026-01-05\"}",
		 (long long)v_id, (long long)s_id);
	struct http_response r;
	json_t *j = harness_call(&co, "POST", "/api/v1/koppelingen", body, 1, NULL, &r);
	ck_assert_int_eq(r.status, 201);
	k_id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	http_response_free(&r);
	fase(k_id, "{\"naar\":\"kennismaking\",\"datum\":\"2026-01-06\"}");
	fase(k_id, "{\"naar\":\"proefperiode\",\"datum\":\"2026-01-20\"}");
	/* the coordinator is the vraaggezin's responsible coordinator */
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE gezinnen SET coordinator_id = %lld WHERE id = %lld", (long long)co_id, (long long)v_id);
	harness_sql(sql);
}

static void teardown(void)
{
	harness_stop();
}

/* teLaat + 1000 * binnen30Dagen of the overview as s sees it with the query string q (may be empty). */
static int64_t seen(const struct hs_session *s, const char *q)
{
	char path[192];
	snprintf(path, sizeof path, "/api/v1/overzichten/caseload?datum=" DATUM "%s", q);
	struct http_response r;
	json_t *j = harness_call(s, "GET", path, NULL, 1, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	json_t *a = json_object_get(j, "aantallen");
	int64_t n = json_integer_value(json_object_get(a, "teLaat")) + 1000 * json_integer_value(json_object_get(a, "binnen30Dagen"));
	/* the count agrees with the rows shown (fewer than 100 here) */
	ck_assert_int_eq(json_integer_value(json_object_get(a, "teLaat")),
			 (int64_t)json_array_size(json_object_get(json_object_get(j, "evaluaties"), "teLaat")));
	json_decref(j);
	http_response_free(&r);
	return n;
}

/*
 * The same figure worked out from the gezinnen and the koppeling, for a
 * caller in AMS (alles = 0) or everything (alles = 1), with an optional
 * extra condition on k, v (vraaggezin) and s (supporter).
 */
static int64_t truth(int alles, const char *extra)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "SELECT coalesce(sum(e.gepland_op < '" DATUM "') + 1000 * sum(e.gepland_op BETWEEN '" DATUM "' AND "
		 "date('" DATUM "', '+30 days')), 0) FROM evaluaties e JOIN koppelingen k ON k.id = e.koppeling_id "
		 "JOIN gezinnen v ON v.id = k.vraaggezin_id JOIN gezinnen s ON s.id = k.steungezin_id "
		 "WHERE e.gehouden_op IS NULL AND e.vervallen = 0 AND (%d = 1 OR (v.werkgebied_id = "
		 "(SELECT id FROM werkgebieden WHERE code = 'AMS') AND s.werkgebied_id = "
		 "(SELECT id FROM werkgebieden WHERE code = 'AMS'))) AND %s",
		 alles, extra);
	return harness_sql_int(sql);
}

static void check_all(const char *when)
{
	char q[96];
	snprintf(q, sizeof q, "&coordinator=%lld", (long long)co_id);
	char cond[128];
	snprintf(cond, sizeof cond, "v.coordinator_id IS %lld", (long long)co_id);
	ck_assert_msg(seen(&co, "") == truth(0, "1"), "%s: coordinator %lld, expected %lld", when, (long long)seen(&co, ""),
		      (long long)truth(0, "1"));
	ck_assert_msg(seen(&beh, "") == truth(1, "1"), "%s: beheerder", when);
	ck_assert_msg(seen(&co, q) == truth(0, cond), "%s: ?coordinator=", when);
	ck_assert_msg(seen(&co, "&werkgebied=ROT") == truth(1, "v.werkgebied_id = (SELECT id FROM werkgebieden WHERE code = 'ROT') "
							 "AND s.werkgebied_id = (SELECT id FROM werkgebieden WHERE code = 'AMS') AND 0"),
		      "%s: ?werkgebied=ROT", when);
	ck_assert_msg(seen(&beh, "&werkgebied=ROT") == truth(1, "v.werkgebied_id = (SELECT id FROM werkgebieden WHERE code = 'ROT')"),
		      "%s: beheerder ?werkgebied=ROT", when);
	ck_assert_msg(seen(&co, "&programma=1") == truth(0, "k.programma_id = 1"), "%s: ?programma=1", when);
	ck_assert_msg(seen(&co, "&programma=2") == truth(0, "k.programma_id = 2"), "%s: ?programma=2", when);
}

/* Runs the SQL text `head` followed by the number id (the row it changes). */
static void set_sql(const char *head, int64_t id)
{
	char sql[256];
	snprintf(sql, sizeof sql, "%s%lld", head, (long long)id);
	harness_sql(sql);
}

START_TEST(evaluation_counts_follow_every_scope_change)
{
	/* the proefperiode evaluation of the fixture is overdue at DATUM */
	int64_t start = seen(&co, "");
	ck_assert_int_gt(start, 0);
	check_all("start");

	/* the vraaggezin moves to ROT and back */
	set_sql("UPDATE gezinnen SET werkgebied_id = (SELECT id FROM werkgebieden WHERE code = 'ROT') WHERE id = ", v_id);
	ck_assert_int_eq(seen(&co, ""), 0);
	ck_assert_int_eq(seen(&beh, "&werkgebied=ROT"), start);
	check_all("vraaggezin in ROT");
	set_sql("UPDATE gezinnen SET werkgebied_id = (SELECT id FROM werkgebieden WHERE code = 'AMS') WHERE id = ", v_id);
	ck_assert_int_eq(seen(&co, ""), start);

	/* the supporter moves: the koppeling is no longer visible in AMS */
	set_sql("UPDATE gezinnen SET werkgebied_id = (SELECT id FROM werkgebieden WHERE code = 'ROT') WHERE id = ", s_id);
	ck_assert_int_eq(seen(&co, ""), 0);
	ck_assert_int_eq(seen(&beh, ""), start);
	check_all("supporter in ROT");
	set_sql("UPDATE gezinnen SET werkgebied_id = (SELECT id FROM werkgebieden WHERE code = 'AMS') WHERE id = ", s_id);
	check_all("supporter back");

	/* the responsible coordinator changes */
	char q[96];
	snprintf(q, sizeof q, "&coordinator=%lld", (long long)co_id);
	ck_assert_int_eq(seen(&co, q), start);
	set_sql("UPDATE gezinnen SET coordinator_id = NULL WHERE id = ", v_id);
	ck_assert_int_eq(seen(&co, q), 0);
	check_all("no coordinator");

	/* the koppeling's programme changes */
	ck_assert_int_eq(seen(&co, "&programma=2"), 0);
	set_sql("UPDATE koppelingen SET programma_id = 2 WHERE id = ", k_id);
	ck_assert_int_eq(seen(&co, "&programma=2"), start);
	ck_assert_int_eq(seen(&co, "&programma=1"), 0);
	check_all("programme 2");
	set_sql("UPDATE koppelingen SET programma_id = 1 WHERE id = ", k_id);

	/* evaluations planned later (here by hand) carry the scope from the start */
	set_sql("UPDATE gezinnen SET coordinator_id = (SELECT id FROM gebruikers WHERE gebruikersnaam = 'coord-a') WHERE id = ", v_id);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "INSERT INTO evaluaties (koppeling_id, soort, sleutel, gepland_op) VALUES (%lld, 'tussentijdse-evaluatie', "
		 "'extra#1', '2026-07-10'), (%lld, 'tussentijdse-evaluatie', 'extra#2', '2026-06-10')",
		 (long long)k_id, (long long)k_id);
	harness_sql(sql);
	ck_assert_int_eq(seen(&co, ""), start + 1001);
	check_all("two more planned");
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM evaluaties e JOIN koppelingen k ON k.id = e.koppeling_id "
					 "WHERE e.vraag_werkgebied_id IS NOT k.vraag_werkgebied_id "
					 "OR e.vraag_coordinator_id IS NOT k.vraag_coordinator_id "
					 "OR e.steun_werkgebied_id IS NOT k.steun_werkgebied_id OR e.programma_id IS NOT k.programma_id"),
			 0);
}
END_TEST

/* The wachtdagen of GET /gezinnen/{id} as JSON (an integer or null). */
static json_t *wachtdagen_of(int64_t id)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	struct http_response r;
	json_t *j = harness_call(&co, "GET", path, NULL, 1, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	json_t *w = json_incref(json_object_get(j, "wachtdagen"));
	json_decref(j);
	http_response_free(&r);
	return w;
}

START_TEST(gezin_document_waiting_days)
{
	/* linked: from aangemeld_op (2026-01-02) to the first 'gekoppeld' */
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT CAST(julianday(min(datum)) - julianday('2026-01-02') AS INTEGER) FROM gezin_statussen "
		 "WHERE gezin_id = %lld AND status = 'gekoppeld'",
		 (long long)v_id);
	int64_t linked = harness_sql_int(sql);
	json_t *w = wachtdagen_of(v_id);
	ck_assert(json_is_integer(w));
	ck_assert_int_eq(json_integer_value(w), linked);
	ck_assert_int_lt(json_integer_value(w), 30);
	json_decref(w);
	/* a later 'gekoppeld' does not move it */
	snprintf(sql, sizeof sql,
		 "INSERT INTO gezin_statussen (gezin_id, rol, status, datum, gebruikersnaam) "
		 "VALUES (%lld, 'vraaggezin', 'gekoppeld', '2026-03-01', 'coord-a')",
		 (long long)v_id);
	harness_sql(sql);
	w = wachtdagen_of(v_id);
	ck_assert_int_eq(json_integer_value(w), linked);
	json_decref(w);
	/* never linked: until today */
	int64_t waiting = gezin("Gezin Wacht", true);
	w = wachtdagen_of(waiting);
	ck_assert_int_eq(json_integer_value(w), harness_sql_int("SELECT CAST(julianday(date('now')) - julianday('2026-01-02') AS INTEGER)"));
	json_decref(w);
	/* a supporter has none */
	w = wachtdagen_of(s_id);
	ck_assert(json_is_null(w));
	json_decref(w);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("overzichten_scope");
	TCase *tc = tcase_create("scope");
	tcase_add_unchecked_fixture(tc, harness_prepare_hash, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, evaluation_counts_follow_every_scope_change);
	tcase_add_test(tc, gezin_document_waiting_days);
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
