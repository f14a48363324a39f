/*
 * test_document.c - the API answers as its OpenAPI document says, on the
 * points a response validator cannot see by itself: a 401 names a scheme
 * (WWW-Authenticate), also for a failed login; the Location of a new API
 * token answers; only openapi.json may be read from any origin; an Accept
 * the route cannot serve gets 406; every invalid field of a new user is
 * named at once; unknown values of ?lijst= and ?namen= are refused.
 * (tests/e2e/openapi-responses.mjs checks every logged response against
 * the document.)
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

static struct hs_session bh, ca;

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_user("beheer", "beheerder", NULL, 1);
	harness_user("coord-a", "coordinator", "AMS", 1);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &bh), 201);
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
}

static void teardown(void)
{
	harness_stop();
}

/* Sends GET path as s with header line hdr ("Name: value\r\n" or NULL); returns the status, the answer in *r. */
static int get(const struct hs_session *s, const char *path, const char *hdr, struct http_response *r)
{
	json_decref(harness_call(s, "GET", path, NULL, 0, hdr, r));
	return r->status;
}

/* Whether the problem in r names field in invalidParams. */
static int names_field(const struct http_response *r, const char *field)
{
	json_t *j = json_loads(r->body, 0, NULL);
	size_t i;
	json_t *p;
	int found = 0;
	json_array_foreach(json_object_get(j, "invalidParams"), i, p) {
		const char *name = json_string_value(json_object_get(p, "name"));
		found |= name && strcmp(name, field) == 0;
	}
	json_decref(j);
	return found;
}

START_TEST(failed_login_names_a_scheme)
{
	struct http_response r;
	json_decref(harness_call(NULL, "POST", "/api/v1/sessies",
				 "{\"gebruikersnaam\":\"beheer\",\"wachtwoord\":\"niet-het-goede-wachtwoord\"}", 0, NULL,
				 &r));
	json_decref(harness_assert_problem(&r, 401));
	char buf[128];
	ck_assert_ptr_nonnull(http_header(&r, "WWW-Authenticate", buf, sizeof buf));
	ck_assert_str_eq(buf, "Bearer realm=\"koppel\"");
	http_response_free(&r);

	/* and the 401 of a route without credentials, as before */
	ck_assert_int_eq(get(NULL, "/api/v1/gebruikers/mij", NULL, &r), 401);
	ck_assert_ptr_nonnull(http_header(&r, "WWW-Authenticate", buf, sizeof buf));
	http_response_free(&r);
}
END_TEST

START_TEST(new_token_location_answers)
{
	struct http_response r;
	json_t *j = harness_call(&ca, "POST", "/api/v1/api-tokens", "{\"naam\":\"Script\"}", 1, NULL, &r);
	ck_assert_int_eq(r.status, 201);
	char loc[128];
	ck_assert_ptr_nonnull(http_header(&r, "Location", loc, sizeof loc));
	json_int_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	http_response_free(&r);

	j = harness_call(&ca, "GET", loc, NULL, 0, NULL, &r);
	ck_assert_msg(r.status == 200, "GET %s: %d %s", loc, r.status, r.body);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "id")), id);
	ck_assert_str_eq(json_string_value(json_object_get(j, "naam")), "Script");
	ck_assert_ptr_null(json_object_get(j, "token")); /* the secret only in the POST's answer */
	json_decref(j);
	http_response_free(&r);

	/* another user's token is not there for the beheerder either */
	ck_assert_int_eq(get(&bh, loc, NULL, &r), 404);
	http_response_free(&r);
}
END_TEST

START_TEST(only_the_document_is_readable_from_anywhere)
{
	struct http_response r;
	char buf[16];
	ck_assert_int_eq(get(NULL, "/api/v1/openapi.json", NULL, &r), 200);
	ck_assert_ptr_nonnull(http_header(&r, "Access-Control-Allow-Origin", buf, sizeof buf));
	ck_assert_str_eq(buf, "*");
	char etag[64], inm[96];
	ck_assert_ptr_nonnull(http_header(&r, "ETag", etag, sizeof etag));
	http_response_free(&r);
	snprintf(inm, sizeof inm, "If-None-Match: %s\r\n", etag);
	ck_assert_int_eq(get(NULL, "/api/v1/openapi.json", inm, &r), 304);
	ck_assert_ptr_nonnull(http_header(&r, "Access-Control-Allow-Origin", buf, sizeof buf));
	http_response_free(&r);

	ck_assert_int_eq(get(NULL, "/api/v1/health", NULL, &r), 200);
	ck_assert_ptr_null(http_header(&r, "Access-Control-Allow-Origin", buf, sizeof buf));
	http_response_free(&r);
	ck_assert_int_eq(get(&bh, "/api/v1/gebruikers/mij", NULL, &r), 200);
	ck_assert_ptr_null(http_header(&r, "Access-Control-Allow-Origin", buf, sizeof buf));
	http_response_free(&r);
}
END_TEST

START_TEST(accept_the_route_cannot_serve_is_406)
{
	struct http_response r;
	/* a JSON route asked for CSV, or for everything but JSON */
	ck_assert_int_eq(get(&bh, "/api/v1/gebruikers/mij", "Accept: text/csv\r\n", &r), 406);
	json_t *j = harness_assert_problem(&r, 406);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(j, "detail")), "application/json"));
	json_decref(j);
	http_response_free(&r);
	ck_assert_int_eq(get(&bh, "/api/v1/gebruikers/mij", "Accept: application/json;q=0, text/html\r\n", &r), 406);
	http_response_free(&r);
	/* the calendar only as text/calendar */
	ck_assert_int_eq(get(&ca, "/api/v1/agenda.ics", "Accept: application/json\r\n", &r), 406);
	http_response_free(&r);

	/* what the route does serve, by name, range or wildcard, with parameters and q */
	static const char *const fine[] = {
		"Accept: application/json\r\n",
		"Accept: application/*\r\n",
		"Accept: */*\r\n",
		"Accept: text/html, application/json;q=0.5\r\n",
		"Accept: APPLICATION/JSON; charset=utf-8\r\n",
		"Accept: \r\n",
	};
	for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
		ck_assert_msg(get(&bh, "/api/v1/gebruikers/mij", fine[i], &r) == 200, "%s: %d", fine[i], r.status);
		http_response_free(&r);
	}
	ck_assert_int_eq(get(&ca, "/api/v1/agenda.ics", "Accept: text/calendar\r\n", &r), 200);
	http_response_free(&r);
	ck_assert_int_eq(get(&ca, "/api/v1/overzichten/caseload?lijst=wachtlijst", "Accept: text/csv\r\n", &r), 200);
	http_response_free(&r);
	ck_assert_int_eq(get(&ca, "/api/v1/overzichten/caseload", "Accept: application/json\r\n", &r), 200);
	http_response_free(&r);
}
END_TEST

START_TEST(every_invalid_field_of_a_new_user_is_named)
{
	struct http_response r;
	/* two fields the spec refuses, two that break the rules across fields */
	json_decref(harness_call(&bh, "POST", "/api/v1/gebruikers",
				 "{\"gebruikersnaam\":\"\",\"naam\":\"\",\"rol\":\"coordinator\",\"werkgebieden\":[],"
				 "\"wachtwoord\":\"kort\"}",
				 1, NULL, &r));
	json_decref(harness_assert_problem(&r, 400));
	ck_assert_msg(names_field(&r, "/gebruikersnaam"), "%s", r.body);
	ck_assert_msg(names_field(&r, "/naam"), "%s", r.body);
	ck_assert_msg(names_field(&r, "/werkgebieden"), "%s", r.body);
	ck_assert_msg(names_field(&r, "/wachtwoord"), "%s", r.body);
	http_response_free(&r);

	/* leidinggevende with rol rapportage, next to an invalid name */
	json_decref(harness_call(&bh, "POST", "/api/v1/gebruikers",
				 "{\"gebruikersnaam\":\"r1\",\"naam\":\"\",\"rol\":\"rapportage\",\"werkgebieden\":[\"AMS\"],"
				 "\"leidinggevende\":true,\"wachtwoord\":\"" HS_PASSWORD "-x\"}",
				 1, NULL, &r));
	json_decref(harness_assert_problem(&r, 400));
	ck_assert_msg(names_field(&r, "/naam") && names_field(&r, "/leidinggevende"), "%s", r.body);
	ck_assert_msg(!names_field(&r, "/wachtwoord") && !names_field(&r, "/werkgebieden"), "%s", r.body);
	http_response_free(&r);
}
END_TEST

START_TEST(unknown_query_values_are_refused)
{
	struct http_response r;
	ck_assert_int_eq(get(&ca, "/api/v1/overzichten/caseload?lijst=alles", NULL, &r), 400);
	ck_assert(names_field(&r, "lijst"));
	http_response_free(&r);
	ck_assert_int_eq(get(&ca, "/api/v1/overzichten/caseload?lijst=wachtlijst", NULL, &r), 200);
	http_response_free(&r);

	ck_assert_int_eq(get(&ca, "/api/v1/agenda.ics?namen=misschien", NULL, &r), 400);
	ck_assert(names_field(&r, "namen"));
	http_response_free(&r);
	ck_assert_int_eq(get(&ca, "/api/v1/agenda.ics?namen=nee", NULL, &r), 200);
	http_response_free(&r);
	ck_assert_int_eq(get(&ca, "/api/v1/agenda.ics?namen=ja", NULL, &r), 200);
	http_response_free(&r);
}
END_TEST

static Suite *document_suite(void)
{
	Suite *s = suite_create("document");
	TCase *tc = tcase_create("document");
	tcase_add_unchecked_fixture(tc, harness_prepare_hash, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, failed_login_names_a_scheme);
	tcase_add_test(tc, new_token_location_answers);
	tcase_add_test(tc, only_the_document_is_readable_from_anywhere);
	tcase_add_test(tc, accept_the_route_cannot_serve_is_406);
	tcase_add_test(tc, every_invalid_field_of_a_new_user_is_named);
	tcase_add_test(tc, unknown_query_values_are_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(document_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
