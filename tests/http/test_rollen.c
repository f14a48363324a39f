/*
 * test_rollen.c - roles as periods: a family asks for support and gives it
 * at the same time (vraaggezin + buddy, findable as a supporter while its
 * vraag stays); a role change keeps the vraag; a closed quarter's report
 * is byte-identical after a role change; a role does not end while its own
 * koppeling runs; bad input and another werkgebied's ids.
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
static char vog[11];

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_werkgebied("ZST");
	harness_user("coord-a", "coordinator", "AMS", 1);
	harness_user("coord-b", "coordinator", "ZST", 1);
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	ck_assert_int_eq(harness_login("coord-b", HS_PASSWORD, &cb), 201);
	kp_date_format(kp_date_add_months(kp_date_from_unix(kp_now()), -6), vog);
}

static void teardown(void)
{
	harness_stop();
}

/* A request as s; If-Match from a fresh GET of the gezin when gezin is not 0. Returns the status. */
static int call(struct hs_session *s, const char *method, const char *path, const char *body, json_t **out,
		int64_t gezin)
{
	char im[96] = "", gp[64];
	if (gezin) {
		snprintf(gp, sizeof gp, "/api/v1/gezinnen/%lld", (long long)gezin);
		harness_if_match(s, gp, im, sizeof im);
	}
	struct http_response r;
	json_t *j = harness_call(s, method, path, body, 1, gezin ? im : NULL, &r);
	int status = r.status;
	http_response_free(&r);
	if (out)
		*out = j;
	else
		json_decref(j);
	return status;
}

/* A vraaggezin in wg (gemeente Kampen), registered on aangemeld; returns its id. */
static int64_t vraaggezin(struct hs_session *s, const char *wg, const char *aangemeld)
{
	char body[1600];
	snprintf(body, sizeof body,
		 "{\"naam\":\"Gezin Vraag\",\"rol\":\"vraaggezin\",\"werkgebied\":\"%s\",\"aangemeldOp\":\"%s\","
		 "\"adres\":{\"plaats\":\"Kampen\",\"gemeente\":\"Kampen\"},"
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Moeder\",\"vogDatum\":\"%s\"},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Kind\",\"geboortedatum\":\"2019-01-01\"}],"
		 "\"vraag\":{\"tekst\":\"Even lucht\",\"themas\":[\"verhuizing\"],\"steunvormen\":[\"opvang-overdag\"]},"
		 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2025-01-01\",\"gegevenDoor\":\"Ouder\"},"
		 "{\"doel\":\"anonieme-rapportage\",\"gegevenOp\":\"2025-01-01\",\"gegevenDoor\":\"Ouder\"}]}",
		 wg, aangemeld, vog);
	json_t *j;
	int st = call(s, "POST", "/api/v1/gezinnen", body, &j, 0);
	ck_assert_msg(st == 201, "create: %d %s", st, j ? json_dumps(j, 0) : "");
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

static json_t *gezin(struct hs_session *s, int64_t id)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	json_t *j;
	ck_assert_int_eq(call(s, "GET", path, NULL, &j, 0), 200);
	return j;
}

/* True when problem j names pointer. */
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

/* The id of the running role rol of gezin g (0 when none). */
static int64_t rol_id(struct hs_session *s, int64_t g, const char *rol)
{
	json_t *j = gezin(s, g);
	int64_t id = 0;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(j, "rollen"), i, r) if (strcmp(json_string_value(json_object_get(r, "rol")), rol) == 0)
		id = json_integer_value(json_object_get(r, "id"));
	json_decref(j);
	return id;
}

#define AANBOD "\"aanbod\":{\"capaciteit\":1,\"steunvormen\":[\"opvang-overdag\"],\"ervaringsthemas\":[\"verhuizing\"]}"

START_TEST(asks_and_gives_at_once)
{
	int64_t v = vraaggezin(&ca, "AMS", "2026-01-05");
	int64_t other = vraaggezin(&ca, "AMS", "2026-01-06");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/rollen", (long long)v);
	json_t *j;
	ck_assert_int_eq(call(&ca, "POST", path, "{\"rol\":\"buddy\"," AANBOD "}", &j, v), 201);
	/* the vraag stays, the family has two running roles, the vraaggezin one primary */
	ck_assert_str_eq(json_string_value(json_object_get(j, "rol")), "vraaggezin");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "vraag"), "tekst")), "Even lucht");
	ck_assert_uint_eq(json_array_size(json_object_get(json_object_get(j, "vraag"), "themas")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "aanbod"), "capaciteit")), 1);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "rollen")), 2);
	json_decref(j);
	/* a second supporting role at the same time is refused */
	ck_assert_int_eq(call(&ca, "POST", path, "{\"rol\":\"steungezin\"," AANBOD "}", &j, v), 422);
	ck_assert(names(j, "/rol"));
	json_decref(j);
	/* the buddy role gets its own status; beschikbaar makes the family a candidate for another family */
	int64_t buddy = rol_id(&ca, v, "buddy");
	ck_assert_int_gt(buddy, 0);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/rollen/%lld", (long long)v, (long long)buddy);
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"status\":\"beschikbaar\"}", &j, v), 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "status")), "aangemeld"); /* the vraaggezin's own status */
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/suggesties?uitgeslotenTonen=true", (long long)other);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, 0), 200);
	bool found = false;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(j, "kandidaten"), i, e) if (json_integer_value(json_object_get(json_object_get(e, "gezin"), "id")) == v)
	{
		found = true;
		ck_assert_str_eq(json_string_value(json_object_get(json_object_get(e, "gezin"), "rol")), "buddy");
	}
	ck_assert_msg(found, "the family with a buddy role is not a candidate");
	json_decref(j);
	/* never its own candidate */
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/suggesties?uitgeslotenTonen=true", (long long)v);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, 0), 200);
	json_array_foreach(json_object_get(j, "kandidaten"), i, e)
		ck_assert_int_ne(json_integer_value(json_object_get(json_object_get(e, "gezin"), "id")), v);
	json_decref(j);
	/* ending the buddy role keeps the vraag and the aanbod, and the ended period its profile */
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/rollen/%lld", (long long)v, (long long)buddy);
	char t[16];
	kp_today(t);
	char body[64];
	snprintf(body, sizeof body, "{\"tot\":\"%s\"}", t);
	ck_assert_int_eq(call(&ca, "PATCH", path, body, &j, v), 200);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "rollen")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "vraag"), "tekst")), "Even lucht");
	bool snap = false;
	json_array_foreach(json_object_get(j, "rolGeschiedenis"), i, e) if (strcmp(json_string_value(json_object_get(e, "rol")), "buddy") == 0)
		snap = json_integer_value(json_object_get(json_object_get(json_object_get(e, "profiel"), "aanbod"), "capaciteit")) == 1;
	ck_assert(snap);
	json_decref(j);
	/* the last running role does not end */
	int64_t vr = rol_id(&ca, v, "vraaggezin");
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/rollen/%lld", (long long)v, (long long)vr);
	ck_assert_int_eq(call(&ca, "PATCH", path, body, &j, v), 422);
	ck_assert(names(j, "/tot"));
	json_decref(j);
	/* another werkgebied's coordinator: as unknown */
	ck_assert_int_eq(call(&cb, "PATCH", path, body, &j, 0), 428);
	json_decref(j);
	struct http_response r;
	json_decref(harness_call(&cb, "PATCH", path, body, 1, "If-Match: *\r\n", &r));
	ck_assert_int_eq(r.status, 404);
	http_response_free(&r);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/rollen", (long long)v);
	json_decref(harness_call(&cb, "POST", path, "{\"rol\":\"buddy\"," AANBOD "}", 1, "If-Match: *\r\n", &r));
	ck_assert_int_eq(r.status, 404);
	http_response_free(&r);
}
END_TEST

START_TEST(role_change_keeps_vraag)
{
	int64_t v = vraaggezin(&ca, "AMS", "2026-01-05");
	char path[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)v);
	json_t *j;
	/* stokje doorgeven: no "vraag": null needed, and the vraag is still there */
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"rol\":\"estafettegezin\"," AANBOD "}", &j, v), 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "rol")), "estafettegezin");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "vraag"), "tekst")), "Even lucht");
	ck_assert_uint_eq(json_array_size(json_object_get(json_object_get(j, "vraag"), "themas")), 1);
	json_t *h = json_object_get(j, "rolGeschiedenis");
	ck_assert_uint_eq(json_array_size(h), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(json_object_get(json_array_get(h, 0), "profiel"),
									   "vraag"),
						      "tekst")),
			 "Even lucht");
	json_decref(j);
}
END_TEST

/* GETs path as s and returns the raw body (malloc'ed). */
static char *raw(struct hs_session *s, const char *path, const char *accept)
{
	struct http_response r;
	json_decref(harness_call(s, "GET", path, NULL, 1, accept, &r));
	ck_assert_int_eq(r.status, 200);
	char *b = strdup(r.body);
	http_response_free(&r);
	return b;
}

START_TEST(closed_quarter_report_is_identical_after_role_change)
{
	int64_t v = vraaggezin(&ca, "AMS", "2025-08-01");
	const char *q = "/api/v1/overzichten/kwartaal?gemeente=Kampen&jaar=2025&kwartaal=3";
	char *json1 = raw(&ca, q, NULL), *csv1 = raw(&ca, q, "Accept: text/csv\r\n");
	json_t *j = json_loads(json1, 0, NULL);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "aanmeldingen")), 1);
	json_decref(j);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)v);
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"rol\":\"estafettegezin\"," AANBOD "}", NULL, v), 200);
	char *json2 = raw(&ca, q, NULL), *csv2 = raw(&ca, q, "Accept: text/csv\r\n");
	ck_assert_str_eq(json1, json2);
	ck_assert_str_eq(csv1, csv2);
	free(json1);
	free(json2);
	free(csv1);
	free(csv2);
}
END_TEST

START_TEST(role_does_not_end_while_its_koppeling_runs)
{
	int64_t v = vraaggezin(&ca, "AMS", "2026-01-05");
	char body[1200];
	snprintf(body, sizeof body,
		 "{\"naam\":\"Familie Steun\",\"rol\":\"steungezin\",\"werkgebied\":\"AMS\",\"status\":\"beschikbaar\","
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Piet\",\"vogDatum\":\"%s\"}],"
		 "\"aanbod\":{\"capaciteit\":1},"
		 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Piet\"}]}",
		 vog);
	json_t *j;
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/gezinnen", body, &j, 0), 201);
	int64_t s = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":1}", (long long)v, (long long)s);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/koppelingen", body, &j, 0), 201);
	json_decref(j);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)v);
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"rol\":\"buddy\"," AANBOD "}", &j, v), 422);
	ck_assert(names(j, "/rol"));
	json_decref(j);
	/* the supporter's role neither */
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)s);
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"rol\":\"buddy\"}", &j, s), 422);
	ck_assert(names(j, "/rol"));
	json_decref(j);
	/* adding a buddy role is fine, but ending the vraaggezin role through it is not */
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/rollen", (long long)v);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"rol\":\"buddy\"," AANBOD "}", NULL, v), 201);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/rollen/%lld", (long long)v, (long long)rol_id(&ca, v, "vraaggezin"));
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"tot\":\"2026-02-01\"}", &j, v), 422);
	ck_assert(names(j, "/tot"));
	json_decref(j);
	ck_assert_str_eq(json_string_value(json_object_get(j = gezin(&ca, v), "rol")), "vraaggezin");
	json_decref(j);
}
END_TEST

START_TEST(bad_input_names_the_field)
{
	int64_t v = vraaggezin(&ca, "AMS", "2026-01-05");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/rollen", (long long)v);
	json_t *j;
	ck_assert_int_eq(call(&ca, "POST", path, "{\"rol\":\"oppas\"}", &j, v), 400);
	ck_assert(names(j, "/rol"));
	json_decref(j);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"rol\":\"buddy\"}", &j, v), 400);
	ck_assert(names(j, "/aanbod"));
	json_decref(j);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"rol\":\"vraaggezin\",\"vraag\":{\"tekst\":\"x\"}}", &j, v), 422);
	ck_assert(names(j, "/rol"));
	json_decref(j);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"rol\":\"buddy\"," AANBOD "}", NULL, v), 201);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/rollen/%lld", (long long)v, (long long)rol_id(&ca, v, "buddy"));
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"status\":\"wachtend\"}", &j, v), 400);
	ck_assert(names(j, "/status"));
	json_decref(j);
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"tot\":\"2020-01-01\"}", &j, v), 400);
	ck_assert(names(j, "/tot"));
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gezin_rollen WHERE tot IS NOT NULL"), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rollen");
	TCase *tc = tcase_create("api");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, asks_and_gives_at_once);
	tcase_add_test(tc, role_change_keeps_vraag);
	tcase_add_test(tc, closed_quarter_report_is_identical_after_role_change);
	tcase_add_test(tc, role_does_not_end_while_its_koppeling_runs);
	tcase_add_test(tc, bad_input_names_the_field);
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
