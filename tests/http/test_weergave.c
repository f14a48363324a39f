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
	/* the harness names a user by the login name; a person has a name of their own */
	harness_sql("UPDATE gebruikers SET naam = 'Anna de Vries' WHERE gebruikersnaam = 'coord-a'");
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	kp_date_format(kp_date_add_months(kp_date_from_unix(kp_now()), -6), vog);
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

/* Sends a request as coord-a; returns the status, *out the JSON (may be NULL). */
static int call(const char *method, const char *path, const char *body, json_t **out, const char *hdr)
{
	char im[96];
	if (!hdr && strcmp(method, "GET") != 0 && strstr(path, "/koppelingen/") && strchr(strstr(path, "/koppelingen/") + 13, '/'))
		hdr = harness_koppeling_if_match(&ca, path, im, sizeof im);
	struct http_response r;
	json_t *j = harness_call(&ca, method, path, body, 1, hdr, &r);
	int status = r.status;
	http_response_free(&r);
	if (out)
		*out = j;
	else
		json_decref(j);
	return status;
}

/* Registers a gezin with role rol in AMS (an adult with a VOG, a child) and sets its status; returns its id. */
static int64_t make_gezin(const char *rol, const char *status)
{
	bool v = strcmp(rol, "vraaggezin") == 0;
	char body[1024];
	snprintf(body, sizeof body,
		 "{\"naam\":\"Gezin %s\",\"rol\":\"%s\",\"werkgebied\":\"AMS\","
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\",\"vogDatum\":\"%s\"},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Kind\",\"geboortedatum\":\"2019-01-01\"}],"
		 "\"%s\":%s,"
		 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"},"
		 "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]}",
		 rol, rol, vog, v ? "vraag" : "aanbod", v ? "{\"tekst\":\"Even lucht\"}" : "{\"capaciteit\":1}");
	json_t *j;
	ck_assert_int_eq(call("POST", "/api/v1/gezinnen", body, &j, NULL), 201);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	char path[64], hdr[48];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	ck_assert_int_eq(call("GET", path, NULL, &j, NULL), 200);
	snprintf(hdr, sizeof hdr, "If-Match: \"%lld\"\r\n", (long long)json_integer_value(json_object_get(j, "versie")));
	json_decref(j);
	snprintf(body, sizeof body, "{\"status\":\"%s\"}", status);
	ck_assert_int_eq(call("PATCH", path, body, NULL, hdr), 200);
	return id;
}

/* Asserts that object o names coord-a by login (door) and by name (doorNaam). */
static void assert_named(json_t *o, const char *what)
{
	ck_assert_msg(json_is_object(o), "%s: no entry", what);
	ck_assert_msg(strcmp(json_string_value(json_object_get(o, "door")) ? json_string_value(json_object_get(o, "door")) : "",
			     "coord-a") == 0, "%s: door is not the login name", what);
	const char *naam = json_string_value(json_object_get(o, "doorNaam"));
	ck_assert_msg(naam && strcmp(naam, "Anna de Vries") == 0, "%s: doorNaam is %s", what, naam ? naam : "(none)");
}

/* The body of a CSV export of caseload list lijst (without BOM), as a new string. */
static char *caseload_csv(const char *lijst)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/overzichten/caseload?lijst=%s", lijst);
	struct http_response r;
	json_t *j = harness_call(&ca, "GET", path, NULL, 0, "Accept: text/csv\r\n", &r);
	json_decref(j);
	ck_assert_int_eq(r.status, 200);
	ck_assert(r.body_len >= 3 && memcmp(r.body, "\xEF\xBB\xBF", 3) == 0);
	char *text = strndup(r.body + 3, r.body_len - 3);
	http_response_free(&r);
	ck_assert_ptr_nonnull(text);
	return text;
}

START_TEST(people_by_name_next_to_their_login)
{
	int64_t v = make_gezin("vraaggezin", "wachtend");
	int64_t s = make_gezin("steungezin", "beschikbaar");
	json_t *j, *x;
	char path[128], body[256];

	/* status history */
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)v);
	ck_assert_int_eq(call("GET", path, NULL, &j, NULL), 200);
	x = json_object_get(j, "statusGeschiedenis");
	assert_named(json_array_get(x, json_array_size(x) - 1), "statusGeschiedenis");
	json_decref(j);

	/* logboek, and the zorgsignaal in the list of open ones */
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/logboek", (long long)v);
	ck_assert_int_eq(call("POST", path, "{\"soort\":\"zorgsignaal\",\"tekst\":\"Moeder is uitgeput.\"}", NULL, NULL), 201);
	ck_assert_int_eq(call("GET", path, NULL, &j, NULL), 200);
	assert_named(json_array_get(json_object_get(j, "regels"), 0), "logboek");
	json_decref(j);
	ck_assert_int_eq(call("GET", "/api/v1/zorgsignalen", NULL, &j, NULL), 200);
	assert_named(json_array_get(json_object_get(j, "zorgsignalen"), 0), "zorgsignaal");
	json_decref(j);

	/* a match round, in the list of rounds too */
	ck_assert_int_eq(call("POST", "/api/v1/matchrondes", "{\"werkgebied\":\"AMS\",\"programma\":1}", &j, NULL), 201);
	assert_named(j, "matchronde");
	json_decref(j);
	ck_assert_int_eq(call("GET", "/api/v1/matchrondes", NULL, &j, NULL), 200);
	assert_named(json_array_get(json_object_get(j, "matchrondes"), 0), "matchrondes");
	json_decref(j);

	/* an exclusion */
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/uitsluitingen", (long long)v);
	snprintf(body, sizeof body, "{\"steungezin\":%lld,\"reden\":\"Kennen elkaar van school\"}", (long long)s);
	ck_assert_int_eq(call("POST", path, body, &j, NULL), 201);
	assert_named(json_array_get(json_object_get(j, "uitsluitingen"), 0), "uitsluiting");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/uitsluitingen/%lld", (long long)v,
		 (long long)harness_sql_int("SELECT max(id) FROM uitsluitingen"));
	ck_assert_int_eq(call("DELETE", path, NULL, NULL, NULL), 204);

	/* a koppeling's phase moves */
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":1}", (long long)v, (long long)s);
	ck_assert_int_eq(call("POST", "/api/v1/koppelingen", body, &j, NULL), 201);
	int64_t k = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/faseovergangen", (long long)k);
	ck_assert_int_eq(call("POST", path, "{\"naar\":\"kennismaking\"}", &j, NULL), 201);
	x = json_object_get(j, "faseovergangen");
	assert_named(json_array_get(x, json_array_size(x) - 1), "faseovergangen");
	json_decref(j);
}
END_TEST

START_TEST(caseload_csv_in_words)
{
	make_gezin("vraaggezin", "wachtend");
	make_gezin("steunmaatje", "beschikbaar");
	char *csv = caseload_csv("wachtlijst");
	static const char kop[] = "Gezinsnummer;Naam;Status;Werkgebied;Aangemeld op;Wachtdagen;Urgentie;Contactpersoon;"
				  "Laatst geïnformeerd op;Aandacht\r\n";
	ck_assert_msg(strncmp(csv, kop, sizeof kop - 1) == 0, "%s", csv);
	ck_assert_msg(strstr(csv, ";Gezin vraaggezin;Wachtend op koppeling;AMS;") != NULL, "%s", csv);
	ck_assert_msg(strstr(csv, ";Normaal;;;Geen contactpersoon\r\n") != NULL, "%s", csv); /* urgency and flag in words */
	ck_assert_ptr_null(strstr(csv, ";wachtend;"));
	free(csv);
	csv = caseload_csv("beschikbaar");
	ck_assert_msg(strncmp(csv, "Gezinsnummer;Naam;Rol;Werkgebied;Capaciteit;Vrije plaatsen\r\n", 60) == 0, "%s", csv);
	ck_assert_msg(strstr(csv, ";Gezin steunmaatje;Steunmaatje;AMS;1;1\r\n") != NULL, "%s", csv);
	free(csv);
	csv = caseload_csv("vog-verloopt");
	ck_assert_msg(strncmp(csv, "Gezinsnummer;Naam;Lid;VOG-datum\r\n", 33) == 0, "%s", csv);
	free(csv);
	/* the JSON keeps the codes */
	json_t *j;
	ck_assert_int_eq(call("GET", "/api/v1/overzichten/caseload", NULL, &j, NULL), 200);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(j, "wachtlijst"), 0), "status")),
			 "wachtend");
	json_decref(j);
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
	tcase_add_test(tc, people_by_name_next_to_their_login);
	tcase_add_test(tc, caseload_csv_in_words);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
