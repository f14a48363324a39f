/*
 * test_koppelingen.c - koppelingen through the API: the linking rules
 * (werkgebied, role, availability, capacity, VOG, a pair that stopped
 * before), the phase walk with its conditions and the gezin statuses it
 * sets and restores, evaluations planned six months ahead and moved only
 * with a reason, concurrent transitions (one wins), and access: a
 * koppeling follows its vraaggezin to another werkgebied at once, every
 * change under a koppeling needs a matching If-Match, and its coordinator
 * must work in its werkgebied.
 */
#include <check.h>
#include <jansson.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "harness.h"
#include "util.h"

static struct hs_session ca, cb, bh;
static int64_t vraag, steun, steun_zst;
static char vog[11], today_s[11];

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_werkgebied("ZST");
	harness_user("coord-a", "coordinator", "AMS", 1);
	harness_user("coord-b", "coordinator", "ZST", 1);
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	ck_assert_int_eq(harness_login("coord-b", HS_PASSWORD, &cb), 201);
	harness_user("beheer", "beheerder", NULL, 1);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &bh), 201);
	struct kp_date t = kp_date_from_unix(kp_now());
	kp_date_format(t, today_s);
	kp_date_format(kp_date_add_months(t, -6), vog);
}

static void teardown(void)
{
	harness_stop();
}

/* POST as s; returns the status, *out the JSON (may be NULL). */
static int call(struct hs_session *s, const char *method, const char *path, const char *body, json_t **out,
		const char *hdr)
{
	/* a change under a koppeling goes with the version the client just read */
	char im[96];
	if (!hdr && strcmp(method, "GET") != 0 && strstr(path, "/koppelingen/") && strchr(strstr(path, "/koppelingen/") + 13, '/'))
		hdr = harness_koppeling_if_match(s, path, im, sizeof im);
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

static int64_t make_gezin(struct hs_session *s, const char *rol, const char *wg, const char *extra)
{
	char body[2048];
	bool v = strcmp(rol, "vraaggezin") == 0;
	snprintf(body, sizeof body,
		 "{\"naam\":\"Gezin %s %s\",\"rol\":\"%s\",\"werkgebied\":\"%s\",%s"
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\",\"vogDatum\":%s},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Kind\",\"geboortedatum\":\"2019-01-01\"}],"
		 "\"%s\":%s,"
		 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"},"
		 "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]}",
		 rol, wg, rol, wg, extra, v ? "null" : "\"VOG\"", v ? "vraag" : "aanbod",
		 v ? "{\"tekst\":\"Even lucht\"}" : "{\"capaciteit\":1}");
	/* the VOG date goes in by substitution: the fixture is computed at run time */
	char *at = strstr(body, "\"VOG\"");
	if (at) {
		char fixed[2048];
		snprintf(fixed, sizeof fixed, "%.*s\"%s\"%s", (int)(at - body), body, vog, at + 5);
		snprintf(body, sizeof body, "%s", fixed);
	}
	json_t *j;
	ck_assert_int_eq(call(s, "POST", "/api/v1/gezinnen", body, &j, NULL), 201);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

static void set_status(struct hs_session *s, int64_t id, const char *status)
{
	char path[64], body[96], hdr[48];
	json_t *j;
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	ck_assert_int_eq(call(s, "GET", path, NULL, &j, NULL), 200);
	snprintf(hdr, sizeof hdr, "If-Match: \"%lld\"\r\n", (long long)json_integer_value(json_object_get(j, "versie")));
	json_decref(j);
	snprintf(body, sizeof body, "{\"status\":\"%s\"}", status);
	ck_assert_int_eq(call(s, "PATCH", path, body, NULL, hdr), 200);
}

static const char *gezin_status(struct hs_session *s, int64_t id)
{
	static char buf[32];
	char path[64];
	json_t *j;
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	ck_assert_int_eq(call(s, "GET", path, NULL, &j, NULL), 200);
	snprintf(buf, sizeof buf, "%s", json_string_value(json_object_get(j, "status")));
	json_decref(j);
	return buf;
}

/* Proposes vraag+steun in programme 1 (Buurtgezinnen); returns the status and the id. */
static int propose(struct hs_session *s, int64_t v, int64_t st, int64_t programma, int64_t *id, json_t **problem)
{
	char body[128];
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":%lld}", (long long)v,
		 (long long)st, (long long)programma);
	json_t *j;
	int status = call(s, "POST", "/api/v1/koppelingen", body, &j, NULL);
	if (id)
		*id = json_integer_value(json_object_get(j, "id"));
	if (problem)
		*problem = j;
	else
		json_decref(j);
	return status;
}

static int move(struct hs_session *s, int64_t id, const char *body, json_t **out)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/faseovergangen", (long long)id);
	return call(s, "POST", path, body, out, NULL);
}

static void setup_families(void)
{
	vraag = make_gezin(&ca, "vraaggezin", "AMS", "");
	steun = make_gezin(&ca, "steungezin", "AMS", "");
	steun_zst = make_gezin(&cb, "steungezin", "ZST", "");
	set_status(&ca, vraag, "wachtend");
}

START_TEST(linking_rules)
{
	setup_families();
	json_t *p;
	/* not beschikbaar yet */
	ck_assert_int_eq(propose(&ca, vraag, steun, 1, NULL, &p), 422);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(p, "invalidParams"), 0), "name")),
			 "/steungezin");
	json_decref(p);
	set_status(&ca, steun, "beschikbaar");
	/* another werkgebied's gezin does not exist for this coordinator */
	ck_assert_int_eq(propose(&ca, vraag, steun_zst, 1, NULL, NULL), 400);
	/* a programme for buddies does not take a steungezin */
	ck_assert_int_eq(propose(&ca, vraag, steun, 2, NULL, NULL), 422);
	ck_assert_int_eq(propose(&ca, steun, vraag, 1, NULL, NULL), 422);
	ck_assert_int_eq(propose(&ca, vraag, steun, 99, NULL, NULL), 400);
	int64_t k1;
	ck_assert_int_eq(propose(&ca, vraag, steun, 1, &k1, NULL), 201);
	/* two proposals for one vraaggezin are fine (estafette practice) */
	int64_t other = make_gezin(&ca, "vraaggezin", "AMS", "");
	int64_t k2;
	ck_assert_int_eq(propose(&ca, other, steun, 1, &k2, NULL), 201);
	/* capacity 1: once k1 starts, k2 cannot start */
	ck_assert_int_eq(move(&ca, k1, "{\"naar\":\"kennismaking\"}", NULL), 201);
	ck_assert_str_eq(gezin_status(&ca, vraag), "gekoppeld");
	ck_assert_str_eq(gezin_status(&ca, steun), "gekoppeld");
	int64_t third = make_gezin(&ca, "vraaggezin", "AMS", "");
	ck_assert_int_eq(propose(&ca, third, steun, 1, NULL, NULL), 422); /* no longer beschikbaar */
	/* stopping gives both their status back, and the pair is never proposed again */
	ck_assert_int_eq(move(&ca, k1, "{\"naar\":\"gestopt\",\"reden\":\"geen-klik\"}", NULL), 201);
	ck_assert_str_eq(gezin_status(&ca, vraag), "wachtend");
	ck_assert_str_eq(gezin_status(&ca, steun), "beschikbaar");
	ck_assert_int_eq(propose(&ca, vraag, steun, 1, NULL, NULL), 409);
	(void)k2;
}
END_TEST

START_TEST(phase_walk_and_evaluations)
{
	setup_families();
	set_status(&ca, steun, "beschikbaar");
	char body[160];
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":1,\"datum\":\"2026-01-02\"}",
		 (long long)vraag, (long long)steun);
	json_t *j;
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/koppelingen", body, &j, NULL), 201);
	int64_t k = json_integer_value(json_object_get(j, "id"));
	ck_assert_str_eq(json_string_value(json_object_get(j, "fase")), "voorstel");
	json_decref(j);
	/* reading it is audited */
	char kpath[64];
	snprintf(kpath, sizeof kpath, "/api/v1/koppelingen/%lld", (long long)k);
	ck_assert_int_eq(call(&ca, "GET", kpath, NULL, &j, NULL), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "id")), k);
	json_decref(j);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE actie = 'lezen' AND object_soort = 'koppeling' "
				  "AND object_id = '%lld'", (long long)k);
	ck_assert_int_eq(harness_sql_int(sql), 1);
	/* an illegal move names the allowed ones */
	ck_assert_int_eq(move(&ca, k, "{\"naar\":\"lopend\"}", &j), 409);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(j, "detail")), "kennismaking, gestopt"));
	json_decref(j);
	ck_assert_int_eq(move(&ca, k, "{\"naar\":\"kennismaking\",\"datum\":\"2026-01-05\"}", &j), 201);
	ck_assert_str_eq(json_string_value(json_object_get(j, "bedenktijdTot")), "2026-01-12");
	ck_assert_str_eq(json_string_value(json_object_get(j, "maximaleEinddatum")), "2028-01-05");
	json_decref(j);
	ck_assert_int_eq(move(&ca, k, "{\"naar\":\"proefperiode\",\"datum\":\"2026-01-04\"}", NULL), 400); /* earlier */
	ck_assert_int_eq(move(&ca, k, "{\"naar\":\"proefperiode\",\"datum\":\"2026-01-31\"}", &j), 201);
	ck_assert_str_eq(json_string_value(json_object_get(j, "proefperiodeTot")), "2026-03-31");
	json_t *ev = json_object_get(j, "evaluaties");
	int64_t proef_eval = 0;
	size_t i;
	json_t *e;
	json_array_foreach(ev, i, e) if (strcmp(json_string_value(json_object_get(e, "soort")), "evaluatie-proefperiode") == 0)
		proef_eval = json_integer_value(json_object_get(e, "id"));
	ck_assert_int_gt(proef_eval, 0);
	json_decref(j);
	/* contract needs a signing date and an agreement */
	ck_assert_int_eq(move(&ca, k, "{\"naar\":\"contract\"}", &j), 422);
	json_decref(j);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/afspraken", (long long)k);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"frequentie\":\"elke woensdagmiddag\",\"doelen\":[\"Sem heeft een plek om te spelen\"]}", NULL, NULL), 201);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"frequentie\":\"elke woensdag en om de week zaterdag\"}", &j, NULL), 201);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "afsprakenGeschiedenis")), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "afspraken"), "frequentie")),
			 "elke woensdag en om de week zaterdag");
	json_decref(j);
	ck_assert_int_eq(move(&ca, k, "{\"naar\":\"contract\",\"contractGetekendOp\":\"2026-03-20\",\"datum\":\"2026-03-20\"}", NULL), 201);
	/* lopend only after the trial evaluation */
	ck_assert_int_eq(move(&ca, k, "{\"naar\":\"lopend\",\"datum\":\"2026-04-01\"}", NULL), 422);
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/evaluaties/%lld", (long long)k, (long long)proef_eval);
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"geplandOp\":\"2026-04-02\"}", NULL, NULL), 400); /* no reason */
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"gehoudenOp\":\"2026-03-30\",\"deelnemers\":[\"vraaggezin\",\"steungezin\",\"coordinator\"],"
					    "\"tevredenheidVraaggezin\":8,\"tevredenheidSteungezin\":9,\"doorgaan\":\"doorgaan\","
					    "\"verloop\":\"soepel\",\"doelen\":[{\"doel\":\"Plek om te spelen\",\"scoreStart\":3,\"scoreNu\":7}],"
					    "\"notities\":\"Het klikt.\"}",
			      NULL, NULL),
			 200);
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"gehoudenOp\":\"2026-03-31\",\"deelnemers\":[\"coordinator\"]}", NULL, NULL), 409);
	ck_assert_int_eq(move(&ca, k, "{\"naar\":\"lopend\",\"datum\":\"2026-04-01\"}", &j), 201);
	/* the next tussentijdse evaluatie is planned six months ahead */
	ev = json_object_get(j, "evaluaties");
	const char *next = NULL;
	json_array_foreach(ev, i, e) if (!next && strcmp(json_string_value(json_object_get(e, "soort")), "tussentijdse-evaluatie") == 0)
		next = json_string_value(json_object_get(e, "geplandOp"));
	ck_assert_ptr_nonnull(next);
	ck_assert_str_eq(next, "2026-10-01");
	/* and moving it needs a reason, after which replanning leaves it alone */
	int64_t tid = 0;
	json_array_foreach(ev, i, e) if (!tid && strcmp(json_string_value(json_object_get(e, "soort")), "tussentijdse-evaluatie") == 0)
		tid = json_integer_value(json_object_get(e, "id"));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/evaluaties/%lld", (long long)k, (long long)tid);
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"geplandOp\":\"2026-10-15\",\"reden\":\"Herfstvakantie\"}", &j, NULL), 200);
	json_decref(j);
	/* the caseload list shows it; the proef evaluation is held */
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/evaluaties?status=gehouden", NULL, &j, NULL), 200);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "evaluaties")), 1);
	json_decref(j);
	ck_assert_int_eq(call(&cb, "GET", "/api/v1/evaluaties", NULL, &j, NULL), 200);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "evaluaties")), 0); /* other werkgebied */
	json_decref(j);
	/* afronding ends it: the vraaggezin is afgerond, the supporter available again */
	ck_assert_int_eq(move(&ca, k, "{\"naar\":\"afronding\",\"datum\":\"2026-06-01\"}", &j), 201);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "volgendeFasen")), 0);
	json_decref(j);
	ck_assert_str_eq(gezin_status(&ca, vraag), "afgerond");
	ck_assert_str_eq(gezin_status(&ca, steun), "beschikbaar");
	ck_assert_int_eq(move(&ca, k, "{\"naar\":\"gestopt\",\"reden\":\"geen-klik\"}", NULL), 409);
	/* after the end only the closing conversation can still be planned */
	char ended[96];
	snprintf(ended, sizeof ended, "/api/v1/koppelingen/%lld/evaluaties", (long long)k);
	ck_assert_int_eq(call(&ca, "POST", ended, "{\"soort\":\"voortgangsgesprek\",\"geplandOp\":\"2026-07-01\"}", &j, NULL),
			 409);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(j, "detail")), "afsluitend gesprek"));
	json_decref(j);
	ck_assert_int_eq(call(&ca, "POST", ended, "{\"soort\":\"afsluitend-gesprek\",\"geplandOp\":\"2026-07-01\"}", NULL,
			      NULL), 201);
	/* gestopt from voorstel needs a reason, 'anders' an explanation */
	int64_t v2 = make_gezin(&ca, "vraaggezin", "AMS", ""), k2;
	ck_assert_int_eq(propose(&ca, v2, steun, 1, &k2, NULL), 201);
	ck_assert_int_eq(move(&ca, k2, "{\"naar\":\"gestopt\"}", NULL), 422);
	ck_assert_int_eq(move(&ca, k2, "{\"naar\":\"gestopt\",\"reden\":\"anders\"}", NULL), 422);
	ck_assert_int_eq(move(&ca, k2, "{\"naar\":\"gestopt\",\"reden\":\"verveeld\"}", NULL), 400);
	ck_assert_int_eq(move(&ca, k2, "{\"naar\":\"gestopt\",\"reden\":\"anders\",\"toelichting\":\"Verhuisd\"}", NULL), 201);
}
END_TEST

static int64_t race_id;
static atomic_int race_201, race_409;

static void *race(void *arg)
{
	struct hs_session *s = arg;
	int status = move(s, race_id, "{\"naar\":\"kennismaking\"}", NULL);
	if (status == 201)
		atomic_fetch_add(&race_201, 1);
	else if (status == 409 || status == 412)
		atomic_fetch_add(&race_409, 1);
	return NULL;
}

START_TEST(concurrent_transitions_one_wins)
{
	setup_families();
	set_status(&ca, steun, "beschikbaar");
	ck_assert_int_eq(propose(&ca, vraag, steun, 1, &race_id, NULL), 201);
	pthread_t t[6];
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, race, &ca), 0);
	for (int i = 0; i < 6; i++)
		pthread_join(t[i], NULL);
	ck_assert_int_eq(atomic_load(&race_201), 1);
	ck_assert_int_eq(atomic_load(&race_409), 5);
	char q[160];
	snprintf(q, sizeof q, "/api/v1/koppelingen/%lld", (long long)race_id);
	json_t *j;
	ck_assert_int_eq(call(&ca, "GET", q, NULL, &j, NULL), 200);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "faseovergangen")), 2); /* voorstel, kennismaking */
	json_decref(j);
	/* another werkgebied's coordinator sees nothing of it */
	ck_assert_int_eq(call(&cb, "GET", q, NULL, NULL, NULL), 404);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/faseovergangen", (long long)race_id);
	ck_assert_int_eq(call(&cb, "POST", path, "{\"naar\":\"gestopt\",\"reden\":\"geen-klik\"}", NULL, "If-Match: *\r\n"),
			 404);
	ck_assert_int_eq(call(&cb, "GET", "/api/v1/koppelingen", NULL, &j, NULL), 200);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "koppelingen")), 0);
	json_decref(j);
}
END_TEST


/* POST under koppeling k with an explicit If-Match header line (NULL: none). */
static int post_under(struct hs_session *s, int64_t k, const char *deel, const char *body, const char *if_match)
{
	char path[96], hdr[128];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/%s", (long long)k, deel);
	if (if_match)
		snprintf(hdr, sizeof hdr, "If-Match: %s\r\n", if_match);
	struct http_response r;
	json_decref(harness_call(s, "POST", path, body, 1, if_match ? hdr : NULL, &r));
	int status = r.status;
	http_response_free(&r);
	return status;
}

/* The koppeling's current version, read as the beheerder. */
static int64_t koppeling_versie(int64_t k)
{
	char path[64];
	json_t *j;
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld", (long long)k);
	ck_assert_int_eq(call(&bh, "GET", path, NULL, &j, NULL), 200);
	int64_t v = json_integer_value(json_object_get(j, "versie"));
	json_decref(j);
	return v;
}

START_TEST(if_match_on_every_change_of_a_koppeling)
{
	setup_families();
	set_status(&ca, steun, "beschikbaar");
	int64_t k;
	ck_assert_int_eq(propose(&ca, vraag, steun, 1, &k, NULL), 201);
	int64_t v1 = koppeling_versie(k);
	char tag[64], stale[32], lijst[96], zwak[64];
	const char *verloop = "{\"verloop\":\"soepel\"}";
	/* none: 428; a tag that is no version of ours: 412 */
	ck_assert_int_eq(post_under(&ca, k, "verloop", verloop, NULL), 428);
	ck_assert_int_eq(post_under(&ca, k, "faseovergangen", "{\"naar\":\"kennismaking\"}", "\"stale\""), 412);
	snprintf(tag, sizeof tag, "\"%lld\"", (long long)v1);
	ck_assert_int_eq(post_under(&ca, k, "verloop", verloop, tag), 201);
	/* verloop raised the version: the page that read v1 is stale now, for every kind of change */
	int64_t v2 = koppeling_versie(k);
	ck_assert_int_gt(v2, v1);
	ck_assert_int_eq(post_under(&ca, k, "verloop", verloop, tag), 412);
	ck_assert_int_eq(post_under(&ca, k, "afspraken", "{\"frequentie\":\"wekelijks\"}", tag), 412);
	ck_assert_int_eq(post_under(&ca, k, "evaluaties", "{\"soort\":\"kennismakingsgesprek\",\"geplandOp\":\"2026-12-20\"}", tag),
			 412);
	ck_assert_int_eq(post_under(&ca, k, "faseovergangen", "{\"naar\":\"gestopt\",\"reden\":\"geen-klik\"}", tag), 412);
	/* RFC 9110: a weak tag never matches; a list with the current tag does; so does * */
	snprintf(zwak, sizeof zwak, "W/\"%lld\"", (long long)v2);
	ck_assert_int_eq(post_under(&ca, k, "afspraken", "{\"frequentie\":\"wekelijks\"}", zwak), 412);
	snprintf(lijst, sizeof lijst, "\"%lld\", \"%lld\"", (long long)v1, (long long)v2);
	ck_assert_int_eq(post_under(&ca, k, "afspraken", "{\"frequentie\":\"wekelijks\"}", lijst), 201);
	ck_assert_int_eq(post_under(&ca, k, "evaluaties", "{\"soort\":\"kennismakingsgesprek\",\"geplandOp\":\"2026-12-20\"}", "*"),
			 201);
	snprintf(stale, sizeof stale, "\"%lld\"", (long long)koppeling_versie(k) - 1);
	ck_assert_int_eq(post_under(&ca, k, "faseovergangen", "{\"naar\":\"kennismaking\"}", stale), 412);
	ck_assert_int_eq(post_under(&ca, k, "faseovergangen", "{\"naar\":\"kennismaking\"}", "*"), 201);
	/* a planned evaluation is changed under the same rule */
	char path[128];
	json_t *j;
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld", (long long)k);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	int64_t eid = json_integer_value(json_object_get(json_array_get(json_object_get(j, "evaluaties"), 0), "id"));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/evaluaties/%lld", (long long)k, (long long)eid);
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"geplandOp\":\"2026-12-22\",\"reden\":\"Ziek\"}", NULL, "If-Match: \"1\"\r\n"),
			 412);
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"geplandOp\":\"2026-12-22\",\"reden\":\"Ziek\"}", NULL, NULL), 200);
	/* If-Match: * on a gezin's PATCH matches too (it was refused before) */
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)vraag);
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"naam\":\"Gezin Sterretje\"}", NULL, "If-Match: *\r\n"), 200);
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"naam\":\"Gezin Zwak\"}", NULL, "If-Match: W/\"1\"\r\n"), 412);
}
END_TEST

START_TEST(a_koppeling_follows_its_family)
{
	setup_families();
	set_status(&ca, steun, "beschikbaar");
	int64_t k;
	ck_assert_int_eq(propose(&ca, vraag, steun, 1, &k, NULL), 201);
	ck_assert_int_eq(move(&ca, k, "{\"naar\":\"kennismaking\"}", NULL), 201);
	char path[96], hdr[64];
	json_t *j;
	/* the beheerder moves the vraaggezin to ZST; its supporter stays in AMS */
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)vraag);
	ck_assert_int_eq(call(&bh, "PATCH", path, "{\"werkgebied\":\"ZST\",\"coordinator\":null}", NULL,
			      harness_if_match(&bh, path, hdr, sizeof hdr)), 200);
	/* AMS no longer sees it anywhere, nor can change it */
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld", (long long)k);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 404);
	json_t *missing;
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/koppelingen/987654", NULL, &missing, NULL), 404);
	ck_assert(json_equal(j, missing)); /* the same answer as for a koppeling that never existed */
	json_decref(j);
	json_decref(missing);
	ck_assert_int_eq(post_under(&ca, k, "verloop", "{\"verloop\":\"soepel\"}", "*"), 404);
	ck_assert_int_eq(post_under(&ca, k, "faseovergangen", "{\"naar\":\"gestopt\",\"reden\":\"geen-klik\"}", "*"), 404);
	ck_assert_int_eq(post_under(&ca, k, "evaluaties", "{\"soort\":\"kennismakingsgesprek\",\"geplandOp\":\"2026-12-20\"}", "*"),
			 404);
	struct hs_session *both[] = { &ca, &cb };
	for (int i = 0; i < 2; i++) {
		/* neither werkgebied sees both families: the list, evaluaties and agenda leave it out */
		char *text;
		ck_assert_int_eq(call(both[i], "GET", "/api/v1/koppelingen", NULL, &j, NULL), 200);
		ck_assert_uint_eq(json_array_size(json_object_get(j, "koppelingen")), 0);
		json_decref(j);
		ck_assert_int_eq(call(both[i], "GET", "/api/v1/evaluaties", NULL, &j, NULL), 200);
		ck_assert_uint_eq(json_array_size(json_object_get(j, "evaluaties")), 0);
		json_decref(j);
		ck_assert_int_eq(call(both[i], "GET", path, NULL, NULL, NULL), 404);
		ck_assert_int_eq(call(both[i], "GET", "/api/v1/overzichten/caseload", NULL, &j, NULL), 200);
		text = json_dumps(j, JSON_COMPACT);
		ck_assert_msg(strstr(text, "Gezin steungezin AMS") == NULL || i == 0, "ZST sees AMS's supporter: %s", text);
		ck_assert_msg(strstr(text, "Gezin vraaggezin AMS") == NULL || i == 1, "AMS sees the moved family: %s", text);
		free(text);
		json_decref(j);
	}
	/* and the status of the moved family cannot be changed from AMS */
	ck_assert_str_eq(gezin_status(&cb, vraag), "gekoppeld");
	ck_assert_int_eq(call(&bh, "GET", path, NULL, NULL, NULL), 200);
}
END_TEST

START_TEST(coordinator_of_a_koppeling_must_fit)
{
	setup_families();
	set_status(&ca, steun, "beschikbaar");
	int64_t id_b = harness_sql_int("SELECT id FROM gebruikers WHERE gebruikersnaam = 'coord-b'");
	char body[160];
	json_t *j1, *j2;
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":1,\"coordinator\":%lld}",
		 (long long)vraag, (long long)steun, (long long)id_b);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/koppelingen", body, &j1, NULL), 422);
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":1,\"coordinator\":987654}",
		 (long long)vraag, (long long)steun);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/koppelingen", body, &j2, NULL), 422); /* was 503 */
	ck_assert(json_equal(j1, j2));
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(j1, "invalidParams"), 0), "name")),
			 "/coordinator");
	json_decref(j1);
	json_decref(j2);
	int64_t k;
	ck_assert_int_eq(propose(&ca, vraag, steun, 1, &k, NULL), 201);
	char path[64], hdr[64];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld", (long long)k);
	snprintf(body, sizeof body, "{\"coordinator\":%lld}", (long long)id_b);
	ck_assert_int_eq(call(&ca, "PATCH", path, body, &j1, harness_if_match(&ca, path, hdr, sizeof hdr)), 422);
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"coordinator\":987654}", &j2, hdr), 422);
	ck_assert(json_equal(j1, j2));
	json_decref(j1);
	json_decref(j2);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM koppelingen WHERE coordinator_id IS NOT NULL "
					 "AND coordinator_id NOT IN (SELECT id FROM gebruikers WHERE gebruikersnaam = 'coord-a')"), 0);
}
END_TEST

START_TEST(lists_are_audited_with_their_ids)
{
	setup_families();
	set_status(&ca, steun, "beschikbaar");
	int64_t k;
	ck_assert_int_eq(propose(&ca, vraag, steun, 1, &k, NULL), 201);
	const char *lists[] = { "/api/v1/koppelingen", "/api/v1/evaluaties", "/api/v1/gezinnen", "/api/v1/gezinnen?zoek=Gezin" };
	const char *soort[] = { "koppelingen", "evaluaties", "gezinnen", "gezinnen" };
	for (size_t i = 0; i < 4; i++) {
		int64_t before = harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'lijst'");
		ck_assert_int_eq(call(&ca, "GET", lists[i], NULL, NULL, NULL), 200);
		char q[256];
		snprintf(q, sizeof q, "SELECT count(*) FROM audit_log WHERE actie = 'lijst' AND object_soort = '%s'", soort[i]);
		ck_assert_int_ge(harness_sql_int(q), 1);
		ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'lijst'"), before + 1);
	}
	/* the beheerder finds every list that showed the vraaggezin */
	char path[96];
	json_t *j;
	snprintf(path, sizeof path, "/api/v1/audit?gezin=%lld&limit=200", (long long)vraag);
	ck_assert_int_eq(call(&bh, "GET", path, NULL, &j, NULL), 200);
	size_t i, lijsten = 0;
	json_t *e;
	json_array_foreach(json_object_get(j, "regels"), i, e) lijsten += strcmp(json_string_value(json_object_get(e, "actie")), "lijst") == 0;
	ck_assert_uint_eq(lijsten, 3); /* koppelingen, gezinnen and the search (no evaluation planned yet) */
	json_decref(j);
	/* the caseload overview records the ids it showed too (the vraaggezin waits) */
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/overzichten/caseload", NULL, NULL, NULL), 200);
	ck_assert_int_eq(call(&bh, "GET", path, NULL, &j, NULL), 200);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(j, "regels"), 0), "objectSoort")),
			 "caseload");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/audit?koppeling=%lld", (long long)k);
	ck_assert_int_eq(call(&bh, "GET", path, NULL, &j, NULL), 200);
	ck_assert_uint_ge(json_array_size(json_object_get(j, "regels")), 2); /* made, and listed */
	json_decref(j);
	/* the search text itself is not kept */
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'lijst' AND details GLOB '*Gezin*'"), 0);
}
END_TEST

START_TEST(programmes)
{
	json_t *j;
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/programmas", NULL, &j, NULL), 200);
	json_t *list = json_object_get(j, "programmas");
	ck_assert_uint_eq(json_array_size(list), 7); /* the six defaults and Gezinscoach (schema 0027) */
	json_decref(j);
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/programmas/1", NULL, &j, NULL), 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "naam")), "Buurtgezinnen");
	ck_assert_int_eq(json_integer_value(json_object_get(j, "proefMaanden")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "evaluatieMaanden")), 6);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "maxMaanden")), 24);
	json_decref(j);
	ck_assert_int_eq(call(&ca, "PATCH", "/api/v1/programmas/1", "{\"maxMaanden\":12}", NULL, "If-Match: \"1\"\r\n"), 403);
}
END_TEST

static void prepare(void)
{
	harness_prepare_hash();
}

int main(void)
{
	Suite *s = suite_create("koppelingen");
	TCase *tc = tcase_create("koppelingen");
	tcase_add_unchecked_fixture(tc, prepare, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, linking_rules);
	tcase_add_test(tc, phase_walk_and_evaluations);
	tcase_add_test(tc, concurrent_transitions_one_wins);
	tcase_add_test(tc, programmes);
	tcase_add_test(tc, if_match_on_every_change_of_a_koppeling);
	tcase_add_test(tc, a_koppeling_follows_its_family);
	tcase_add_test(tc, coordinator_of_a_koppeling_must_fit);
	tcase_add_test(tc, lists_are_audited_with_their_ids);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
