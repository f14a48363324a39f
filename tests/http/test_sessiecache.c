/*
 * test_sessiecache.c - the in-memory session cache (server/auth.c) never
 * outlives what it remembers: after a logout, a password change, a
 * disable, a role change, a change of werkgebieden, and a change made with
 * plain SQL (the command line's path), the very next request with the old
 * session is judged on the new state. Each test first uses the session so
 * that it is in the cache; without the generation check (schema/0022) the
 * cached principal would answer and the test fails.
 *
 * Also: a request never waits for the writer to refresh its session's
 * last-use time (a long report holding the writer must not stall reads).
 */
#include <check.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "harness.h"
#include "server.h"

static int64_t id_coord;

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_werkgebied("ZST");
	harness_user("beheer", "beheerder", NULL, 1);
	id_coord = harness_user("coord-a", "coordinator", "AMS", 1);
}

static void teardown(void)
{
	harness_stop();
}

static void login_ok(const char *name, struct hs_session *s)
{
	ck_assert_int_eq(harness_login(name, HS_PASSWORD, s), 201);
}

/* The status of a GET of path as s. */
static int get_status(const struct hs_session *s, const char *path)
{
	struct http_response r;
	json_t *j = harness_call(s, "GET", path, NULL, 0, NULL, &r);
	int status = r.status;
	json_decref(j);
	http_response_free(&r);
	return status;
}

/* Uses s a few times, so that its principal is cached, and checks it works. */
static void warm(const struct hs_session *s, const char *path)
{
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(get_status(s, path), 200);
}

/* PATCHes user id as beheerder b with body (If-Match from a fresh GET); returns the status. */
static int patch_user(const struct hs_session *b, int64_t id, const char *body)
{
	char path[64], im[96];
	snprintf(path, sizeof path, "/api/v1/gebruikers/%lld", (long long)id);
	harness_if_match(b, path, im, sizeof im);
	struct http_response r;
	json_t *j = harness_call(b, "PATCH", path, body, 1, im, &r);
	int status = r.status;
	json_decref(j);
	http_response_free(&r);
	return status;
}

START_TEST(logout_ends_a_cached_session)
{
	struct hs_session s;
	login_ok("coord-a", &s);
	warm(&s, "/api/v1/gebruikers/mij");
	struct http_response r;
	json_t *j = harness_call(&s, "DELETE", "/api/v1/sessies/huidig", NULL, 1, NULL, &r);
	ck_assert_int_eq(r.status, 204);
	json_decref(j);
	http_response_free(&r);
	ck_assert_int_eq(get_status(&s, "/api/v1/gebruikers/mij"), 401);
}
END_TEST

START_TEST(password_change_ends_a_cached_session)
{
	struct hs_session b, s;
	login_ok("beheer", &b);
	login_ok("coord-a", &s);
	warm(&s, "/api/v1/gebruikers/mij");
	ck_assert_int_eq(patch_user(&b, id_coord, "{\"wachtwoord\":\"een-heel-nieuw-wachtwoord-7\"}"), 200);
	ck_assert_int_eq(get_status(&s, "/api/v1/gebruikers/mij"), 401);
}
END_TEST

START_TEST(disable_ends_a_cached_session)
{
	struct hs_session b, s;
	login_ok("beheer", &b);
	login_ok("coord-a", &s);
	warm(&s, "/api/v1/gebruikers/mij");
	ck_assert_int_eq(patch_user(&b, id_coord, "{\"actief\":false}"), 200);
	ck_assert_int_eq(get_status(&s, "/api/v1/gebruikers/mij"), 401);
}
END_TEST

START_TEST(role_change_applies_to_a_cached_session)
{
	struct hs_session b, s;
	login_ok("beheer", &b);
	login_ok("coord-a", &s);
	warm(&s, "/api/v1/gezinnen");
	ck_assert_int_eq(patch_user(&b, id_coord, "{\"rol\":\"rapportage\"}"), 200);
	/* the session lives on with the new role, which has no access to gezinnen */
	ck_assert_int_eq(get_status(&s, "/api/v1/gebruikers/mij"), 200);
	ck_assert_int_eq(get_status(&s, "/api/v1/gezinnen"), 403);
}
END_TEST

START_TEST(werkgebied_change_applies_to_a_cached_session)
{
	struct hs_session b, s;
	login_ok("beheer", &b);
	login_ok("coord-a", &s);
	const char *body = "{\"naam\":\"Gezin Cache\",\"rol\":\"vraaggezin\",\"werkgebied\":\"AMS\","
			   "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\"}],"
			   "\"vraag\":{\"tekst\":\"Even lucht\"},"
			   "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]}";
	struct http_response r;
	json_t *j = harness_call(&s, "POST", "/api/v1/gezinnen", body, 1, NULL, &r);
	ck_assert_int_eq(r.status, 201);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)json_integer_value(json_object_get(j, "id")));
	json_decref(j);
	http_response_free(&r);
	warm(&s, path);
	ck_assert_int_eq(patch_user(&b, id_coord, "{\"werkgebieden\":[\"ZST\"]}"), 200);
	ck_assert_int_eq(get_status(&s, path), 404);
	ck_assert_int_eq(patch_user(&b, id_coord, "{\"werkgebieden\":[\"AMS\",\"ZST\"]}"), 200);
	ck_assert_int_eq(get_status(&s, path), 200);
}
END_TEST

START_TEST(changes_outside_the_api_apply_to_a_cached_session)
{
	struct hs_session s;
	login_ok("coord-a", &s);
	warm(&s, "/api/v1/gezinnen");
	char sql[160];
	/* what `koppel user` or an operator does on the database file */
	snprintf(sql, sizeof sql, "UPDATE gebruikers SET rol = 'rapportage' WHERE id = %lld", (long long)id_coord);
	harness_sql(sql);
	ck_assert_int_eq(get_status(&s, "/api/v1/gezinnen"), 403);
	snprintf(sql, sizeof sql, "UPDATE gebruikers SET rol = 'coordinator' WHERE id = %lld", (long long)id_coord);
	harness_sql(sql);
	warm(&s, "/api/v1/gezinnen");
	harness_sql("DELETE FROM sessies");
	ck_assert_int_eq(get_status(&s, "/api/v1/gezinnen"), 401);
}
END_TEST

START_TEST(last_use_refresh_does_not_end_the_cache)
{
	struct hs_session s;
	login_ok("coord-a", &s);
	warm(&s, "/api/v1/gebruikers/mij");
	int64_t before = harness_sql_int("SELECT n FROM auth_generatie");
	/* what the once-a-minute refresh writes leaves every cached session valid */
	harness_sql("UPDATE sessies SET laatst_actief_op = laatst_actief_op - 1");
	ck_assert_int_eq(harness_sql_int("SELECT n FROM auth_generatie"), before);
	ck_assert_int_eq(get_status(&s, "/api/v1/gebruikers/mij"), 200);
	/* a new login does not end the others' entries either, unless it removed ended sessions */
	struct hs_session t;
	login_ok("beheer", &t);
	ck_assert_int_eq(harness_sql_int("SELECT n FROM auth_generatie"), before);
}
END_TEST

/* Holds the daemon's writer for about two seconds, as a long report does. */
static void *hold_writer(void *arg)
{
	(void)arg;
	struct kp_conn *w = kp_db_write_begin(hs.db);
	ck_assert_ptr_nonnull(w);
	nanosleep(&(struct timespec){ 2, 0 }, NULL);
	kp_db_write_rollback(hs.db, w);
	return NULL;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

START_TEST(a_read_never_waits_for_the_writer_to_refresh_a_session)
{
	struct hs_session s;
	login_ok("coord-a", &s);
	warm(&s, "/api/v1/gebruikers/mij");
	char sql[200];
	/* last used two minutes ago, and a new generation so the next request reads that */
	harness_sql("UPDATE sessies SET laatst_actief_op = laatst_actief_op - 120");
	snprintf(sql, sizeof sql, "UPDATE gebruikers SET rol = rol WHERE id = %lld", (long long)id_coord);
	harness_sql(sql);
	pthread_t t;
	ck_assert_int_eq(pthread_create(&t, NULL, hold_writer, NULL), 0);
	nanosleep(&(struct timespec){ 0, 200 * 1000 * 1000 }, NULL);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(get_status(&s, "/api/v1/gebruikers/mij"), 200);
	double took = seconds_since(&t0);
	pthread_join(t, NULL);
	ck_assert_msg(took < 1.0, "the read waited %.2f s for the writer", took);
	/* the refresh is done by the next request once the writer is free */
	ck_assert_int_eq(get_status(&s, "/api/v1/gebruikers/mij"), 200);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM sessies WHERE laatst_actief_op >= strftime('%s','now') - 10"), 1);
}
END_TEST

static void prepare(void)
{
	harness_prepare_hash(); /* once, before the tests fork */
}

int main(void)
{
	Suite *s = suite_create("sessiecache");
	TCase *tc = tcase_create("sessiecache");
	tcase_add_unchecked_fixture(tc, prepare, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, logout_ends_a_cached_session);
	tcase_add_test(tc, password_change_ends_a_cached_session);
	tcase_add_test(tc, disable_ends_a_cached_session);
	tcase_add_test(tc, role_change_applies_to_a_cached_session);
	tcase_add_test(tc, werkgebied_change_applies_to_a_cached_session);
	tcase_add_test(tc, changes_outside_the_api_apply_to_a_cached_session);
	tcase_add_test(tc, last_use_refresh_does_not_end_the_cache);
	tcase_add_test(tc, a_read_never_waits_for_the_writer_to_refresh_a_session);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
