/*
 * test_gezinscoach.c - professional trajectories (issue 19, point 1): a
 * programme whose supporter is a gezinscoach (a user) instead of a gezin.
 *
 * Fixture: werkgebieden AMS and PUR; a coordinator of each, a beheerder,
 * gezinscoaches coach-a and coach-a2 (AMS) and coach-b (PUR). Families of
 * AMS: va (the coach's family), va2 (another coach's family), sa (a
 * supporting gezin); of PUR: vb. Covered: creating a trajectory and every
 * refusal that names its field; what a coach sees (its own trajectories and
 * their families, read and logboek write; never an informal koppeling, a
 * supporting gezin, another coach's trajectory or another werkgebied:
 * those answer like ids that do not exist); the routes a coach may not use;
 * the coordinator's lists, overviews and reports with a trajectory present;
 * a coach as a user of the gebruikers API.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "harness.h"
#include "util.h"

#define NX 987654 /* an id no row reaches */

static struct hs_session ca, cb, beheer, coach;
static int64_t coord_a, coach_a, coach_a2, coach_b, prog_g;
static int64_t va, va2, sa, vb;
static char vog[11];

/* Sends a request as s; If-Match from a fresh GET of im_path when not NULL. Returns the status; *out the body. */
static int call(const struct hs_session *s, const char *method, const char *path, const char *body, json_t **out,
		const char *im_path)
{
	char im[96] = "";
	if (im_path)
		harness_if_match(s, im_path, im, sizeof im);
	struct http_response r;
	json_t *j = harness_call(s, method, path, body, 1, im_path ? im : NULL, &r);
	int status = r.status;
	http_response_free(&r);
	if (out)
		*out = j;
	else
		json_decref(j);
	return status;
}

/* A gezin of werkgebied wg with role rol who agreed to share contact details, made by s; returns its id. */
static int64_t gezin_maken(const struct hs_session *s, const char *naam, const char *rol, const char *wg)
{
	bool vraag = strcmp(rol, "vraaggezin") == 0;
	char body[1600];
	snprintf(body, sizeof body,
		 "{\"naam\":\"%s\",\"rol\":\"%s\",\"werkgebied\":\"%s\",\"aangemeldOp\":\"2026-01-05\",%s"
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Moeder\",\"vogDatum\":\"%s\"}%s],%s,"
		 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"},"
		 "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]}",
		 naam, rol, wg, vraag ? "" : "\"status\":\"beschikbaar\",", vog,
		 vraag ? ",{\"soort\":\"kind\",\"voornaam\":\"Kind\",\"geboortedatum\":\"2019-01-01\"}" : "",
		 vraag ? "\"vraag\":{\"tekst\":\"Even lucht\",\"themas\":[\"verhuizing\"],\"steunvormen\":[\"opvang-overdag\"]}"
		       : "\"aanbod\":{\"capaciteit\":2,\"steunvormen\":[\"opvang-overdag\"]}");
	json_t *j;
	int st = call(s, "POST", "/api/v1/gezinnen", body, &j, NULL);
	ck_assert_msg(st == 201, "gezin %s: %d %s", naam, st, json_string_value(json_object_get(j, "detail")));
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

/* True when problem j names pointer in invalidParams. */
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

/* POSTs a koppeling body as s; returns the status, *id the new id (when 201), *out the answer when not NULL. */
static int voorstel(const struct hs_session *s, const char *body, int64_t *id, json_t **out)
{
	json_t *j;
	int status = call(s, "POST", "/api/v1/koppelingen", body, &j, NULL);
	if (id)
		*id = status == 201 ? json_integer_value(json_object_get(j, "id")) : 0;
	if (out)
		*out = j;
	else
		json_decref(j);
	return status;
}

/* A trajectory of vraaggezin v with gezinscoach c, proposed by s; asserts 201 and returns its id. */
static int64_t traject(const struct hs_session *s, int64_t v, int64_t c)
{
	char body[160];
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"programma\":%lld,\"coach\":%lld}", (long long)v,
		 (long long)prog_g, (long long)c);
	int64_t id;
	json_t *j;
	int st = voorstel(s, body, &id, &j);
	ck_assert_msg(st == 201, "traject: %d %s", st, json_string_value(json_object_get(j, "detail")));
	json_decref(j);
	return id;
}

/* Moves koppeling k as s with body; returns the status. */
static int fase(const struct hs_session *s, int64_t k, const char *body)
{
	char path[96], kpath[64], im[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/faseovergangen", (long long)k);
	snprintf(kpath, sizeof kpath, "/api/v1/koppelingen/%lld", (long long)k);
	harness_koppeling_if_match(s, kpath, im, sizeof im);
	struct http_response r;
	json_t *j = harness_call(s, "POST", path, body, 1, im, &r);
	int status = r.status;
	http_response_free(&r);
	json_decref(j);
	return status;
}

/* GET prefix followed by id as s; returns the status. */
static int get(const struct hs_session *s, const char *prefix, long long id)
{
	char path[160];
	snprintf(path, sizeof path, "%s%lld", prefix, id);
	return call(s, "GET", path, NULL, NULL, NULL);
}

/* The ids of the array member key of list (e.g. "koppelingen") as a comma-separated string in buf. */
static const char *ids(json_t *list, const char *key, char *buf, size_t len)
{
	size_t i, used = 0;
	json_t *x;
	buf[0] = '\0';
	json_array_foreach(json_object_get(list, key), i, x)
	{
		int n = snprintf(buf + used, len - used, "%s%lld", used ? "," : "",
				 (long long)json_integer_value(json_object_get(x, "id")));
		if (n > 0 && (size_t)n < len - used)
			used += (size_t)n;
	}
	return buf;
}

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_werkgebied("PUR");
	coord_a = harness_user("coord-a", "coordinator", "AMS", 1);
	harness_user("coord-b", "coordinator", "PUR", 1);
	harness_user("beheer", "beheerder", NULL, 1);
	coach_a = harness_user("coach-a", "gezinscoach", "AMS", 1);
	coach_a2 = harness_user("coach-a2", "gezinscoach", "AMS", 1);
	coach_b = harness_user("coach-b", "gezinscoach", "PUR", 1);
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	ck_assert_int_eq(harness_login("coord-b", HS_PASSWORD, &cb), 201);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &beheer), 201);
	ck_assert_int_eq(harness_login("coach-a", HS_PASSWORD, &coach), 201);
	prog_g = harness_sql_int("SELECT id FROM programmas WHERE naam = 'Gezinscoach'");
	ck_assert_int_gt(prog_g, 0);
	kp_date_format(kp_date_add_months(kp_date_from_unix(kp_now()), -6), vog);
	va = gezin_maken(&ca, "Familie Coachzicht", "vraaggezin", "AMS");
	va2 = gezin_maken(&ca, "Familie Anderecoach", "vraaggezin", "AMS");
	sa = gezin_maken(&ca, "Familie Steunt", "steungezin", "AMS");
	vb = gezin_maken(&cb, "Familie Purmer", "vraaggezin", "PUR");
}

static void teardown(void)
{
	harness_stop();
}

START_TEST(trajectory_is_created_with_a_coach)
{
	char body[160];
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"programma\":%lld,\"coach\":%lld}", (long long)va,
		 (long long)prog_g, (long long)coach_a);
	int64_t id;
	json_t *j;
	ck_assert_int_eq(voorstel(&ca, body, &id, &j), 201);
	ck_assert(json_is_null(json_object_get(j, "steungezin")));
	json_t *c = json_object_get(j, "coach");
	ck_assert_int_eq(json_integer_value(json_object_get(c, "id")), coach_a);
	ck_assert_ptr_nonnull(json_string_value(json_object_get(c, "naam")));
	ck_assert_str_eq(json_string_value(json_object_get(j, "fase")), "voorstel");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "woorden"), "koppeling")), "traject");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "woorden"), "steun")), "gezinscoach");
	json_decref(j);
	char q[200];
	snprintf(q, sizeof q,
		 "SELECT count(*) FROM koppelingen WHERE id = %lld AND steungezin_id IS NULL AND coach_id = %lld "
		 "AND steun_werkgebied_id = (SELECT id FROM werkgebieden WHERE code = 'AMS')",
		 (long long)id, (long long)coach_a);
	ck_assert_int_eq(harness_sql_int(q), 1);
	/* it walks the existing course for now: kennismaking makes the family gekoppeld */
	ck_assert_int_eq(fase(&ca, id, "{\"naar\":\"kennismaking\"}"), 201);
	snprintf(q, sizeof q, "SELECT status = 'gekoppeld' FROM gezinnen WHERE id = %lld", (long long)va);
	ck_assert_int_eq(harness_sql_int(q), 1);
}
END_TEST

START_TEST(trajectory_refusals_name_the_field)
{
	char body[200];
	json_t *j;
	/* a coach of another werkgebied */
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"programma\":%lld,\"coach\":%lld}", (long long)va,
		 (long long)prog_g, (long long)coach_b);
	ck_assert_int_eq(voorstel(&ca, body, NULL, &j), 422);
	ck_assert(noemt(j, "/coach"));
	json_decref(j);
	/* a user who is no gezinscoach, and one who does not exist: the same answer */
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"programma\":%lld,\"coach\":%lld}", (long long)va,
		 (long long)prog_g, (long long)coord_a);
	ck_assert_int_eq(voorstel(&ca, body, NULL, &j), 422);
	ck_assert(noemt(j, "/coach"));
	json_decref(j);
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"programma\":%lld,\"coach\":%d}", (long long)va,
		 (long long)prog_g, NX);
	ck_assert_int_eq(voorstel(&ca, body, NULL, &j), 422);
	ck_assert(noemt(j, "/coach"));
	json_decref(j);
	/* a steungezin in a professional programme, with or without a coach */
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"programma\":%lld,\"steungezin\":%lld}", (long long)va,
		 (long long)prog_g, (long long)sa);
	ck_assert_int_eq(voorstel(&ca, body, NULL, &j), 422);
	ck_assert(noemt(j, "/steungezin"));
	json_decref(j);
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"programma\":%lld,\"steungezin\":%lld,\"coach\":%lld}",
		 (long long)va, (long long)prog_g, (long long)sa, (long long)coach_a);
	ck_assert_int_eq(voorstel(&ca, body, NULL, &j), 422);
	ck_assert(noemt(j, "/steungezin"));
	json_decref(j);
	/* neither: the coach is asked for */
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"programma\":%lld}", (long long)va, (long long)prog_g);
	ck_assert_int_eq(voorstel(&ca, body, NULL, &j), 400);
	ck_assert(noemt(j, "/coach"));
	json_decref(j);
	/* a coach in an informal programme (Buurtgezinnen), alone or next to a steungezin */
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"programma\":1,\"coach\":%lld}", (long long)va,
		 (long long)coach_a);
	ck_assert_int_eq(voorstel(&ca, body, NULL, &j), 422);
	ck_assert(noemt(j, "/coach"));
	json_decref(j);
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"programma\":1,\"steungezin\":%lld,\"coach\":%lld}",
		 (long long)va, (long long)sa, (long long)coach_a);
	ck_assert_int_eq(voorstel(&ca, body, NULL, &j), 422);
	ck_assert(noemt(j, "/coach"));
	json_decref(j);
	/* another werkgebied's family answers like one that does not exist */
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"programma\":%lld,\"coach\":%lld}", (long long)vb,
		 (long long)prog_g, (long long)coach_a);
	ck_assert_int_eq(voorstel(&ca, body, NULL, &j), 400);
	ck_assert(noemt(j, "/vraaggezin"));
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM koppelingen"), 0);
	/* one family, one plan: a second open trajectory is refused, also with another coach */
	int64_t t = traject(&ca, va, coach_a);
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"programma\":%lld,\"coach\":%lld}", (long long)va,
		 (long long)prog_g, (long long)coach_a2);
	ck_assert_int_eq(voorstel(&ca, body, NULL, &j), 409);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(j, "detail")), "open traject"));
	json_decref(j);
	/* once it ended, a new one may start */
	ck_assert_int_eq(fase(&ca, t, "{\"naar\":\"gestopt\",\"reden\":\"vraaggezin-wil-stoppen\"}"), 201);
	traject(&ca, va, coach_a2);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM koppelingen"), 2);
}
END_TEST

START_TEST(coach_sees_only_own_trajectories_and_their_families)
{
	int64_t t1 = traject(&ca, va, coach_a);
	int64_t t2 = traject(&ca, va2, coach_a2);
	int64_t tb = traject(&cb, vb, coach_b);
	/* an informal koppeling of the coach's own family */
	char body[160];
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"programma\":1,\"steungezin\":%lld}", (long long)va,
		 (long long)sa);
	int64_t k;
	json_t *j;
	ck_assert_int_eq(voorstel(&ca, body, &k, &j), 201);
	json_decref(j);

	/* the list: the own trajectory only, also when filtered by the family */
	char buf[200], want[32];
	snprintf(want, sizeof want, "%lld", (long long)t1);
	ck_assert_int_eq(call(&coach, "GET", "/api/v1/koppelingen", NULL, &j, NULL), 200);
	ck_assert_str_eq(ids(j, "koppelingen", buf, sizeof buf), want);
	char *dump = json_dumps(j, JSON_COMPACT);
	ck_assert_ptr_null(strstr(dump, "Steunt")); /* the supporting gezin of the informal koppeling */
	free(dump);
	json_decref(j);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen?gezin=%lld", (long long)va);
	ck_assert_int_eq(call(&coach, "GET", path, NULL, &j, NULL), 200);
	ck_assert_str_eq(ids(j, "koppelingen", buf, sizeof buf), want);
	json_decref(j);

	/* one koppeling: the own trajectory; the rest answers like an id that does not exist */
	ck_assert_int_eq(get(&coach, "/api/v1/koppelingen/", (long long)t1), 200);
	json_t *nx;
	snprintf(path, sizeof path, "/api/v1/koppelingen/%d", NX);
	ck_assert_int_eq(call(&coach, "GET", path, NULL, &nx, NULL), 404);
	int64_t hidden[] = { t2, tb, k };
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "/api/v1/koppelingen/%lld", (long long)hidden[i]);
		ck_assert_int_eq(call(&coach, "GET", path, NULL, &j, NULL), 404);
		ck_assert_str_eq(json_string_value(json_object_get(j, "detail")),
				 json_string_value(json_object_get(nx, "detail")));
		json_decref(j);
	}
	json_decref(nx);

	/* families: the own trajectory's only, in the list and one by one */
	snprintf(want, sizeof want, "%lld", (long long)va);
	ck_assert_int_eq(call(&coach, "GET", "/api/v1/gezinnen", NULL, &j, NULL), 200);
	ck_assert_str_eq(ids(j, "gezinnen", buf, sizeof buf), want);
	json_decref(j);
	ck_assert_int_eq(call(&coach, "GET", "/api/v1/gezinnen?zoek=Familie", NULL, &j, NULL), 200);
	ck_assert_str_eq(ids(j, "gezinnen", buf, sizeof buf), want);
	json_decref(j);
	ck_assert_int_eq(get(&coach, "/api/v1/gezinnen/", (long long)va), 200);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%d", NX);
	ck_assert_int_eq(call(&coach, "GET", path, NULL, &nx, NULL), 404);
	int64_t verborgen[] = { va2, sa, vb };
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)verborgen[i]);
		ck_assert_int_eq(call(&coach, "GET", path, NULL, &j, NULL), 404);
		ck_assert_str_eq(json_string_value(json_object_get(j, "detail")),
				 json_string_value(json_object_get(nx, "detail")));
		json_decref(j);
		snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/logboek", (long long)verborgen[i]);
		ck_assert_int_eq(call(&coach, "GET", path, NULL, NULL, NULL), 404);
		ck_assert_int_eq(call(&coach, "POST", path, "{\"soort\":\"contact\",\"tekst\":\"Huisbezoek\"}", NULL, NULL), 404);
	}
	json_decref(nx);

	/* the logboek of the own family: read and write */
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/logboek", (long long)va);
	ck_assert_int_eq(call(&coach, "POST", path, "{\"soort\":\"contact\",\"tekst\":\"Huisbezoek gedaan\"}", NULL, NULL), 201);
	ck_assert_int_eq(call(&coach, "GET", path, NULL, &j, NULL), 200);
	dump = json_dumps(j, JSON_COMPACT);
	ck_assert_ptr_nonnull(strstr(dump, "Huisbezoek gedaan"));
	free(dump);
	json_decref(j);

	/* a family moved out of the coach's werkgebieden leaves with its trajectory */
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)va);
	ck_assert_int_eq(call(&beheer, "PATCH", path, "{\"werkgebied\":\"PUR\"}", NULL, path), 200);
	ck_assert_int_eq(get(&coach, "/api/v1/gezinnen/", (long long)va), 404);
	ck_assert_int_eq(get(&coach, "/api/v1/koppelingen/", (long long)t1), 404);
}
END_TEST

#define COACH_PLAN                                                                                                     \
	"{\"opgesteldOp\":\"2026-11-02\",\"doelen\":[{\"doel\":\"Rust in de ochtend\",\"eigenaar\":{\"soort\":\"gezin\"," \
	"\"naam\":\"Moeder\"},\"startScore\":3},{\"doel\":\"Oma haalt op woensdag op\",\"eigenaar\":{\"soort\":"        \
	"\"netwerk\",\"naam\":\"Oma\"},\"startScore\":4}]}"
#define COACH_EVAL "{\"datum\":\"2026-12-01\",\"scores\":[{\"doel\":1,\"score\":6},{\"doel\":2,\"score\":4}]}"

/* The gezinsplan path of gezin g followed by tail (NULL: none) in buf. */
static const char *plan_pad(char *buf, size_t len, int64_t g, const char *tail)
{
	snprintf(buf, len, "/api/v1/gezinnen/%lld/gezinsplan%s", (long long)g, tail ? tail : "");
	return buf;
}

START_TEST(coach_writes_the_gezinsplan_of_own_families_only)
{
	traject(&ca, va, coach_a);
	traject(&ca, va2, coach_a2);
	traject(&cb, vb, coach_b);
	/* vi: a family of the coach's werkgebied with an informal koppeling only */
	int64_t vi = gezin_maken(&ca, "Familie Informeel", "vraaggezin", "AMS");
	char body[160];
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"programma\":1,\"steungezin\":%lld}", (long long)vi,
		 (long long)sa);
	int64_t k;
	ck_assert_int_eq(voorstel(&ca, body, &k, NULL), 201);

	/* every hidden family has a plan of its own (version 1), written by its coordinator */
	char p[128], im[128];
	int64_t verborgen[] = { va2, vi, vb };
	const struct hs_session *eigenaar[] = { &ca, &ca, &cb };
	for (size_t i = 0; i < 3; i++)
		ck_assert_int_eq(call(eigenaar[i], "PUT", plan_pad(p, sizeof p, verborgen[i], NULL), COACH_PLAN, NULL, NULL),
				 201);

	/* the own trajectory's family: write the plan, evaluate it, read it and its versions */
	json_t *j;
	ck_assert_int_eq(call(&coach, "GET", plan_pad(p, sizeof p, va, NULL), NULL, &j, NULL), 200);
	ck_assert(json_is_null(json_object_get(j, "plan")));
	json_decref(j);
	ck_assert_int_eq(call(&coach, "PUT", plan_pad(p, sizeof p, va, NULL), COACH_PLAN, &j, NULL), 201);
	ck_assert_uint_eq(json_array_size(json_object_get(json_object_get(j, "plan"), "doelen")), 2);
	json_decref(j);
	ck_assert_int_eq(call(&coach, "POST", plan_pad(p, sizeof p, va, "/evaluaties"), COACH_EVAL, &j,
			      plan_pad(im, sizeof im, va, NULL)),
			 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "versie")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(json_object_get(json_object_get(j, "plan"),
												  "doelen"),
									    0),
							    "laatsteScore")),
			 6);
	json_decref(j);
	ck_assert_int_eq(call(&coach, "GET", plan_pad(p, sizeof p, va, "/versies"), NULL, &j, NULL), 200);
	json_t *vs = json_object_get(j, "versies");
	ck_assert_uint_eq(json_array_size(vs), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(vs, 0), "door")), "coach-a");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(vs, 1), "soort")), "evaluatie");
	json_decref(j);
	ck_assert_int_eq(call(&coach, "GET", plan_pad(p, sizeof p, va, "/versies/1"), NULL, NULL, NULL), 200);

	/* another coach's family, an informal koppeling's family, another werkgebied's: like ids that do not exist */
	json_t *nx;
	ck_assert_int_eq(call(&coach, "GET", plan_pad(p, sizeof p, NX, NULL), NULL, &nx, NULL), 404);
	for (size_t i = 0; i < 3; i++) {
		int64_t g = verborgen[i];
		ck_assert_int_eq(call(&coach, "GET", plan_pad(p, sizeof p, g, NULL), NULL, &j, NULL), 404);
		ck_assert_str_eq(json_string_value(json_object_get(j, "detail")),
				 json_string_value(json_object_get(nx, "detail")));
		json_decref(j);
		ck_assert_int_eq(call(&coach, "GET", plan_pad(p, sizeof p, g, "/versies"), NULL, NULL, NULL), 404);
		ck_assert_int_eq(call(&coach, "GET", plan_pad(p, sizeof p, g, "/versies/1"), NULL, NULL, NULL), 404);
		struct http_response r;
		j = harness_call(&coach, "PUT", plan_pad(p, sizeof p, g, NULL), COACH_PLAN, 1, "If-Match: \"1\"\r\n", &r);
		ck_assert_int_eq(r.status, 404);
		http_response_free(&r);
		json_decref(j);
		j = harness_call(&coach, "POST", plan_pad(p, sizeof p, g, "/evaluaties"), COACH_EVAL, 1,
				 "If-Match: \"1\"\r\n", &r);
		ck_assert_int_eq(r.status, 404);
		http_response_free(&r);
		json_decref(j);
	}
	json_decref(nx);
	/* nothing was written to them: still one version each */
	char q[256];
	snprintf(q, sizeof q, "SELECT count(*) FROM gezinsplan_versies WHERE gezin_id IN (%lld,%lld,%lld)",
		 (long long)va2, (long long)vi, (long long)vb);
	ck_assert_int_eq(harness_sql_int(q), 3);

	/* the coach's reads and writes are audited under the coach's name, naming the gezin */
	snprintf(q, sizeof q,
		 "SELECT count(*) FROM audit_log WHERE object_soort = 'gezinsplan' AND gebruikersnaam = 'coach-a' AND "
		 "object_id = '%lld' AND actie = 'aanmaken'",
		 (long long)va);
	ck_assert_int_eq(harness_sql_int(q), 1);
	snprintf(q, sizeof q,
		 "SELECT count(*) FROM audit_log WHERE object_soort = 'gezinsplan' AND gebruikersnaam = 'coach-a' AND "
		 "object_id = '%lld' AND actie = 'wijzigen' AND details LIKE '%%\"evaluatie\"%%'",
		 (long long)va);
	ck_assert_int_eq(harness_sql_int(q), 1);
	snprintf(q, sizeof q,
		 "SELECT count(*) FROM audit_log WHERE object_soort = 'gezinsplan' AND gebruikersnaam = 'coach-a' AND "
		 "object_id = '%lld' AND actie = 'lezen'",
		 (long long)va);
	ck_assert_int_ge(harness_sql_int(q), 3);
}
END_TEST

START_TEST(coach_has_only_its_routes)
{
	int64_t t1 = traject(&ca, va, coach_a);
	char path[96];
	ck_assert_int_eq(call(&coach, "GET", "/api/v1/gebruikers/mij", NULL, NULL, NULL), 200);
	ck_assert_int_eq(call(&coach, "GET", "/api/v1/programmas", NULL, NULL, NULL), 200);
	ck_assert_int_eq(call(&coach, "GET", "/api/v1/overzichten/caseload", NULL, NULL, NULL), 403);
	ck_assert_int_eq(call(&coach, "GET", "/api/v1/evaluaties", NULL, NULL, NULL), 403);
	ck_assert_int_eq(call(&coach, "GET", "/api/v1/overzichten/kwartaal?jaar=2026&kwartaal=1", NULL, NULL, NULL), 403);
	ck_assert_int_eq(call(&coach, "GET", "/api/v1/rapportages/periode?jaar=2026", NULL, NULL, NULL), 403);
	ck_assert_int_eq(call(&coach, "POST", "/api/v1/koppelingen", "{}", NULL, NULL), 403);
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/faseovergangen", (long long)t1);
	ck_assert_int_eq(call(&coach, "POST", path, "{\"naar\":\"kennismaking\"}", NULL, NULL), 403);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)va);
	ck_assert_int_eq(call(&coach, "PATCH", path, "{\"naam\":\"X\"}", NULL, NULL), 403);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/inzage", (long long)va);
	ck_assert_int_eq(call(&coach, "GET", path, NULL, NULL, NULL), 403);
	ck_assert_int_eq(call(&coach, "GET", "/api/v1/matchrondes", NULL, NULL, NULL), 403);
}
END_TEST

START_TEST(coordinator_lists_and_reports_with_a_trajectory)
{
	int64_t t1 = traject(&ca, va, coach_a);
	char body[160], path[160];
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"programma\":1,\"steungezin\":%lld}", (long long)va2,
		 (long long)sa);
	int64_t k;
	json_t *j;
	ck_assert_int_eq(voorstel(&ca, body, &k, &j), 201);
	json_decref(j);
	ck_assert_int_eq(fase(&ca, t1, "{\"naar\":\"kennismaking\"}"), 201);
	ck_assert_int_eq(fase(&ca, k, "{\"naar\":\"kennismaking\"}"), 201);
	/* the list shows both, the trajectory with its coach */
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/koppelingen", NULL, &j, NULL), 200);
	json_t *list = json_object_get(j, "koppelingen");
	ck_assert_uint_eq(json_array_size(list), 2);
	size_t i;
	json_t *x;
	int trajecten = 0;
	json_array_foreach(list, i, x)
	{
		if (json_integer_value(json_object_get(x, "id")) == t1) {
			ck_assert(json_is_null(json_object_get(x, "steungezin")));
			ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(x, "coach"), "id")), coach_a);
			trajecten++;
		} else {
			ck_assert(json_is_null(json_object_get(x, "coach")));
			ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(x, "steungezin"), "id")), sa);
		}
	}
	ck_assert_int_eq(trajecten, 1);
	json_decref(j);
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/koppelingen?sorteer=steungezin", NULL, NULL, NULL), 200);
	/* one koppeling, the evaluations, the overviews, the calendar, the reports, the inzage */
	ck_assert_int_eq(get(&ca, "/api/v1/koppelingen/", (long long)t1), 200);
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/evaluaties", NULL, &j, NULL), 200);
	ck_assert_uint_gt(json_array_size(json_object_get(j, "evaluaties")), 0);
	json_decref(j);
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/overzichten/caseload", NULL, NULL, NULL), 200);
	/* the trajectory's closing conversation (at its maximum of 24 months) in the caseload: listed as counted,
	 * with its coach */
	char datum[11];
	kp_date_format(kp_date_add_days(kp_date_add_months(kp_date_from_unix(kp_now()), 24), -5), datum);
	snprintf(path, sizeof path, "/api/v1/overzichten/caseload?datum=%s", datum);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	/* the informal koppeling of the same day ends on the same date: both listed, as counted */
	json_t *aantallen = json_object_get(j, "aantallen");
	const char *namen[] = { "binnen30Dagen", "bijnaAfgelopen" };
	for (size_t n = 0; n < 2; n++) {
		json_t *rows = json_object_get(n == 0 ? json_object_get(j, "evaluaties") : j, namen[n]);
		ck_assert_int_eq(json_integer_value(json_object_get(aantallen, namen[n])), 2);
		ck_assert_uint_eq(json_array_size(rows), 2);
		int gevonden = 0;
		json_array_foreach(rows, i, x)
		{
			if (json_integer_value(json_object_get(x, "koppeling")) != t1)
				continue;
			gevonden++;
			ck_assert_str_eq(json_string_value(json_object_get(x, "steungezin")), "coach-a");
		}
		ck_assert_int_eq(gevonden, 1);
	}
	json_decref(j);
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/agenda.ics?namen=ja", NULL, NULL, NULL), 200);
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/overzichten/kwartaal?gemeente=Amsterdam&jaar=2026&kwartaal=4", NULL, NULL, NULL), 200);
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/rapportages/periode?jaar=2026", NULL, &j, NULL), 200);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/inzage", (long long)va);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	char *dump = json_dumps(j, JSON_COMPACT);
	ck_assert_ptr_nonnull(strstr(dump, "de gezinscoach"));
	free(dump);
	json_decref(j);
	/* the other werkgebied's coordinator sees none of it */
	ck_assert_int_eq(get(&cb, "/api/v1/koppelingen/", (long long)t1), 404);
	ck_assert_int_eq(call(&cb, "GET", "/api/v1/koppelingen", NULL, &j, NULL), 200);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "koppelingen")), 0);
	json_decref(j);
	/* the trajectory ends like any koppeling, and with it the coach's access to it and its family */
	ck_assert_int_eq(get(&coach, "/api/v1/gezinnen/", (long long)va), 200);
	ck_assert_int_eq(get(&coach, "/api/v1/koppelingen/", (long long)t1), 200);
	ck_assert_int_eq(fase(&ca, t1, "{\"naar\":\"gestopt\",\"reden\":\"vraaggezin-wil-stoppen\"}"), 201);
	ck_assert_int_eq(get(&coach, "/api/v1/gezinnen/", (long long)va), 404);
	ck_assert_int_eq(get(&coach, "/api/v1/koppelingen/", (long long)t1), 404);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/logboek", (long long)va);
	ck_assert_int_eq(call(&coach, "GET", path, NULL, NULL, NULL), 404);
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/rapportages/periode?jaar=2026", NULL, NULL, NULL), 200);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/suggesties", (long long)va);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, NULL, NULL), 200);
}
END_TEST

START_TEST(coach_is_a_user_with_werkgebieden)
{
	json_t *j;
	ck_assert_int_eq(call(&beheer, "POST", "/api/v1/gebruikers",
			      "{\"gebruikersnaam\":\"coach-nieuw\",\"naam\":\"Nieuwe Coach\",\"rol\":\"gezinscoach\","
			      "\"werkgebieden\":[\"AMS\"],\"wachtwoord\":\"een lang en sterk wachtwoord 42\"}",
			      &j, NULL),
			 201);
	ck_assert_str_eq(json_string_value(json_object_get(j, "rol")), "gezinscoach");
	json_decref(j);
	ck_assert_int_eq(call(&beheer, "POST", "/api/v1/gebruikers",
			      "{\"gebruikersnaam\":\"coach-zonder\",\"naam\":\"Coach Zonder\",\"rol\":\"gezinscoach\","
			      "\"wachtwoord\":\"een lang en sterk wachtwoord 42\"}",
			      &j, NULL),
			 400);
	ck_assert(noemt(j, "/werkgebieden"));
	json_decref(j);
	ck_assert_int_eq(call(&coach, "GET", "/api/v1/gebruikers/mij", NULL, &j, NULL), 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "rol")), "gezinscoach");
	json_decref(j);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gezinscoach");
	TCase *tc = tcase_create("gezinscoach");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, trajectory_is_created_with_a_coach);
	tcase_add_test(tc, trajectory_refusals_name_the_field);
	tcase_add_test(tc, coach_sees_only_own_trajectories_and_their_families);
	tcase_add_test(tc, coach_has_only_its_routes);
	tcase_add_test(tc, coach_writes_the_gezinsplan_of_own_families_only);
	tcase_add_test(tc, coordinator_lists_and_reports_with_a_trajectory);
	tcase_add_test(tc, coach_is_a_user_with_werkgebieden);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
