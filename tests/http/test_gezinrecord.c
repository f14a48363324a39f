/*
 * test_gezinrecord.c - the family record keeps what was recorded and
 * consent is enforced where data is used: a PATCH merges nested objects
 * (RFC 7396), an expected child is recorded with verwachtOp, kennismaking
 * needs contactgegevens-delen from both families (or an audited override),
 * a withdrawn anonieme-rapportage leaves the quarterly figures, a withdrawn
 * registration asks for removal, and a zorgsignaal reaches the
 * leidinggevende until it is followed up.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "harness.h"
#include "util.h"

static struct hs_session ca, cb, bh;
static int64_t id_ca;
static char vog[11], today_s[11];
static struct kp_date today;

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_werkgebied("ZST");
	id_ca = harness_user("coord-a", "coordinator", "AMS", 1);
	harness_user("coord-b", "coordinator", "ZST", 1);
	harness_user("beheer", "beheerder", NULL, 1);
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	ck_assert_int_eq(harness_login("coord-b", HS_PASSWORD, &cb), 201);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &bh), 201);
	today = kp_date_from_unix(kp_now());
	kp_date_format(today, today_s);
	kp_date_format(kp_date_add_months(today, -6), vog);
}

static void teardown(void)
{
	harness_stop();
}

/* A request as s; If-Match from a fresh GET of the gezin, user or koppeling when hdr is "auto". Returns the status. */
static int call(struct hs_session *s, const char *method, const char *path, const char *body, json_t **out,
		const char *hdr)
{
	char im[96];
	if (hdr && strcmp(hdr, "auto") == 0)
		hdr = strstr(path, "/koppelingen/") ? harness_koppeling_if_match(s, path, im, sizeof im)
						     : harness_if_match(s, path, im, sizeof im);
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

/* Creates a gezin from a printf-formatted body as s; returns its id. */
static int64_t create(struct hs_session *s, const char *body)
{
	json_t *j;
	int status = call(s, "POST", "/api/v1/gezinnen", body, &j, NULL);
	ck_assert_msg(status == 201, "create: %d %s", status, j ? json_dumps(j, 0) : "");
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

/* The consents every fixture family gives, plus `extra` (a JSON array member list, may be ""). */
static const char *consents(const char *doel_extra)
{
	static char buf[512];
	snprintf(buf, sizeof buf,
		 "[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}%s%s]",
		 doel_extra[0] ? "," : "", doel_extra);
	return buf;
}

#define CONTACT "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}"
#define ANONIEM "{\"doel\":\"anonieme-rapportage\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}"

static int64_t vraaggezin(struct hs_session *s, const char *wg, const char *extra_consents)
{
	char body[2048];
	snprintf(body, sizeof body,
		 "{\"naam\":\"Gezin Vraag\",\"rol\":\"vraaggezin\",\"werkgebied\":\"%s\","
		 "\"adres\":{\"plaats\":\"Amsterdam\",\"gemeente\":\"Amsterdam\"},"
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\"},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Kind\",\"geboortedatum\":\"2019-01-01\"}],"
		 "\"vraag\":{\"tekst\":\"Even lucht\",\"steunvormen\":[\"opvang-overdag\"],\"themas\":[\"alleenstaand ouderschap\","
		 "\"verhuizing\"],\"interesses\":[\"koken\"],\"steunstijl\":\"activerend\",\"wensen\":{\"nietRoken\":true,"
		 "\"talen\":[\"nl\"]}},\"toestemmingen\":%s}",
		 wg, consents(extra_consents));
	return create(s, body);
}

static int64_t steungezin(struct hs_session *s, const char *extra_consents)
{
	char body[2048];
	snprintf(body, sizeof body,
		 "{\"naam\":\"Familie Steun\",\"rol\":\"steungezin\",\"werkgebied\":\"AMS\","
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Piet\",\"vogDatum\":\"%s\"}],"
		 "\"aanbod\":{\"capaciteit\":1,\"ervaringsthemas\":[\"alleenstaand ouderschap\"]},\"toestemmingen\":%s}",
		 vog, consents(extra_consents));
	return create(s, body);
}

/* GETs /api/v1/gezinnen/{id}{suffix} as s (asserting 200). */
static json_t *get(struct hs_session *s, int64_t id, const char *suffix)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld%s", (long long)id, suffix);
	json_t *j;
	ck_assert_int_eq(call(s, "GET", path, NULL, &j, NULL), 200);
	return j;
}

static int patch_gezin(struct hs_session *s, int64_t id, const char *body, json_t **out)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	return call(s, "PATCH", path, body, out, "auto");
}

/* --- 1. updates change only what is sent ------------------------------------------ */

START_TEST(patch_merges_nested_objects)
{
	int64_t id = vraaggezin(&ca, "AMS", "");
	json_t *g;
	/* the web app's vraag form sends the text: themes, interests, style and wishes stay */
	ck_assert_int_eq(patch_gezin(&ca, id, "{\"vraag\":{\"tekst\":\"Een middag per week rust\"}}", &g), 200);
	json_t *v = json_object_get(g, "vraag");
	ck_assert_str_eq(json_string_value(json_object_get(v, "tekst")), "Een middag per week rust");
	ck_assert_uint_eq(json_array_size(json_object_get(v, "themas")), 2);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(v, "interesses"), 0)), "koken");
	ck_assert_str_eq(json_string_value(json_object_get(v, "steunstijl")), "activerend");
	ck_assert(json_is_true(json_object_get(json_object_get(v, "wensen"), "nietRoken")));
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(v, "steunvormen"), 0)), "opvang-overdag");
	json_decref(g);
	/* one nested member without the required text: merged, then checked whole */
	ck_assert_int_eq(patch_gezin(&ca, id, "{\"vraag\":{\"wensen\":{\"geenHuisdieren\":true}}}", &g), 200);
	v = json_object_get(g, "vraag");
	ck_assert(json_is_true(json_object_get(json_object_get(v, "wensen"), "nietRoken")));
	ck_assert(json_is_true(json_object_get(json_object_get(v, "wensen"), "geenHuisdieren")));
	ck_assert_str_eq(json_string_value(json_object_get(v, "tekst")), "Een middag per week rust");
	json_decref(g);
	/* null removes a member, arrays are replaced whole */
	ck_assert_int_eq(patch_gezin(&ca, id, "{\"vraag\":{\"steunstijl\":null,\"themas\":[\"verhuizing\"]}}", &g), 200);
	v = json_object_get(g, "vraag");
	ck_assert_ptr_null(json_object_get(v, "steunstijl"));
	ck_assert_uint_eq(json_array_size(json_object_get(v, "themas")), 1);
	ck_assert_uint_eq(json_array_size(json_object_get(v, "interesses")), 1);
	json_decref(g);
	/* the address too: a street alone keeps the place */
	ck_assert_int_eq(patch_gezin(&ca, id, "{\"adres\":{\"straat\":\"Lindengracht\"}}", &g), 200);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(g, "adres"), "plaats")), "Amsterdam");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(g, "adres"), "straat")), "Lindengracht");
	json_decref(g);
	/* the merged document is checked whole: the required text cannot be removed */
	ck_assert_int_eq(patch_gezin(&ca, id, "{\"vraag\":{\"tekst\":null}}", &g), 400);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(g, "invalidParams"), 0), "name")),
			 "/vraag/tekst");
	json_decref(g);
	/* and an unknown nested member is still refused */
	ck_assert_int_eq(patch_gezin(&ca, id, "{\"vraag\":{\"diagnose\":\"x\"}}", NULL), 400);
}
END_TEST

/* --- 2. expected children ----------------------------------------------------------- */

static const char *const maanden[] = { "januari", "februari", "maart",	   "april",   "mei",	  "juni",
				       "juli",	  "augustus", "september", "oktober", "november", "december" };

START_TEST(expected_child)
{
	char verwacht[11], te_laat[11], body[2048];
	struct kp_date v = kp_date_add_months(today, 3);
	kp_date_format(v, verwacht);
	kp_date_format(kp_date_add_months(today, 11), te_laat);
#define FMT                                                                                                     \
	"{\"naam\":\"Gezin Verwacht\",\"rol\":\"vraaggezin\",\"werkgebied\":\"AMS\","                              \
	"\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Moeder\"},"                                         \
	"{\"soort\":\"kind\",\"voornaam\":\"Baby\",\"%s\":\"%s\"}],"                                              \
	"\"vraag\":{\"tekst\":\"Steun rond de geboorte\"},\"toestemmingen\":%s}"
	json_t *g;
	/* a birth date in the future stays refused */
	snprintf(body, sizeof body, FMT, "geboortedatum", verwacht, consents(""));
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/gezinnen", body, &g, NULL), 400);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(g, "invalidParams"), 0), "name")),
			 "/leden/1/geboortedatum");
	json_decref(g);
	/* more than 10 months ahead is not an expected child */
	snprintf(body, sizeof body, FMT, "verwachtOp", te_laat, consents(""));
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/gezinnen", body, &g, NULL), 400);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(g, "invalidParams"), 0), "name")),
			 "/leden/1/verwachtOp");
	json_decref(g);
	/* an expected birth date is fine: "verwacht in <maand> <jaar>", age 0 */
	snprintf(body, sizeof body, FMT, "verwachtOp", verwacht, consents(""));
	int64_t id = create(&ca, body);
	g = get(&ca, id, "");
	json_t *baby = json_array_get(json_object_get(g, "leden"), 1);
	char tekst[64];
	snprintf(tekst, sizeof tekst, "verwacht in %s %d", maanden[v.m - 1], v.y);
	ck_assert_str_eq(json_string_value(json_object_get(baby, "verwacht")), tekst);
	ck_assert_str_eq(json_string_value(json_object_get(baby, "verwachtOp")), verwacht);
	ck_assert_int_eq(json_integer_value(json_object_get(baby, "leeftijd")), 0);
	ck_assert_ptr_null(json_object_get(baby, "geboortedatum"));
	int64_t lid = json_integer_value(json_object_get(baby, "id"));
	json_decref(g);
	/* only a child can be expected */
	ck_assert_int_eq(patch_gezin(&ca, id, "{\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Moeder\",\"verwachtOp\":\"2026-01-01\"}]}",
				     NULL), 400);
	/* born: the coordinator sets the birth date and the expected date goes */
	snprintf(body, sizeof body,
		 "{\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Moeder\"},{\"id\":%lld,\"soort\":\"kind\","
		 "\"voornaam\":\"Baby\",\"geboortedatum\":\"%s\"}]}",
		 (long long)lid, today_s);
	ck_assert_int_eq(patch_gezin(&ca, id, body, &g), 200);
	baby = json_array_get(json_object_get(g, "leden"), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(baby, "id")), lid);
	ck_assert_str_eq(json_string_value(json_object_get(baby, "geboortedatum")), today_s);
	ck_assert_ptr_null(json_object_get(baby, "verwacht"));
	json_decref(g);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM leden WHERE verwacht_op IS NOT NULL"), 0);

	/* a supporter expecting a child: the unborn child needs no VOG, the family may be beschikbaar */
	snprintf(body, sizeof body,
		 "{\"naam\":\"Familie Verwacht\",\"rol\":\"steungezin\",\"werkgebied\":\"AMS\","
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Piet\",\"vogDatum\":\"%s\"},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Baby\",\"verwachtOp\":\"%s\"}],"
		 "\"aanbod\":{\"capaciteit\":1},\"toestemmingen\":%s}",
		 vog, verwacht, consents(""));
	int64_t s = create(&ca, body);
	ck_assert_int_eq(patch_gezin(&ca, s, "{\"status\":\"beschikbaar\"}", NULL), 200);

	/* matching: an expected child counts as 0 years old in the age criterion */
	snprintf(body, sizeof body, FMT, "verwachtOp", verwacht, consents(""));
	int64_t v2 = create(&ca, body);
	ck_assert_int_eq(patch_gezin(&ca, v2, "{\"status\":\"wachtend\"}", NULL), 200);
	json_t *sug = get(&ca, v2, "/suggesties");
	json_t *k = json_array_get(json_object_get(sug, "kandidaten"), 0);
	ck_assert_ptr_nonnull(k);
	size_t i;
	json_t *crit;
	bool found = false;
	json_array_foreach(json_object_get(k, "criteria"), i, crit)
	{
		const char *zin = json_string_value(json_object_get(crit, "zin"));
		if (zin && strstr(zin, "het kind is 0 jaar"))
			found = true;
	}
	ck_assert_msg(found, "no age 0 in %s", json_dumps(k, 0));
	json_decref(sug);
}
END_TEST

/* --- 3. consent at use -------------------------------------------------------------- */

static int64_t propose(int64_t v, int64_t s)
{
	char body[128];
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":1}", (long long)v, (long long)s);
	json_t *j;
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/koppelingen", body, &j, NULL), 201);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

static int move(int64_t k, const char *body, json_t **out)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/faseovergangen", (long long)k);
	return call(&ca, "POST", path, body, out, "auto");
}

/* Withdraws consent doel of gezin id on date op as s. */
static void withdraw(struct hs_session *s, int64_t id, const char *doel, const char *op)
{
	json_t *g = get(s, id, "");
	size_t i;
	json_t *t;
	int64_t tid = 0;
	json_array_foreach(json_object_get(g, "toestemmingen"), i, t) if (strcmp(json_string_value(json_object_get(t, "doel")),
										  doel) == 0) tid =
		json_integer_value(json_object_get(t, "id"));
	json_decref(g);
	ck_assert_int_gt(tid, 0);
	char path[96], body[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/toestemmingen/%lld", (long long)id, (long long)tid);
	snprintf(body, sizeof body, "{\"ingetrokkenOp\":\"%s\"}", op);
	ck_assert_int_eq(call(s, "PATCH", path, body, NULL, NULL), 200);
}

START_TEST(kennismaking_needs_contact_consent)
{
	int64_t v = vraaggezin(&ca, "AMS", CONTACT);
	int64_t s = steungezin(&ca, ""); /* the supporter never gave it */
	ck_assert_int_eq(patch_gezin(&ca, s, "{\"status\":\"beschikbaar\"}", NULL), 200);
	ck_assert_int_eq(patch_gezin(&ca, v, "{\"status\":\"wachtend\"}", NULL), 200);
	int64_t k = propose(v, s);
	json_t *p;
	ck_assert_int_eq(move(k, "{\"naar\":\"kennismaking\"}", &p), 422);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(p, "invalidParams"), 0), "name")),
			 "/toestemmingen/steungezin");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(p, "detail")), "steunbiedende gezin"));
	json_decref(p);
	/* given, then withdrawn: still no */
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/toestemmingen", (long long)s);
	ck_assert_int_eq(call(&ca, "POST", path, CONTACT, NULL, NULL), 201);
	withdraw(&ca, s, "contactgegevens-delen", today_s);
	ck_assert_int_eq(move(k, "{\"naar\":\"kennismaking\"}", &p), 422);
	json_decref(p);
	/* the asking family withdrew too: both are named */
	withdraw(&ca, v, "contactgegevens-delen", today_s);
	ck_assert_int_eq(move(k, "{\"naar\":\"kennismaking\"}", &p), 422);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(p, "detail")), "Beide"));
	json_decref(p);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM faseovergangen WHERE naar = 'kennismaking'"), 0);
	/* an override needs a reason; with one it goes through and is audited */
	ck_assert_int_eq(move(k, "{\"naar\":\"kennismaking\",\"toestemmingOverride\":{}}", NULL), 400);
	ck_assert_int_eq(move(k, "{\"naar\":\"kennismaking\",\"toestemmingOverride\":{\"reden\":\"Mondeling gegeven, "
				 "formulier volgt\"}}",
			      NULL),
			 201);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'toestemming-overschreven' AND "
					 "object_soort = 'koppeling' AND details LIKE '%Mondeling%'"),
			 1);
	/* every consent change is in the family's history: rows kept with their dates, and audited */
	json_t *g = get(&ca, s, "");
	ck_assert_uint_eq(json_array_size(json_object_get(g, "toestemmingen")), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(g, "toestemmingen"), 1),
							   "ingetrokkenOp")),
			 today_s);
	json_decref(g);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE object_soort = 'toestemming' AND "
					 "actie IN ('aanmaken', 'intrekken')"),
			 3);
}
END_TEST

START_TEST(kennismaking_with_both_consents)
{
	int64_t v = vraaggezin(&ca, "AMS", CONTACT);
	int64_t s = steungezin(&ca, CONTACT);
	ck_assert_int_eq(patch_gezin(&ca, s, "{\"status\":\"beschikbaar\"}", NULL), 200);
	int64_t k = propose(v, s);
	ck_assert_int_eq(move(k, "{\"naar\":\"kennismaking\"}", NULL), 201);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'toestemming-overschreven'"), 0);
}
END_TEST

/* The quarter of today as "jaar=..&kwartaal=..". */
static void kwartaal_query(char *out, size_t len)
{
	snprintf(out, len, "/api/v1/overzichten/kwartaal?gemeente=Amsterdam&jaar=%d&kwartaal=%d", today.y, (today.m - 1) / 3 + 1);
}

static int64_t aanmeldingen(void)
{
	char path[160];
	kwartaal_query(path, sizeof path);
	json_t *j;
	ck_assert_int_eq(call(&bh, "GET", path, NULL, &j, NULL), 200);
	int64_t n = json_integer_value(json_object_get(j, "aanmeldingen"));
	json_decref(j);
	return n;
}

START_TEST(anonymous_figures_leave_after_withdrawal)
{
	int64_t a = vraaggezin(&ca, "AMS", ANONIEM);
	vraaggezin(&ca, "AMS", ANONIEM);
	ck_assert_int_eq(aanmeldingen(), 2);
	withdraw(&ca, a, "anonieme-rapportage", today_s);
	ck_assert_int_eq(aanmeldingen(), 1);
	/* a quarter that ended before the withdrawal keeps the family */
	harness_sql("UPDATE gezinnen SET aangemeld_op = '2026-01-05'");
	harness_sql("UPDATE toestemmingen SET gegeven_op = '2026-01-01'");
	char path[160];
	json_t *j;
	ck_assert_int_eq(call(&bh, "GET", "/api/v1/overzichten/kwartaal?gemeente=Amsterdam&jaar=2026&kwartaal=1", NULL, &j,
			      NULL),
			 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "aanmeldingen")), today.y == 2026 && today.m <= 3 ? 1 : 2);
	json_decref(j);
	(void)path;
}
END_TEST

START_TEST(registration_withdrawn_asks_for_removal)
{
	int64_t a = vraaggezin(&ca, "AMS", "");
	vraaggezin(&ca, "AMS", "");
	json_t *g = get(&ca, a, "");
	ck_assert(json_is_null(json_object_get(g, "verwijderingAangevraagdOp")));
	json_decref(g);
	withdraw(&ca, a, "registratie", today_s);
	g = get(&ca, a, "");
	ck_assert_str_eq(json_string_value(json_object_get(g, "verwijderingAangevraagdOp")), today_s);
	json_decref(g);
	/* the beheerder's list of families that asked for removal */
	json_t *l;
	ck_assert_int_eq(call(&bh, "GET", "/api/v1/gezinnen?verwijderingAangevraagd=ja", NULL, &l, NULL), 200);
	ck_assert_uint_eq(json_array_size(json_object_get(l, "gezinnen")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(json_object_get(l, "gezinnen"), 0), "id")), a);
	json_decref(l);
	ck_assert_int_eq(call(&bh, "GET", "/api/v1/gezinnen?verwijderingAangevraagd=nee", NULL, NULL, NULL), 400);
	/* another werkgebied's coordinator does not see it */
	ck_assert_int_eq(call(&cb, "GET", "/api/v1/gezinnen?verwijderingAangevraagd=ja", NULL, &l, NULL), 200);
	ck_assert_uint_eq(json_array_size(json_object_get(l, "gezinnen")), 0);
	json_decref(l);
	/* the rest of the record is still there (the anonymisation is a separate step) */
	g = get(&ca, a, "");
	ck_assert_str_eq(json_string_value(json_object_get(g, "naam")), "Gezin Vraag");
	json_decref(g);
}
END_TEST

/* --- 4. zorgsignaal with follow-up ---------------------------------------------------- */

static int64_t caseload_zorgsignalen(struct hs_session *s)
{
	json_t *j;
	ck_assert_int_eq(call(s, "GET", "/api/v1/overzichten/caseload", NULL, &j, NULL), 200);
	int64_t n = json_integer_value(json_object_get(json_object_get(j, "aantallen"), "zorgsignalen"));
	json_decref(j);
	return n;
}

START_TEST(zorgsignaal_reaches_the_leidinggevende)
{
	int64_t lg = harness_user("leiding-a", "coordinator", "AMS", 1);
	harness_user("leiding-b", "coordinator", "ZST", 1);
	harness_sql("UPDATE gebruikers SET leidinggevende = 1 WHERE gebruikersnaam = 'leiding-b'");
	struct hs_session la, lb;
	ck_assert_int_eq(harness_login("leiding-a", HS_PASSWORD, &la), 201);
	ck_assert_int_eq(harness_login("leiding-b", HS_PASSWORD, &lb), 201);
	int64_t v = vraaggezin(&ca, "AMS", "");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/logboek", (long long)v);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"soort\":\"zorgsignaal\",\"tekst\":\"Moeder lijkt uitgeput\"}", NULL, NULL),
			 201);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"soort\":\"notitie\",\"tekst\":\"Gewoon een notitie\"}", NULL, NULL), 201);
	/* a coordinator who is not leidinggevende sees them but does not follow up */
	json_t *l;
	ck_assert_int_eq(call(&la, "GET", "/api/v1/zorgsignalen", NULL, &l, NULL), 200);
	ck_assert(json_is_false(json_object_get(l, "magOpvolgen")));
	json_decref(l);
	/* the beheerder makes them leidinggevende */
	char upath[64];
	snprintf(upath, sizeof upath, "/api/v1/gebruikers/%lld", (long long)lg);
	json_t *u;
	ck_assert_int_eq(call(&bh, "PATCH", upath, "{\"leidinggevende\":true}", &u, "auto"), 200);
	ck_assert(json_is_true(json_object_get(u, "leidinggevende")));
	json_decref(u);
	ck_assert_int_eq(call(&bh, "PATCH", upath, "{\"rol\":\"rapportage\",\"leidinggevende\":true}", NULL, "auto"), 400);
	ck_assert_int_eq(call(&la, "GET", "/api/v1/zorgsignalen", NULL, &l, NULL), 200);
	ck_assert(json_is_true(json_object_get(l, "magOpvolgen")));
	json_t *zs = json_object_get(l, "zorgsignalen");
	ck_assert_uint_eq(json_array_size(zs), 1);
	json_t *z = json_array_get(zs, 0);
	ck_assert_str_eq(json_string_value(json_object_get(z, "tekst")), "Moeder lijkt uitgeput");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(z, "gezin"), "id")), v);
	ck_assert(json_is_null(json_object_get(z, "opvolging")));
	int64_t zid = json_integer_value(json_object_get(z, "id"));
	json_decref(l);
	/* the leidinggevende of another werkgebied sees nothing of it and cannot follow it up */
	ck_assert_int_eq(call(&lb, "GET", "/api/v1/zorgsignalen", NULL, &l, NULL), 200);
	ck_assert_uint_eq(json_array_size(json_object_get(l, "zorgsignalen")), 0);
	json_decref(l);
	char opath[96];
	snprintf(opath, sizeof opath, "/api/v1/zorgsignalen/%lld/opvolging", (long long)zid);
	ck_assert_int_eq(call(&lb, "POST", opath, "{\"tekst\":\"Gebeld\"}", NULL, NULL), 404);
	ck_assert_int_eq(call(&ca, "POST", opath, "{\"tekst\":\"Gebeld\"}", NULL, NULL), 403);
	/* counted in the caseload until followed up */
	ck_assert_int_eq(caseload_zorgsignalen(&ca), 1);
	ck_assert_int_eq(caseload_zorgsignalen(&cb), 0);
	ck_assert_int_eq(call(&la, "POST", opath, "{\"tekst\":\"Met moeder gebeld, huisarts ingeschakeld\"}", &z, NULL), 201);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(z, "opvolging"), "door")), "leiding-a");
	json_decref(z);
	ck_assert_int_eq(call(&la, "POST", opath, "{\"tekst\":\"Nog eens\"}", NULL, NULL), 409);
	ck_assert_int_eq(caseload_zorgsignalen(&ca), 0);
	ck_assert_int_eq(call(&la, "GET", "/api/v1/zorgsignalen", NULL, &l, NULL), 200);
	ck_assert_uint_eq(json_array_size(json_object_get(l, "zorgsignalen")), 0);
	json_decref(l);
	ck_assert_int_eq(call(&bh, "GET", "/api/v1/zorgsignalen?alle=ja", NULL, &l, NULL), 200);
	ck_assert_uint_eq(json_array_size(json_object_get(l, "zorgsignalen")), 1);
	json_decref(l);
	/* the logboek shows who followed it up; the entry itself is unchanged */
	json_t *lb_json = get(&ca, v, "/logboek");
	size_t i;
	json_t *e;
	int seen = 0;
	json_array_foreach(json_object_get(lb_json, "regels"), i, e) if (strcmp(json_string_value(json_object_get(e, "soort")),
										 "zorgsignaal") == 0)
	{
		seen++;
		ck_assert_str_eq(json_string_value(json_object_get(json_object_get(e, "opvolging"), "door")), "leiding-a");
		ck_assert_str_eq(json_string_value(json_object_get(e, "tekst")), "Moeder lijkt uitgeput");
	}
	ck_assert_int_eq(seen, 1);
	json_decref(lb_json);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'opvolgen' AND object_soort = 'zorgsignaal'"), 1);
}
END_TEST

static void prepare(void)
{
	harness_prepare_hash();
}

static Suite *suite(void)
{
	Suite *s = suite_create("gezinrecord");
	TCase *tc = tcase_create("gezinrecord");
	tcase_add_unchecked_fixture(tc, prepare, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, patch_merges_nested_objects);
	tcase_add_test(tc, expected_child);
	tcase_add_test(tc, kennismaking_needs_contact_consent);
	tcase_add_test(tc, kennismaking_with_both_consents);
	tcase_add_test(tc, anonymous_figures_leave_after_withdrawal);
	tcase_add_test(tc, registration_withdrawn_asks_for_removal);
	tcase_add_test(tc, zorgsignaal_reaches_the_leidinggevende);
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
