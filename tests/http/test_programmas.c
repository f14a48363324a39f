/*
 * test_programmas.c - programmes as records the beheerder manages: the six
 * defaults, create (201 + Location, every field named in a 400), edit with
 * If-Match (412 when stale), archive, delete only what was never used
 * (409 otherwise), audited writes; visibility: a coordinator sees only the
 * programmes offered in their werkgebieden, others answer as if they did
 * not exist, and a koppeling or match round can only use an offered,
 * not archived programme; a new werkgebied is offered nothing. And
 * migration 0009 writes to no table but the programmes' own.
 */
#include <check.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "embedded.h"
#include "harness.h"
#include "util.h"

static struct hs_session ca, cb, bh;

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
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &bh), 201);
}

static void teardown(void)
{
	harness_stop();
}

/* Sends a request as s; returns the status, *out the JSON (may be NULL), *hdrs a copy of the headers. */
static int call(struct hs_session *s, const char *method, const char *path, const char *body, json_t **out,
		const char *hdr, char **hdrs)
{
	struct http_response r;
	json_t *j = harness_call(s, method, path, body, 1, hdr, &r);
	int status = r.status;
	if (hdrs)
		*hdrs = strdup(r.head ? r.head : "");
	http_response_free(&r);
	if (out)
		*out = j;
	else
		json_decref(j);
	return status;
}

/* The names of the invalidParams of problem p, comma-separated, in order. */
static const char *param_names(json_t *p)
{
	static char buf[512];
	size_t used = 0, i;
	json_t *x;
	buf[0] = '\0';
	json_array_foreach(json_object_get(p, "invalidParams"), i, x) {
		int n = snprintf(buf + used, sizeof buf - used, "%s%s", used ? "," : "", json_string_value(json_object_get(x, "name")));
		if (n > 0 && (size_t)n < sizeof buf - used)
			used += (size_t)n;
	}
	return buf;
}

/* The programme named naam in list (GET /programmas), or NULL. */
static json_t *find(json_t *list, const char *naam)
{
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(list, "programmas"), i, x) if (strcmp(json_string_value(json_object_get(x, "naam")), naam) == 0) return x;
	return NULL;
}

/* Creates a programme as the beheerder, offered in werkgebieden (a JSON array text); returns its id. */
static int64_t create(const char *naam, const char *werkgebieden)
{
	char body[256];
	snprintf(body, sizeof body, "{\"naam\":\"%s\",\"rollen\":[\"steungezin\"],\"maxMaanden\":12,\"werkgebieden\":%s}", naam,
		 werkgebieden);
	json_t *j;
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/programmas", body, &j, NULL, NULL), 201);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

/* PATCH of programme id as the beheerder with the If-Match of its current version; returns the status. */
static int patch(int64_t id, const char *body, json_t **out)
{
	char path[64], im[64];
	snprintf(path, sizeof path, "/api/v1/programmas/%lld", (long long)id);
	harness_if_match(&bh, path, im, sizeof im);
	return call(&bh, "PATCH", path, body, out, im, NULL);
}

/* A gezin in werkgebied wg made through the API as s; returns its id. */
static int64_t make_gezin(struct hs_session *s, const char *rol, const char *wg)
{
	char body[1024];
	bool v = strcmp(rol, "vraaggezin") == 0;
	snprintf(body, sizeof body,
		 "{\"naam\":\"Gezin %s\",\"rol\":\"%s\",\"werkgebied\":\"%s\","
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\"}],\"%s\":%s,"
		 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"},"
		 "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]}",
		 rol, rol, wg, v ? "vraag" : "aanbod", v ? "{\"tekst\":\"Even lucht\"}" : "{\"capaciteit\":1}");
	json_t *j;
	ck_assert_int_eq(call(s, "POST", "/api/v1/gezinnen", body, &j, NULL, NULL), 201);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

START_TEST(six_defaults_with_their_settings)
{
	json_t *j;
	ck_assert_int_eq(call(&bh, "GET", "/api/v1/programmas", NULL, &j, NULL, NULL), 200);
	/* and Gezinscoach, whose supporter is a professional (schema 0027) */
	ck_assert_uint_eq(json_array_size(json_object_get(j, "programmas")), 7);
	ck_assert_str_eq(json_string_value(json_object_get(find(j, "Gezinscoach"), "steunSoort")), "professional");
	ck_assert_str_eq(json_string_value(json_object_get(find(j, "Buurtgezinnen"), "steunSoort")), "gezin");
	json_t *bg = find(j, "Buurtgezinnen"), *es = find(j, "Estafette"), *hst = find(j, "Home-Start"),
	       *mp = find(j, "Maatjesproject"), *mim = find(j, "Moeders Informeren Moeders");
	ck_assert_ptr_nonnull(find(j, "GezinsBuddy"));
	ck_assert_ptr_nonnull(bg);
	ck_assert_int_eq(json_integer_value(json_object_get(bg, "maxAfstandKm")), 10);
	ck_assert(json_is_null(json_object_get(es, "maxAfstandKm")));
	ck_assert_uint_eq(json_array_size(json_object_get(es, "vogVrijgesteldeRollen")), 0);
	ck_assert_ptr_nonnull(hst);
	ck_assert_int_eq(json_integer_value(json_object_get(hst, "proefMaanden")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(hst, "proefWeken")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(hst, "maxMaanden")), 12);
	ck_assert_int_eq(json_integer_value(json_object_get(hst, "evaluatieMaanden")), 6);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(hst, "rollen"), 0)), "steunmaatje");
	ck_assert_ptr_nonnull(mp);
	ck_assert_int_eq(json_integer_value(json_object_get(mp, "maxMaanden")), 12);
	ck_assert_int_eq(json_integer_value(json_object_get(mp, "evaluatieMaanden")), 3);
	ck_assert(json_is_true(json_object_get(mp, "verlengingToegestaan")));
	ck_assert_ptr_nonnull(mim);
	ck_assert_int_eq(json_integer_value(json_object_get(mim, "maxMaanden")), 18);
	ck_assert_int_eq(json_integer_value(json_object_get(mim, "evaluatieMaanden")), 1);
	ck_assert(json_is_true(json_object_get(mim, "voortgangsgesprekken")));
	/* each shows where it is offered (the harness werkgebieden stand for ones that existed before 0009) */
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(bg, "werkgebieden"), 0)), "AMS");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(bg, "werkgebieden"), 1)), "ZST");
	ck_assert(json_is_false(json_object_get(bg, "gearchiveerd")));
	json_decref(j);
}
END_TEST

START_TEST(create_with_field_errors_and_location)
{
	json_t *j;
	char *hdrs;
	/* every missing or wrong field is named at once */
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/programmas", "{\"bedenktijdDagen\":99,\"maxAfstandKm\":0}", &j, NULL, NULL), 400);
	const char *names = param_names(j);
	ck_assert_msg(strstr(names, "/naam") && strstr(names, "/rollen") && strstr(names, "/maxMaanden") &&
			      strstr(names, "/bedenktijdDagen") && strstr(names, "/maxAfstandKm"),
		      "%s", names);
	json_decref(j);
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/programmas",
			      "{\"naam\":\"X\",\"rollen\":[\"steungezin\"],\"maxMaanden\":12,\"vogVrijgesteldeRollen\":[\"vraaggezin\"]}",
			      &j, NULL, NULL),
			 400);
	ck_assert_str_eq(param_names(j), "/vogVrijgesteldeRollen");
	json_decref(j);
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/programmas",
			      "{\"naam\":\"X\",\"rollen\":[\"steungezin\"],\"maxMaanden\":12,\"werkgebieden\":[\"AMS\",\"NERGENS\"]}", &j,
			      NULL, NULL),
			 400);
	ck_assert_str_eq(param_names(j), "/werkgebieden/1");
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM programmas WHERE naam = 'X'"), 0); /* rolled back */
	/* only the beheerder creates */
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/programmas", "{\"naam\":\"X\",\"rollen\":[\"steungezin\"],\"maxMaanden\":12}",
			      NULL, NULL, NULL),
			 403);
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/programmas",
			      "{\"naam\":\"Home-Start Leiden\",\"rollen\":[\"steunmaatje\"],\"maxMaanden\":12,\"proefMaanden\":0,"
			      "\"evaluatieMaanden\":6,\"maxAfstandKm\":15,\"vogVrijgesteldeRollen\":[\"estafettegezin\"],"
			      "\"werkgebieden\":[\"AMS\"],\"gewichten\":{\"afstand\":40}}",
			      &j, NULL, &hdrs),
			 201);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	char loc[80];
	snprintf(loc, sizeof loc, "Location: /api/v1/programmas/%lld", (long long)id);
	ck_assert_msg(strstr(hdrs, loc) != NULL, "%s", hdrs);
	ck_assert_msg(strstr(hdrs, "ETag: \"1\"") != NULL, "%s", hdrs);
	free(hdrs);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "bedenktijdDagen")), 7); /* the default */
	ck_assert_int_eq(json_integer_value(json_object_get(j, "vogGeldigheidMaanden")), 36);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "maxAfstandKm")), 15);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "gewichten"), "afstand")), 40);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(j, "werkgebieden"), 0)), "AMS");
	json_decref(j);
	/* the old flag follows the list for readers not yet moved to it */
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT estafette_vog_vrijgesteld FROM programmas WHERE id = %lld", (long long)id);
	ck_assert_int_eq(harness_sql_int(sql), 1);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'aanmaken' AND object_soort = 'programma'"), 1);
	/* a name is unique */
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/programmas", "{\"naam\":\"Home-Start Leiden\",\"rollen\":[\"buddy\"],\"maxMaanden\":3}",
			      NULL, NULL, NULL),
			 409);
}
END_TEST

START_TEST(edit_with_if_match_and_archive)
{
	int64_t id = create("Maatjes Noord", "[\"AMS\"]");
	char path[64], body[64];
	snprintf(path, sizeof path, "/api/v1/programmas/%lld", (long long)id);
	json_t *j;
	ck_assert_int_eq(call(&bh, "PATCH", path, "{\"maxMaanden\":18}", NULL, NULL, NULL), 428);
	ck_assert_int_eq(call(&bh, "PATCH", path, "{\"maxMaanden\":18}", NULL, "If-Match: \"1\"\r\n", NULL), 200);
	/* the version moved on: the old tag is stale */
	ck_assert_int_eq(call(&bh, "PATCH", path, "{\"maxMaanden\":6}", &j, "If-Match: \"1\"\r\n", NULL), 412);
	json_decref(j);
	ck_assert_int_eq(patch(id, "{\"maxMaanden\":200,\"rollen\":[],\"werkgebieden\":[\"??\"]}", &j), 400);
	ck_assert_msg(strstr(param_names(j), "/maxMaanden") != NULL, "%s", param_names(j));
	json_decref(j);
	ck_assert_int_eq(patch(id, "{\"werkgebieden\":[\"ZST\",\"AMS\"],\"maxAfstandKm\":12,\"vogVrijgesteldeRollen\":[\"steungezin\"],"
				   "\"verlengingToegestaan\":true}",
			       &j),
			 200);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "werkgebieden")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "maxMaanden")), 18);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "maxAfstandKm")), 12);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(j, "vogVrijgesteldeRollen"), 0)), "steungezin");
	json_decref(j);
	/* null clears the distance limit; the werkgebieden stay when not named */
	ck_assert_int_eq(patch(id, "{\"maxAfstandKm\":null}", &j), 200);
	ck_assert(json_is_null(json_object_get(j, "maxAfstandKm")));
	ck_assert_uint_eq(json_array_size(json_object_get(j, "werkgebieden")), 2);
	json_decref(j);
	ck_assert_int_eq(call(&cb, "GET", path, NULL, NULL, NULL, NULL), 200);
	/* archived: gone for coordinators, listed for the beheerder only on request */
	ck_assert_int_eq(patch(id, "{\"gearchiveerd\":true}", NULL), 200);
	ck_assert_int_eq(call(&cb, "GET", path, NULL, NULL, NULL, NULL), 404);
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/programmas?gearchiveerd=true", NULL, &j, NULL, NULL), 200);
	ck_assert_ptr_null(find(j, "Maatjes Noord"));
	json_decref(j);
	ck_assert_int_eq(call(&bh, "GET", "/api/v1/programmas", NULL, &j, NULL, NULL), 200);
	ck_assert_ptr_null(find(j, "Maatjes Noord"));
	json_decref(j);
	ck_assert_int_eq(call(&bh, "GET", "/api/v1/programmas?gearchiveerd=true", NULL, &j, NULL, NULL), 200);
	ck_assert(json_is_true(json_object_get(find(j, "Maatjes Noord"), "gearchiveerd")));
	json_decref(j);
	ck_assert_int_eq(call(&bh, "GET", "/api/v1/programmas?gearchiveerd=ja", NULL, NULL, NULL, NULL), 400);
	ck_assert_int_eq(call(&bh, "GET", path, NULL, NULL, NULL, NULL), 200);
	/* a coordinator cannot change a programme */
	snprintf(body, sizeof body, "{\"gearchiveerd\":false}");
	ck_assert_int_eq(call(&ca, "PATCH", path, body, NULL, "If-Match: \"6\"\r\n", NULL), 403);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'wijzigen' AND object_soort = 'programma'"), 4);
}
END_TEST

START_TEST(delete_only_what_was_never_used)
{
	int64_t id = create("Proef", "[\"AMS\"]");
	char path[64];
	snprintf(path, sizeof path, "/api/v1/programmas/%lld", (long long)id);
	ck_assert_int_eq(call(&ca, "DELETE", path, NULL, NULL, NULL, NULL), 403);
	ck_assert_int_eq(call(&bh, "DELETE", path, NULL, NULL, NULL, NULL), 204);
	ck_assert_int_eq(call(&bh, "GET", path, NULL, NULL, NULL, NULL), 404);
	ck_assert_int_eq(call(&bh, "DELETE", path, NULL, NULL, NULL, NULL), 404);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM werkgebied_programmas WHERE programma_id NOT IN (SELECT id FROM programmas)"), 0);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'verwijderen' AND object_soort = 'programma'"), 1);
	/* a programme a match round used stays: archive it */
	int64_t used = create("Gebruikt", "[\"AMS\"]");
	char body[96];
	snprintf(body, sizeof body, "{\"werkgebied\":\"AMS\",\"programma\":%lld}", (long long)used);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/matchrondes", body, NULL, NULL, NULL), 201);
	snprintf(path, sizeof path, "/api/v1/programmas/%lld", (long long)used);
	json_t *j;
	ck_assert_int_eq(call(&bh, "DELETE", path, NULL, &j, NULL, NULL), 409);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(j, "detail")), "archiveer het"));
	json_decref(j);
	/* and one a koppeling used */
	make_gezin(&ca, "vraaggezin", "AMS");
	make_gezin(&ca, "steungezin", "AMS");
	harness_sql("INSERT INTO koppelingen(vraaggezin_id, steungezin_id, programma_id, werkgebied_id, fase, voorgesteld_op, "
		    "aangemaakt_op, gewijzigd_op) SELECT v.id, s.id, 1, v.werkgebied_id, 'voorstel', '2026-01-01', "
		    "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM gezinnen v, gezinnen s "
		    "WHERE v.rol = 'vraaggezin' AND s.rol = 'steungezin'");
	ck_assert_int_eq(call(&bh, "DELETE", "/api/v1/programmas/1", NULL, NULL, NULL, NULL), 409);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM programmas WHERE id IN (1, 2)"), 2);
	/* one never used goes */
	ck_assert_int_eq(call(&bh, "DELETE", "/api/v1/programmas/2", NULL, NULL, NULL, NULL), 204);
}
END_TEST

START_TEST(a_coordinator_sees_and_uses_only_the_programmes_of_their_werkgebieden)
{
	int64_t id = create("Alleen Zeist", "[\"ZST\"]");
	char path[64], missing[64];
	snprintf(path, sizeof path, "/api/v1/programmas/%lld", (long long)id);
	snprintf(missing, sizeof missing, "/api/v1/programmas/%lld", (long long)id + 1000);
	json_t *j, *k;
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/programmas", NULL, &j, NULL, NULL), 200);
	ck_assert_ptr_null(find(j, "Alleen Zeist"));
	ck_assert_ptr_nonnull(find(j, "Buurtgezinnen"));
	json_decref(j);
	/* another werkgebied's programme answers exactly like one that does not exist */
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL, NULL), 404);
	ck_assert_int_eq(call(&ca, "GET", missing, NULL, &k, NULL, NULL), 404);
	ck_assert(json_equal(j, k));
	json_decref(j);
	json_decref(k);
	ck_assert_int_eq(call(&cb, "GET", path, NULL, NULL, NULL, NULL), 200);
	ck_assert_int_eq(call(&cb, "GET", "/api/v1/programmas", NULL, &j, NULL, NULL), 200);
	ck_assert_ptr_nonnull(find(j, "Alleen Zeist"));
	json_decref(j);
	ck_assert_int_eq(call(&bh, "GET", path, NULL, NULL, NULL, NULL), 200);

	/* a koppeling: the same 400 as an unknown programme, naming programma */
	int64_t v = make_gezin(&ca, "vraaggezin", "AMS"), s = make_gezin(&ca, "steungezin", "AMS");
	char body[160];
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":%lld}", (long long)v, (long long)s,
		 (long long)id);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/koppelingen", body, &j, NULL, NULL), 400);
	ck_assert_str_eq(param_names(j), "/programma");
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":%lld}", (long long)v, (long long)s,
		 (long long)id + 1000);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/koppelingen", body, &k, NULL, NULL), 400);
	ck_assert(json_equal(j, k));
	json_decref(j);
	json_decref(k);
	/* even the beheerder cannot link in a werkgebied the programme is not offered in */
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":%lld}", (long long)v, (long long)s,
		 (long long)id);
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/koppelingen", body, &j, NULL, NULL), 400);
	ck_assert_str_eq(param_names(j), "/programma");
	json_decref(j);
	/* a match round likewise */
	snprintf(body, sizeof body, "{\"werkgebied\":\"AMS\",\"programma\":%lld}", (long long)id);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/matchrondes", body, &j, NULL, NULL), 400);
	ck_assert_str_eq(param_names(j), "/programma");
	json_decref(j);

	/* offered in AMS too: the programme check passes (the next rule speaks: the supporter is not beschikbaar) */
	ck_assert_int_eq(patch(id, "{\"werkgebieden\":[\"AMS\",\"ZST\"]}", NULL), 200);
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":%lld}", (long long)v, (long long)s,
		 (long long)id);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/koppelingen", body, &j, NULL, NULL), 422);
	ck_assert_str_eq(param_names(j), "/steungezin");
	json_decref(j);
	snprintf(body, sizeof body, "{\"werkgebied\":\"AMS\",\"programma\":%lld}", (long long)id);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/matchrondes", body, NULL, NULL, NULL), 201);
	/* archived: refused again, like an unknown one */
	ck_assert_int_eq(patch(id, "{\"gearchiveerd\":true}", NULL), 200);
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":%lld}", (long long)v, (long long)s,
		 (long long)id);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/koppelingen", body, &j, NULL, NULL), 400);
	ck_assert_str_eq(param_names(j), "/programma");
	json_decref(j);
	snprintf(body, sizeof body, "{\"werkgebied\":\"AMS\",\"programma\":%lld}", (long long)id);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/matchrondes", body, &j, NULL, NULL), 400);
	ck_assert_str_eq(param_names(j), "/programma");
	json_decref(j);
}
END_TEST

START_TEST(a_new_werkgebied_is_offered_nothing)
{
	json_t *j;
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/werkgebieden", "{\"code\":\"LEI\",\"naam\":\"Leiden\"}", NULL, NULL, NULL), 201);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM werkgebied_programmas wp JOIN werkgebieden w ON w.id = wp.werkgebied_id "
					 "WHERE w.code = 'LEI'"),
			 0);
	harness_user("coord-l", "coordinator", "LEI", 1);
	struct hs_session cl;
	ck_assert_int_eq(harness_login("coord-l", HS_PASSWORD, &cl), 201);
	ck_assert_int_eq(call(&cl, "GET", "/api/v1/programmas", NULL, &j, NULL, NULL), 200);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "programmas")), 0);
	json_decref(j);
	/* until the beheerder offers one there */
	ck_assert_int_eq(patch(4, "{\"werkgebieden\":[\"LEI\"]}", NULL), 200);
	ck_assert_int_eq(call(&cl, "GET", "/api/v1/programmas", NULL, &j, NULL, NULL), 200);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "programmas")), 1);
	ck_assert_ptr_nonnull(find(j, "Home-Start"));
	json_decref(j);
}
END_TEST

/* --- migration 0009 ---------------------------------------------------------------- */

static char touched[1024];

/* Authorizer: records every write to a table other than the programmes' own. */
static int watch_writes(void *arg, int action, const char *a, const char *b, const char *db, const char *trigger)
{
	(void)arg, (void)db, (void)trigger;
	const char *table = NULL;
	if (action == SQLITE_INSERT || action == SQLITE_UPDATE || action == SQLITE_DELETE || action == SQLITE_DROP_TABLE)
		table = a;
	else if (action == SQLITE_ALTER_TABLE || action == SQLITE_CREATE_INDEX || action == SQLITE_CREATE_TRIGGER)
		table = b;
	if (table && strcmp(table, "programmas") != 0 && strcmp(table, "werkgebied_programmas") != 0 &&
	    strncmp(table, "sqlite_", 7) != 0 && !strstr(touched, table)) {
		size_t used = strlen(touched);
		snprintf(touched + used, sizeof touched - used, "%s ", table);
	}
	return SQLITE_OK;
}

/* Runs migrations 1..upto (inclusive, 1-based) on h. */
static void migrate_to(sqlite3 *h, int from, int upto)
{
	for (int i = from; i < upto; i++) {
		char *err = NULL;
		ck_assert_msg(sqlite3_exec(h, kp_migrations[i].sql, NULL, NULL, &err) == SQLITE_OK, "%s: %s", kp_migrations[i].name,
			      err ? err : "");
	}
}

START_TEST(migration_offers_what_existed_and_touches_no_koppeling)
{
	int at = -1;
	for (int i = 0; i < kp_migrations_count; i++)
		if (strcmp(kp_migrations[i].name, "0009-programmas.sql") == 0)
			at = i;
	ck_assert_int_ge(at, 0);
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(":memory:", &h), SQLITE_OK);
	migrate_to(h, 0, at);
	/* a database as it was: a werkgebied, and Estafette's VOG exemption switched on */
	ck_assert_int_eq(sqlite3_exec(h,
				      "INSERT INTO werkgebieden(code, naam, aangemaakt_op, gewijzigd_op) VALUES "
				      "('OUD', 'Oud', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');"
				      "UPDATE programmas SET estafette_vog_vrijgesteld = 1 WHERE naam = 'Estafette';",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	touched[0] = '\0';
	ck_assert_int_eq(sqlite3_set_authorizer(h, watch_writes, NULL), SQLITE_OK);
	migrate_to(h, at, at + 1);
	ck_assert_int_eq(sqlite3_set_authorizer(h, NULL, NULL), SQLITE_OK);
	/* it writes nothing but the programmes and where they are offered: no koppeling, no evaluation, no date */
	ck_assert_msg(touched[0] == '\0', "migration 0009 writes to: %s", touched);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(h,
					    "SELECT (SELECT group_concat(p.naam, ',') FROM (SELECT p.naam FROM werkgebied_programmas wp "
					    "JOIN programmas p ON p.id = wp.programma_id ORDER BY p.id) p), "
					    "(SELECT vog_vrijgestelde_rollen FROM programmas WHERE naam = 'Estafette'), "
					    "(SELECT count(*) FROM programmas), (SELECT max_afstand_km FROM programmas WHERE naam = 'Buurtgezinnen')",
					    -1, &st, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "Buurtgezinnen,GezinsBuddy,Estafette");
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 1), "[\"estafettegezin\"]");
	ck_assert_int_eq(sqlite3_column_int(st, 2), 6);
	ck_assert_int_eq(sqlite3_column_int(st, 3), 10);
	sqlite3_finalize(st);
	sqlite3_close(h);
}
END_TEST

static void prepare(void)
{
	harness_prepare_hash();
}

int main(void)
{
	Suite *s = suite_create("programmas");
	TCase *tc = tcase_create("programmas");
	tcase_add_unchecked_fixture(tc, prepare, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, six_defaults_with_their_settings);
	tcase_add_test(tc, create_with_field_errors_and_location);
	tcase_add_test(tc, edit_with_if_match_and_archive);
	tcase_add_test(tc, delete_only_what_was_never_used);
	tcase_add_test(tc, a_coordinator_sees_and_uses_only_the_programmes_of_their_werkgebieden);
	tcase_add_test(tc, a_new_werkgebied_is_offered_nothing);
	tcase_add_test(tc, migration_offers_what_existed_and_touches_no_koppeling);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
