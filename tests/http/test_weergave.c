/*
 * test_weergave.c - what people read instead of codes: the session answer
 * says the server's idle timeout (so the web app warns on time whatever
 * session_idle_timeout is), people are named by their name next to their
 * login name, and CSV exports have Dutch headers and values in words.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "harness.h"

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_user("coord-a", "coordinator", "AMS", 1);
}

static void teardown(void)
{
	harness_stop();
}

/* Asserts the idle fields of a session answer: idle seconds and the margin. */
static void assert_idle(json_t *j, json_int_t idle, json_int_t marge)
{
	ck_assert(json_is_integer(json_object_get(j, "inactiefNaSeconden")));
	ck_assert_int_eq(json_integer_value(json_object_get(j, "inactiefNaSeconden")), idle);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "inactiefMargeSeconden")), marge);
}

START_TEST(session_says_its_idle_timeout)
{
	/* a short configured timeout, as an operator may set it */
	hs.cfg.session_idle_timeout = 120;
	struct http_response r;
	json_t *j = harness_call(NULL, "POST", "/api/v1/sessies",
				 "{\"gebruikersnaam\":\"coord-a\",\"wachtwoord\":\"" HS_PASSWORD "\"}", 0, NULL, &r);
	ck_assert_int_eq(r.status, 201);
	assert_idle(j, 120, KP_TOUCH_EVERY);
	json_decref(j);
	http_response_free(&r);

	hs.cfg.session_idle_timeout = 90;
	struct hs_session s;
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &s), 201);
	j = harness_call(&s, "GET", "/api/v1/sessies/huidig", NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	assert_idle(j, 90, KP_TOUCH_EVERY);
	json_decref(j);
	http_response_free(&r);

	/* the default: half an hour */
	hs.cfg.session_idle_timeout = 1800;
	j = harness_call(&s, "GET", "/api/v1/sessies/huidig", NULL, 0, NULL, &r);
	assert_idle(j, 1800, KP_TOUCH_EVERY);
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
	Suite *s = suite_create("weergave");
	TCase *tc = tcase_create("weergave");
	tcase_add_unchecked_fixture(tc, prepare, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, session_says_its_idle_timeout);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
