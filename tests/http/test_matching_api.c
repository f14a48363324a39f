/*
 * test_matching_api.c - matching through the API: ranked and explained
 * suggestions within the coordinator's werkgebied, hard rules shown as
 * reasons (not available, a pair that stopped before, excluded by hand),
 * a match round whose proposals are accepted (a koppeling in voorstel) or
 * rejected, and programme weights.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "harness.h"
#include "util.h"

static struct hs_session ca, cb, beheer;
static char vog[11];

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_werkgebied("ZST");
	harness_user("coord-a", "coordinator", "AMS", 1);
	harness_user("coord-b", "coordinator", "ZST", 1);
	harness_user("beheer", "beheerder", NULL, 1);
	harness_sql("INSERT INTO postcodes VALUES (1015, 'Amsterdam', 52.378, 4.883), (1102, 'Amsterdam', 52.31, 4.97), "
		    "(1501, 'Zaandam', 52.44, 4.82)");
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	ck_assert_int_eq(harness_login("coord-b", HS_PASSWORD, &cb), 201);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &beheer), 201);
	kp_date_format(kp_date_add_months(kp_date_from_unix(kp_now()), -6), vog);
}

static void teardown(void)
{
	harness_stop();
}

static int call(struct hs_session *s, const char *method, const char *path, const char *body, json_t **out, const char *hdr)
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

/* A gezin; side vraag or aanbod; status set afterwards when not NULL. */
static int64_t gezin(struct hs_session *s, const char *naam, const char *wg, const char *postcode, bool vraag, const char *status)
{
	char body[2048];
	snprintf(body, sizeof body,
		 "{\"naam\":\"%s\",\"rol\":\"%s\",\"werkgebied\":\"%s\",\"adres\":{\"postcode\":\"%s\"},"
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\",\"vogDatum\":%s%s%s},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Kind\",\"geboortedatum\":\"2019-06-01\",\"steunVoor\":%s}],"
		 "%s,\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"},"
		 "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]%s}",
		 naam, vraag ? "vraaggezin" : "steungezin", wg, postcode, vraag ? "" : "\"", vraag ? "null" : vog, vraag ? "" : "\"",
		 vraag ? "true" : "false",
		 vraag ? "\"vraag\":{\"tekst\":\"Even lucht\",\"steunvormen\":[\"opvang-overdag\"],\"dagdelen\":[\"wo-middag\"],"
			 "\"wensen\":{\"nietRoken\":true}}"
		       : "\"aanbod\":{\"capaciteit\":1,\"steunvormen\":[\"opvang-overdag\"],\"dagdelen\":[\"wo-middag\"],"
			 "\"leeftijdVan\":0,\"leeftijdTot\":12,\"rookt\":false}",
		 status ? ",\"status\":\"" : "");
	if (status) { /* close the status member */
		size_t n = strlen(body);
		snprintf(body + n - 1, sizeof body - n + 1, "%s\"}", status);
	}
	json_t *j;
	int rc = call(s, "POST", "/api/v1/gezinnen", body, &j, NULL);
	ck_assert_msg(rc == 201, "gezin %s: %d %s", naam, rc, json_dumps(j, 0));
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

START_TEST(suggestions_ranked_and_explained)
{
	int64_t v = gezin(&ca, "Gezin Vraag", "AMS", "1015 AB", true, "wachtend");
	int64_t near = gezin(&ca, "Gezin Dichtbij", "AMS", "1015 CD", false, "beschikbaar");
	int64_t far = gezin(&ca, "Gezin Verder", "AMS", "1102 AA", false, "beschikbaar");
	int64_t busy = gezin(&ca, "Gezin Screening", "AMS", "1015 EF", false, "screening");
	gezin(&cb, "Gezin Elders", "ZST", "1501 AA", false, "beschikbaar");
	char path[128];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/suggesties?programma=1&uitgeslotenTonen=true", (long long)v);
	json_t *j;
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	json_t *k = json_object_get(j, "kandidaten");
	ck_assert_uint_eq(json_array_size(k), 2); /* the other werkgebied never shows */
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(json_array_get(k, 0), "gezin"), "id")), near);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(json_array_get(k, 1), "gezin"), "id")), far);
	ck_assert_int_gt(json_integer_value(json_object_get(json_array_get(k, 0), "score")),
			 json_integer_value(json_object_get(json_array_get(k, 1), "score")));
	json_t *crit = json_object_get(json_array_get(k, 0), "criteria");
	ck_assert_uint_eq(json_array_size(crit), 10);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(crit, 0), "zin")), "Woont op 0,0 km.");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(json_array_get(crit, 2), "zin")), "woensdag middag"));
	json_t *u = json_object_get(j, "uitgesloten");
	ck_assert_uint_eq(json_array_size(u), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(json_array_get(u, 0), "gezin"), "id")), busy);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(json_array_get(u, 0), "redenen"), 0)), "Niet beschikbaar.");
	json_decref(j);
	/* deterministic */
	char *first = NULL;
	for (int i = 0; i < 2; i++) {
		struct http_response r;
		json_t *x = harness_call(&ca, "GET", path, NULL, 0, NULL, &r);
		if (!first)
			first = strdup(r.body);
		else
			ck_assert_str_eq(first, r.body);
		json_decref(x);
		http_response_free(&r);
	}
	free(first);
	/* manual exclusion, then lifted */
	char body[128];
	snprintf(body, sizeof body, "{\"steungezin\":%lld,\"reden\":\"Kennen elkaar van school\"}", (long long)near);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/uitsluitingen", (long long)v);
	ck_assert_int_eq(call(&ca, "POST", path, body, &j, NULL), 201);
	int64_t uid = json_integer_value(json_object_get(json_array_get(json_object_get(j, "uitsluitingen"), 0), "id"));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/suggesties?programma=1&uitgeslotenTonen=true", (long long)v);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "kandidaten")), 1);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "uitgesloten")), 2);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/uitsluitingen/%lld", (long long)v, (long long)uid);
	ck_assert_int_eq(call(&ca, "DELETE", path, NULL, NULL, NULL), 204);
	/* a pair that stopped is excluded for good */
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":1}", (long long)v, (long long)near);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/koppelingen", body, &j, NULL), 201);
	int64_t kid = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/faseovergangen", (long long)kid);
	char im[96];
	ck_assert_int_eq(call(&ca, "POST", path, "{\"naar\":\"gestopt\",\"reden\":\"geen-klik\"}", NULL,
			      harness_koppeling_if_match(&ca, path, im, sizeof im)), 201);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/suggesties?uitgeslotenTonen=true", (long long)v);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	bool found = false;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(j, "uitgesloten"), i, e) if (json_integer_value(json_object_get(json_object_get(e, "gezin"), "id")) == near)
		found = strstr(json_string_value(json_array_get(json_object_get(e, "redenen"), 0)), "gestopt") != NULL;
	ck_assert(found);
	json_decref(j);
	/* another werkgebied's coordinator cannot ask */
	ck_assert_int_eq(call(&cb, "GET", path, NULL, NULL, NULL), 404);
	ck_assert_int_ge(harness_sql_int("SELECT count(*) FROM audit_log WHERE object_soort = 'suggesties'"), 4);
}
END_TEST

START_TEST(match_round)
{
	int64_t v1 = gezin(&ca, "Gezin Een", "AMS", "1015 AB", true, "wachtend");
	gezin(&ca, "Gezin Twee", "AMS", "1102 AB", true, "wachtend");
	gezin(&ca, "Gezin Drie", "AMS", "1015 AC", true, "intake"); /* not waiting: not in the round */
	gezin(&ca, "Steun Een", "AMS", "1015 CD", false, "beschikbaar");
	gezin(&ca, "Steun Twee", "AMS", "1102 CD", false, "beschikbaar");
	json_t *j;
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/matchrondes", "{\"werkgebied\":\"ZST\",\"programma\":1}", NULL, NULL), 400);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/matchrondes", "{\"werkgebied\":\"AMS\",\"programma\":1}", &j, NULL), 201);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "vraaggezinnen")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "steungezinnen")), 2);
	ck_assert_int_ge(json_integer_value(json_object_get(j, "totaalOptimaal")), json_integer_value(json_object_get(j, "totaalGreedy")));
	json_t *vs = json_object_get(j, "voorstellen");
	ck_assert_uint_eq(json_array_size(vs), 2);
	int64_t ronde = json_integer_value(json_object_get(j, "id"));
	int64_t accept = 0, reject = 0;
	size_t i;
	json_t *e;
	json_array_foreach(vs, i, e)
	{
		ck_assert_str_eq(json_string_value(json_object_get(e, "status")), "open");
		if (json_integer_value(json_object_get(json_object_get(e, "vraaggezin"), "id")) == v1)
			accept = json_integer_value(json_object_get(e, "id"));
		else
			reject = json_integer_value(json_object_get(e, "id"));
	}
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM koppelingen"), 0); /* nothing linked by itself */
	char path[128];
	snprintf(path, sizeof path, "/api/v1/matchrondes/%lld/voorstellen/%lld/besluit", (long long)ronde, (long long)accept);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"besluit\":\"accepteren\"}", &j, NULL), 200);
	json_decref(j);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"besluit\":\"afwijzen\"}", NULL, NULL), 409);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM koppelingen WHERE fase = 'voorstel'"), 1);
	snprintf(path, sizeof path, "/api/v1/matchrondes/%lld/voorstellen/%lld/besluit", (long long)ronde, (long long)reject);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"besluit\":\"afwijzen\"}", &j, NULL), 200);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/matchrondes/%lld", (long long)ronde);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	json_array_foreach(json_object_get(j, "voorstellen"), i, e) ck_assert_str_ne(json_string_value(json_object_get(e, "status")), "open");
	json_decref(j);
	ck_assert_int_eq(call(&cb, "GET", path, NULL, NULL, NULL), 404);
}
END_TEST

START_TEST(programme_weights)
{
	json_t *j;
	ck_assert_int_eq(call(&beheer, "GET", "/api/v1/programmas/3", NULL, &j, NULL), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "gewichten"), "ervaring")), 30); /* estafette */
	json_decref(j);
	ck_assert_int_eq(call(&beheer, "PATCH", "/api/v1/programmas/1", "{\"gewichten\":{\"afstand\":0},\"wachttijdPrioriteit\":25}", &j,
			      "If-Match: \"1\"\r\n"),
			 200);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "gewichten"), "afstand")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "gewichten"), "steunvormen")), 20);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "wachttijdPrioriteit")), 25);
	json_decref(j);
	ck_assert_int_eq(call(&beheer, "PATCH", "/api/v1/programmas/1", "{\"gewichten\":{\"afstand\":101}}", NULL, "If-Match: \"2\"\r\n"), 400);
	ck_assert_int_eq(call(&beheer, "PATCH", "/api/v1/programmas/1", "{\"gewichten\":{\"schoenmaat\":1}}", NULL, "If-Match: \"2\"\r\n"), 400);
}
END_TEST

/* --- the programme's hard rules, alike for status, suggestions, rounds and linking (regels.c) ------------- */

/* A supporting gezin of AMS with role rol and the given leden (a JSON array); status aangemeld. */
static int64_t steun(const char *naam, const char *rol, const char *leden)
{
	char body[2048];
	snprintf(body, sizeof body,
		 "{\"naam\":\"%s\",\"rol\":\"%s\",\"werkgebied\":\"AMS\",\"adres\":{\"postcode\":\"1015 CD\"},\"leden\":%s,"
		 "\"aanbod\":{\"capaciteit\":1,\"steunvormen\":[\"opvang-overdag\"],\"dagdelen\":[\"wo-middag\"],"
		 "\"leeftijdVan\":0,\"leeftijdTot\":12},"
		 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"},"
		 "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]}",
		 naam, rol, leden);
	json_t *j;
	int rc = call(&ca, "POST", "/api/v1/gezinnen", body, &j, NULL);
	ck_assert_msg(rc == 201, "gezin %s: %d", naam, rc);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

/* PATCHes gezin id with body (If-Match from a fresh GET); returns the status, *out the answer when not NULL. */
static int patch_gezin(int64_t id, const char *body, json_t **out)
{
	char path[64], im[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	return call(&ca, "PATCH", path, body, out, harness_if_match(&ca, path, im, sizeof im));
}

/* The first invalidParams reason of a problem. */
static const char *first_reason(const json_t *p)
{
	return json_string_value(json_object_get(json_array_get(json_object_get(p, "invalidParams"), 0), "reason"));
}

/* True when the suggestions of vraaggezin v under programma list candidate id. */
static bool suggested(int64_t v, int64_t programma, int64_t id)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/suggesties?programma=%lld", (long long)v, (long long)programma);
	json_t *j;
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	bool found = false;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(j, "kandidaten"), i, e) found |=
		json_integer_value(json_object_get(json_object_get(e, "gezin"), "id")) == id;
	json_decref(j);
	return found;
}

/* The names in a gezin's beschikbaarVoor, comma-separated, into buf. */
static const char *beschikbaar_voor(int64_t id, char *buf, size_t len)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	json_t *j;
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	buf[0] = '\0';
	size_t i, used = 0;
	json_t *e;
	json_array_foreach(json_object_get(j, "beschikbaarVoor"), i, e)
	{
		int k = snprintf(buf + used, len - used, "%s%s", used ? "," : "", json_string_value(json_object_get(e, "naam")));
		if (k > 0 && (size_t)k < len - used)
			used += (size_t)k;
	}
	json_decref(j);
	return buf;
}

START_TEST(estafette_exemption_everywhere)
{
	int64_t estafette = harness_sql_int("SELECT id FROM programmas WHERE naam = 'Estafette'");
	int64_t buurt = harness_sql_int("SELECT id FROM programmas WHERE naam = 'Buurtgezinnen'");
	harness_sql("UPDATE programmas SET vog_vrijgestelde_rollen = '[\"estafettegezin\"]' WHERE naam = 'Estafette'");
	int64_t v = gezin(&ca, "Gezin Start", "AMS", "1015 AB", true, "wachtend");
	int64_t e = steun("Gezin Estafette", "estafettegezin",
			  "[{\"soort\":\"volwassene\",\"voornaam\":\"Els\",\"geboortedatum\":\"1985-03-01\"}]");
	/* no VOG, exempt in Estafette: beschikbaar */
	json_t *j;
	ck_assert_int_eq(patch_gezin(e, "{\"status\":\"beschikbaar\"}", &j), 200);
	json_decref(j);
	char buf[256];
	ck_assert_str_eq(beschikbaar_voor(e, buf, sizeof buf), "Estafette");
	/* suggested and proposed in a round under Estafette */
	ck_assert(suggested(v, estafette, e));
	char body[160];
	snprintf(body, sizeof body, "{\"werkgebied\":\"AMS\",\"programma\":%lld}", (long long)estafette);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/matchrondes", body, &j, NULL), 201);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "steungezinnen")), 1);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "voorstellen")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(json_array_get(json_object_get(j, "voorstellen"), 0),
									  "steungezin"), "id")), e);
	json_decref(j);
	/* linked in Estafette, not in Buurtgezinnen (which does not work with relay families) */
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":%lld}", (long long)v, (long long)e,
		 (long long)buurt);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/koppelingen", body, &j, NULL), 422);
	ck_assert_str_eq(first_reason(j), "Dit programma werkt niet met deze soort steunbiedend gezin.");
	json_decref(j);
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":%lld}", (long long)v, (long long)e,
		 (long long)estafette);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/koppelingen", body, &j, NULL), 201);
	json_decref(j);
	/* without the exemption the same family cannot become beschikbaar, and the reason names the member */
	int64_t e2 = steun("Gezin Estafette Twee", "estafettegezin",
			   "[{\"soort\":\"volwassene\",\"voornaam\":\"Eva\",\"achternaam\":\"Smit\",\"geboortedatum\":\"1985-03-01\"}]");
	harness_sql("UPDATE programmas SET vog_vrijgestelde_rollen = '[]' WHERE naam = 'Estafette'");
	ck_assert_int_eq(patch_gezin(e2, "{\"status\":\"beschikbaar\"}", &j), 422);
	ck_assert_ptr_nonnull(strstr(first_reason(j), "Eva Smit"));
	json_decref(j);
}
END_TEST

START_TEST(member_entered_as_kind_of_18_needs_vog)
{
	struct kp_date today = kp_date_from_unix(kp_now());
	char adult[11], soon[11], vog_body[1024], body[1400];
	kp_date_format(kp_date_add_months(today, -(18 * 12 + 6)), adult);   /* 18 and a half */
	kp_date_format(kp_date_add_months(kp_date_add_days(today, 20), -18 * 12), soon); /* 18 in 20 days */
	snprintf(body, sizeof body,
		 "[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\",\"geboortedatum\":\"1980-01-01\",\"vogDatum\":\"%s\"},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Daan\",\"geboortedatum\":\"%s\"},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Mila\",\"geboortedatum\":\"%s\"}]",
		 vog, adult, soon);
	int64_t s = steun("Gezin Groot", "steungezin", body);
	int64_t v = gezin(&ca, "Gezin Wacht", "AMS", "1015 AB", true, "wachtend");
	json_t *j;
	ck_assert_int_eq(patch_gezin(s, "{\"status\":\"beschikbaar\"}", &j), 422);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(j, "invalidParams"), 0), "name")), "/status");
	ck_assert_ptr_nonnull(strstr(first_reason(j), "Daan"));
	ck_assert_ptr_null(strstr(first_reason(j), "Mila"));
	json_decref(j);
	/* the member turning 18 soon is flagged */
	char path[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)s);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(j, "vogSignaal")), "VOG nodig vanaf"));
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(j, "vogSignaal")), "Mila"));
	json_decref(j);
	/* Daan, still entered as kind, gets a VOG: then beschikbaar, and suggested */
	snprintf(vog_body, sizeof vog_body,
		 "{\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\",\"geboortedatum\":\"1980-01-01\",\"vogDatum\":\"%s\"},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Daan\",\"geboortedatum\":\"%s\",\"vogDatum\":\"%s\"},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Mila\",\"geboortedatum\":\"%s\"}]}",
		 vog, adult, vog, soon);
	ck_assert_int_eq(patch_gezin(s, vog_body, &j), 200);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(j, "leden"), 1), "vogDatum")), vog);
	json_decref(j);
	ck_assert_int_eq(patch_gezin(s, "{\"status\":\"beschikbaar\"}", &j), 200);
	json_decref(j);
	ck_assert(suggested(v, 1, s));
	/* a VOG for a child under 16 is refused */
	snprintf(vog_body, sizeof vog_body,
		 "{\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\",\"geboortedatum\":\"1980-01-01\",\"vogDatum\":\"%s\"},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Kleintje\",\"geboortedatum\":\"2019-01-01\",\"vogDatum\":\"%s\"}]}",
		 vog, vog);
	ck_assert_int_eq(patch_gezin(s, vog_body, &j), 400);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(j, "invalidParams"), 0), "name")),
			 "/leden/1/vogDatum");
	json_decref(j);
}
END_TEST

START_TEST(programme_vog_validity_alike)
{
	int64_t buurt = harness_sql_int("SELECT id FROM programmas WHERE naam = 'Buurtgezinnen'");
	struct kp_date today = kp_date_from_unix(kp_now());
	char vog18[11], body[600];
	kp_date_format(kp_date_add_months(today, -18), vog18); /* valid for 36 months, not for 12 */
	snprintf(body, sizeof body, "[{\"soort\":\"volwassene\",\"voornaam\":\"Karin\",\"geboortedatum\":\"1980-01-01\",\"vogDatum\":\"%s\"}]",
		 vog18);
	int64_t v = gezin(&ca, "Gezin Vraag", "AMS", "1015 AB", true, "wachtend");
	int64_t a = steun("Gezin Al Beschikbaar", "steungezin", body);
	int64_t b = steun("Gezin Later", "steungezin", body);
	json_t *j;
	ck_assert_int_eq(patch_gezin(a, "{\"status\":\"beschikbaar\"}", &j), 200);
	json_decref(j);
	char buf[256];
	ck_assert_str_eq(beschikbaar_voor(a, buf, sizeof buf), "Buurtgezinnen");
	ck_assert(suggested(v, buurt, a));
	/* the programme now takes a VOG of at most 12 months */
	harness_sql("UPDATE programmas SET vog_geldigheid_maanden = 12 WHERE naam = 'Buurtgezinnen'");
	ck_assert_int_eq(patch_gezin(b, "{\"status\":\"beschikbaar\"}", &j), 422);
	ck_assert_str_eq(first_reason(j), "Geen geldige VOG (hoogstens 12 maanden oud) voor: Karin.");
	json_decref(j);
	ck_assert_str_eq(beschikbaar_voor(a, buf, sizeof buf), "");
	ck_assert(!suggested(v, buurt, a));
	char kbody[160];
	snprintf(kbody, sizeof kbody, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":%lld}", (long long)v, (long long)a,
		 (long long)buurt);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/koppelingen", kbody, &j, NULL), 422);
	ck_assert_str_eq(first_reason(j), "Geen geldige VOG (hoogstens 12 maanden oud) voor: Karin.");
	json_decref(j);
	snprintf(kbody, sizeof kbody, "{\"werkgebied\":\"AMS\",\"programma\":%lld}", (long long)buurt);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/matchrondes", kbody, &j, NULL), 201);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "voorstellen")), 0);
	json_decref(j);
}
END_TEST

static void prepare(void)
{
	harness_prepare_hash();
}

int main(void)
{
	Suite *s = suite_create("matching_api");
	TCase *tc = tcase_create("matching_api");
	tcase_add_unchecked_fixture(tc, prepare, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, suggestions_ranked_and_explained);
	tcase_add_test(tc, match_round);
	tcase_add_test(tc, programme_weights);
	tcase_add_test(tc, estafette_exemption_everywhere);
	tcase_add_test(tc, member_entered_as_kind_of_18_needs_vog);
	tcase_add_test(tc, programme_vog_validity_alike);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
