/*
 * test_rapportages.c - the period report (GET /rapportages/periode) and its
 * vaststellingen, on a fixture worked out by hand that spans a year
 * boundary (December 2025 - February 2026):
 *
 *   V1 Leiden   registered 2025-10-01, intake 2025-10-15; K1 (with S1) kennismaking 2025-11-10,
 *               proefperiode 2025-11-20, evaluation held 2026-01-10 (satisfaction 8 / 9, one goal
 *               3 -> 7), afronding 2026-01-20 with contact afterwards: lopend on 1 December.
 *   V2 Leiden   registered 2025-11-01; K2 (with S2) kennismaking 2025-12-10, an extra evaluation
 *               held 2026-01-08 (satisfaction 6 / -, goals 4 -> 5 and 2 -> 6); moved to Delft on
 *               2026-01-15 (dated history); gestopt 2026-02-10 (geen-klik). New in Leiden, its
 *               stop counted in Delft.
 *   V3 Delft    registered 2025-06-01 as a steungezin, vraaggezin from 2025-12-01 (role change);
 *               K3 (with S3) kennismaking 2026-01-05: waiting 35 days from its vraaggezin role.
 *   V4 onbekend registered 2026-01-02 without a gemeente; K4 (with S4) kennismaking 2026-02-01.
 *   A zorgsignaal on V2 on 2025-12-20 (Leiden).
 *
 * Then, after the period, V1 moves to Amsterdam in another werkgebied, V3
 * drops its vraaggezin role and K3's contact is corrected: the closed
 * period regenerates to the same bytes, and a vaststelling made before
 * compares identical; a change inside the period is named by its JSON
 * pointer. Unknown gemeente, werkgebied or programma: 400 naming the
 * parameter. Another werkgebied's coordinator sees none of it. The
 * rapportage role gets counts rounded to fives. The CSV has Dutch headers.
 * The report reads a snapshot: a write in progress does not hold it up.
 */
#include <check.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api_rapportages.h"
#include "datum.h"
#include "db.h"
#include "harness.h"
#include "util.h"

static struct hs_session zh, nh, bh, rap;
static int64_t wg_zh, wg_nh, v1, v2, v3, v4, k1, k2, k3, k4;
static char vog[11];

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

/* A gezin registered on aangemeld in werkgebied wg, gemeente (NULL: none); status given on statusdatum. */
static int64_t gezin(const char *naam, bool vraag, const char *wg, const char *gemeente, const char *aangemeld,
		     const char *status, const char *statusdatum)
{
	char body[2048], adres[128] = "";
	if (gemeente)
		snprintf(adres, sizeof adres, "\"adres\":{\"gemeente\":\"%s\"},", gemeente);
	snprintf(body, sizeof body,
		 "{\"naam\":\"%s\",\"rol\":\"%s\",\"werkgebied\":\"%s\",%s"
		 "\"aangemeldOp\":\"%s\",\"status\":\"%s\",\"statusDatum\":\"%s\","
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\"%s%s%s},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Kind\",\"geboortedatum\":\"2019-06-01\",\"steunVoor\":%s}],"
		 "\"%s\":%s,\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2025-01-01\",\"gegevenDoor\":\"Ouder\"},"
		 "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2025-01-01\",\"gegevenDoor\":\"Ouder\"}]}",
		 naam, vraag ? "vraaggezin" : "steungezin", wg, adres, aangemeld, status, statusdatum,
		 vraag ? "" : ",\"vogDatum\":\"", vraag ? "" : vog, vraag ? "" : "\"", vraag ? "true" : "false",
		 vraag ? "vraag" : "aanbod", vraag ? "{\"tekst\":\"Even lucht\"}" : "{\"capaciteit\":1}");
	json_t *j;
	int rc = call(&bh, "POST", "/api/v1/gezinnen", body, &j, NULL);
	ck_assert_msg(rc == 201, "%s: %d %s", naam, rc, j ? json_dumps(j, 0) : "");
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

/* A phase move of koppeling k (body), as the beheerder. */
static void move(int64_t k, const char *body)
{
	char path[96], im[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/faseovergangen", (long long)k);
	json_t *j;
	int rc = call(&bh, "POST", path, body, &j, harness_koppeling_if_match(&bh, path, im, sizeof im));
	ck_assert_msg(rc == 201, "%s: %d %s", body, rc, j ? json_dumps(j, 0) : "");
	json_decref(j);
}

/* A koppeling of v and s proposed on voorstel, kennismaking on start. */
static int64_t koppel(int64_t v, int64_t s, const char *voorstel, const char *start)
{
	char body[200];
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":1,\"datum\":\"%s\"}", (long long)v,
		 (long long)s, voorstel);
	json_t *j;
	int rc = call(&bh, "POST", "/api/v1/koppelingen", body, &j, NULL);
	ck_assert_msg(rc == 201, "koppel: %d %s", rc, j ? json_dumps(j, 0) : "");
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	snprintf(body, sizeof body, "{\"naar\":\"kennismaking\",\"datum\":\"%s\"}", start);
	move(id, body);
	return id;
}

/* Holds evaluation eid of koppeling k on datum with verslag (JSON members without gehoudenOp). */
static void houd(int64_t k, int64_t eid, const char *datum, const char *verslag)
{
	char path[128], body[1024], im[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/evaluaties/%lld", (long long)k, (long long)eid);
	snprintf(body, sizeof body, "{\"gehoudenOp\":\"%s\",\"deelnemers\":[\"vraaggezin\",\"coordinator\"],%s}", datum, verslag);
	json_t *j;
	int rc = call(&bh, "PATCH", path, body, &j, harness_koppeling_if_match(&bh, path, im, sizeof im));
	ck_assert_msg(rc == 200, "houd: %d %s", rc, j ? json_dumps(j, 0) : "");
	json_decref(j);
}

/* Plans an evaluation of koppeling k on datum; returns its id. */
static int64_t plan(int64_t k, const char *datum)
{
	char path[128], body[128], im[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/evaluaties", (long long)k);
	snprintf(body, sizeof body, "{\"soort\":\"tussentijdse-evaluatie\",\"geplandOp\":\"%s\"}", datum);
	json_t *j;
	int rc = call(&bh, "POST", path, body, &j, harness_koppeling_if_match(&bh, path, im, sizeof im));
	ck_assert_msg(rc == 201, "plan: %d %s", rc, j ? json_dumps(j, 0) : "");
	int64_t id = 0;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(j, "evaluaties"), i, e) if (json_string_value(json_object_get(e, "geplandOp")) &&
								       strcmp(json_string_value(json_object_get(e, "geplandOp")), datum) == 0)
		id = json_integer_value(json_object_get(e, "id"));
	json_decref(j);
	ck_assert_int_gt(id, 0);
	return id;
}

/* The id of koppeling k's first evaluation of soort. */
static int64_t evaluatie(int64_t k, const char *soort)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld", (long long)k);
	json_t *j;
	ck_assert_int_eq(call(&bh, "GET", path, NULL, &j, NULL), 200);
	int64_t id = 0;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(j, "evaluaties"), i, e) if (!id && strcmp(json_string_value(json_object_get(e, "soort")), soort) == 0)
		id = json_integer_value(json_object_get(e, "id"));
	json_decref(j);
	ck_assert_int_gt(id, 0);
	return id;
}

/* Changes gezin id with a PATCH body as the beheerder (today: a later edit). */
static void patch_gezin(int64_t id, const char *body)
{
	char path[64], im[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	json_t *j;
	int rc = call(&bh, "PATCH", path, body, &j, harness_if_match(&bh, path, im, sizeof im));
	ck_assert_msg(rc == 200, "patch %s: %d %s", body, rc, j ? json_dumps(j, 0) : "");
	json_decref(j);
}

/* Runs "UPDATE <table> SET <column> = '<datum>' WHERE gezin_id = <id> AND <cond>": a history row dated as it was recorded. */
static void dateer(const char *table, const char *column, const char *datum, int64_t id, const char *cond)
{
	char text[512];
	snprintf(text, sizeof text, "UPDATE %s SET %s = '%s' WHERE gezin_id = %lld AND %s", table, column, datum, (long long)id,
		 cond);
	harness_sql(text);
}

static void setup(void)
{
	harness_start(NULL, 0);
	wg_zh = harness_werkgebied("ZH");
	wg_nh = harness_werkgebied("NH");
	char text[256];
	snprintf(text, sizeof text,
		 "INSERT INTO werkgebied_gemeenten(werkgebied_id, gemeente) VALUES (%lld, 'Leiden'), (%lld, 'Delft')",
		 (long long)wg_zh, (long long)wg_zh);
	harness_sql(text);
	harness_user("coord-zh", "coordinator", "ZH", 1);
	harness_user("coord-nh", "coordinator", "NH", 1);
	harness_user("beheer", "beheerder", NULL, 1);
	harness_user("rapport-zh", "rapportage", "ZH", 1);
	ck_assert_int_eq(harness_login("coord-zh", HS_PASSWORD, &zh), 201);
	ck_assert_int_eq(harness_login("coord-nh", HS_PASSWORD, &nh), 201);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &bh), 201);
	ck_assert_int_eq(harness_login("rapport-zh", HS_PASSWORD, &rap), 201);
	kp_date_format(kp_date_add_months(kp_date_from_unix(kp_now()), -6), vog);

	v1 = gezin("Gezin Een", true, "ZH", "Leiden", "2025-10-01", "intake", "2025-10-15");
	v2 = gezin("Gezin Twee", true, "ZH", "Leiden", "2025-11-01", "wachtend", "2025-11-01");
	v3 = gezin("Gezin Drie", false, "ZH", "Delft", "2025-06-01", "beschikbaar", "2025-06-01");
	v4 = gezin("Gezin Vier", true, "ZH", NULL, "2026-01-02", "wachtend", "2026-01-02");
	int64_t s1 = gezin("Steun Een", false, "ZH", "Leiden", "2025-01-10", "beschikbaar", "2025-01-10");
	int64_t s2 = gezin("Steun Twee", false, "ZH", "Leiden", "2025-01-10", "beschikbaar", "2025-01-10");
	int64_t s3 = gezin("Steun Drie", false, "ZH", "Delft", "2025-01-10", "beschikbaar", "2025-01-10");
	int64_t s4 = gezin("Steun Vier", false, "ZH", "Delft", "2025-01-10", "beschikbaar", "2025-01-10");

	/* V3 starts asking: its vraaggezin role, recorded as from 2025-12-01 */
	char path[96], im[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/rollen", (long long)v3);
	snprintf(text, sizeof text, "/api/v1/gezinnen/%lld", (long long)v3);
	json_t *j;
	int rc = call(&bh, "POST", path, "{\"rol\":\"vraaggezin\",\"vraag\":{\"tekst\":\"Even lucht\"}}", &j,
		      harness_if_match(&bh, text, im, sizeof im));
	ck_assert_msg(rc == 201, "rol: %d %s", rc, j ? json_dumps(j, 0) : "");
	json_decref(j);
	dateer("gezin_rollen", "van", "2025-12-01", v3, "rol = 'vraaggezin'");
	dateer("gezin_statussen", "datum", "2025-12-01", v3, "rol = 'vraaggezin'");

	k1 = koppel(v1, s1, "2025-11-05", "2025-11-10");
	move(k1, "{\"naar\":\"proefperiode\",\"datum\":\"2025-11-20\"}");
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/afspraken", (long long)k1);
	ck_assert_int_eq(call(&bh, "POST", path, "{\"frequentie\":\"elke woensdag\"}", NULL, harness_koppeling_if_match(&bh, path, im, sizeof im)), 201);
	move(k1, "{\"naar\":\"contract\",\"contractGetekendOp\":\"2025-12-15\",\"datum\":\"2025-12-15\"}");
	houd(k1, evaluatie(k1, "evaluatie-proefperiode"), "2026-01-10",
	     "\"tevredenheidVraaggezin\":8,\"tevredenheidSteungezin\":9,\"doelen\":[{\"doel\":\"Rust\",\"scoreStart\":3,\"scoreNu\":7}]");
	move(k1, "{\"naar\":\"lopend\",\"datum\":\"2026-01-12\"}");
	move(k1, "{\"naar\":\"afronding\",\"datum\":\"2026-01-20\"}");
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld", (long long)k1);
	rc = call(&bh, "PATCH", path, "{\"contactNaAfloop\":\"ja\"}", &j, harness_if_match(&bh, path, im, sizeof im));
	ck_assert_msg(rc == 200, "contact: %d %s", rc, j ? json_dumps(j, 0) : "");
	json_decref(j);

	k2 = koppel(v2, s2, "2025-12-05", "2025-12-10");
	int64_t e2 = plan(k2, "2026-01-08");
	houd(k2, e2, "2026-01-08",
	     "\"tevredenheidVraaggezin\":6,\"doelen\":[{\"doel\":\"Rust\",\"scoreStart\":4,\"scoreNu\":5},"
	     "{\"doel\":\"Netwerk\",\"scoreStart\":2,\"scoreNu\":6}]");
	/* V2 moves to Delft, recorded on 2026-01-15 */
	patch_gezin(v2, "{\"adres\":{\"gemeente\":\"Delft\"}}");
	dateer("gezin_gemeenten", "tot", "2026-01-15", v2, "tot IS NOT NULL");
	dateer("gezin_gemeenten", "van", "2026-01-15", v2, "tot IS NULL");
	move(k2, "{\"naar\":\"gestopt\",\"datum\":\"2026-02-10\",\"reden\":\"geen-klik\"}");

	k3 = koppel(v3, s3, "2026-01-02", "2026-01-05");
	k4 = koppel(v4, s4, "2026-01-28", "2026-02-01");

	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/logboek", (long long)v2);
	rc = call(&bh, "POST", path, "{\"soort\":\"zorgsignaal\",\"datum\":\"2025-12-20\",\"tekst\":\"Zorgen om de oudste\"}", &j,
		  NULL);
	ck_assert_msg(rc == 201, "logboek: %d %s", rc, j ? json_dumps(j, 0) : "");
	json_decref(j);
}

static void teardown(void)
{
	harness_stop();
}

#define PERIODE "/api/v1/rapportages/periode?van=2025-12-01&tot=2026-02-28"

/* The raw body of GET path as s (status asserted 200). */
static char *get_raw(struct hs_session *s, const char *path, const char *hdr)
{
	struct http_response r;
	json_t *j = harness_call(s, "GET", path, NULL, 0, hdr, &r);
	json_decref(j);
	ck_assert_msg(r.status == 200, "%s: %d %s", path, r.status, r.body ? r.body : "");
	char *body = strdup(r.body);
	http_response_free(&r);
	return body;
}

static json_t *get_json(struct hs_session *s, const char *path)
{
	char *b = get_raw(s, path, NULL);
	json_t *j = json_loads(b, 0, NULL);
	free(b);
	ck_assert_ptr_nonnull(j);
	return j;
}

/* The member at a slash-separated path below o (array indices as numbers). */
static json_t *at(json_t *o, const char *path)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *save = NULL, *t = strtok_r(buf, "/", &save); t && o; t = strtok_r(NULL, "/", &save))
		o = json_is_array(o) ? json_array_get(o, (size_t)atoi(t)) : json_object_get(o, t);
	ck_assert_msg(o != NULL, "%s is missing", path);
	return o;
}

static int64_t n_at(json_t *o, const char *path)
{
	json_t *v = at(o, path);
	ck_assert_msg(json_is_integer(v), "%s is not a count", path);
	return json_integer_value(v);
}

static double r_at(json_t *o, const char *path)
{
	json_t *v = at(o, path);
	ck_assert_msg(json_is_number(v), "%s is not a number", path);
	return json_number_value(v);
}

/* The count of stop reason reden in the cijfers c. */
static int64_t reden(json_t *c, const char *naam)
{
	size_t i;
	json_t *r;
	json_array_foreach(at(c, "koppelingen/stopredenen"), i, r) if (strcmp(json_string_value(json_object_get(r, "reden")), naam) == 0)
		return json_integer_value(json_object_get(r, "aantal"));
	ck_abort_msg("no reason %s", naam);
	return -1;
}

/* Targets for 2026: Leiden 20-24 gezinnen, Delft 28 koppelingen (all programmes). */
static void doelen(void)
{
	harness_sql("INSERT INTO doelen(jaar, gemeente, programma_id, eenheid, minimum, maximum, aangemaakt_op, gewijzigd_op) VALUES "
		    "(2026, 'Leiden', NULL, 'gezinnen', 20, 24, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'), "
		    "(2026, 'Delft', NULL, 'koppelingen', 28, NULL, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
}

START_TEST(figures_by_hand)
{
	doelen();
	/* the fixture's own planned evaluations in the period: K1's trial evaluation (planned 2026-01-20) and its
	 * closing conversation (planned on the afronding, 2026-01-20), K2's extra one (2026-01-08) */
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM evaluaties WHERE gepland_op BETWEEN '2025-12-01' AND '2026-02-28' "
					 "AND vervallen = 0"),
			 3);
	json_t *j = get_json(&zh, PERIODE);
	ck_assert_str_eq(json_string_value(at(j, "periode/soort")), "vrij");
	ck_assert_int_eq(n_at(j, "periode/jaar"), 2026);
	ck_assert(json_is_false(at(j, "afgerondOpVijf")));
	json_t *t = at(j, "totaal");
	/* families: V1 running on 1 December, V2, V3 and V4 new; their children (V3 registered without one) */
	ck_assert_int_eq(n_at(t, "gezinnen/nieuw"), 3);
	ck_assert_int_eq(n_at(t, "gezinnen/lopend"), 1);
	ck_assert_int_eq(n_at(t, "gezinnen/bereikt"), 4);
	ck_assert_int_eq(n_at(t, "kinderen/nieuw"), 2);
	ck_assert_int_eq(n_at(t, "kinderen/lopend"), 1);
	ck_assert_int_eq(n_at(t, "koppelingen/nieuw"), 3);
	ck_assert_int_eq(n_at(t, "koppelingen/lopend"), 1);
	ck_assert_int_eq(n_at(t, "koppelingen/afgerond"), 1);
	ck_assert_int_eq(n_at(t, "koppelingen/gestopt"), 1);
	ck_assert_int_eq(reden(t, "geen-klik"), 1);
	ck_assert_int_eq(reden(t, "anders"), 0);
	/* waiting: V2 39 days, V3 35 from its vraaggezin role (not 218 from its registration), V4 30 */
	ck_assert_double_eq(r_at(t, "wachttijdDagen/vanafAanmelding/mediaan"), 35);
	ck_assert_double_eq(r_at(t, "wachttijdDagen/vanafAanmelding/p90"), 39);
	ck_assert(json_is_null(at(t, "wachttijdDagen/vanafIntake/mediaan")));
	/* K1 71 days (2025-11-10 to 2026-01-20), K2 62 (2025-12-10 to 2026-02-10) */
	ck_assert_double_eq(r_at(t, "duurDagen/mediaan"), 66.5);
	ck_assert_double_eq(r_at(t, "duurDagen/p90"), 71);
	ck_assert_int_eq(n_at(t, "evaluaties/gehouden"), 2);
	ck_assert_int_eq(n_at(t, "evaluaties/gepland"), 3);
	ck_assert_double_eq(r_at(t, "tevredenheid/vraagkant"), 7);
	ck_assert_double_eq(r_at(t, "tevredenheid/steunkant"), 9);
	ck_assert_int_eq(n_at(t, "doelvoortgang/doelen"), 3);
	ck_assert_double_eq(r_at(t, "doelvoortgang/gemiddeldStart"), 3);
	ck_assert_double_eq(r_at(t, "doelvoortgang/gemiddeldLaatst"), 6);
	ck_assert_double_eq(r_at(t, "contactNaAfloop/aandeel"), 1);
	ck_assert_int_eq(n_at(t, "contactNaAfloop/van"), 1);
	ck_assert_int_eq(n_at(t, "zorgsignalen"), 1);
	ck_assert_int_eq(n_at(t, "effecten/gezinnen"), 0); /* no reference scenario in this fixture */
	/* per gemeente, by where the family lived on the day that counts */
	json_t *g = at(j, "gemeenten");
	ck_assert_uint_eq(json_array_size(g), 3);
	ck_assert_str_eq(json_string_value(at(g, "0/naam")), "Delft");
	ck_assert_str_eq(json_string_value(at(g, "1/naam")), "Leiden");
	ck_assert_str_eq(json_string_value(at(g, "2/naam")), "gemeente onbekend");
	ck_assert(json_is_null(at(g, "2/gemeente")));
	json_t *delft = at(g, "0/cijfers"), *leiden = at(g, "1/cijfers"), *onb = at(g, "2/cijfers");
	/* V2 started in Leiden (2025-12-10) and stopped in Delft (2026-02-10, after its move on 2026-01-15) */
	ck_assert_int_eq(n_at(leiden, "koppelingen/nieuw"), 1);
	ck_assert_int_eq(n_at(leiden, "koppelingen/lopend"), 1);
	ck_assert_int_eq(n_at(leiden, "koppelingen/afgerond"), 1);
	ck_assert_int_eq(n_at(leiden, "koppelingen/gestopt"), 0);
	ck_assert_int_eq(n_at(leiden, "gezinnen/nieuw"), 1);
	ck_assert_int_eq(n_at(leiden, "gezinnen/lopend"), 1);
	ck_assert_int_eq(n_at(leiden, "evaluaties/gehouden"), 2); /* V2's on 2026-01-08, still in Leiden */
	ck_assert_int_eq(n_at(leiden, "zorgsignalen"), 1);
	ck_assert_double_eq(r_at(leiden, "wachttijdDagen/vanafAanmelding/mediaan"), 39);
	ck_assert_int_eq(n_at(delft, "koppelingen/nieuw"), 1);
	ck_assert_int_eq(n_at(delft, "koppelingen/gestopt"), 1);
	ck_assert_int_eq(reden(delft, "geen-klik"), 1);
	ck_assert_double_eq(r_at(delft, "duurDagen/mediaan"), 62);
	ck_assert_int_eq(n_at(delft, "gezinnen/nieuw"), 1);
	ck_assert_int_eq(n_at(delft, "kinderen/bereikt"), 0);
	ck_assert_double_eq(r_at(delft, "wachttijdDagen/vanafAanmelding/mediaan"), 35);
	/* the family without a gemeente is reported, never dropped */
	ck_assert_int_eq(n_at(onb, "gezinnen/nieuw"), 1);
	ck_assert_int_eq(n_at(onb, "koppelingen/nieuw"), 1);
	ck_assert_double_eq(r_at(onb, "wachttijdDagen/vanafAanmelding/mediaan"), 30);
	/* targets, realised from 1 January to the period's end (59 of 365 days, 10.06 months left):
	 * Leiden: V1 and V2 running on 1 January (V2 still in Leiden then) = 2 of 20, 3 expected, 18 to go, 1.8 a month;
	 * Delft: K3 = 1 of 28 (K2 ran on 1 January in Leiden), 5 expected, 27 to go, 2.7 a month */
	json_t *dl = at(g, "1/doelen/0");
	ck_assert_str_eq(json_string_value(at(dl, "eenheid")), "gezinnen");
	ck_assert_int_eq(n_at(dl, "minimum"), 20);
	ck_assert_int_eq(n_at(dl, "maximum"), 24);
	ck_assert_int_eq(n_at(dl, "gerealiseerd"), 2);
	ck_assert_int_eq(n_at(dl, "verwachtNu"), 3);
	ck_assert_int_eq(n_at(dl, "nogNodig"), 18);
	ck_assert_double_eq(r_at(dl, "perMaandNodig"), 1.8);
	ck_assert(json_is_null(at(dl, "programma")));
	json_t *dd = at(g, "0/doelen/0");
	ck_assert_str_eq(json_string_value(at(dd, "eenheid")), "koppelingen");
	ck_assert(json_is_null(at(dd, "maximum")));
	ck_assert_int_eq(n_at(dd, "gerealiseerd"), 1);
	ck_assert_int_eq(n_at(dd, "verwachtNu"), 5);
	ck_assert_int_eq(n_at(dd, "nogNodig"), 27);
	ck_assert_double_eq(r_at(dd, "perMaandNodig"), 2.7);
	ck_assert_uint_eq(json_array_size(at(g, "2/doelen")), 0);
	json_decref(j);
	/* one gemeente, a quarter across the boundary: Q4 2025 holds K2's start and V1's running koppeling */
	j = get_json(&zh, "/api/v1/rapportages/periode?jaar=2025&kwartaal=4&gemeente=leiden");
	ck_assert_str_eq(json_string_value(at(j, "filter/gemeente")), "Leiden");
	ck_assert_uint_eq(json_array_size(at(j, "gemeenten")), 1);
	ck_assert_int_eq(n_at(j, "totaal/koppelingen/nieuw"), 2); /* K1 (2025-11-10) and K2 */
	ck_assert_int_eq(n_at(j, "totaal/koppelingen/lopend"), 0);
	ck_assert_int_eq(n_at(j, "totaal/gezinnen/bereikt"), 2);
	json_decref(j);
	/* only the families without a gemeente */
	j = get_json(&zh, PERIODE "&gemeente=onbekend");
	ck_assert_uint_eq(json_array_size(at(j, "gemeenten")), 1);
	ck_assert_int_eq(n_at(j, "totaal/gezinnen/bereikt"), 1);
	json_decref(j);
	/* a programme the koppelingen are not in */
	j = get_json(&zh, PERIODE "&programma=2");
	ck_assert_str_eq(json_string_value(at(j, "filter/programma/naam")), "GezinsBuddy");
	ck_assert_int_eq(n_at(j, "totaal/koppelingen/nieuw"), 0);
	ck_assert_int_eq(n_at(j, "totaal/gezinnen/bereikt"), 0);
	ck_assert_int_eq(n_at(j, "totaal/zorgsignalen"), 0);
	json_decref(j);
	j = get_json(&zh, PERIODE "&programma=1");
	ck_assert_int_eq(n_at(j, "totaal/koppelingen/nieuw"), 3);
	json_decref(j);
}
END_TEST

START_TEST(unknown_filters_name_the_parameter)
{
	harness_sql("INSERT INTO werkgebied_gemeenten(werkgebied_id, gemeente) SELECT id, 'Zaanstad' FROM werkgebieden WHERE code = 'NH'");
	static const struct {
		const char *query, *param;
	} cases[] = {
		{ PERIODE "&gemeente=Zaandam", "gemeente" },
		{ PERIODE "&gemeente=Zaanstad", "gemeente" }, /* only NH lists it */
		{ PERIODE "&programma=999", "programma" },
		{ PERIODE "&programma=een", "programma" },
		{ PERIODE "&werkgebied=999", "werkgebied" },
		{ "/api/v1/rapportages/periode?jaar=2026&kwartaal=5", "kwartaal" },
		{ "/api/v1/rapportages/periode?jaar=2026&kwartaal=1&halfjaar=1", "halfjaar" },
		{ "/api/v1/rapportages/periode", "jaar" },
		{ "/api/v1/rapportages/periode?van=2026-03-01&tot=2026-02-01", "tot" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct http_response r;
		json_t *j = harness_call(&zh, "GET", cases[i].query, NULL, 0, NULL, &r);
		json_t *p = harness_assert_problem(&r, 400);
		ck_assert_msg(strcmp(json_string_value(at(p, "invalidParams/0/name")), cases[i].param) == 0, "%s: %s",
			      cases[i].query, r.body);
		json_decref(p);
		json_decref(j);
		http_response_free(&r);
	}
	/* NH's own werkgebied for its coordinator, ZH's for it: 400 */
	char q[160];
	snprintf(q, sizeof q, PERIODE "&werkgebied=%lld", (long long)wg_zh);
	struct http_response r;
	json_t *j = harness_call(&nh, "GET", q, NULL, 0, NULL, &r);
	json_decref(harness_assert_problem(&r, 400));
	json_decref(j);
	http_response_free(&r);
	json_t *ok = get_json(&zh, q);
	ck_assert_str_eq(json_string_value(at(ok, "filter/werkgebied/naam")), "ZH");
	ck_assert_int_eq(n_at(ok, "totaal/gezinnen/bereikt"), 4);
	json_decref(ok);
}
END_TEST

START_TEST(another_werkgebied_sees_none_of_it)
{
	json_t *j = get_json(&nh, PERIODE);
	ck_assert_int_eq(n_at(j, "totaal/gezinnen/bereikt"), 0);
	ck_assert_int_eq(n_at(j, "totaal/koppelingen/nieuw"), 0);
	ck_assert_int_eq(n_at(j, "totaal/zorgsignalen"), 0);
	ck_assert_uint_eq(json_array_size(at(j, "gemeenten")), 1); /* gemeente onbekend, empty */
	json_decref(j);
	/* nor ZH's vaststelling */
	json_t *v;
	ck_assert_int_eq(call(&zh, "POST", "/api/v1/rapportages/vaststellingen", "{\"van\":\"2025-12-01\",\"tot\":\"2026-02-28\"}", &v,
			      NULL),
			 201);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/rapportages/vaststellingen/%lld", (long long)n_at(v, "id"));
	json_decref(v);
	ck_assert_int_eq(call(&nh, "GET", path, NULL, NULL, NULL), 404);
	ck_assert_int_eq(call(&nh, "GET", "/api/v1/rapportages/vaststellingen", NULL, &v, NULL), 200);
	ck_assert_uint_eq(json_array_size(at(v, "items")), 0);
	json_decref(v);
	ck_assert_int_eq(call(&zh, "GET", "/api/v1/rapportages/vaststellingen", NULL, &v, NULL), 200);
	ck_assert_uint_eq(json_array_size(at(v, "items")), 1);
	json_decref(v);
	/* the beheerder sees it; the rapportage role may not make or read one */
	ck_assert_int_eq(call(&bh, "GET", path, NULL, NULL, NULL), 200);
	ck_assert_int_eq(call(&rap, "GET", path, NULL, NULL, NULL), 403);
	ck_assert_int_eq(call(&rap, "POST", "/api/v1/rapportages/vaststellingen", "{\"jaar\":2026}", NULL, NULL), 403);
}
END_TEST

START_TEST(closed_period_regenerates_identically)
{
	doelen();
	char *before = get_raw(&zh, PERIODE, NULL);
	char *before_bh = get_raw(&bh, PERIODE "&gemeente=Leiden", NULL);
	/* frozen over ZH's werkgebied */
	char body[160];
	snprintf(body, sizeof body, "{\"van\":\"2025-12-01\",\"tot\":\"2026-02-28\",\"werkgebied\":%lld}", (long long)wg_zh);
	json_t *v;
	ck_assert_int_eq(call(&zh, "POST", "/api/v1/rapportages/vaststellingen", body, &v, NULL), 201);
	int64_t id = n_at(v, "id");
	const char *hash = json_string_value(at(v, "hash"));
	ck_assert_uint_eq(strlen(hash), 64);
	ck_assert_int_eq(n_at(v, "rapport/vastgesteld/id"), id);
	ck_assert_int_eq(n_at(v, "rapport/totaal/gezinnen/bereikt"), 4);
	char sqlq[160];
	snprintf(sqlq, sizeof sqlq, "SELECT count(*) FROM vaststellingen WHERE id = %lld AND hash = '%s'", (long long)id, hash);
	ck_assert_int_eq(harness_sql_int(sqlq), 1);
	json_decref(v);

	/* later edits, all dated today: V1 moves to Amsterdam in NH, V2 and V4 take on a supporting role,
	 * K3 and K4 stop, a zorgsignaal today */
	patch_gezin(v1, "{\"werkgebied\":\"NH\",\"adres\":{\"gemeente\":\"Amsterdam\"}}");
	for (int i = 0; i < 2; i++) {
		int64_t g = i ? v4 : v2;
		char path[96], gp[64], im[96];
		snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/rollen", (long long)g);
		snprintf(gp, sizeof gp, "/api/v1/gezinnen/%lld", (long long)g);
		json_t *j;
		int rc = call(&bh, "POST", path,
			      "{\"rol\":\"buddy\",\"aanbod\":{\"capaciteit\":1,\"steunvormen\":[\"opvang-overdag\"]}}", &j,
			      harness_if_match(&bh, gp, im, sizeof im));
		ck_assert_msg(rc == 201, "rol: %d %s", rc, j ? json_dumps(j, 0) : "");
		json_decref(j);
	}
	char today[16], stop[128];
	kp_today(today);
	snprintf(stop, sizeof stop, "{\"naar\":\"gestopt\",\"datum\":\"%s\",\"reden\":\"doelen-bereikt\"}", today);
	move(k3, stop);
	move(k4, stop);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/logboek", (long long)v3);
	ck_assert_int_eq(call(&bh, "POST", path, "{\"soort\":\"zorgsignaal\",\"tekst\":\"Vandaag\"}", NULL, NULL), 201);

	/* the closed period: the same bytes, for the coordinator (V1 is no longer ZH's) and the beheerder */
	char *after = get_raw(&zh, PERIODE, NULL);
	ck_assert_str_eq(after, before);
	char *after_bh = get_raw(&bh, PERIODE "&gemeente=Leiden", NULL);
	ck_assert_str_eq(after_bh, before_bh);
	/* and NH does not get V1's past in ZH */
	json_t *j = get_json(&nh, PERIODE);
	ck_assert_int_eq(n_at(j, "totaal/gezinnen/bereikt"), 0);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/rapportages/vaststellingen/%lld", (long long)id);
	j = get_json(&zh, path);
	ck_assert(json_is_true(at(j, "identiek")));
	ck_assert_uint_eq(json_array_size(at(j, "verschillen")), 0);
	ck_assert_str_eq(json_string_value(at(j, "hashNu")), json_string_value(at(j, "hash")));
	json_decref(j);

	/* a zorgsignaal registered late inside the period: the comparison names what changed */
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/logboek", (long long)v3);
	ck_assert_int_eq(call(&bh, "POST", path, "{\"soort\":\"zorgsignaal\",\"datum\":\"2026-01-03\",\"tekst\":\"Laat gemeld\"}",
			      NULL, NULL),
			 201);
	snprintf(path, sizeof path, "/api/v1/rapportages/vaststellingen/%lld", (long long)id);
	j = get_json(&zh, path);
	ck_assert(json_is_false(at(j, "identiek")));
	json_t *vs = at(j, "verschillen");
	ck_assert_uint_eq(json_array_size(vs), 2);
	ck_assert_str_eq(json_string_value(json_array_get(vs, 0)), "/gemeenten/0/cijfers/zorgsignalen");
	ck_assert_str_eq(json_string_value(json_array_get(vs, 1)), "/totaal/zorgsignalen");
	ck_assert_int_eq(n_at(j, "rapport/totaal/zorgsignalen"), 1);
	ck_assert_int_eq(n_at(j, "nu/totaal/zorgsignalen"), 2);
	json_decref(j);
	free(before);
	free(after);
	free(before_bh);
	free(after_bh);
}
END_TEST

START_TEST(rapportage_role_rounded)
{
	json_t *j = get_json(&rap, "/api/v1/rapportages/periode?jaar=2026&kwartaal=1");
	ck_assert(json_is_true(at(j, "afgerondOpVijf")));
	/* one new family in each gemeente: each "<5", and the total the sum of the rounded parts */
	ck_assert_str_eq(json_string_value(at(j, "gemeenten/0/cijfers/gezinnen/nieuw")), "<5");
	ck_assert_str_eq(json_string_value(at(j, "totaal/gezinnen/nieuw")), "<5");
	ck_assert_str_eq(json_string_value(at(j, "totaal/gezinnen/bereikt")), "<5");
	ck_assert_str_eq(json_string_value(at(j, "totaal/koppelingen/gestopt")), "<5");
	ck_assert_str_eq(json_string_value(at(j, "totaal/zorgsignalen")), "<5");
	ck_assert(json_is_null(at(j, "totaal/wachttijdDagen/vanafAanmelding/mediaan")));
	ck_assert(json_is_null(at(j, "totaal/tevredenheid/vraagkant")));
	ck_assert(json_is_null(at(j, "vastgesteld")));
	json_decref(j);
}
END_TEST

START_TEST(csv_in_dutch)
{
	doelen();
	int64_t before = harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'exporteren' AND object_soort = 'rapportage'");
	struct http_response r;
	json_t *j = harness_call(&zh, "GET", PERIODE, NULL, 0, "Accept: text/csv\r\n", &r);
	json_decref(j);
	ck_assert_int_eq(r.status, 200);
	ck_assert_msg(strncmp(r.body, "\xEF\xBB\xBFGemeente;Onderdeel;Waarde\r\n", 30) == 0, "%.80s", r.body);
	static const char *const rows[] = {
		"\r\n;Periode van;01-12-2025\r\n",
		"\r\n;Periode tot en met;28-02-2026\r\n",
		"\r\n;Afgerond op vijftallen;nee\r\n",
		"\r\nTotaal;Gezinnen bereikt: totaal;4\r\n",
		"\r\nTotaal;Duur beëindigde koppelingen (dagen): mediaan;66,5\r\n",
		"\r\nTotaal;Gestopt, reden: geen-klik;1\r\n",
		"\r\nTotaal;Contact na afloop: aandeel (%);100,0\r\n",
		"\r\nLeiden;Doel gezinnen (alle programma's): minimum;20\r\n",
		"\r\nLeiden;Doel gezinnen (alle programma's): per maand nodig;1,8\r\n",
		"\r\nDelft;Doel koppelingen (alle programma's): maximum;\r\n",
		"\r\ngemeente onbekend;Koppelingen: nieuw;1\r\n",
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		ck_assert_msg(strstr(r.body, rows[i]) != NULL, "missing row %s", rows[i]);
	char cd[160];
	ck_assert(http_header(&r, "Content-Disposition", cd, sizeof cd));
	ck_assert_str_eq(cd, "attachment; filename=\"koppel-rapportage-2025-12-01-2026-02-28.csv\"");
	http_response_free(&r);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'exporteren' AND object_soort = 'rapportage'"),
			 before + 1);
	/* the rapportage role's CSV carries the rounded figures */
	j = harness_call(&rap, "GET", "/api/v1/rapportages/periode?jaar=2026&kwartaal=1", NULL, 0, "Accept: text/csv\r\n", &r);
	json_decref(j);
	ck_assert_ptr_nonnull(strstr(r.body, "\r\nTotaal;Gezinnen bereikt: nieuw;<5\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "\r\n;Afgerond op vijftallen;ja\r\n"));
	http_response_free(&r);
}
END_TEST

/* A GET in another thread, for the snapshot test. */
struct bg {
	pthread_t t;
	const char *path;
	char *body;
};

static void *bg_get(void *arg)
{
	struct bg *b = arg;
	struct http_response r;
	json_t *j = harness_call(&zh, "GET", b->path, NULL, 0, NULL, &r);
	json_decref(j);
	b->body = r.status == 200 ? strdup(r.body) : NULL;
	http_response_free(&r);
	return NULL;
}

/*
 * While a write is in progress (the writer held, a zorgsignaal and an intake
 * inserted but not committed), the period report and the quarterly report
 * read their snapshot on a reader: they answer with the figures from before
 * the write, not after it (a handler on the writer would wait for it and
 * see the new rows). The answer leaves once its audit entry is committed.
 */
START_TEST(reports_read_a_snapshot_not_the_writer)
{
	const char *paths[] = { PERIODE, "/api/v1/overzichten/kwartaal?gemeente=Leiden&jaar=2026&kwartaal=1" };
	for (size_t i = 0; i < 2; i++) {
		int64_t audits = harness_sql_int("SELECT count(*) FROM audit_log");
		struct kp_conn *w = kp_db_write_begin(hs.db);
		ck_assert_ptr_nonnull(w);
		char q[512];
		snprintf(q, sizeof q,
			 "INSERT INTO logboek(gezin_id, datum, soort, tekst, aangemaakt_op) VALUES (%lld, '2026-01-05', 'zorgsignaal', "
			 "'Nog niet vastgelegd', '2026-01-05T00:00:00Z'); INSERT INTO gezin_statussen(gezin_id, rol, status, datum) "
			 "VALUES (%lld, 'vraaggezin', 'intake', '2026-01-06')",
			 (long long)v3, (long long)v1);
		ck_assert_int_eq(sqlite3_exec(kp_conn_handle(w), q, NULL, NULL, NULL), SQLITE_OK);
		struct bg b = { .path = paths[i] };
		ck_assert_int_eq(pthread_create(&b.t, NULL, bg_get, &b), 0);
		usleep(1500 * 1000);
		ck_assert_int_eq(kp_db_write_commit(hs.db, w), SQLITE_OK);
		pthread_join(b.t, NULL);
		ck_assert_ptr_nonnull(b.body);
		json_t *j = json_loads(b.body, 0, NULL);
		if (i == 0)
			ck_assert_int_eq(n_at(j, "totaal/zorgsignalen"), 1);
		else
			ck_assert_int_eq(n_at(j, "intakes"), 0);
		json_decref(j);
		free(b.body);
		ck_assert_int_gt(harness_sql_int("SELECT count(*) FROM audit_log"), audits);
		harness_sql("DELETE FROM logboek WHERE tekst = 'Nog niet vastgelegd'");
		harness_sql("DELETE FROM gezin_statussen WHERE datum = '2026-01-06'");
	}
	/* afterwards both see the write */
	harness_sql("INSERT INTO logboek(gezin_id, datum, soort, tekst, aangemaakt_op) SELECT id, '2026-01-05', 'zorgsignaal', "
		    "'Vastgelegd', '2026-01-05T00:00:00Z' FROM gezinnen WHERE naam = 'Gezin Drie'");
	json_t *j = get_json(&zh, PERIODE);
	ck_assert_int_eq(n_at(j, "totaal/zorgsignalen"), 2);
	json_decref(j);
}
END_TEST

/* --- review findings: each on its own small fixture ---------------------------------------- */

static struct hs_session ra, rb, rr;
static int64_t wg_a, wg_b;

static void setup_klein(void)
{
	harness_start(NULL, 0);
	wg_a = harness_werkgebied("AAA");
	wg_b = harness_werkgebied("BBB");
	harness_user("beheer", "beheerder", NULL, 1);
	harness_user("coord-a", "coordinator", "AAA", 1);
	harness_user("coord-b", "coordinator", "BBB", 1);
	harness_user("rapport-b", "rapportage", "BBB", 1);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &bh), 201);
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ra), 201);
	ck_assert_int_eq(harness_login("coord-b", HS_PASSWORD, &rb), 201);
	ck_assert_int_eq(harness_login("rapport-b", HS_PASSWORD, &rr), 201);
	kp_date_format(kp_date_add_months(kp_date_from_unix(kp_now()), -6), vog);
}

/*
 * A koppeling whose steungezin moved to another werkgebied is no longer the
 * coordinator's (404 on the koppeling): its later stop, reason and duration
 * must not reach her through the report; the beheerder still counts it.
 */
START_TEST(invisible_koppeling_not_counted)
{
	int64_t v = gezin("Vraag B", true, "BBB", "Kampen", "2025-10-01", "wachtend", "2025-10-01");
	int64_t sg = gezin("Steun B", false, "BBB", "Kampen", "2025-10-01", "beschikbaar", "2025-10-01");
	int64_t k = koppel(v, sg, "2026-03-01", "2026-03-02");
	patch_gezin(sg, "{\"werkgebied\":\"AAA\"}");
	char path[96], today[16], body[160], q[160];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld", (long long)k);
	ck_assert_int_eq(call(&rb, "GET", path, NULL, NULL, NULL), 404);
	kp_today(today);
	snprintf(body, sizeof body, "{\"naar\":\"gestopt\",\"datum\":\"%s\",\"reden\":\"geen-klik\"}", today);
	move(k, body);
	snprintf(q, sizeof q, "/api/v1/rapportages/periode?van=%s&tot=%s", today, today);
	json_t *j = get_json(&rb, q);
	ck_assert_int_eq(n_at(j, "totaal/koppelingen/gestopt"), 0);
	ck_assert_int_eq(reden(at(j, "totaal"), "geen-klik"), 0);
	ck_assert(json_is_null(at(j, "totaal/duurDagen/mediaan")));
	json_decref(j);
	/* the other side's coordinator neither: the vraaggezin is not hers */
	j = get_json(&ra, q);
	ck_assert_int_eq(n_at(j, "totaal/koppelingen/gestopt"), 0);
	json_decref(j);
	/* nor a werkgebied filter on BBB for the beheerder (what a vaststelling for BBB would hold) */
	snprintf(q, sizeof q, "/api/v1/rapportages/periode?van=%s&tot=%s&werkgebied=%lld", today, today, (long long)wg_b);
	j = get_json(&bh, q);
	ck_assert_int_eq(n_at(j, "totaal/koppelingen/gestopt"), 0);
	json_decref(j);
	snprintf(q, sizeof q, "/api/v1/rapportages/periode?van=%s&tot=%s", today, today);
	j = get_json(&bh, q);
	ck_assert_int_eq(n_at(j, "totaal/koppelingen/gestopt"), 1);
	json_decref(j);
	/* while both were in BBB (its start) it was hers, and stays so for that closed period */
	j = get_json(&rb, "/api/v1/rapportages/periode?van=2026-03-01&tot=2026-03-31");
	ck_assert_int_eq(n_at(j, "totaal/koppelingen/nieuw"), 1);
	json_decref(j);
}
END_TEST

/*
 * A withdrawn consent to anonymous reporting takes a family out of the
 * report once withdrawn by the period's end: on the steungezin's side the
 * koppeling and everything under it (K2's start, stop, evaluation and
 * goals), on the vraaggezin's side everything attributed to it (V4 reached,
 * K4's start); a withdrawal after the period changes nothing.
 */
START_TEST(anonymous_consent_withdrawn)
{
	char sql[256];
	json_t *j = get_json(&zh, PERIODE);
	json_t *t = at(j, "totaal");
	ck_assert_int_eq(n_at(t, "gezinnen/nieuw"), 3);
	ck_assert_int_eq(n_at(t, "koppelingen/nieuw"), 3);
	ck_assert_int_eq(n_at(t, "koppelingen/gestopt"), 1);
	ck_assert_int_eq(n_at(t, "evaluaties/gehouden"), 2);
	ck_assert_int_eq(n_at(t, "evaluaties/gepland"), 3);
	ck_assert_int_eq(n_at(t, "doelvoortgang/doelen"), 3);
	json_decref(j);
	/* after the period: nothing changes */
	snprintf(sql, sizeof sql,
		 "INSERT INTO toestemmingen (gezin_id, doel, gegeven_op, gegeven_door, ingetrokken_op) VALUES (%lld, "
		 "'anonieme-rapportage', '2025-01-01', 'Ouder', '2026-03-01')",
		 (long long)v3);
	harness_sql(sql);
	j = get_json(&zh, PERIODE);
	ck_assert_int_eq(n_at(j, "totaal/koppelingen/nieuw"), 3);
	ck_assert_int_eq(n_at(j, "totaal/gezinnen/nieuw"), 3);
	json_decref(j);
	/* K2's steungezin, within the period */
	snprintf(sql, sizeof sql,
		 "INSERT INTO toestemmingen (gezin_id, doel, gegeven_op, gegeven_door, ingetrokken_op) SELECT steungezin_id, "
		 "'anonieme-rapportage', '2025-01-01', 'Ouder', '2026-02-28' FROM koppelingen WHERE id = %lld",
		 (long long)k2);
	harness_sql(sql);
	j = get_json(&zh, PERIODE);
	t = at(j, "totaal");
	ck_assert_int_eq(n_at(t, "gezinnen/nieuw"), 3);
	ck_assert_int_eq(n_at(t, "koppelingen/nieuw"), 2);
	ck_assert_int_eq(n_at(t, "koppelingen/gestopt"), 0);
	ck_assert_int_eq(n_at(t, "evaluaties/gehouden"), 1);
	ck_assert_int_eq(n_at(t, "evaluaties/gepland"), 2);
	ck_assert_int_eq(n_at(t, "doelvoortgang/doelen"), 1);
	json_decref(j);
	/* V4 itself */
	snprintf(sql, sizeof sql,
		 "INSERT INTO toestemmingen (gezin_id, doel, gegeven_op, gegeven_door, ingetrokken_op) VALUES (%lld, "
		 "'anonieme-rapportage', '2025-01-01', 'Ouder', '2026-01-31')",
		 (long long)v4);
	harness_sql(sql);
	j = get_json(&zh, PERIODE);
	t = at(j, "totaal");
	ck_assert_int_eq(n_at(t, "gezinnen/nieuw"), 2);
	ck_assert_int_eq(n_at(t, "koppelingen/nieuw"), 1);
	json_decref(j);
}
END_TEST

/* A werkgebied name of 66 characters (126 bytes) survives the report whole: no cut UTF-8, no 503. */
START_TEST(long_utf8_names)
{
	char naam[256] = "Regio ", body[512], path[64], im[128], q[160];
	for (int i = 0; i < 60; i++)
		strcat(naam, "\xC3\xA9");
	snprintf(body, sizeof body, "{\"naam\":\"%s\"}", naam);
	snprintf(path, sizeof path, "/api/v1/werkgebieden/%lld", (long long)wg_b);
	ck_assert_int_eq(call(&bh, "PATCH", path, body, NULL, harness_if_match(&bh, path, im, sizeof im)), 200);
	snprintf(q, sizeof q, "/api/v1/rapportages/periode?jaar=2026&werkgebied=%lld", (long long)wg_b);
	json_t *j = get_json(&rb, q);
	ck_assert_str_eq(json_string_value(at(j, "filter/werkgebied/naam")), naam);
	json_decref(j);
	/* a gemeente of 100 characters but more than 100 bytes is a valid filter value */
	char gem[256] = "";
	for (int i = 0; i < 100; i++)
		strcat(gem, "\xC3\xA9");
	snprintf(body, sizeof body, "INSERT INTO werkgebied_gemeenten(werkgebied_id, gemeente) VALUES (%lld, '%s')",
		 (long long)wg_b, gem);
	harness_sql(body);
	char enc[1024] = "/api/v1/rapportages/periode?jaar=2026&gemeente=";
	for (int i = 0; i < 100; i++)
		strcat(enc, "%C3%A9");
	j = get_json(&rb, enc);
	ck_assert_str_eq(json_string_value(at(j, "filter/gemeente")), gem);
	json_decref(j);
}
END_TEST

/*
 * The rapportage role gets fixed periods only: sliding a free window a day
 * at a time would tell it the exact count and days behind a "<5". Its
 * targets are measured at a month end, not today.
 */
START_TEST(rapportage_role_fixed_periods_only)
{
	struct http_response r;
	json_t *j = harness_call(&rr, "GET", "/api/v1/rapportages/periode?van=2026-03-01&tot=2026-03-09", NULL, 0, NULL, &r);
	json_decref(j);
	json_t *pr = harness_assert_problem(&r, 400);
	ck_assert_str_eq(json_string_value(at(pr, "invalidParams/0/name")), "van");
	json_decref(pr);
	http_response_free(&r);
	j = get_json(&rr, "/api/v1/rapportages/periode?jaar=2026&kwartaal=1");
	ck_assert_str_eq(json_string_value(at(j, "periode/soort")), "kwartaal");
	json_decref(j);
	/* this year's report: peildatum the end of last month, never today */
	char today[16], q[96];
	kp_today(today);
	snprintf(q, sizeof q, "/api/v1/rapportages/periode?jaar=%.4s", today);
	j = get_json(&rr, q);
	struct kp_date td;
	ck_assert(kp_date_parse(today, &td));
	td.d = 1;
	char verwacht[11];
	kp_date_format(kp_date_add_days(td, -1), verwacht);
	ck_assert_str_eq(json_string_value(at(j, "periode/peildatumDoelen")), verwacht);
	json_decref(j);
	/* the coordinator keeps free windows */
	j = get_json(&rb, "/api/v1/rapportages/periode?van=2026-03-01&tot=2026-03-09");
	json_decref(j);
}
END_TEST

/* One computation at a time (503 + Retry-After while one runs) and a deadline (503 when passed). */
START_TEST(one_at_a_time_within_a_deadline)
{
	struct http_response r;
	char buf[16];
	ck_assert(kp_rapportages_rekenen_begin());
	json_t *j = harness_call(&rb, "GET", "/api/v1/rapportages/periode?jaar=2026", NULL, 0, NULL, &r);
	json_decref(j);
	json_decref(harness_assert_problem(&r, 503));
	ck_assert_ptr_nonnull(http_header(&r, "Retry-After", buf, sizeof buf));
	http_response_free(&r);
	j = harness_call(&bh, "POST", "/api/v1/rapportages/vaststellingen", "{\"jaar\":2026}", 1, NULL, &r);
	json_decref(j);
	json_decref(harness_assert_problem(&r, 503));
	http_response_free(&r);
	kp_rapportages_rekenen_einde();
	json_decref(get_json(&rb, "/api/v1/rapportages/periode?jaar=2026"));
	/* a deadline already passed when the first statement runs */
	int64_t v = gezin("Vraag B", true, "BBB", "Kampen", "2025-10-01", "wachtend", "2025-10-01");
	koppel(v, gezin("Steun B", false, "BBB", "Kampen", "2025-10-01", "beschikbaar", "2025-10-01"), "2026-03-01", "2026-03-02");
	kp_rapportages_deadline(0);
	j = harness_call(&rb, "GET", "/api/v1/rapportages/periode?jaar=2026", NULL, 0, NULL, &r);
	kp_rapportages_deadline(60000);
	json_decref(j);
	json_t *pr = harness_assert_problem(&r, 503);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(pr, "detail")), "te veel tijd"));
	json_decref(pr);
	ck_assert_ptr_nonnull(http_header(&r, "Retry-After", buf, sizeof buf));
	http_response_free(&r);
	json_decref(get_json(&rb, "/api/v1/rapportages/periode?jaar=2026"));
}
END_TEST

/* Targets over more than 64 programmes: each gets its year-to-date figures, no 503. */
START_TEST(targets_over_many_programmes)
{
	harness_sql("INSERT OR IGNORE INTO werkgebied_gemeenten(werkgebied_id, gemeente) SELECT id, 'Kampen' FROM werkgebieden "
		    "WHERE code = 'BBB'");
	harness_sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 70) "
		    "INSERT INTO programmas(naam, rollen, bedenktijd_dagen, proef_maanden, proef_weken, evaluatie_maanden, "
		    "max_maanden, vog_geldigheid_maanden, aangemaakt_op, gewijzigd_op) SELECT 'Programma ' || i, '[\"steungezin\"]', "
		    "7, 2, 0, 6, 24, 36, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n");
	harness_sql("INSERT INTO doelen(jaar, gemeente, programma_id, eenheid, minimum, maximum, aangemaakt_op, gewijzigd_op) "
		    "SELECT 2026, 'Kampen', id, 'koppelingen', 1, NULL, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM programmas");
	int64_t n = harness_sql_int("SELECT count(*) FROM programmas");
	ck_assert_int_gt(n, 64);
	json_t *j = get_json(&rb, "/api/v1/rapportages/periode?jaar=2026");
	json_t *g = at(j, "gemeenten/0");
	ck_assert_str_eq(json_string_value(at(g, "naam")), "Kampen");
	ck_assert_int_eq((int64_t)json_array_size(at(g, "doelen")), n);
	json_decref(j);
}
END_TEST

/* A coordinator without a werkgebied cannot store a vaststelling; one stored with "[]" is the beheerder's only. */
START_TEST(empty_scope_vaststelling)
{
	harness_user("coord-leeg", "coordinator", NULL, 1);
	struct hs_session leeg;
	ck_assert_int_eq(harness_login("coord-leeg", HS_PASSWORD, &leeg), 201);
	struct http_response r;
	json_t *j = harness_call(&leeg, "POST", "/api/v1/rapportages/vaststellingen", "{\"jaar\":2026}", 1, NULL, &r);
	json_decref(j);
	json_decref(harness_assert_problem(&r, 403));
	http_response_free(&r);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM vaststellingen"), 0);
	/* one left by an earlier version */
	harness_sql("INSERT INTO vaststellingen(parameters, van, tot, werkgebieden, cijfers, hash, vastgesteld_op, gebruiker_id, "
		    "gebruikersnaam) VALUES ('{\"jaar\":2026,\"soort\":\"jaar\",\"van\":\"2026-01-01\",\"tot\":\"2026-12-31\","
		    "\"gemeente\":null,\"werkgebied\":null,\"programma\":null}', '2026-01-01', '2026-12-31', '[]', '{}', printf('%064d', 0), "
		    "'2026-01-02T00:00:00Z', NULL, 'coord-leeg')");
	int64_t id = harness_sql_int("SELECT max(id) FROM vaststellingen");
	j = get_json(&rb, "/api/v1/rapportages/vaststellingen");
	ck_assert_int_eq((int64_t)json_array_size(at(j, "items")), 0);
	json_decref(j);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/rapportages/vaststellingen/%lld", (long long)id);
	ck_assert_int_eq(call(&rb, "GET", path, NULL, NULL, NULL), 404);
	j = get_json(&bh, "/api/v1/rapportages/vaststellingen");
	ck_assert_int_eq((int64_t)json_array_size(at(j, "items")), 1);
	json_decref(j);
}
END_TEST

static void prepare(void)
{
	harness_prepare_hash();
}

int main(void)
{
	Suite *s = suite_create("rapportages");
	TCase *tc = tcase_create("rapportages");
	tcase_add_unchecked_fixture(tc, prepare, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, figures_by_hand);
	tcase_add_test(tc, unknown_filters_name_the_parameter);
	tcase_add_test(tc, another_werkgebied_sees_none_of_it);
	tcase_add_test(tc, closed_period_regenerates_identically);
	tcase_add_test(tc, rapportage_role_rounded);
	tcase_add_test(tc, csv_in_dutch);
	tcase_add_test(tc, reports_read_a_snapshot_not_the_writer);
	tcase_add_test(tc, anonymous_consent_withdrawn);
	suite_add_tcase(s, tc);
	TCase *rv = tcase_create("review");
	tcase_add_unchecked_fixture(rv, prepare, NULL);
	tcase_add_checked_fixture(rv, setup_klein, teardown);
	tcase_set_timeout(rv, 120);
	tcase_add_test(rv, invisible_koppeling_not_counted);
	tcase_add_test(rv, long_utf8_names);
	tcase_add_test(rv, rapportage_role_fixed_periods_only);
	tcase_add_test(rv, one_at_a_time_within_a_deadline);
	tcase_add_test(rv, targets_over_many_programmes);
	tcase_add_test(rv, empty_scope_vaststelling);
	suite_add_tcase(s, rv);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
