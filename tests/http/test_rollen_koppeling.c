/*
 * test_rollen_koppeling.c - a family that asks and gives at once can be
 * linked as a supporter: a vraaggezin with a running buddy role is proposed
 * as buddy for another family, walks to lopend and to the end; its own
 * vraag and vraaggezin status stay as they were while its buddy role's
 * status (and history) goes to gekoppeld and back; its own koppeling as a
 * vraaggezin ends on its own count; it is never linked to itself, by hand
 * or by a match round.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "harness.h"
#include "util.h"

static struct hs_session ca;
static char vog[11];

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_user("coord-a", "coordinator", "AMS", 1);
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	kp_date_format(kp_date_add_months(kp_date_from_unix(kp_now()), -6), vog);
}

static void teardown(void)
{
	harness_stop();
}

/* A request as coord-a; If-Match from a fresh GET of the gezin when gezin is not 0. Returns the status. */
static int call(const char *method, const char *path, const char *body, json_t **out, int64_t gezin)
{
	char im[96] = "", gp[64];
	if (gezin) {
		snprintf(gp, sizeof gp, "/api/v1/gezinnen/%lld", (long long)gezin);
		harness_if_match(&ca, gp, im, sizeof im);
	}
	struct http_response r;
	json_t *j = harness_call(&ca, method, path, body, 1, gezin ? im : NULL, &r);
	int status = r.status;
	http_response_free(&r);
	if (out)
		*out = j;
	else
		json_decref(j);
	return status;
}

/* A gezin in AMS with role rol (vraaggezin or steungezin) who agreed to share contact details; returns its id. */
static int64_t gezin_maken(const char *naam, const char *rol)
{
	bool vraag = strcmp(rol, "vraaggezin") == 0;
	char body[1600];
	snprintf(body, sizeof body,
		 "{\"naam\":\"%s\",\"rol\":\"%s\",\"werkgebied\":\"AMS\",\"aangemeldOp\":\"2026-01-05\","
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Moeder\",\"vogDatum\":\"%s\"}%s],%s,"
		 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"},"
		 "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]}",
		 naam, rol, vog, vraag ? ",{\"soort\":\"kind\",\"voornaam\":\"Kind\",\"geboortedatum\":\"2019-01-01\"}" : "",
		 vraag ? "\"vraag\":{\"tekst\":\"Even lucht\",\"themas\":[\"verhuizing\"],\"steunvormen\":[\"opvang-overdag\"]}"
		       : "\"aanbod\":{\"capaciteit\":1}");
	json_t *j;
	int st = call("POST", "/api/v1/gezinnen", body, &j, 0);
	ck_assert_msg(st == 201, "create: %d", st);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

static json_t *gezin(int64_t id)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	json_t *j;
	ck_assert_int_eq(call("GET", path, NULL, &j, 0), 200);
	return j;
}

/* Sets gezin id's primary status. */
static void status_zetten(int64_t id, const char *status)
{
	char path[64], body[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	snprintf(body, sizeof body, "{\"status\":\"%s\"}", status);
	ck_assert_int_eq(call("PATCH", path, body, NULL, id), 200);
}

/* Gives vraaggezin v a running buddy role and makes that role beschikbaar. */
static void buddy_rol(int64_t v)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/rollen", (long long)v);
	ck_assert_int_eq(call("POST", path, "{\"rol\":\"buddy\",\"aanbod\":{\"capaciteit\":1,\"steunvormen\":[\"opvang-overdag\"]}}",
			      NULL, v),
			 201);
	json_t *j = gezin(v);
	int64_t rid = 0;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(j, "rollen"), i, r) if (strcmp(json_string_value(json_object_get(r, "rol")), "buddy") == 0)
		rid = json_integer_value(json_object_get(r, "id"));
	json_decref(j);
	ck_assert_int_gt(rid, 0);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/rollen/%lld", (long long)v, (long long)rid);
	ck_assert_int_eq(call("PATCH", path, "{\"status\":\"beschikbaar\"}", NULL, v), 200);
}

/* The status of gezin id's running role rol, into a static buffer ("" when none). */
static const char *rol_status(int64_t id, const char *rol)
{
	static char buf[32];
	buf[0] = '\0';
	json_t *j = gezin(id);
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(j, "rollen"), i, r) if (strcmp(json_string_value(json_object_get(r, "rol")), rol) == 0)
		snprintf(buf, sizeof buf, "%s", json_string_value(json_object_get(r, "status")));
	json_decref(j);
	return buf;
}

/* The primary status of gezin id, into a static buffer. */
static const char *status_van(int64_t id)
{
	static char buf[32];
	json_t *j = gezin(id);
	snprintf(buf, sizeof buf, "%s", json_string_value(json_object_get(j, "status")));
	json_decref(j);
	return buf;
}

/* The statuses of gezin id's history in role rol, oldest first, comma-separated (static buffer). */
static const char *historie(int64_t id, const char *rol)
{
	static char buf[256];
	buf[0] = '\0';
	json_t *j = gezin(id);
	size_t i, used = 0;
	json_t *e;
	json_array_foreach(json_object_get(j, "statusGeschiedenis"), i, e) if (strcmp(json_string_value(json_object_get(e, "rol")), rol) == 0)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", used ? "," : "",
					 json_string_value(json_object_get(e, "status")));
	json_decref(j);
	return buf;
}

static int voorstellen(int64_t v, int64_t s, int64_t programma, int64_t *id, json_t **out)
{
	char body[128];
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":%lld}", (long long)v, (long long)s,
		 (long long)programma);
	json_t *j;
	int status = call("POST", "/api/v1/koppelingen", body, &j, 0);
	if (id)
		*id = json_integer_value(json_object_get(j, "id"));
	if (out)
		*out = j;
	else
		json_decref(j);
	return status;
}

/* POSTs body to koppeling k's sub-resource sub with the If-Match of its current version; asserts 201. */
static void onder(int64_t k, const char *sub, const char *body)
{
	char path[96], kpath[64], im[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/%s", (long long)k, sub);
	snprintf(kpath, sizeof kpath, "/api/v1/koppelingen/%lld", (long long)k);
	harness_koppeling_if_match(&ca, kpath, im, sizeof im);
	struct http_response r;
	json_t *j = harness_call(&ca, "POST", path, body, 1, im, &r);
	int status = r.status;
	http_response_free(&r);
	ck_assert_msg(status == 201, "%s %s: %d %s", sub, body, status, json_string_value(json_object_get(j, "detail")));
	json_decref(j);
}

/* Moves koppeling k as body says; asserts 201. */
static void fase(int64_t k, const char *body)
{
	onder(k, "faseovergangen", body);
}

/* True when problem j names pointer. */
static bool noemt(const json_t *j, const char *pointer)
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

/* The vraag text of gezin id (static buffer). */
static const char *vraag_tekst(int64_t id)
{
	static char buf[64];
	json_t *j = gezin(id);
	snprintf(buf, sizeof buf, "%s", json_string_value(json_object_get(json_object_get(j, "vraag"), "tekst")));
	json_decref(j);
	return buf;
}

START_TEST(buddy_role_linked_to_the_end)
{
	int64_t v = gezin_maken("Gezin Moeder", "vraaggezin"), other = gezin_maken("Gezin Ander", "vraaggezin");
	status_zetten(v, "wachtend");
	status_zetten(other, "wachtend");
	buddy_rol(v);
	ck_assert_str_eq(historie(v, "vraaggezin"), "aangemeld,wachtend");
	/* proposed as buddy for another family in GezinsBuddy (programme 2) */
	int64_t k;
	json_t *j;
	int st = voorstellen(other, v, 2, &k, &j);
	ck_assert_msg(st == 201, "propose: %d %s", st, json_string_value(json_object_get(j, "detail")));
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "steungezin"), "rol")), "buddy");
	json_decref(j);
	char lijst[64];
	snprintf(lijst, sizeof lijst, "/api/v1/koppelingen?gezin=%lld", (long long)v);
	ck_assert_int_eq(call("GET", lijst, NULL, &j, 0), 200);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "koppelingen")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(
				 json_object_get(json_array_get(json_object_get(j, "koppelingen"), 0), "steungezin"), "rol")),
			 "buddy");
	json_decref(j);
	/* kennismaking: the buddy role (capacity 1) is gekoppeld, the family's own status stays wachtend */
	fase(k, "{\"naar\":\"kennismaking\"}");
	ck_assert_str_eq(rol_status(v, "buddy"), "gekoppeld");
	ck_assert_str_eq(status_van(v), "wachtend");
	ck_assert_str_eq(rol_status(v, "vraaggezin"), "wachtend");
	ck_assert_str_eq(status_van(other), "gekoppeld");
	/* full as a buddy: not proposed to a third family */
	int64_t third = gezin_maken("Gezin Derde", "vraaggezin");
	status_zetten(third, "wachtend");
	ck_assert_int_eq(voorstellen(third, v, 2, NULL, &j), 422);
	ck_assert(noemt(j, "/steungezin"));
	json_decref(j);
	/* to lopend and to the end */
	onder(k, "afspraken", "{\"frequentie\":\"elke woensdagmiddag\"}");
	fase(k, "{\"naar\":\"contract\"}");
	fase(k, "{\"naar\":\"lopend\"}");
	ck_assert_str_eq(rol_status(v, "buddy"), "gekoppeld");
	ck_assert_str_eq(status_van(v), "wachtend");
	fase(k, "{\"naar\":\"afronding\"}");
	ck_assert_str_eq(rol_status(v, "buddy"), "beschikbaar");
	ck_assert_str_eq(status_van(v), "wachtend");
	ck_assert_str_eq(status_van(other), "afgerond");
	/* its own vraag and vraaggezin history are untouched; the buddy role's history shows gekoppeld and back */
	ck_assert_str_eq(vraag_tekst(v), "Even lucht");
	ck_assert_str_eq(historie(v, "vraaggezin"), "aangemeld,wachtend");
	ck_assert_str_eq(historie(v, "buddy"), "aangemeld,beschikbaar,gekoppeld,beschikbaar");
	/* and the family can be proposed as a buddy again */
	ck_assert_int_eq(voorstellen(third, v, 2, NULL, NULL), 201);
}
END_TEST

START_TEST(own_koppeling_counts_only_its_own_side)
{
	/* the family is a buddy for another family and is itself supported by a steungezin */
	int64_t v = gezin_maken("Gezin Moeder", "vraaggezin"), other = gezin_maken("Gezin Ander", "vraaggezin");
	int64_t s = gezin_maken("Familie Steun", "steungezin");
	status_zetten(v, "wachtend");
	status_zetten(other, "wachtend");
	status_zetten(s, "beschikbaar");
	buddy_rol(v);
	/* supported first; its own koppeling does not fill its place as a buddy */
	int64_t als_buddy, eigen;
	ck_assert_int_eq(voorstellen(v, s, 2, &eigen, NULL), 422); /* GezinsBuddy takes no steungezin */
	ck_assert_int_eq(voorstellen(v, s, 1, &eigen, NULL), 201);
	fase(eigen, "{\"naar\":\"kennismaking\"}");
	ck_assert_str_eq(status_van(v), "gekoppeld");
	ck_assert_str_eq(rol_status(v, "buddy"), "beschikbaar");
	json_t *j;
	int st = voorstellen(other, v, 2, &als_buddy, &j);
	ck_assert_msg(st == 201, "propose: %d %s", st, json_string_value(json_object_get(j, "detail")));
	json_decref(j);
	fase(als_buddy, "{\"naar\":\"kennismaking\"}");
	ck_assert_str_eq(status_van(v), "gekoppeld");
	ck_assert_str_eq(rol_status(v, "buddy"), "gekoppeld");
	/* its own koppeling stops while its buddy koppeling runs: it waits again, still a buddy */
	fase(eigen, "{\"naar\":\"gestopt\",\"reden\":\"geen-klik\"}");
	ck_assert_str_eq(status_van(v), "wachtend");
	ck_assert_str_eq(rol_status(v, "buddy"), "gekoppeld");
	ck_assert_str_eq(status_van(s), "beschikbaar");
	/* the buddy koppeling stops: the buddy role is beschikbaar again, the vraaggezin still waits */
	fase(als_buddy, "{\"naar\":\"gestopt\",\"reden\":\"geen-klik\"}");
	ck_assert_str_eq(rol_status(v, "buddy"), "beschikbaar");
	ck_assert_str_eq(status_van(v), "wachtend");
	ck_assert_str_eq(status_van(other), "wachtend");
}
END_TEST

START_TEST(never_linked_to_itself)
{
	int64_t v = gezin_maken("Gezin Moeder", "vraaggezin");
	status_zetten(v, "wachtend");
	buddy_rol(v);
	json_t *j;
	ck_assert_int_eq(voorstellen(v, v, 2, NULL, &j), 422);
	ck_assert(noemt(j, "/steungezin"));
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(j, "detail")), "zichzelf"));
	json_decref(j);
	/* a vraaggezin without a supporting role is still no supporter */
	int64_t w = gezin_maken("Gezin Zonder", "vraaggezin");
	status_zetten(w, "wachtend");
	ck_assert_int_eq(voorstellen(v, w, 2, NULL, &j), 422);
	ck_assert(noemt(j, "/steungezin"));
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM koppelingen"), 0);
}
END_TEST

START_TEST(match_round_never_pairs_it_with_itself)
{
	/* the family waits and is a beschikbaar buddy; it waits longest, so the round looks at it first */
	int64_t v = gezin_maken("Gezin Moeder", "vraaggezin");
	status_zetten(v, "wachtend");
	buddy_rol(v);
	json_t *j;
	ck_assert_int_eq(call("POST", "/api/v1/matchrondes", "{\"werkgebied\":\"AMS\",\"programma\":2}", &j, 0), 201);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "voorstellen")), 0);
	json_t *z = json_array_get(json_object_get(j, "zonderVoorstel"), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(z, "vraaggezin"), "id")), v);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(z, "reden")), "zelf"));
	json_decref(j);
	/* with another waiting family, the buddy is proposed to that family and never to itself */
	int64_t other = gezin_maken("Gezin Ander", "vraaggezin");
	status_zetten(other, "wachtend");
	ck_assert_int_eq(call("POST", "/api/v1/matchrondes", "{\"werkgebied\":\"AMS\",\"programma\":2}", &j, 0), 201);
	json_t *vs = json_object_get(j, "voorstellen");
	ck_assert_uint_eq(json_array_size(vs), 1);
	size_t i;
	json_t *e;
	json_array_foreach(vs, i, e)
	{
		ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(e, "vraaggezin"), "id")), other);
		ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(e, "steungezin"), "id")), v);
	}
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM matchvoorstellen WHERE vraaggezin_id = steungezin_id"), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rollen_koppeling");
	TCase *tc = tcase_create("api");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, buddy_role_linked_to_the_end);
	tcase_add_test(tc, own_koppeling_counts_only_its_own_side);
	tcase_add_test(tc, never_linked_to_itself);
	tcase_add_test(tc, match_round_never_pairs_it_with_itself);
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
