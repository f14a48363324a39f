/*
 * test_woorden.c - a programme's words and the stop reasons through the
 * API: the koppeling says what its programme calls the two sides
 * (Estafette: startgezin and estafettegezin), the beheerder changes the
 * words, a stop for the supporter's overload or illness pauses the
 * supporter, a candidate that was not chosen (niet-gekozen) may be
 * proposed and suggested again while a pair that stopped for another
 * reason may not, and /keuzelijsten serves exactly the server's table of
 * stop reasons, phases and evaluation kinds.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "fasen.h"
#include "harness.h"
#include "util.h"

static struct hs_session ca, bh;
static char vog[11];

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_user("coord-a", "coordinator", "AMS", 1);
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	harness_user("beheer", "beheerder", NULL, 1);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &bh), 201);
	kp_date_format(kp_date_add_months(kp_date_from_unix(kp_now()), -6), vog);
}

static void teardown(void)
{
	harness_stop();
}

/* A request as s; a change under a koppeling goes with the version just read; hdr overrides. */
static int call(struct hs_session *s, const char *method, const char *path, const char *body, json_t **out,
		const char *hdr)
{
	char im[96] = "";
	if (!hdr && strcmp(method, "GET") != 0 && strstr(path, "/koppelingen/"))
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

static int64_t programma(const char *naam)
{
	char q[160];
	snprintf(q, sizeof q, "SELECT id FROM programmas WHERE naam = '%s'", naam);
	int64_t id = harness_sql_int(q);
	ck_assert_int_gt(id, 0);
	return id;
}

/*
 * A gezin of role rol in AMS (a supporter beschikbaar with a recent VOG, a
 * vraaggezin wachtend), with consent to register it and to share its
 * contact details with the family it is linked to.
 */
static int64_t gezin(const char *rol)
{
	char body[1024];
	json_t *j;
	if (strcmp(rol, "vraaggezin") == 0)
		snprintf(body, sizeof body,
			 "{\"naam\":\"Gezin Vraag\",\"rol\":\"vraaggezin\",\"werkgebied\":\"AMS\",\"status\":\"wachtend\","
			 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\"},"
			 "{\"soort\":\"kind\",\"voornaam\":\"Kind\",\"geboortedatum\":\"2019-01-01\"}],\"vraag\":{\"tekst\":\"Even lucht\"},"
			 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"},"
			 "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]}");
	else
		snprintf(body, sizeof body,
			 "{\"naam\":\"Gezin Steun\",\"rol\":\"%s\",\"werkgebied\":\"AMS\",\"status\":\"beschikbaar\","
			 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\",\"geboortedatum\":\"1980-01-01\",\"vogDatum\":\"%s\"}],"
			 "\"aanbod\":{\"capaciteit\":1},"
			 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"},"
			 "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]}",
			 rol, vog);
	int status = call(&ca, "POST", "/api/v1/gezinnen", body, &j, NULL);
	ck_assert_msg(status == 201, "gezin %s: %d", rol, status);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

/* Proposes v with s in programme p; returns the status, *id the koppeling. */
static int propose(int64_t v, int64_t s, int64_t p, int64_t *id)
{
	char body[160];
	json_t *j;
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":%lld,\"datum\":\"2026-01-02\"}",
		 (long long)v, (long long)s, (long long)p);
	int status = call(&ca, "POST", "/api/v1/koppelingen", body, &j, NULL);
	if (id)
		*id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return status;
}

/* POSTs a phase transition body to koppeling k; returns the status. */
static int move(int64_t k, const char *body)
{
	char path[96];
	json_t *j;
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/faseovergangen", (long long)k);
	int status = call(&ca, "POST", path, body, &j, NULL);
	if (status != 201)
		fprintf(stderr, "%s: %d %s\n", body, status, j ? json_string_value(json_object_get(j, "detail")) : "");
	json_decref(j);
	return status;
}

/* GET /api/v1/{soort}/{id} as ca, which must answer 200. */
static json_t *get(const char *soort, int64_t id)
{
	char path[96];
	json_t *j;
	snprintf(path, sizeof path, "/api/v1/%s/%lld", soort, (long long)id);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	return j;
}

static const char *str(const json_t *o, const char *a, const char *b)
{
	return json_string_value(json_object_get(json_object_get(o, a), b));
}

START_TEST(a_koppeling_speaks_its_programmes_words)
{
	int64_t k;
	ck_assert_int_eq(propose(gezin("vraaggezin"), gezin("estafettegezin"), programma("Estafette"), &k), 201);
	json_t *j = get("koppelingen", k);
	ck_assert_str_eq(str(j, "woorden", "steun"), "estafettegezin");
	ck_assert_str_eq(str(j, "woorden", "vraag"), "startgezin");
	json_decref(j);
	ck_assert_int_eq(propose(gezin("vraaggezin"), gezin("buddy"), programma("GezinsBuddy"), &k), 201);
	j = get("koppelingen", k);
	ck_assert_str_eq(str(j, "woorden", "steun"), "buddy");
	ck_assert_str_eq(str(j, "woorden", "vraag"), "vraaggezin");
	json_decref(j);
	/* every default has its words */
	static const char *const want[][3] = {
		{ "Buurtgezinnen", "steungezin", "vraaggezin" },   { "GezinsBuddy", "buddy", "vraaggezin" },
		{ "Estafette", "estafettegezin", "startgezin" },   { "Home-Start", "vrijwilliger", "vraaggezin" },
		{ "Maatjesproject", "maatje", "vraaggezin" },	    { "Moeders Informeren Moeders", "vrijwilliger", "vraaggezin" },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		j = get("programmas", programma(want[i][0]));
		ck_assert_str_eq(str(j, "woorden", "steun"), want[i][1]);
		ck_assert_str_eq(str(j, "woorden", "vraag"), want[i][2]);
		json_decref(j);
	}
}
END_TEST

START_TEST(the_beheerder_changes_the_words)
{
	int64_t p = programma("Buurtgezinnen"), k;
	ck_assert_int_eq(propose(gezin("vraaggezin"), gezin("steungezin"), p, &k), 201);
	char path[64], im[64];
	snprintf(path, sizeof path, "/api/v1/programmas/%lld", (long long)p);
	json_t *j;
	/* one word at a time; the other stays */
	ck_assert_int_eq(call(&bh, "PATCH", path, "{\"woorden\":{\"steun\":\"gastgezin\"}}", &j,
			      harness_if_match(&bh, path, im, sizeof im)), 200);
	ck_assert_str_eq(str(j, "woorden", "steun"), "gastgezin");
	ck_assert_str_eq(str(j, "woorden", "vraag"), "vraaggezin");
	json_decref(j);
	j = get("koppelingen", k);
	ck_assert_str_eq(str(j, "woorden", "steun"), "gastgezin");
	json_decref(j);
	/* an empty word or an unknown member is named */
	struct http_response r;
	json_decref(harness_call(&bh, "PATCH", path, "{\"woorden\":{\"steun\":\"\",\"kind\":\"x\"}}", 1,
				 harness_if_match(&bh, path, im, sizeof im), &r));
	json_t *prob = harness_assert_problem(&r, 400);
	char *text = json_dumps(prob, JSON_COMPACT);
	ck_assert_ptr_nonnull(strstr(text, "/woorden/steun"));
	free(text);
	json_decref(prob);
	http_response_free(&r);
	/* a coordinator may not */
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"woorden\":{\"steun\":\"x\"}}", NULL,
			      harness_if_match(&bh, path, im, sizeof im)), 403);
	/* a new programme without words calls its supporter by its first role */
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/programmas",
			      "{\"naam\":\"Buddy Noord\",\"rollen\":[\"buddy\"],\"maxMaanden\":12,\"werkgebieden\":[\"AMS\"]}", &j,
			      NULL),
			 201);
	ck_assert_str_eq(str(j, "woorden", "steun"), "buddy");
	ck_assert_str_eq(str(j, "woorden", "vraag"), "vraaggezin");
	json_decref(j);
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/programmas",
			      "{\"naam\":\"Relay\",\"rollen\":[\"estafettegezin\"],\"maxMaanden\":3,"
			      "\"woorden\":{\"steun\":\"estafettegezin\",\"vraag\":\"startgezin\"}}",
			      &j, NULL),
			 201);
	ck_assert_str_eq(str(j, "woorden", "vraag"), "startgezin");
	json_decref(j);
}
END_TEST

/* Starts a Buurtgezinnen koppeling and stops it with reden; returns the supporter's status after. */
static char *stop_with(const char *reden)
{
	int64_t s = gezin("steungezin"), k;
	ck_assert_int_eq(propose(gezin("vraaggezin"), s, programma("Buurtgezinnen"), &k), 201);
	ck_assert_int_eq(move(k, "{\"naar\":\"kennismaking\",\"datum\":\"2026-01-05\"}"), 201);
	json_t *g = get("gezinnen", s);
	ck_assert_str_eq(json_string_value(json_object_get(g, "status")), "gekoppeld");
	json_decref(g);
	char body[128];
	snprintf(body, sizeof body, "{\"naar\":\"gestopt\",\"datum\":\"2026-01-20\",\"reden\":\"%s\"}", reden);
	ck_assert_int_eq(move(k, body), 201);
	g = get("gezinnen", s);
	char *status = strdup(json_string_value(json_object_get(g, "status")));
	json_decref(g);
	return status;
}

START_TEST(overload_or_illness_pauses_the_supporter)
{
	char *s = stop_with("steungezin-overbelast");
	ck_assert_str_eq(s, "pauze");
	free(s);
	s = stop_with("steungezin-ziek");
	ck_assert_str_eq(s, "pauze");
	free(s);
	/* the supporter's history says so, dated with the stop */
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gezin_statussen WHERE status = 'pauze' AND datum = '2026-01-20'"), 2);
	/* other reasons give the supporter back */
	s = stop_with("geen-klik");
	ck_assert_str_eq(s, "beschikbaar");
	free(s);
	s = stop_with("steun-wil-stoppen");
	ck_assert_str_eq(s, "beschikbaar");
	free(s);
}
END_TEST

/* True when suggestions for v list s among the excluded because a koppeling stopped. */
static bool suggested_as_stopped(int64_t v, int64_t s, int64_t p)
{
	char path[128];
	json_t *j;
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/suggesties?uitgeslotenTonen=true&programma=%lld", (long long)v,
		 (long long)p);
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	bool found = false;
	size_t i, n;
	json_t *e, *reden;
	json_array_foreach(json_object_get(j, "uitgesloten"), i, e)
	{
		if (json_integer_value(json_object_get(json_object_get(e, "gezin"), "id")) != s)
			continue;
		json_array_foreach(json_object_get(e, "redenen"), n, reden) if (strstr(json_string_value(reden), "gestopt")) found =
			true;
	}
	json_decref(j);
	return found;
}

START_TEST(a_candidate_not_chosen_may_be_proposed_again)
{
	int64_t p = programma("GezinsBuddy");
	int64_t v = gezin("vraaggezin"), a = gezin("buddy"), b = gezin("buddy"), k;
	ck_assert_int_eq(propose(v, a, p, &k), 201);
	ck_assert_int_eq(move(k, "{\"naar\":\"gestopt\",\"datum\":\"2026-01-03\",\"reden\":\"niet-gekozen\"}"), 201);
	ck_assert(!suggested_as_stopped(v, a, p));
	ck_assert_int_eq(propose(v, a, p, NULL), 201);
	/* a pair that stopped for any other reason stays apart */
	ck_assert_int_eq(propose(v, b, p, &k), 201);
	ck_assert_int_eq(move(k, "{\"naar\":\"gestopt\",\"datum\":\"2026-01-03\",\"reden\":\"geen-klik\"}"), 201);
	ck_assert(suggested_as_stopped(v, b, p));
	ck_assert_int_eq(propose(v, b, p, NULL), 409);
}
END_TEST

/* The array list of /keuzelijsten with code c, or NULL. */
static const json_t *item(const json_t *list, const char *c)
{
	size_t i;
	const json_t *e;
	json_array_foreach(list, i, e) if (strcmp(json_string_value(json_object_get(e, "code")), c) == 0) return e;
	return NULL;
}

START_TEST(keuzelijsten_serve_the_servers_tables)
{
	json_t *j;
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/keuzelijsten", NULL, &j, NULL), 200);
	const json_t *redenen = json_object_get(j, "stopredenen");
	ck_assert_uint_eq(json_array_size(redenen), kp_stopreden_aantal);
	for (size_t i = 0; i < kp_stopreden_aantal; i++) {
		const struct kp_stopreden *r = &kp_stopreden_tabel[i];
		const json_t *e = json_array_get(redenen, i);
		char naam[128];
		ck_assert_str_eq(json_string_value(json_object_get(e, "code")), r->code);
		ck_assert_str_eq(json_string_value(json_object_get(e, "sjabloon")), r->label);
		ck_assert_str_eq(json_string_value(json_object_get(e, "kant")), kp_stop_kant_name(r->kant));
		ck_assert_str_eq(json_string_value(json_object_get(e, "naam")),
				 kp_stopreden_naam(r, "steungezin", "vraaggezin", naam, sizeof naam));
		ck_assert(kp_stopreden_valid(r->code));
		ck_assert_str_eq(kp_stopredenen[i], r->code);
	}
	ck_assert_ptr_null(kp_stopredenen[kp_stopreden_aantal]);
	/* the new reasons and the words in their labels */
	ck_assert_str_eq(json_string_value(json_object_get(item(redenen, "steun-wil-stoppen"), "sjabloon")), "{steun} wil stoppen");
	ck_assert_str_eq(json_string_value(json_object_get(item(redenen, "steun-wil-stoppen"), "kant")), "steun");
	ck_assert_str_eq(json_string_value(json_object_get(item(redenen, "steungezin-overbelast"), "naam")), "Steungezin overbelast");
	ck_assert_str_eq(json_string_value(json_object_get(item(redenen, "steunstijl-past-niet"), "naam")), "Steunstijl past niet");
	ck_assert_str_eq(json_string_value(json_object_get(item(redenen, "niet-gekozen"), "naam")), "Niet gekozen");
	char buf[64];
	ck_assert_str_eq(kp_stopreden_naam(kp_stopreden_vind("steungezin-overbelast"), "buddy", "vraaggezin", buf, sizeof buf),
			 "Buddy overbelast");
	ck_assert_str_eq(kp_stopreden_naam(kp_stopreden_vind("vraaggezin-wil-stoppen"), "estafettegezin", "startgezin", buf,
					   sizeof buf),
			 "Startgezin wil stoppen");
	ck_assert_str_eq(kp_stopreden_naam(kp_stopreden_vind("steun-wil-stoppen"), "estafettegezin", "startgezin", buf, 8),
			 "Estafet");
	/* the phases in order and the evaluation kinds */
	const json_t *fasen = json_object_get(j, "fasen");
	ck_assert_uint_eq(json_array_size(fasen), KP_FASE_COUNT);
	for (int f = 0; f < KP_FASE_COUNT; f++) {
		const json_t *e = json_array_get(fasen, (size_t)f);
		ck_assert_str_eq(json_string_value(json_object_get(e, "code")), kp_fase_name((enum kp_fase)f));
		ck_assert_str_eq(json_string_value(json_object_get(e, "naam")), kp_fase_label((enum kp_fase)f));
		ck_assert(json_is_true(json_object_get(e, "eind")) == kp_fase_final((enum kp_fase)f));
	}
	ck_assert_str_eq(json_string_value(json_object_get(item(fasen, "proefperiode"), "naam")), "Proefperiode");
	const json_t *soorten = json_object_get(j, "evaluatieSoorten");
	ck_assert_uint_eq(json_array_size(soorten), KP_EVAL_SOORT_COUNT);
	for (int s = 0; s < KP_EVAL_SOORT_COUNT; s++) {
		const json_t *e = json_array_get(soorten, (size_t)s);
		ck_assert_str_eq(json_string_value(json_object_get(e, "code")), kp_evaluatie_soort_name((enum kp_evaluatie_soort)s));
		ck_assert_str_eq(json_string_value(json_object_get(e, "naam")), kp_evaluatie_soort_label((enum kp_evaluatie_soort)s));
	}
	ck_assert_str_eq(json_string_value(json_object_get(item(soorten, "tussentijdse-evaluatie"), "naam")),
			 "Tussentijdse evaluatie");
	json_decref(j);
}
END_TEST

static void prepare(void)
{
	harness_prepare_hash();
}

static Suite *suite(void)
{
	Suite *s = suite_create("woorden");
	TCase *tc = tcase_create("api");
	tcase_add_unchecked_fixture(tc, prepare, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, a_koppeling_speaks_its_programmes_words);
	tcase_add_test(tc, the_beheerder_changes_the_words);
	tcase_add_test(tc, overload_or_illness_pauses_the_supporter);
	tcase_add_test(tc, a_candidate_not_chosen_may_be_proposed_again);
	tcase_add_test(tc, keuzelijsten_serve_the_servers_tables);
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
