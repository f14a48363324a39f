/*
 * test_auth.c - access control, sessions, API tokens, login throttling,
 * user management rules and the audit log, against a real server.
 *
 * The first test walks the production route table: every route that is not
 * public answers 401 without credentials and 403 to every role it does not
 * list, so a route added later cannot skip the access check.
 */
#include <check.h>
#include <jansson.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "config.h"
#include "harness.h"
#include "routes.h"
#include "util.h"

static int64_t wg_a, wg_b, id_beheer, id_coord, id_rapport, id_uit;

static void setup(void)
{
	harness_start(NULL, 0);
	wg_a = harness_werkgebied("AMS");
	wg_b = harness_werkgebied("ZST");
	id_beheer = harness_user("beheer", "beheerder", NULL, 1);
	id_coord = harness_user("coord-a", "coordinator", "AMS", 1);
	id_rapport = harness_user("rapport-a", "rapportage", "AMS", 1);
	id_uit = harness_user("uit", "coordinator", "ZST", 0);
}

static void teardown(void)
{
	harness_stop();
}

static void login_ok(const char *name, struct hs_session *s)
{
	ck_assert_int_eq(harness_login(name, HS_PASSWORD, s), 201);
}

/* --- the route table --------------------------------------------------------- */

START_TEST(every_route_checks_access)
{
	struct {
		const char *name;
		enum kp_role rol;
		struct hs_session s;
	} roles[] = { { "beheer", KP_ROLE_BEHEERDER, { "", "" } },
		      { "coord-a", KP_ROLE_COORDINATOR, { "", "" } },
		      { "rapport-a", KP_ROLE_RAPPORTAGE, { "", "" } } };
	for (size_t r = 0; r < 3; r++)
		login_ok(roles[r].name, &roles[r].s);
	int checked_401 = 0, checked_403 = 0;
	for (size_t i = 0; i < kp_routes_count; i++) {
		const struct kp_route *route = &kp_routes[i];
		char method[8];
		kp_allow_header(route->method, method, sizeof method);
		char path[256];
		size_t k = 0;
		for (const char *c = route->path; *c && k + 2 < sizeof path; c++) {
			if (*c == '{') {
				path[k++] = '1';
				c = strchr(c, '}');
			} else {
				path[k++] = *c;
			}
		}
		path[k] = '\0';
		const char *body = route->method & (KP_POST | KP_PUT | KP_PATCH) ? "{}" : NULL;
		struct http_response resp;
		json_t *j = harness_call(NULL, method, path, body, 0, NULL, &resp);
		if (route->public) {
			ck_assert_msg(resp.status != 401 && resp.status != 403, "public %s %s answered %d", method, path,
				      resp.status);
		} else {
			json_decref(harness_assert_problem(&resp, 401));
			checked_401++;
		}
		json_decref(j);
		http_response_free(&resp);
		for (size_t r = 0; r < 3 && !route->public; r++) {
			j = harness_call(&roles[r].s, method, path, body, 1, NULL, &resp);
			if (route->roles & roles[r].rol) {
				ck_assert_msg(resp.status != 401 && resp.status != 403, "%s %s as %s answered %d", method,
					      path, roles[r].name, resp.status);
				if (strcmp(path, "/api/v1/sessies/huidig") == 0 && resp.status == 204)
					login_ok(roles[r].name, &roles[r].s); /* that call logged out */
			} else {
				ck_assert_msg(resp.status == 403, "%s %s as %s answered %d, expected 403", method, path,
					      roles[r].name, resp.status);
				json_decref(harness_assert_problem(&resp, 403));
				checked_403++;
			}
			json_decref(j);
			http_response_free(&resp);
		}
	}
	ck_assert_int_ge(checked_401, 10);
	ck_assert_int_ge(checked_403, 5);
}
END_TEST

START_TEST(routes_declare_access)
{
	for (size_t i = 0; i < kp_routes_count; i++)
		ck_assert_msg(kp_routes[i].public || kp_routes[i].roles != 0, "%s declares no access", kp_routes[i].path);
}
END_TEST

/* --- sessions ------------------------------------------------------------------ */

START_TEST(login_sets_a_strict_cookie)
{
	struct http_response r;
	json_t *j = harness_call(NULL, "POST", "/api/v1/sessies",
				 "{\"gebruikersnaam\":\"Coord-A\",\"wachtwoord\":\"" HS_PASSWORD "\"}", 0, NULL, &r);
	ck_assert_int_eq(r.status, 201);
	char c[256];
	ck_assert_ptr_nonnull(http_header(&r, "Set-Cookie", c, sizeof c));
	ck_assert_ptr_nonnull(strstr(c, "koppel_sessie="));
	ck_assert_ptr_nonnull(strstr(c, "HttpOnly"));
	ck_assert_ptr_nonnull(strstr(c, "SameSite=Strict"));
	ck_assert_ptr_null(strstr(c, "Secure")); /* plain HTTP here */
	json_t *g = json_object_get(j, "gebruiker");
	ck_assert_str_eq(json_string_value(json_object_get(g, "gebruikersnaam")), "coord-a");
	ck_assert_str_eq(json_string_value(json_object_get(g, "rol")), "coordinator");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(g, "werkgebieden"), 0)), "AMS");
	ck_assert_ptr_null(json_object_get(g, "wachtwoordHash"));
	ck_assert(json_string_length(json_object_get(j, "csrfToken")) >= 40);
	ck_assert(json_is_string(json_object_get(j, "verlooptOp")));
	json_decref(j);
	http_response_free(&r);

	/* behind a TLS proxy the cookie is Secure */
	j = harness_call(NULL, "POST", "/api/v1/sessies", "{\"gebruikersnaam\":\"coord-a\",\"wachtwoord\":\"" HS_PASSWORD "\"}",
			 0, "X-Forwarded-Proto: https\r\n", &r);
	ck_assert_ptr_nonnull(http_header(&r, "Set-Cookie", c, sizeof c));
	ck_assert_ptr_nonnull(strstr(c, "; Secure"));
	json_decref(j);
	http_response_free(&r);

	/* tokens are stored only as hashes */
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM sessies WHERE length(token_hash) = 32"), 2);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gebruikers WHERE wachtwoord_hash NOT LIKE '$argon2id$%'"), 0);
}
END_TEST

START_TEST(current_session_and_logout)
{
	struct hs_session s;
	login_ok("coord-a", &s);
	struct http_response r;
	json_t *j = harness_call(&s, "GET", "/api/v1/sessies/huidig", NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "csrfToken")), s.csrf);
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&s, "GET", "/api/v1/gebruikers/mij", NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "gebruikersnaam")), "coord-a");
	json_decref(j);
	http_response_free(&r);

	j = harness_call(&s, "DELETE", "/api/v1/sessies/huidig", NULL, 1, NULL, &r);
	ck_assert_int_eq(r.status, 204);
	char c[256];
	ck_assert_ptr_nonnull(http_header(&r, "Set-Cookie", c, sizeof c));
	ck_assert_ptr_nonnull(strstr(c, "Max-Age=0"));
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&s, "GET", "/api/v1/gebruikers/mij", NULL, 0, NULL, &r);
	json_decref(harness_assert_problem(&r, 401));
	json_decref(j);
	http_response_free(&r);
}
END_TEST

START_TEST(wrong_logins_get_one_generic_answer)
{
	const char *bodies[] = {
		"{\"gebruikersnaam\":\"coord-a\",\"wachtwoord\":\"verkeerd-wachtwoord\"}",
		"{\"gebruikersnaam\":\"bestaat-niet\",\"wachtwoord\":\"" HS_PASSWORD "\"}",
		"{\"gebruikersnaam\":\"uit\",\"wachtwoord\":\"" HS_PASSWORD "\"}", /* disabled */
	};
	char first[256] = "";
	for (size_t i = 0; i < 3; i++) {
		struct http_response r;
		json_t *j = harness_call(NULL, "POST", "/api/v1/sessies", bodies[i], 0, NULL, &r);
		json_t *p = harness_assert_problem(&r, 401);
		char c[64];
		ck_assert_ptr_null(http_header(&r, "Set-Cookie", c, sizeof c));
		const char *detail = json_string_value(json_object_get(p, "detail"));
		if (i == 0)
			snprintf(first, sizeof first, "%s", detail);
		ck_assert_str_eq(detail, first);
		json_decref(p);
		json_decref(j);
		http_response_free(&r);
	}
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'inloggen-mislukt'"), 3);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'inloggen-mislukt' "
				 "AND details LIKE '%uitgeschakeld%' AND gebruiker_id IS NOT NULL"),
			 1);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM sessies"), 0);
	/* malformed login input is a 400 naming the field, not a 401 */
	struct http_response r;
	json_t *j = harness_call(NULL, "POST", "/api/v1/sessies", "{\"gebruikersnaam\":\"x\"}", 0, NULL, &r);
	json_t *p = harness_assert_problem(&r, 400);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(p, "invalidParams"), 0), "name")),
			 "/wachtwoord");
	json_decref(p);
	json_decref(j);
	http_response_free(&r);
}
END_TEST

START_TEST(brute_force_is_throttled)
{
	for (int i = 0; i < 5; i++) {
		struct hs_session s;
		ck_assert_int_eq(harness_login("coord-a", "geraden-wachtwoord", &s), 401);
	}
	/* now even the right password waits */
	struct http_response r;
	json_t *j = harness_call(NULL, "POST", "/api/v1/sessies",
				 "{\"gebruikersnaam\":\"coord-a\",\"wachtwoord\":\"" HS_PASSWORD "\"}", 0, NULL, &r);
	json_decref(harness_assert_problem(&r, 429));
	char retry[16];
	ck_assert_ptr_nonnull(http_header(&r, "Retry-After", retry, sizeof retry));
	ck_assert_int_gt(atoi(retry), 0);
	ck_assert_int_le(atoi(retry), 15 * 60);
	json_decref(j);
	http_response_free(&r);
	/* another account from the same address is not locked yet */
	struct hs_session s;
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &s), 201);
	ck_assert_int_ge(harness_sql_int("SELECT count(*) FROM audit_log WHERE details LIKE '%te-veel-pogingen%'"), 1);
}
END_TEST

START_TEST(csrf_required_for_session_writes)
{
	struct hs_session s;
	login_ok("coord-a", &s);
	struct http_response r;
	json_t *j = harness_call(&s, "POST", "/api/v1/api-tokens", "{\"naam\":\"agenda\"}", 0, NULL, &r);
	json_decref(harness_assert_problem(&r, 403));
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&s, "POST", "/api/v1/api-tokens", "{\"naam\":\"agenda\"}", 0, "X-CSRF-Token: fout\r\n", &r);
	json_decref(harness_assert_problem(&r, 403));
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&s, "DELETE", "/api/v1/sessies/huidig", NULL, 0, NULL, &r);
	json_decref(harness_assert_problem(&r, 403));
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&s, "POST", "/api/v1/api-tokens", "{\"naam\":\"agenda\"}", 1, NULL, &r);
	ck_assert_int_eq(r.status, 201);
	json_decref(j);
	http_response_free(&r);
}
END_TEST

START_TEST(expired_sessions_are_refused)
{
	struct hs_session idle, old;
	login_ok("coord-a", &idle);
	login_ok("beheer", &old);
	char q[200];
	snprintf(q, sizeof q, "UPDATE sessies SET laatst_actief_op = %lld WHERE gebruiker_id = %lld",
		 (long long)(kp_now() - 31 * 60), (long long)id_coord);
	harness_sql(q);
	snprintf(q, sizeof q, "UPDATE sessies SET verloopt_op = %lld WHERE gebruiker_id = %lld", (long long)(kp_now() - 1),
		 (long long)id_beheer);
	harness_sql(q);
	struct hs_session *both[] = { &idle, &old };
	for (int i = 0; i < 2; i++) {
		struct http_response r;
		json_t *j = harness_call(both[i], "GET", "/api/v1/gebruikers/mij", NULL, 0, NULL, &r);
		json_decref(harness_assert_problem(&r, 401));
		json_decref(j);
		http_response_free(&r);
	}
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM sessies"), 0);
}
END_TEST

/* --- API tokens ------------------------------------------------------------------ */

START_TEST(api_tokens_work_until_revoked)
{
	struct hs_session s;
	login_ok("coord-a", &s);
	struct http_response r;
	json_t *j = harness_call(&s, "POST", "/api/v1/api-tokens", "{\"naam\":\"Agenda op telefoon\"}", 1, NULL, &r);
	ck_assert_int_eq(r.status, 201);
	char token[80], auth[120];
	snprintf(token, sizeof token, "%s", json_string_value(json_object_get(j, "token")));
	int64_t id = json_integer_value(json_object_get(j, "id"));
	ck_assert(strncmp(token, "kp_", 3) == 0);
	ck_assert(strncmp(json_string_value(json_object_get(j, "prefix")), token, 8) == 0);
	ck_assert_uint_eq(strlen(json_string_value(json_object_get(j, "prefix"))), 8);
	json_decref(j);
	http_response_free(&r);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", token);

	/* the list never shows the secret */
	j = harness_call(&s, "GET", "/api/v1/api-tokens", NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_null(strstr(r.body, token));
	ck_assert_uint_eq(json_array_size(json_object_get(j, "apiTokens")), 1);
	json_decref(j);
	http_response_free(&r);

	/* a bearer request carries the user's rights and needs no CSRF token */
	j = harness_call(NULL, "GET", "/api/v1/gebruikers/mij", NULL, 0, auth, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "gebruikersnaam")), "coord-a");
	json_decref(j);
	http_response_free(&r);
	j = harness_call(NULL, "POST", "/api/v1/api-tokens", "{\"naam\":\"script\"}", 0, auth, &r);
	ck_assert_int_eq(r.status, 201);
	json_decref(j);
	http_response_free(&r);
	j = harness_call(NULL, "GET", "/api/v1/gebruikers", NULL, 0, auth, &r);
	json_decref(harness_assert_problem(&r, 403)); /* a coordinator's token cannot manage users */
	json_decref(j);
	http_response_free(&r);

	/* someone else cannot revoke it */
	struct hs_session other;
	login_ok("beheer", &other);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/api-tokens/%lld", (long long)id);
	j = harness_call(&other, "DELETE", path, NULL, 1, NULL, &r);
	json_decref(harness_assert_problem(&r, 404));
	json_decref(j);
	http_response_free(&r);

	j = harness_call(&s, "DELETE", path, NULL, 1, NULL, &r);
	ck_assert_int_eq(r.status, 204);
	json_decref(j);
	http_response_free(&r);
	j = harness_call(NULL, "GET", "/api/v1/gebruikers/mij", NULL, 0, auth, &r);
	json_decref(harness_assert_problem(&r, 401));
	json_decref(j);
	http_response_free(&r);
	j = harness_call(NULL, "GET", "/api/v1/gebruikers/mij", NULL, 0, "Authorization: Bearer kp_verzonnen\r\n", &r);
	json_decref(harness_assert_problem(&r, 401));
	json_decref(j);
	http_response_free(&r);
	j = harness_call(NULL, "GET", "/api/v1/gebruikers/mij", NULL, 0, "Authorization: Basic YWJjOmRlZg==\r\n", &r);
	json_decref(harness_assert_problem(&r, 401));
	json_decref(j);
	http_response_free(&r);
}
END_TEST

/* --- user management ----------------------------------------------------------------- */

START_TEST(users_are_managed_by_the_rules)
{
	struct hs_session b;
	login_ok("beheer", &b);
	struct http_response r;
	struct {
		const char *body;
		const char *field;
	} bad[] = {
		{ "{\"gebruikersnaam\":\"nieuw\",\"naam\":\"Nieuw\",\"rol\":\"coordinator\",\"werkgebieden\":[\"AMS\"],"
		  "\"wachtwoord\":\"kort\"}",
		  "/wachtwoord" },
		{ "{\"gebruikersnaam\":\"nieuw\",\"naam\":\"Nieuw\",\"rol\":\"coordinator\",\"werkgebieden\":[\"AMS\"],"
		  "\"wachtwoord\":\"ikbennieuwenlang\"}",
		  "/wachtwoord" },
		{ "{\"gebruikersnaam\":\"nieuw\",\"naam\":\"Nieuw\",\"rol\":\"coordinator\",\"werkgebieden\":[\"AMS\"],"
		  "\"wachtwoord\":\"Wachtwoord1234\"}",
		  "/wachtwoord" },
		{ "{\"gebruikersnaam\":\"Nieuw!\",\"naam\":\"Nieuw\",\"rol\":\"coordinator\",\"werkgebieden\":[\"AMS\"],"
		  "\"wachtwoord\":\"" HS_PASSWORD "\"}",
		  "/gebruikersnaam" },
		{ "{\"gebruikersnaam\":\"nieuw\",\"naam\":\"Nieuw\",\"rol\":\"baas\",\"werkgebieden\":[\"AMS\"],"
		  "\"wachtwoord\":\"" HS_PASSWORD "\"}",
		  "/rol" },
		{ "{\"gebruikersnaam\":\"nieuw\",\"naam\":\"Nieuw\",\"rol\":\"coordinator\",\"werkgebieden\":[],"
		  "\"wachtwoord\":\"" HS_PASSWORD "\"}",
		  "/werkgebieden" },
		{ "{\"gebruikersnaam\":\"nieuw\",\"naam\":\"Nieuw\",\"rol\":\"coordinator\",\"werkgebieden\":[\"XXX\"],"
		  "\"wachtwoord\":\"" HS_PASSWORD "\"}",
		  "/werkgebieden" },
		{ "{\"gebruikersnaam\":\"nieuw\",\"naam\":\"Nieuw\",\"rol\":\"coordinator\",\"werkgebieden\":[\"AMS\"],"
		  "\"wachtwoord\":\"" HS_PASSWORD "\",\"isAdmin\":true}",
		  "/isAdmin" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *j = harness_call(&b, "POST", "/api/v1/gebruikers", bad[i].body, 1, NULL, &r);
		json_t *p = harness_assert_problem(&r, 400);
		json_t *first = json_array_get(json_object_get(p, "invalidParams"), 0);
		ck_assert_msg(first && strcmp(json_string_value(json_object_get(first, "name")), bad[i].field) == 0,
			      "case %zu: %s", i, r.body);
		json_decref(p);
		json_decref(j);
		http_response_free(&r);
	}
	const char *good = "{\"gebruikersnaam\":\"nieuw\",\"naam\":\"Nieuwe Coördinator\",\"rol\":\"coordinator\","
			   "\"werkgebieden\":[\"ZST\",\"AMS\"],\"wachtwoord\":\"" HS_PASSWORD "\"}";
	json_t *j = harness_call(&b, "POST", "/api/v1/gebruikers", good, 1, NULL, &r);
	ck_assert_int_eq(r.status, 201);
	char loc[64], etag[32];
	ck_assert_ptr_nonnull(http_header(&r, "Location", loc, sizeof loc));
	ck_assert_str_eq(http_header(&r, "ETag", etag, sizeof etag), "\"1\"");
	ck_assert_str_eq(json_string_value(json_object_get(j, "naam")), "Nieuwe Coördinator");
	ck_assert_uint_eq(json_array_size(json_object_get(j, "werkgebieden")), 2);
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&b, "POST", "/api/v1/gebruikers", good, 1, NULL, &r);
	json_decref(harness_assert_problem(&r, 409));
	json_decref(j);
	http_response_free(&r);

	/* optimistic concurrency */
	j = harness_call(&b, "PATCH", loc, "{\"naam\":\"Andere naam\"}", 1, NULL, &r);
	json_decref(harness_assert_problem(&r, 428));
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&b, "PATCH", loc, "{\"naam\":\"Andere naam\"}", 1, "If-Match: \"1\"\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(http_header(&r, "ETag", etag, sizeof etag), "\"2\"");
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&b, "PATCH", loc, "{\"naam\":\"Nog een naam\"}", 1, "If-Match: \"1\"\r\n", &r);
	json_decref(harness_assert_problem(&r, 412));
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&b, "PATCH", loc, "{\"gebruikersnaam\":\"anders\"}", 1, "If-Match: \"2\"\r\n", &r);
	json_decref(harness_assert_problem(&r, 400));
	json_decref(j);
	http_response_free(&r);

	/* disabling ends the user's sessions */
	struct hs_session n;
	login_ok("nieuw", &n);
	j = harness_call(&b, "PATCH", loc, "{\"actief\":false}", 1, "If-Match: \"2\"\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert(json_is_false(json_object_get(j, "actief")));
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&n, "GET", "/api/v1/gebruikers/mij", NULL, 0, NULL, &r);
	json_decref(harness_assert_problem(&r, 401));
	json_decref(j);
	http_response_free(&r);

	/* the last active beheerder stays */
	char self[64];
	snprintf(self, sizeof self, "/api/v1/gebruikers/%lld", (long long)id_beheer);
	j = harness_call(&b, "PATCH", self, "{\"rol\":\"coordinator\",\"werkgebieden\":[\"AMS\"]}", 1, "If-Match: \"1\"\r\n", &r);
	json_decref(harness_assert_problem(&r, 409));
	json_decref(j);
	http_response_free(&r);

	/* a new password follows the policy and is hashed */
	j = harness_call(&b, "PATCH", loc, "{\"wachtwoord\":\"nieuw-nieuw-nieuw\"}", 1, "If-Match: \"3\"\r\n", &r);
	json_decref(harness_assert_problem(&r, 400)); /* contains the user name */
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&b, "PATCH", loc, "{\"wachtwoord\":\"paard-batterij-nietje\",\"actief\":true}", 1,
			 "If-Match: \"3\"\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	json_decref(j);
	http_response_free(&r);
	ck_assert_int_eq(harness_login("nieuw", "paard-batterij-nietje", &n), 201);

	j = harness_call(&b, "GET", "/api/v1/gebruikers/999", NULL, 0, NULL, &r);
	json_decref(harness_assert_problem(&r, 404));
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&b, "GET", "/api/v1/gebruikers/abc", NULL, 0, NULL, &r);
	json_decref(harness_assert_problem(&r, 404));
	json_decref(j);
	http_response_free(&r);
}
END_TEST

START_TEST(werkgebieden_managed_by_beheerder)
{
	struct hs_session b, c;
	login_ok("beheer", &b);
	login_ok("coord-a", &c);
	struct http_response r;
	json_t *j = harness_call(&b, "POST", "/api/v1/werkgebieden", "{\"code\":\"UTR\",\"naam\":\"Utrecht\"}", 1, NULL, &r);
	ck_assert_int_eq(r.status, 201);
	char loc[64];
	http_header(&r, "Location", loc, sizeof loc);
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&b, "POST", "/api/v1/werkgebieden", "{\"code\":\"utr\",\"naam\":\"Nog eens\"}", 1, NULL, &r);
	json_decref(harness_assert_problem(&r, 409));
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&b, "POST", "/api/v1/werkgebieden", "{\"code\":\"U T\",\"naam\":\"\"}", 1, NULL, &r);
	json_t *p = harness_assert_problem(&r, 400);
	ck_assert_uint_eq(json_array_size(json_object_get(p, "invalidParams")), 2);
	json_decref(p);
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&b, "PATCH", loc, "{\"naam\":\"Utrecht-Stad\"}", 1, "If-Match: \"1\"\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "naam")), "Utrecht-Stad");
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&c, "GET", "/api/v1/werkgebieden", NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "werkgebieden")), 3);
	json_decref(j);
	http_response_free(&r);
}
END_TEST

/* --- audit --------------------------------------------------------------------------- */

START_TEST(audit_log_chain_and_filters)
{
	struct hs_session b;
	login_ok("beheer", &b);
	struct http_response r;
	json_t *j = harness_call(&b, "POST", "/api/v1/werkgebieden", "{\"code\":\"UTR\",\"naam\":\"Utrecht\"}", 1, NULL, &r);
	json_decref(j);
	http_response_free(&r);
	for (int i = 0; i < 3; i++) {
		struct hs_session s;
		login_ok("coord-a", &s);
	}
	j = harness_call(&b, "GET", "/api/v1/audit?objectSoort=werkgebied", NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	json_t *regels = json_object_get(j, "regels");
	ck_assert_uint_eq(json_array_size(regels), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(regels, 0), "actie")), "aanmaken");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(regels, 0), "gebruikersnaam")), "beheer");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(regels, 0), "client")), "127.0.0.1");
	json_decref(j);
	http_response_free(&r);

	/* pages */
	j = harness_call(&b, "GET", "/api/v1/audit?limit=2", NULL, 0, NULL, &r);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "regels")), 2);
	char next[256];
	snprintf(next, sizeof next, "%s", json_string_value(json_object_get(j, "volgende")));
	int64_t first_page_last = json_integer_value(json_object_get(json_array_get(json_object_get(j, "regels"), 1), "id"));
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&b, "GET", next, NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_lt(json_integer_value(json_object_get(json_array_get(json_object_get(j, "regels"), 0), "id")),
			 first_page_last);
	json_decref(j);
	http_response_free(&r);

	char today[32], q[128];
	kp_format_time(kp_now(), today);
	today[10] = '\0';
	snprintf(q, sizeof q, "/api/v1/audit?van=%s&tot=%s&gebruiker=%lld", today, today, (long long)id_coord);
	j = harness_call(&b, "GET", q, NULL, 0, NULL, &r);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "regels")), 3);
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&b, "GET", "/api/v1/audit?van=2026-02-30&limit=0", NULL, 0, NULL, &r);
	json_t *p = harness_assert_problem(&r, 400);
	ck_assert_uint_eq(json_array_size(json_object_get(p, "invalidParams")), 2);
	json_decref(p);
	json_decref(j);
	http_response_free(&r);

	/* the chain verifies; an edit made behind Koppel's back is found */
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(hs_db, &h), SQLITE_OK);
	struct kp_audit_verify_result res;
	char err[256];
	ck_assert_int_eq(kp_audit_verify(h, &res, err, sizeof err), 0);
	ck_assert_int_eq(res.first_bad, 0);
	ck_assert_int_ge(res.rows, 5);
	/* the table refuses edits ... */
	ck_assert_int_ne(sqlite3_exec(h, "UPDATE audit_log SET actie = 'lezen' WHERE id = 2", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(h, "DELETE FROM audit_log WHERE id = 2", NULL, NULL, NULL), SQLITE_OK);
	/* ... and when someone drops the guard, the chain shows it */
	ck_assert_int_eq(sqlite3_exec(h, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET client = '10.0.0.1' "
					 "WHERE id = 3",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(kp_audit_verify(h, &res, err, sizeof err), 0);
	ck_assert_int_eq(res.first_bad, 3);
	sqlite3_close(h);
}
END_TEST

/* --- login bursts ---------------------------------------------------------------------- */

static atomic_int burst_ok, burst_busy, burst_other;

static void *burst_login(void *arg)
{
	(void)arg;
	struct http_response r;
	char body[128];
	snprintf(body, sizeof body, "{\"gebruikersnaam\":\"nobody-%d\",\"wachtwoord\":\"x\"}", (int)(intptr_t)arg);
	http_do(hs.port, "POST", "/api/v1/sessies", "Content-Type: application/json\r\n", body, &r);
	if (r.status == 401)
		atomic_fetch_add(&burst_ok, 1);
	else if (r.status == 503 || r.status == 429)
		atomic_fetch_add(&burst_busy, 1);
	else
		atomic_fetch_add(&burst_other, 1);
	http_response_free(&r);
	return NULL;
}

START_TEST(login_burst_is_bounded_and_server_stays_responsive)
{
	enum { N = 48 };
	pthread_t t[N];
	for (intptr_t i = 0; i < N; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, burst_login, (void *)i), 0);
	/* while the hashes run, the HTTP threads still answer */
	struct http_response r;
	ck_assert_int_eq(http_do(hs.port, "GET", "/api/v1/health", NULL, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	http_response_free(&r);
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	ck_assert_int_eq(atomic_load(&burst_other), 0);
	ck_assert_int_eq(atomic_load(&burst_ok) + atomic_load(&burst_busy), N);
	ck_assert_int_ge(atomic_load(&burst_ok), 1);
}
END_TEST

/* --- issue 11: throttling counted from the start, the lockout scheme, proxies, tokens ------------- */

static atomic_int par_verified, par_refused, par_other, par_right;

struct par_login {
	char name[32];
	const char *password;
	const char *extra; /* extra header lines or NULL */
};

/* One login attempt; sorts the answer into verified (401/201), refused (429/503) or other. */
static void *par_login_thread(void *arg)
{
	const struct par_login *pl = arg;
	char body[160], headers[256];
	snprintf(body, sizeof body, "{\"gebruikersnaam\":\"%s\",\"wachtwoord\":\"%s\"}", pl->name, pl->password);
	snprintf(headers, sizeof headers, "Content-Type: application/json\r\n%s", pl->extra ? pl->extra : "");
	struct http_response r;
	http_do(hs.port, "POST", "/api/v1/sessies", headers, body, &r);
	if (r.status == 401 || r.status == 201)
		atomic_fetch_add(&par_verified, 1);
	else if (r.status == 429 || r.status == 503)
		atomic_fetch_add(&par_refused, 1);
	else
		atomic_fetch_add(&par_other, 1);
	if (r.status == 201)
		atomic_fetch_add(&par_right, 1);
	http_response_free(&r);
	return NULL;
}

/* Runs n logins at once and waits for all. */
static void run_parallel(struct par_login *pl, size_t n)
{
	atomic_store(&par_verified, 0);
	atomic_store(&par_refused, 0);
	atomic_store(&par_other, 0);
	atomic_store(&par_right, 0);
	pthread_t t[64];
	ck_assert_uint_le(n, 64);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, par_login_thread, &pl[i]), 0);
	for (size_t i = 0; i < n; i++)
		pthread_join(t[i], NULL);
}

START_TEST(parallel_guesses_at_one_account_verify_at_most_five)
{
	enum { N = 40 };
	static struct par_login pl[N];
	for (int i = 0; i < N; i++) {
		snprintf(pl[i].name, sizeof pl[i].name, "coord-a");
		pl[i].password = i == N - 1 ? HS_PASSWORD : "geraden-wachtwoord";
	}
	run_parallel(pl, N);
	ck_assert_int_le(atomic_load(&par_verified), 5);
	ck_assert_int_eq(atomic_load(&par_other), 0);
	ck_assert_int_ge(atomic_load(&par_refused), N - 5);
	/* the audit log agrees: at most five passwords were checked */
	ck_assert_int_le(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie IN ('inloggen', 'inloggen-mislukt') "
					 "AND (details IS NULL OR details NOT LIKE '%te-veel-pogingen%')"),
			 5);
	/* unless the right password was among the five, the account is now closed to it too */
	if (atomic_load(&par_right) == 0) {
		struct hs_session s;
		ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &s), 429);
	}
}
END_TEST

START_TEST(parallel_guesses_from_one_address_verify_at_most_twenty)
{
	enum { N = 30 };
	static struct par_login pl[N];
	for (int i = 0; i < N; i++) {
		snprintf(pl[i].name, sizeof pl[i].name, "veel-%d", i);
		harness_user(pl[i].name, "coordinator", "AMS", 1);
		pl[i].password = "geraden-wachtwoord";
	}
	run_parallel(pl, N);
	ck_assert_int_le(atomic_load(&par_verified), 20);
	ck_assert_int_eq(atomic_load(&par_other), 0);
	ck_assert_int_ge(atomic_load(&par_refused), N - 20);
}
END_TEST

/* n failed logins, each with a made-up name; extra may add header lines. */
static void made_up_failures(int n, const char *extra)
{
	for (int i = 0; i < n; i++) {
		char body[128];
		snprintf(body, sizeof body, "{\"gebruikersnaam\":\"verzonnen-%d\",\"wachtwoord\":\"iets\"}", i);
		struct http_response r;
		json_t *j = harness_call(NULL, "POST", "/api/v1/sessies", body, 0, extra, &r);
		ck_assert_int_eq(r.status, 401);
		json_decref(j);
		http_response_free(&r);
	}
}

/* Logs name in with password from this client (extra header lines); returns the status. */
static int login_status(const char *name, const char *password, const char *extra)
{
	char body[160];
	snprintf(body, sizeof body, "{\"gebruikersnaam\":\"%s\",\"wachtwoord\":\"%s\"}", name, password);
	struct http_response r;
	json_t *j = harness_call(NULL, "POST", "/api/v1/sessies", body, 0, extra, &r);
	int status = r.status;
	json_decref(j);
	http_response_free(&r);
	return status;
}

START_TEST(made_up_names_lock_nobody_out)
{
	/* the reproduction: 20 (here 30) failures with made-up names from the address everyone shares */
	made_up_failures(30, NULL);
	ck_assert_int_eq(login_status("beheer", HS_PASSWORD, NULL), 201);
	ck_assert_int_eq(login_status("coord-a", HS_PASSWORD, NULL), 201);
	/* a made-up name still gets its own limit, exactly like an existing one (no existence oracle) */
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(login_status("verzonnen-x", "iets", NULL), 401);
	ck_assert_int_eq(login_status("verzonnen-x", "iets", NULL), 429);
	/* wrong passwords at existing accounts still count per address: 4 accounts x 5 */
	const char *names[] = { "w1", "w2", "w3", "w4" };
	for (int a = 0; a < 4; a++) {
		harness_user(names[a], "coordinator", "AMS", 1);
		for (int i = 0; i < 5; i++)
			ck_assert_int_eq(login_status(names[a], "geraden-wachtwoord", NULL), 401);
	}
	ck_assert_int_eq(login_status("rapport-a", HS_PASSWORD, NULL), 429);
	/* and once an address is closed, every name gets the same answer from it */
	ck_assert_int_eq(login_status("bestaat-niet", "iets", NULL), 429);
}
END_TEST

START_TEST(forwarded_for_only_from_trusted_proxies)
{
	/* not trusted: the header is ignored, rotating it gains nothing */
	const char *names[] = { "w1", "w2", "w3", "w4" };
	for (int a = 0; a < 4; a++) {
		harness_user(names[a], "coordinator", "AMS", 1);
		for (int i = 0; i < 5; i++) {
			char xff[64];
			snprintf(xff, sizeof xff, "X-Forwarded-For: 198.51.100.%d\r\n", a * 5 + i);
			ck_assert_int_eq(login_status(names[a], "geraden-wachtwoord", xff), 401);
		}
	}
	ck_assert_int_eq(login_status("beheer", HS_PASSWORD, "X-Forwarded-For: 203.0.113.77\r\n"), 429);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE client != '127.0.0.1'"), 0);

	/* the loopback proxy is trusted: the client is the rightmost untrusted entry */
	char err[256];
	ck_assert_int_eq(kp_config_set(&hs.cfg, "trusted_proxies", "127.0.0.0/8, 10.0.0.0/8", err, sizeof err), 0);
	ck_assert_int_eq(login_status("beheer", HS_PASSWORD,
				      "X-Forwarded-For: 192.0.2.1, 203.0.113.77\r\nX-Forwarded-For: 10.1.2.3\r\n"),
			 201);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'inloggen' "
					 "AND client = '203.0.113.77'"),
			 1);
	/* another client behind the same proxy has its own count */
	ck_assert_int_eq(login_status("coord-a", "geraden-wachtwoord", "X-Forwarded-For: 203.0.113.78\r\n"), 401);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'inloggen-mislukt' "
					 "AND client = '203.0.113.78'"),
			 1);
	/* without the header, the proxy itself is the client (and is closed) */
	ck_assert_int_eq(login_status("coord-a", HS_PASSWORD, NULL), 429);
}
END_TEST

/* Creates a token of soort ("api" or "agenda") as session s; fills token, returns its id. */
static int64_t make_token(const struct hs_session *s, const char *soort, char token[80])
{
	char body[96];
	snprintf(body, sizeof body, "{\"naam\":\"test\",\"soort\":\"%s\"}", soort);
	struct http_response r;
	json_t *j = harness_call(s, "POST", "/api/v1/api-tokens", body, 1, NULL, &r);
	ck_assert_int_eq(r.status, 201);
	ck_assert_str_eq(json_string_value(json_object_get(j, "soort")), soort);
	snprintf(token, 80, "%s", json_string_value(json_object_get(j, "token")));
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	http_response_free(&r);
	return id;
}

/* The status of GET path with token as a Bearer header. */
static int bearer_status(const char *token, const char *method, const char *path)
{
	char auth[128];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", token);
	struct http_response r;
	json_t *j = harness_call(NULL, method, path, method[0] == 'P' ? "{\"naam\":\"x\"}" : NULL, 0, auth, &r);
	int status = r.status;
	json_decref(j);
	http_response_free(&r);
	return status;
}

/* The status of GET path without credentials (the token travels in path). */
static int plain_status(const char *path)
{
	struct http_response r;
	json_t *j = harness_call(NULL, "GET", path, NULL, 0, NULL, &r);
	int status = r.status;
	json_decref(j);
	http_response_free(&r);
	return status;
}

/* PATCHes user id as beheerder session b with body (reading the ETag first); returns the status. */
static int patch_user(const struct hs_session *b, int64_t id, const char *body)
{
	char path[64], etag[32], im[64];
	snprintf(path, sizeof path, "/api/v1/gebruikers/%lld", (long long)id);
	struct http_response r;
	json_t *j = harness_call(b, "GET", path, NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(http_header(&r, "ETag", etag, sizeof etag));
	json_decref(j);
	http_response_free(&r);
	snprintf(im, sizeof im, "If-Match: %s\r\n", etag);
	j = harness_call(b, "PATCH", path, body, 1, im, &r);
	int status = r.status;
	json_decref(j);
	http_response_free(&r);
	return status;
}

START_TEST(tokens_die_with_password_role_and_disable)
{
	struct hs_session b;
	login_ok("beheer", &b);
	char token[80];
	struct hs_session s;

	/* a new password set by a beheerder */
	login_ok("coord-a", &s);
	make_token(&s, "api", token);
	ck_assert_int_eq(bearer_status(token, "GET", "/api/v1/gebruikers/mij"), 200);
	ck_assert_int_eq(patch_user(&b, id_coord, "{\"wachtwoord\":\"een-heel-nieuw-wachtwoord-7\"}"), 200);
	ck_assert_int_eq(bearer_status(token, "GET", "/api/v1/gebruikers/mij"), 401);
	ck_assert_int_eq(patch_user(&b, id_coord, "{\"wachtwoord\":\"" HS_PASSWORD "\"}"), 200);

	/* a role change */
	login_ok("coord-a", &s);
	make_token(&s, "api", token);
	ck_assert_int_eq(patch_user(&b, id_coord, "{\"rol\":\"rapportage\"}"), 200);
	ck_assert_int_eq(bearer_status(token, "GET", "/api/v1/gebruikers/mij"), 401);
	ck_assert_int_eq(patch_user(&b, id_coord, "{\"rol\":\"coordinator\"}"), 200);

	/* a disable, and it stays dead after re-enabling */
	login_ok("coord-a", &s);
	char agenda[80];
	make_token(&s, "api", token);
	make_token(&s, "agenda", agenda);
	ck_assert_int_eq(patch_user(&b, id_coord, "{\"actief\":false}"), 200);
	ck_assert_int_eq(bearer_status(token, "GET", "/api/v1/gebruikers/mij"), 401);
	ck_assert_int_eq(patch_user(&b, id_coord, "{\"actief\":true}"), 200);
	ck_assert_int_eq(bearer_status(token, "GET", "/api/v1/gebruikers/mij"), 401);
	char path[160];
	snprintf(path, sizeof path, "/api/v1/agenda.ics?token=%s", agenda);
	ck_assert_int_eq(plain_status(path), 401);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM api_tokens WHERE ingetrokken_op IS NULL"), 0);

	/* a new token after re-enabling works, and survives changes that grant nothing (name, same role) */
	login_ok("coord-a", &s);
	make_token(&s, "api", token);
	ck_assert_int_eq(bearer_status(token, "GET", "/api/v1/gebruikers/mij"), 200);
	ck_assert_int_eq(patch_user(&b, id_coord, "{\"naam\":\"Coördinator A\",\"rol\":\"coordinator\",\"actief\":true}"), 200);
	ck_assert_int_eq(bearer_status(token, "GET", "/api/v1/gebruikers/mij"), 200);
	/* a password set outside the API (koppel passwd) ends it too */
	/* the rehash at login with newer parameters is not a new password */
	char sql[256];
	snprintf(sql, sizeof sql,
		 "UPDATE gebruikers SET wachtwoord_hash = wachtwoord_hash || '', hash_vernieuwd = hash_vernieuwd + 1 "
		 "WHERE id = %lld",
		 (long long)id_coord);
	harness_sql(sql);
	snprintf(sql, sizeof sql,
		 "UPDATE gebruikers SET wachtwoord_hash = wachtwoord_hash || 'x', hash_vernieuwd = hash_vernieuwd + 1 "
		 "WHERE id = %lld",
		 (long long)id_coord);
	harness_sql(sql);
	ck_assert_int_eq(bearer_status(token, "GET", "/api/v1/gebruikers/mij"), 200);
	snprintf(sql, sizeof sql, "UPDATE gebruikers SET wachtwoord_hash = wachtwoord_hash || 'y' WHERE id = %lld",
		 (long long)id_coord);
	harness_sql(sql);
	ck_assert_int_eq(bearer_status(token, "GET", "/api/v1/gebruikers/mij"), 401);
}
END_TEST

START_TEST(agenda_tokens_read_only_the_feed)
{
	struct hs_session s;
	login_ok("coord-a", &s);
	char agenda[80], api[80], path[160];
	make_token(&s, "agenda", agenda);
	make_token(&s, "api", api);

	/* the subscription URL works, as a URL and as a header */
	snprintf(path, sizeof path, "/api/v1/agenda.ics?token=%s", agenda);
	ck_assert_int_eq(plain_status(path), 200);
	ck_assert_int_eq(bearer_status(agenda, "GET", "/api/v1/agenda.ics"), 200);
	/* and opens nothing else */
	ck_assert_int_eq(bearer_status(agenda, "GET", "/api/v1/gebruikers/mij"), 401);
	ck_assert_int_eq(bearer_status(agenda, "GET", "/api/v1/gezinnen"), 401);
	ck_assert_int_eq(bearer_status(agenda, "GET", "/api/v1/api-tokens"), 401);
	ck_assert_int_eq(bearer_status(agenda, "POST", "/api/v1/api-tokens"), 401);
	snprintf(path, sizeof path, "/api/v1/gebruikers/mij?token=%s", agenda);
	ck_assert_int_eq(plain_status(path), 401);

	/* an ordinary token is not accepted in a URL, only as a header */
	snprintf(path, sizeof path, "/api/v1/agenda.ics?token=%s", api);
	ck_assert_int_eq(plain_status(path), 401);
	ck_assert_int_eq(bearer_status(api, "GET", "/api/v1/agenda.ics"), 200);

	/* the list says which kind each token is */
	struct http_response r;
	json_t *j = harness_call(&s, "GET", "/api/v1/api-tokens", NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	json_t *tokens = json_object_get(j, "apiTokens");
	ck_assert_uint_eq(json_array_size(tokens), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(tokens, 0), "soort")), "api");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(tokens, 1), "soort")), "agenda");
	json_decref(j);
	http_response_free(&r);

	/* a rapportage user has no agenda; an unknown kind is refused naming the field */
	struct hs_session rp;
	login_ok("rapport-a", &rp);
	j = harness_call(&rp, "POST", "/api/v1/api-tokens", "{\"naam\":\"x\",\"soort\":\"agenda\"}", 1, NULL, &r);
	json_t *p = harness_assert_problem(&r, 422);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(p, "invalidParams"), 0), "name")),
			 "/soort");
	json_decref(p);
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&s, "POST", "/api/v1/api-tokens", "{\"naam\":\"x\",\"soort\":\"alles\"}", 1, NULL, &r);
	p = harness_assert_problem(&r, 400);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(p, "invalidParams"), 0), "name")),
			 "/soort");
	json_decref(p);
	json_decref(j);
	http_response_free(&r);
}
END_TEST

START_TEST(beheerder_lists_and_revokes_any_users_tokens)
{
	struct hs_session c, b;
	login_ok("coord-a", &c);
	login_ok("beheer", &b);
	char token[80], own[80], path[96];
	int64_t tid = make_token(&c, "api", token);
	int64_t own_id = make_token(&b, "api", own);

	/* a coordinator sees and touches neither the user routes nor someone else's token */
	snprintf(path, sizeof path, "/api/v1/gebruikers/%lld/api-tokens", (long long)id_beheer);
	struct http_response r;
	json_t *j = harness_call(&c, "GET", path, NULL, 0, NULL, &r);
	json_decref(harness_assert_problem(&r, 403));
	json_decref(j);
	http_response_free(&r);
	snprintf(path, sizeof path, "/api/v1/gebruikers/%lld/api-tokens/%lld", (long long)id_beheer, (long long)own_id);
	j = harness_call(&c, "DELETE", path, NULL, 1, NULL, &r);
	json_decref(harness_assert_problem(&r, 403));
	json_decref(j);
	http_response_free(&r);
	snprintf(path, sizeof path, "/api/v1/api-tokens/%lld", (long long)own_id);
	j = harness_call(&c, "DELETE", path, NULL, 1, NULL, &r);
	json_decref(harness_assert_problem(&r, 404));
	json_decref(j);
	http_response_free(&r);
	ck_assert_int_eq(bearer_status(own, "GET", "/api/v1/gebruikers/mij"), 200);

	/* the beheerder lists the coordinator's tokens, without secrets */
	snprintf(path, sizeof path, "/api/v1/gebruikers/%lld/api-tokens", (long long)id_coord);
	j = harness_call(&b, "GET", path, NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_null(strstr(r.body, token));
	json_t *tokens = json_object_get(j, "apiTokens");
	ck_assert_uint_eq(json_array_size(tokens), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(tokens, 0), "id")), tid);
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&b, "GET", "/api/v1/gebruikers/999999/api-tokens", NULL, 0, NULL, &r);
	json_decref(harness_assert_problem(&r, 404));
	json_decref(j);
	http_response_free(&r);

	/* a token under the wrong user is not found; under the right one it is revoked */
	snprintf(path, sizeof path, "/api/v1/gebruikers/%lld/api-tokens/%lld", (long long)id_beheer, (long long)tid);
	j = harness_call(&b, "DELETE", path, NULL, 1, NULL, &r);
	json_decref(harness_assert_problem(&r, 404));
	json_decref(j);
	http_response_free(&r);
	ck_assert_int_eq(bearer_status(token, "GET", "/api/v1/gebruikers/mij"), 200);
	snprintf(path, sizeof path, "/api/v1/gebruikers/%lld/api-tokens/%lld", (long long)id_coord, (long long)tid);
	j = harness_call(&b, "DELETE", path, NULL, 1, NULL, &r);
	ck_assert_int_eq(r.status, 204);
	json_decref(j);
	http_response_free(&r);
	ck_assert_int_eq(bearer_status(token, "GET", "/api/v1/gebruikers/mij"), 401);
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE actie = 'intrekken' AND object_soort = 'api-token' "
		 "AND object_id = '%lld' AND gebruiker_id = %lld AND details = '{\"gebruiker\":%lld}'",
		 (long long)tid, (long long)id_beheer, (long long)id_coord);
	ck_assert_int_eq(harness_sql_int(sql), 1);
	/* the owner's list shows when it ended */
	j = harness_call(&c, "GET", "/api/v1/api-tokens", NULL, 0, NULL, &r);
	ck_assert_ptr_nonnull(json_object_get(json_array_get(json_object_get(j, "apiTokens"), 0), "ingetrokkenOp"));
	json_decref(j);
	http_response_free(&r);
}
END_TEST

static void prepare(void)
{
	harness_prepare_hash(); /* once, before the tests fork */
}

int main(void)
{
	Suite *s = suite_create("auth");
	TCase *tc = tcase_create("auth");
	tcase_add_unchecked_fixture(tc, prepare, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, routes_declare_access);
	tcase_add_test(tc, every_route_checks_access);
	tcase_add_test(tc, login_sets_a_strict_cookie);
	tcase_add_test(tc, current_session_and_logout);
	tcase_add_test(tc, wrong_logins_get_one_generic_answer);
	tcase_add_test(tc, brute_force_is_throttled);
	tcase_add_test(tc, csrf_required_for_session_writes);
	tcase_add_test(tc, expired_sessions_are_refused);
	tcase_add_test(tc, api_tokens_work_until_revoked);
	tcase_add_test(tc, users_are_managed_by_the_rules);
	tcase_add_test(tc, werkgebieden_managed_by_beheerder);
	tcase_add_test(tc, audit_log_chain_and_filters);
	tcase_add_test(tc, login_burst_is_bounded_and_server_stays_responsive);
	tcase_add_test(tc, parallel_guesses_at_one_account_verify_at_most_five);
	tcase_add_test(tc, parallel_guesses_from_one_address_verify_at_most_twenty);
	tcase_add_test(tc, made_up_names_lock_nobody_out);
	tcase_add_test(tc, forwarded_for_only_from_trusted_proxies);
	tcase_add_test(tc, tokens_die_with_password_role_and_disable);
	tcase_add_test(tc, agenda_tokens_read_only_the_feed);
	tcase_add_test(tc, beheerder_lists_and_revokes_any_users_tokens);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
