/*
 * test_gezinnen.c - registering and changing gezinnen through the API:
 * every validation rule answers 400 naming its field, the consent and VOG
 * rules answer 422, optimistic concurrency, role and status history,
 * members kept by id, list filters, search and paging, logboek and
 * consents, and werkgebied access (another werkgebied's gezin is a 404,
 * and every read is audited).
 */
#include <check.h>
#include <sodium.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "datum.h"
#include "util.h"
#include "zoeken.h"

static struct hs_session coord_a, coord_b, beheer;
static int64_t id_coord_a;

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_werkgebied("ZST");
	id_coord_a = harness_user("coord-a", "coordinator", "AMS", 1);
	harness_user("coord-b", "coordinator", "ZST", 1);
	harness_user("beheer", "beheerder", NULL, 1);
	harness_sql("INSERT INTO postcodes VALUES (1015, 'Amsterdam', 52.378149, 4.88321), (1501, 'Zaandam', 52.44, 4.82)");
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &coord_a), 201);
	ck_assert_int_eq(harness_login("coord-b", HS_PASSWORD, &coord_b), 201);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &beheer), 201);
}

static void teardown(void)
{
	harness_stop();
}

static const char VRAAGGEZIN[] =
	"{\"naam\":\"Gezin De Vries\",\"rol\":\"vraaggezin\",\"werkgebied\":\"AMS\","
	"\"watGaatGoed\":\"Sem speelt graag buiten\",\"netwerk\":\"Oma woont dichtbij\",\"huishouden\":\"eenouder\","
	"\"adres\":{\"straat\":\"Lindengracht\",\"huisnummer\":\"12\",\"postcode\":\"1015kk\",\"plaats\":\"Amsterdam\","
	"\"gemeente\":\"Amsterdam\"},\"talen\":[\"nl\"],\"aangemeldDoor\":{\"soort\":\"wijkteam\",\"organisatie\":\"Wijkteam Noord\"},"
	"\"aangemeldOp\":\"2026-01-05\","
	"\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Marieke\",\"achternaam\":\"de Vries\",\"geboortedatum\":\"1988-04-02\","
	"\"telefoon\":\"06 12345678\",\"email\":\"marieke@example.nl\"},"
	"{\"soort\":\"kind\",\"voornaam\":\"Sem\",\"geboortedatum\":\"2018-09-12\",\"steunVoor\":true},"
	"{\"soort\":\"kind\",\"voornaam\":\"Noor\",\"geboortedatum\":\"2021-02-28\",\"steunVoor\":true}],"
	"\"vraag\":{\"tekst\":\"Even lucht in de week\",\"steunvormen\":[\"opvang-overdag\",\"luisterend-oor\"],"
	"\"dagdelen\":[\"wo-middag\",\"za-ochtend\"],\"frequentie\":\"wekelijks\",\"wensen\":{\"nietRoken\":true},"
	"\"formeleHulp\":{\"soort\":\"geen\"}},"
	"\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-05\",\"gegevenDoor\":\"Marieke de Vries\"}]}";

static const char STEUNGEZIN[] =
	"{\"naam\":\"Familie Jansen\",\"rol\":\"steungezin\",\"werkgebied\":\"AMS\",\"adres\":{\"postcode\":\"9999 ZZ\","
	"\"plaats\":\"Ergens\"},"
	"\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Piet\",\"achternaam\":\"Jansen\",\"geboortedatum\":\"1970-01-01\"},"
	"{\"soort\":\"volwassene\",\"voornaam\":\"Tim\",\"geboortedatum\":\"2012-05-05\"}],"
	"\"aanbod\":{\"steunvormen\":[\"opvang-overdag\"],\"dagdelen\":[\"wo-middag\"],\"capaciteit\":1,\"leeftijdVan\":4,"
	"\"leeftijdTot\":12,\"maxAfstandKm\":10,\"talen\":[\"nl\"],\"huisdieren\":true,\"rookt\":false,\"steunstijl\":\"activerend\"},"
	"\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-05\",\"gegevenDoor\":\"Piet Jansen\"}]}";

/* POSTs body as s; returns the new id (asserting 201). */
static int64_t create(struct hs_session *s, const char *body)
{
	struct http_response r;
	json_t *j = harness_call(s, "POST", "/api/v1/gezinnen", body, 1, NULL, &r);
	ck_assert_msg(r.status == 201, "create: %d %s", r.status, r.body);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	http_response_free(&r);
	return id;
}

/* PATCHes gezin id as s with If-Match versie; returns the status, *out the body. */
static int patch(struct hs_session *s, int64_t id, int versie, const char *body, json_t **out)
{
	char path[64], hdr[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	snprintf(hdr, sizeof hdr, "If-Match: \"%d\"\r\n", versie);
	struct http_response r;
	json_t *j = harness_call(s, "PATCH", path, body, 1, hdr, &r);
	int status = r.status;
	http_response_free(&r);
	if (out)
		*out = j;
	else
		json_decref(j);
	return status;
}

/* The names of the invalidParams of a problem, joined with ','. */
static const char *names(json_t *problem)
{
	static char out[512];
	out[0] = '\0';
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(problem, "invalidParams"), i, e)
	{
		strncat(out, json_string_value(json_object_get(e, "name")), sizeof out - strlen(out) - 2);
		strcat(out, ",");
	}
	return out;
}

START_TEST(register_a_vraaggezin)
{
	struct http_response r;
	json_t *g = harness_call(&coord_a, "POST", "/api/v1/gezinnen", VRAAGGEZIN, 1, NULL, &r);
	ck_assert_int_eq(r.status, 201);
	char etag[16], loc[64];
	ck_assert_str_eq(http_header(&r, "ETag", etag, sizeof etag), "\"1\"");
	ck_assert_ptr_nonnull(http_header(&r, "Location", loc, sizeof loc));
	http_response_free(&r);
	ck_assert_str_eq(json_string_value(json_object_get(g, "status")), "aangemeld");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(g, "adres"), "postcode")), "1015 KK");
	ck_assert(json_is_true(json_object_get(g, "postcodeBekend")));
	ck_assert(json_real_value(json_object_get(json_object_get(g, "coordinaten"), "lat")) > 52.3);
	ck_assert_int_ge(json_integer_value(json_object_get(g, "wachtdagen")), 300);
	json_t *leden = json_object_get(g, "leden");
	ck_assert_uint_eq(json_array_size(leden), 3);
	char today[32];
	kp_format_time(kp_now(), today);
	int year = atoi(today);
	int age = (int)json_integer_value(json_object_get(json_array_get(leden, 1), "leeftijd"));
	ck_assert(age == year - 2018 || age == year - 2018 - 1);
	ck_assert_ptr_null(json_object_get(json_array_get(leden, 1), "vogDatum"));
	ck_assert(json_is_null(json_object_get(json_array_get(leden, 0), "vogGeldig"))); /* asking side */
	ck_assert_uint_eq(json_array_size(json_object_get(g, "statusGeschiedenis")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(g, "rolGeschiedenis"), 0), "van")),
			 "2026-01-05");
	ck_assert_uint_eq(json_array_size(json_object_get(g, "toestemmingen")), 1);
	/* strengths come before the question */
	char *text = json_dumps(g, 0);
	ck_assert(strstr(text, "watGaatGoed") < strstr(text, "\"vraag\""));
	ck_assert(strstr(text, "netwerk") < strstr(text, "\"vraag\""));
	free(text);
	json_decref(g);

	/* the read is audited */
	g = harness_call(&coord_a, "GET", loc, NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	json_decref(g);
	http_response_free(&r);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'lezen' AND object_soort = 'gezin'"), 1);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'aanmaken' AND object_soort = 'gezin'"), 1);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'lezen' AND object_soort = 'gezin' "
					 "AND gebruikersnaam = 'coord-a' AND object_id = CAST(" "(SELECT max(id) FROM gezinnen) AS TEXT)"),
			 1);

	/* no audit entry, no data: when the log refuses the entry, the reader gets 503 and not the family */
	harness_sql("CREATE TRIGGER weiger BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'geweigerd'); END");
	const char *reads[] = { loc, NULL };
	char logboek[80];
	snprintf(logboek, sizeof logboek, "%s/logboek", loc);
	reads[1] = logboek;
	for (int i = 0; i < 2; i++) {
		g = harness_call(&coord_a, "GET", reads[i], NULL, 0, NULL, &r);
		json_decref(harness_assert_problem(&r, 503));
		ck_assert_ptr_null(strstr(r.body, "Marieke"));
		char etag2[16];
		ck_assert_ptr_null(http_header(&r, "ETag", etag2, sizeof etag2));
		json_decref(g);
		http_response_free(&r);
	}
	harness_sql("DROP TRIGGER weiger");
	g = harness_call(&coord_a, "GET", logboek, NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	json_decref(g);
	http_response_free(&r);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'lezen'"), 2);

	/* an unknown postcode is accepted, visibly without coordinates */
	int64_t id = create(&coord_a, STEUNGEZIN);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	g = harness_call(&coord_a, "GET", path, NULL, 0, NULL, &r);
	ck_assert(json_is_null(json_object_get(g, "coordinaten")));
	ck_assert(json_is_false(json_object_get(g, "postcodeBekend")));
	ck_assert(json_is_false(json_object_get(json_array_get(json_object_get(g, "leden"), 0), "vogGeldig")));
	json_decref(g);
	http_response_free(&r);
}
END_TEST

/* Replaces the first occurrence of from in VRAAGGEZIN by to. */
static char *variant(const char *base, const char *from, const char *to)
{
	const char *at = strstr(base, from);
	ck_assert_msg(at != NULL, "fixture has no %s", from);
	size_t n = strlen(base) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);
	snprintf(out, n, "%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
	return out;
}

START_TEST(every_field_is_validated)
{
	struct {
		const char *from, *to, *field;
	} cases[] = {
		{ "\"1015kk\"", "\"0015 KK\"", "/adres/postcode" },
		{ "\"1015kk\"", "\"1015 SS\"", "/adres/postcode" },
		{ "\"1015kk\"", "\"10155KK\"", "/adres/postcode" },
		{ "\"06 12345678\"", "\"12345\"", "/leden/0/telefoon" },
		{ "\"marieke@example.nl\"", "\"marieke@\"", "/leden/0/email" },
		{ "\"1988-04-02\"", "\"1988-02-30\"", "/leden/0/geboortedatum" },
		{ "\"2018-09-12\"", "\"2999-01-01\"", "/leden/1/geboortedatum" },
		{ "\"aangemeldOp\":\"2026-01-05\"", "\"aangemeldOp\":\"05-01-2026\"", "/aangemeldOp" },
		{ "\"opvang-overdag\",", "\"oppas\",", "/vraag/steunvormen" },
		{ "\"wo-middag\"", "\"woensdag\"", "/vraag/dagdelen" },
		{ "\"wekelijks\"", "\"soms\"", "/vraag/frequentie" },
		{ "\"soort\":\"wijkteam\"", "\"soort\":\"politie\"", "/aangemeldDoor/soort" },
		{ "\"nietRoken\":true", "\"nietRoken\":\"ja\"", "/vraag/wensen/nietRoken" },
		{ "\"nietRoken\":true", "\"diagnose\":\"x\"", "/vraag/wensen/diagnose" },
		{ "\"huishouden\":\"eenouder\"", "\"huishouden\":\"groot\"", "/huishouden" },
		{ "\"talen\":[\"nl\"]", "\"talen\":[\"NL\"]", "/talen" },
		{ "\"naam\":\"Gezin De Vries\"", "\"naam\":\"\"", "/naam" },
		{ "\"rol\":\"vraaggezin\"", "\"rol\":\"cliënt\"", "/rol" },
		{ "\"werkgebied\":\"AMS\"", "\"werkgebied\":\"XXX\"", "/werkgebied" },
		{ "\"werkgebied\":\"AMS\"", "\"werkgebied\":\"ZST\"", "/werkgebied" }, /* not coord-a's */
		{ "\"naam\":\"Gezin De Vries\",", "\"naam\":\"Gezin De Vries\",\"problematiek\":\"x\",", "/problematiek" },
		{ "{\"soort\":\"kind\",\"voornaam\":\"Sem\",\"geboortedatum\":\"2018-09-12\",",
		  "{\"soort\":\"kind\",\"voornaam\":\"Sem\",", "/leden/1/geboortedatum" },
		{ "\"steunVoor\":true}", "\"vogDatum\":\"2025-01-01\"}", "/leden/1/vogDatum" },
		{ "\"email\":\"marieke@example.nl\"}", "\"email\":\"marieke@example.nl\",\"steunVoor\":true}", "/leden/0/steunVoor" },
		{ "\"vraag\":{", "\"aanbod\":{\"capaciteit\":1},\"vraag\":{", "/aanbod" },
		{ "\"naam\":\"Gezin De Vries\",", "\"naam\":\"Gezin De Vries\",\"status\":\"beschikbaar\",", "/status" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *body = variant(VRAAGGEZIN, cases[i].from, cases[i].to);
		struct http_response r;
		json_t *j = harness_call(&coord_a, "POST", "/api/v1/gezinnen", body, 1, NULL, &r);
		json_t *p = harness_assert_problem(&r, 400);
		char want[80];
		snprintf(want, sizeof want, "%s,", cases[i].field);
		ck_assert_msg(strstr(names(p), want) != NULL, "case %zu: want %s, got %s", i, cases[i].field, names(p));
		json_decref(p);
		json_decref(j);
		http_response_free(&r);
		free(body);
	}
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gezinnen"), 0);
}
END_TEST

/*
 * The responsible coordinator: only an active coordinator of the gezin's
 * werkgebied or a beheerder; an unknown user, a coordinator elsewhere, a
 * rapportage user and a disabled coordinator all get the same 422, so the
 * answer tells nothing about which users exist.
 */
START_TEST(coordinator_must_fit_the_werkgebied)
{
	int64_t id_b = harness_sql_int("SELECT id FROM gebruikers WHERE gebruikersnaam = 'coord-b'");
	int64_t rap = harness_user("rap-a", "rapportage", "AMS", 1);
	int64_t uit = harness_user("uit-a", "coordinator", "AMS", 0);
	int64_t beheer_id = harness_sql_int("SELECT id FROM gebruikers WHERE gebruikersnaam = 'beheer'");
	int64_t bad[] = { 999999, id_b, rap, uit };
	char first[512] = "";
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char to[96];
		snprintf(to, sizeof to, "\"naam\":\"Gezin De Vries\",\"coordinator\":%lld,", (long long)bad[i]);
		char *body = variant(VRAAGGEZIN, "\"naam\":\"Gezin De Vries\",", to);
		struct http_response r;
		json_t *j = harness_call(&coord_a, "POST", "/api/v1/gezinnen", body, 1, NULL, &r);
		json_t *p = harness_assert_problem(&r, 422);
		ck_assert_str_eq(names(p), "/coordinator,");
		char *text = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
		if (i == 0)
			snprintf(first, sizeof first, "%s", text);
		else
			ck_assert_str_eq(text, first); /* one answer for all */
		free(text);
		json_decref(p);
		json_decref(j);
		http_response_free(&r);
		free(body);
	}
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gezinnen"), 0);
	/* the gezin's own coordinator and a beheerder are fine, also on a change */
	int64_t id = create(&coord_a, VRAAGGEZIN);
	char body[64];
	snprintf(body, sizeof body, "{\"coordinator\":%lld}", (long long)beheer_id);
	ck_assert_int_eq(patch(&coord_a, id, 1, body, NULL), 200);
	snprintf(body, sizeof body, "{\"coordinator\":%lld}", (long long)id_b);
	ck_assert_int_eq(patch(&coord_a, id, 2, body, NULL), 422);
	snprintf(body, sizeof body, "{\"coordinator\":%lld}", (long long)id_coord_a);
	ck_assert_int_eq(patch(&coord_a, id, 2, body, NULL), 200);
}
END_TEST

/*
 * The list cursor cannot be pointed at another werkgebied's family: it is
 * opaque, made from the caller's own last row, and a raw id (the old form,
 * which looked the row up without asking whose it was) is refused the same
 * way for a family of ZST and for one that does not exist.
 */
START_TEST(cursor_names_no_other_family)
{
	char *b = variant(VRAAGGEZIN, "\"naam\":\"Gezin De Vries\"", "\"naam\":\"Gezin Geheim\"");
	char *bz = variant(b, "\"werkgebied\":\"AMS\"", "\"werkgebied\":\"ZST\"");
	int64_t geheim = create(&coord_b, bz);
	free(b);
	free(bz);
	const char *namen[] = { "Gezin Aap", "Gezin Hert", "Gezin Zebra" };
	for (int i = 0; i < 3; i++) {
		char naam[64];
		snprintf(naam, sizeof naam, "\"naam\":\"%s\"", namen[i]);
		char *body = variant(VRAAGGEZIN, "\"naam\":\"Gezin De Vries\"", naam);
		create(&coord_a, body);
		free(body);
	}
	char path[512];
	struct http_response r1, r2;
	snprintf(path, sizeof path, "/api/v1/gezinnen?limit=200&na=%lld", (long long)geheim);
	json_t *j1 = harness_call(&coord_a, "GET", path, NULL, 0, NULL, &r1);
	json_t *j2 = harness_call(&coord_a, "GET", "/api/v1/gezinnen?limit=200&na=987654", NULL, 0, NULL, &r2);
	json_decref(harness_assert_problem(&r1, 400));
	ck_assert_str_eq(names(j1), "na,");
	ck_assert(json_equal(j1, j2));
	json_decref(j1);
	json_decref(j2);
	http_response_free(&r1);
	http_response_free(&r2);
	/* walking the pages one by one gives A's three families, never ZST's */
	char next[512] = "/api/v1/gezinnen?limit=1";
	int seen = 0;
	while (next[0]) {
		struct http_response r;
		json_t *j = harness_call(&coord_a, "GET", next, NULL, 0, NULL, &r);
		ck_assert_int_eq(r.status, 200);
		ck_assert_ptr_null(strstr(r.body, "Geheim"));
		ck_assert_ptr_null(strstr(r.body, "na=1")); /* not an id */
		seen += (int)json_array_size(json_object_get(j, "gezinnen"));
		const char *v = json_string_value(json_object_get(j, "volgende"));
		snprintf(next, sizeof next, "%s", v ? v : "");
		json_decref(j);
		http_response_free(&r);
	}
	ck_assert_int_eq(seen, 3);
	/* a forged cursor with ZST's name positions the page among A's rows only */
	uint8_t *key;
	size_t keylen;
	ck_assert_int_eq(kp_zoek_sorteersleutel("Gezin Geheim", &key, &keylen), 0);
	char hex[129], raw[200], enc[280];
	sodium_bin2hex(hex, sizeof hex, key, keylen);
	free(key);
	snprintf(raw, sizeof raw, "naam\n%lld\n%s", (long long)geheim, hex);
	sodium_bin2base64(enc, sizeof enc, (const unsigned char *)raw, strlen(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	snprintf(path, sizeof path, "/api/v1/gezinnen?limit=200&na=%s", enc);
	struct http_response r;
	json_t *j = harness_call(&coord_a, "GET", path, NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_null(strstr(r.body, "Geheim"));
	ck_assert_uint_eq(json_array_size(json_object_get(j, "gezinnen")), 2); /* Hert and Zebra sort after it */
	json_decref(j);
	http_response_free(&r);
}
END_TEST

START_TEST(registration_needs_consent)
{
	char *body = variant(VRAAGGEZIN, "\"doel\":\"registratie\"", "\"doel\":\"anonieme-rapportage\"");
	struct http_response r;
	json_t *j = harness_call(&coord_a, "POST", "/api/v1/gezinnen", body, 1, NULL, &r);
	json_t *p = harness_assert_problem(&r, 422);
	ck_assert_str_eq(names(p), "/toestemmingen,");
	json_decref(p);
	json_decref(j);
	http_response_free(&r);
	free(body);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gezinnen"), 0);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM leden"), 0);
}
END_TEST

START_TEST(vog_rule_for_beschikbaar)
{
	int64_t id = create(&coord_a, STEUNGEZIN);
	json_t *g = NULL;
	/* Piet has no VOG; Tim is a minor and needs none */
	ck_assert_int_eq(patch(&coord_a, id, 1, "{\"status\":\"beschikbaar\"}", &g), 422);
	ck_assert_str_eq(names(g), "/status,");
	const char *reason = json_string_value(json_object_get(json_array_get(json_object_get(g, "invalidParams"), 0), "reason"));
	ck_assert_ptr_nonnull(strstr(reason, "Piet Jansen"));
	ck_assert_ptr_null(strstr(reason, "Tim"));
	json_decref(g);
	/* a VOG older than 36 months does not count */
	char vog_old[32], vog_new[32], body[512];
	struct kp_date today = kp_date_from_unix(kp_now());
	kp_date_format(kp_date_add_days(kp_date_add_months(today, -36), -1), vog_old);
	kp_date_format(kp_date_add_months(today, -35), vog_new);
	ck_assert_int_eq(patch(&coord_a, id, 1, "{\"status\":\"screening\"}", &g), 200);
	json_t *leden = json_deep_copy(json_object_get(g, "leden"));
	json_decref(g);
	json_object_set_new(json_array_get(leden, 0), "vogDatum", json_string(vog_old));
	json_object_del(json_array_get(leden, 0), "leeftijd");
	json_object_del(json_array_get(leden, 0), "vogGeldig");
	json_object_del(json_array_get(leden, 1), "leeftijd");
	json_object_del(json_array_get(leden, 1), "vogGeldig");
	char *text = json_dumps(leden, JSON_COMPACT);
	snprintf(body, sizeof body, "{\"status\":\"beschikbaar\",\"leden\":%s}", text);
	free(text);
	ck_assert_int_eq(patch(&coord_a, id, 2, body, NULL), 422);
	json_object_set_new(json_array_get(leden, 0), "vogDatum", json_string(vog_new));
	text = json_dumps(leden, JSON_COMPACT);
	snprintf(body, sizeof body, "{\"status\":\"beschikbaar\",\"leden\":%s}", text);
	free(text);
	json_decref(leden);
	ck_assert_int_eq(patch(&coord_a, id, 2, body, &g), 200);
	ck_assert_str_eq(json_string_value(json_object_get(g, "status")), "beschikbaar");
	ck_assert(json_is_true(json_object_get(json_array_get(json_object_get(g, "leden"), 0), "vogGeldig")));
	json_decref(g);
}
END_TEST

START_TEST(history_concurrency_and_members)
{
	int64_t id = create(&coord_a, VRAAGGEZIN);
	json_t *g = NULL;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	struct http_response r;
	json_t *j = harness_call(&coord_a, "PATCH", path, "{\"status\":\"intake\"}", 1, NULL, &r);
	json_decref(harness_assert_problem(&r, 428));
	json_decref(j);
	http_response_free(&r);
	ck_assert_int_eq(patch(&coord_a, id, 1, "{\"status\":\"intake\",\"statusDatum\":\"2026-01-20\"}", NULL), 200);
	ck_assert_int_eq(patch(&coord_a, id, 1, "{\"status\":\"wachtend\"}", NULL), 412); /* stale */
	ck_assert_int_eq(patch(&coord_a, id, 2, "{\"status\":\"wachtend\",\"statusDatum\":\"2026-01-10\"}", &g), 400);
	ck_assert_str_eq(names(g), "/statusDatum,"); /* before the previous change */
	json_decref(g);
	ck_assert_int_eq(patch(&coord_a, id, 2, "{\"status\":\"wachtend\",\"statusDatum\":\"2026-02-01\"}", &g), 200);
	json_t *hist = json_object_get(g, "statusGeschiedenis");
	ck_assert_uint_eq(json_array_size(hist), 3);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(hist, 2), "datum")), "2026-02-01");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(hist, 2), "door")), "coord-a");
	/* members: keep Marieke (by id), drop Noor, add Daan */
	int64_t marieke = json_integer_value(json_object_get(json_array_get(json_object_get(g, "leden"), 0), "id"));
	json_decref(g);
	char body[512];
	snprintf(body, sizeof body,
		 "{\"leden\":[{\"id\":%lld,\"soort\":\"volwassene\",\"voornaam\":\"Marieke\",\"achternaam\":\"Bakker\"},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Daan\",\"geboortedatum\":\"2015-06-01\"}]}",
		 (long long)marieke);
	ck_assert_int_eq(patch(&coord_a, id, 3, body, &g), 200);
	json_t *leden = json_object_get(g, "leden");
	ck_assert_uint_eq(json_array_size(leden), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(leden, 0), "id")), marieke);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(leden, 0), "achternaam")), "Bakker");
	json_decref(g);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM leden"), 2);
	/* a member id of another gezin is refused */
	int64_t other = create(&coord_a, STEUNGEZIN);
	int64_t piet = harness_sql_int("SELECT min(id) FROM leden WHERE gezin_id = (SELECT max(id) FROM gezinnen)");
	snprintf(body, sizeof body, "{\"leden\":[{\"id\":%lld,\"soort\":\"volwassene\",\"voornaam\":\"Piet\"}]}", (long long)piet);
	ck_assert_int_eq(patch(&coord_a, id, 4, body, &g), 400);
	ck_assert_str_eq(names(g), "/leden/0/id,");
	json_decref(g);
	(void)other;
	/* a former vraaggezin becomes an estafettegezin: one record, two roles */
	ck_assert_int_eq(patch(&coord_a, id, 4, "{\"rol\":\"estafettegezin\",\"aanbod\":{\"capaciteit\":1,"
					       "\"ervaringsthemas\":[\"alleen opvoeden\"]}}",
			       &g),
			 200);
	ck_assert_str_eq(json_string_value(json_object_get(g, "status")), "aangemeld");
	ck_assert(json_is_object(json_object_get(g, "vraag"))); /* a role change never erases the vraag */
	json_t *rollen = json_object_get(g, "rolGeschiedenis");
	ck_assert_uint_eq(json_array_size(rollen), 2);
	ck_assert(json_is_string(json_object_get(json_array_get(rollen, 0), "tot")));
	ck_assert(json_is_null(json_object_get(json_array_get(rollen, 1), "tot")));
	json_decref(g);
	/* toestemmingen change through their own resource */
	ck_assert_int_eq(patch(&coord_a, id, 5, "{\"toestemmingen\":[]}", NULL), 400);
}
END_TEST

START_TEST(werkgebied_access)
{
	int64_t id = create(&coord_a, VRAAGGEZIN);
	char path[96];
	const char *suffix[] = { "", "/logboek" };
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "/api/v1/gezinnen/%lld%s", (long long)id, suffix[i]);
		struct http_response r;
		json_t *j = harness_call(&coord_b, "GET", path, NULL, 0, NULL, &r);
		json_t *p = harness_assert_problem(&r, 404);
		/* exactly the answer for an id that does not exist */
		json_t *j2;
		struct http_response r2;
		j2 = harness_call(&coord_b, "GET", i ? "/api/v1/gezinnen/99999/logboek" : "/api/v1/gezinnen/99999", NULL, 0,
				  NULL, &r2);
		ck_assert_str_eq(r.body, r2.body);
		json_decref(j2);
		http_response_free(&r2);
		json_decref(p);
		json_decref(j);
		http_response_free(&r);
	}
	ck_assert_int_eq(patch(&coord_b, id, 1, "{\"naam\":\"Overgenomen\"}", NULL), 404);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/logboek", (long long)id);
	struct http_response r;
	json_t *j = harness_call(&coord_b, "POST", path, "{\"soort\":\"notitie\",\"tekst\":\"x\"}", 1, NULL, &r);
	json_decref(harness_assert_problem(&r, 404));
	json_decref(j);
	http_response_free(&r);
	/* the list only shows one's own werkgebieden */
	j = harness_call(&coord_b, "GET", "/api/v1/gezinnen", NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "gezinnen")), 0);
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&coord_b, "GET", "/api/v1/gezinnen?werkgebied=AMS", NULL, 0, NULL, &r);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "gezinnen")), 0);
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&beheer, "GET", "/api/v1/gezinnen", NULL, 0, NULL, &r);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "gezinnen")), 1);
	json_decref(j);
	http_response_free(&r);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'lezen'"), 0); /* refused reads read nothing */
}
END_TEST

START_TEST(list_filters_search_and_pages)
{
	char body[sizeof VRAAGGEZIN + 64];
	const char *names_[] = { "Gezin Aydin", "Gezin Bakker", "Gezin Claes", "Familie Dekker", "Gezin El Amrani" };
	for (int i = 0; i < 5; i++) {
		char *b = variant(VRAAGGEZIN, "Gezin De Vries", names_[i]);
		snprintf(body, sizeof body, "%s", b);
		free(b);
		create(&coord_a, body);
	}
	create(&coord_a, STEUNGEZIN);
	struct http_response r;
	json_t *j = harness_call(&coord_a, "GET", "/api/v1/gezinnen?rol=vraaggezin&limit=2", NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	json_t *list = json_object_get(j, "gezinnen");
	ck_assert_uint_eq(json_array_size(list), 2);
	/* Dutch order of the names without the word Gezin or Familie (zoeken.h) */
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(list, 0), "naam")), "Gezin Aydin");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(list, 0), "aantalKinderen")), 2);
	char next[256];
	snprintf(next, sizeof next, "%s", json_string_value(json_object_get(j, "volgende")));
	json_decref(j);
	http_response_free(&r);
	int seen = 2;
	while (next[0]) {
		j = harness_call(&coord_a, "GET", next, NULL, 0, NULL, &r);
		ck_assert_int_eq(r.status, 200);
		seen += (int)json_array_size(json_object_get(j, "gezinnen"));
		const char *v = json_string_value(json_object_get(j, "volgende"));
		snprintf(next, sizeof next, "%s", v ? v : "");
		json_decref(j);
		http_response_free(&r);
	}
	ck_assert_int_eq(seen, 5);
	struct {
		const char *q;
		size_t n;
	} searches[] = { { "zoek=bakk", 1 },	  { "zoek=GEZIN", 4 },	       { "zoek=amster", 5 }, { "zoek=el", 1 },
			 { "zoek=%22x%22", 0 },	   { "rol=steungezin", 1 },    { "status=wachtend", 0 },
			 { "werkgebied=AMS&rol=vraaggezin", 5 }, { "gemeente=amsterdam", 5 } };
	for (size_t i = 0; i < sizeof searches / sizeof searches[0]; i++) {
		char path[128];
		snprintf(path, sizeof path, "/api/v1/gezinnen?%s", searches[i].q);
		j = harness_call(&coord_a, "GET", path, NULL, 0, NULL, &r);
		ck_assert_msg(r.status == 200, "%s: %d", searches[i].q, r.status);
		ck_assert_msg(json_array_size(json_object_get(j, "gezinnen")) == searches[i].n, "%s: %zu", searches[i].q,
			      json_array_size(json_object_get(j, "gezinnen")));
		json_decref(j);
		http_response_free(&r);
	}
	j = harness_call(&coord_a, "GET", "/api/v1/gezinnen?zoek=a&limit=500&rol=baas&coordinator=x", NULL, 0, NULL, &r);
	json_t *p = harness_assert_problem(&r, 400);
	ck_assert_uint_eq(json_array_size(json_object_get(p, "invalidParams")), 4);
	json_decref(p);
	json_decref(j);
	http_response_free(&r);
}
END_TEST

START_TEST(logboek_and_consents)
{
	int64_t id = create(&coord_a, VRAAGGEZIN);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/logboek", (long long)id);
	struct http_response r;
	json_t *j = harness_call(&coord_a, "POST", path, "{\"soort\":\"contact\",\"tekst\":\"Gebeld met moeder.\\nAfspraak gemaakt.\",\"datum\":\"2026-02-01\"}", 1, NULL, &r);
	ck_assert_int_eq(r.status, 201);
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&coord_a, "POST", path, "{\"soort\":\"zorgsignaal\",\"tekst\":\"Zorg over slaap.\"}", 1, NULL, &r);
	ck_assert_int_eq(r.status, 201);
	json_t *regels = json_object_get(j, "regels");
	ck_assert_uint_eq(json_array_size(regels), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(regels, 0), "soort")), "zorgsignaal");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(regels, 0), "door")), "coord-a");
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&coord_a, "POST", path, "{\"soort\":\"diagnose\",\"tekst\":\"\"}", 1, NULL, &r);
	json_t *p = harness_assert_problem(&r, 400);
	ck_assert_str_eq(names(p), "/soort,/tekst,");
	json_decref(p);
	json_decref(j);
	http_response_free(&r);
	/* never edited in place */
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(hs_db, &h), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(h, "UPDATE logboek SET tekst = 'anders'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);

	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/toestemmingen", (long long)id);
	j = harness_call(&coord_a, "POST", path, "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-02-01\",\"gegevenDoor\":\"Marieke\"}", 1, NULL, &r);
	ck_assert_int_eq(r.status, 201);
	json_t *t = json_object_get(j, "toestemmingen");
	ck_assert_uint_eq(json_array_size(t), 2);
	int64_t tid = json_integer_value(json_object_get(json_array_get(t, 1), "id"));
	json_decref(j);
	http_response_free(&r);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/toestemmingen/%lld", (long long)id, (long long)tid);
	j = harness_call(&coord_a, "PATCH", path, "{\"ingetrokkenOp\":\"2026-01-01\"}", 1, NULL, &r);
	json_decref(harness_assert_problem(&r, 409)); /* before it was given */
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&coord_a, "PATCH", path, "{\"ingetrokkenOp\":\"2026-03-01\"}", 1, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(j, "toestemmingen"), 1), "ingetrokkenOp")),
			 "2026-03-01");
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&coord_a, "PATCH", path, "{\"ingetrokkenOp\":\"2026-03-02\"}", 1, NULL, &r);
	json_decref(harness_assert_problem(&r, 409));
	json_decref(j);
	http_response_free(&r);
}
END_TEST

START_TEST(vocabularies)
{
	struct http_response r;
	json_t *j = harness_call(&coord_a, "GET", "/api/v1/keuzelijsten", NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "steunvormen")), 13);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "dagdelen")), 28);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(j, "dagdelen"), 9), "code")),
			 "wo-middag");
	/* the users' words only */
	ck_assert_ptr_null(strstr(r.body, "cliënt"));
	ck_assert_ptr_null(strstr(r.body, "casus"));
	ck_assert_ptr_null(strstr(r.body, "problematiek"));
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&coord_a, "GET", "/api/v1/steunvormen", NULL, 0, NULL, &r);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "steunvormen")), 13);
	json_decref(j);
	http_response_free(&r);
}
END_TEST

static void prepare(void)
{
	harness_prepare_hash();
}

int main(void)
{
	Suite *s = suite_create("gezinnen");
	TCase *tc = tcase_create("gezinnen");
	tcase_add_unchecked_fixture(tc, prepare, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, register_a_vraaggezin);
	tcase_add_test(tc, every_field_is_validated);
	tcase_add_test(tc, registration_needs_consent);
	tcase_add_test(tc, coordinator_must_fit_the_werkgebied);
	tcase_add_test(tc, cursor_names_no_other_family);
	tcase_add_test(tc, vog_rule_for_beschikbaar);
	tcase_add_test(tc, history_concurrency_and_members);
	tcase_add_test(tc, werkgebied_access);
	tcase_add_test(tc, list_filters_search_and_pages);
	tcase_add_test(tc, logboek_and_consents);
	tcase_add_test(tc, vocabularies);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
