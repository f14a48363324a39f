/*
 * test_koersen.c - every default programme walks a koppeling through its
 * own course over the API with its real durations, and every planned date
 * is checked: Estafette in weeks with agreements that are not signed and
 * an extension; Home-Start without a trial for 12 months with a mid-term
 * evaluation; GezinsBuddy with monthly conversations with each side
 * separately from the start; the maatjesproject straight from the
 * kennismaking to lopend; Moeders Informeren Moeders monthly with each
 * side; a conversation that is not needed is cancelled with a reason;
 * a beheerder gives a new programme a course of its own through the API
 * (with every invalid member named) that its koppelingen then walk; and an
 * Estafette startgezin chooses between two relay families in one voorstel.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
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

/* A request as ca; a change under a koppeling goes with the version just read. */
static int call(const char *method, const char *path, const char *body, json_t **out)
{
	char im[96] = "";
	if (strcmp(method, "GET") != 0 && strstr(path, "/koppelingen/"))
		harness_koppeling_if_match(&ca, path, im, sizeof im);
	struct http_response r;
	json_t *j = harness_call(&ca, method, path, body, 1, im[0] ? im : NULL, &r);
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

/* A vraaggezin and a beschikbaar supporter of role rol; returns the koppeling proposed in programme p. */
static int64_t koppeling(const char *rol, int64_t p)
{
	char body[1024];
	json_t *j;
	snprintf(body, sizeof body,
		 "{\"naam\":\"Gezin Vraag\",\"rol\":\"vraaggezin\",\"werkgebied\":\"AMS\",\"status\":\"wachtend\","
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\"},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Kind\",\"geboortedatum\":\"2019-01-01\"}],\"vraag\":{\"tekst\":\"Even lucht\"},"
		 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"},"
		 "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]}");
	ck_assert_int_eq(call("POST", "/api/v1/gezinnen", body, &j), 201);
	int64_t v = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	snprintf(body, sizeof body,
		 "{\"naam\":\"Gezin Steun\",\"rol\":\"%s\",\"werkgebied\":\"AMS\",\"status\":\"beschikbaar\","
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\",\"geboortedatum\":\"1980-01-01\",\"vogDatum\":\"%s\"}],"
		 "\"aanbod\":{\"capaciteit\":1},"
		 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"},"
		 "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]}",
		 rol, vog);
	int status = call("POST", "/api/v1/gezinnen", body, &j);
	ck_assert_msg(status == 201, "supporter: %d", status);
	int64_t s = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":%lld,\"datum\":\"2026-01-02\"}",
		 (long long)v, (long long)s, (long long)p);
	status = call("POST", "/api/v1/koppelingen", body, &j);
	ck_assert_msg(status == 201, "proposal: %d %s", status, j ? json_string_value(json_object_get(j, "detail")) : "");
	int64_t k = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return k;
}

/* POSTs body to koppeling k's `deel`; returns the status and the answer in *out (may be NULL). */
static int under(int64_t k, const char *deel, const char *body, json_t **out)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/%s", (long long)k, deel);
	return call("POST", path, body, out);
}

static int move(int64_t k, const char *naar, const char *datum)
{
	char body[128];
	snprintf(body, sizeof body, "{\"naar\":\"%s\",\"datum\":\"%s\"}", naar, datum);
	json_t *j;
	int status = under(k, "faseovergangen", body, &j);
	if (status != 201)
		fprintf(stderr, "move to %s: %d %s\n", naar, status, j ? json_string_value(json_object_get(j, "detail")) : "");
	json_decref(j);
	return status;
}

static json_t *get(int64_t k)
{
	char path[64];
	json_t *j;
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld", (long long)k);
	ck_assert_int_eq(call("GET", path, NULL, &j), 200);
	return j;
}

/* The open (not vervallen) planned conversations as "soort[@met]=date;" in date order. */
static const char *planned(int64_t k)
{
	static char buf[8192];
	json_t *j = get(k);
	size_t i, used = 0;
	json_t *e;
	buf[0] = '\0';
	json_array_foreach(json_object_get(j, "evaluaties"), i, e)
	{
		if (strcmp(json_string_value(json_object_get(e, "status")), "vervallen") == 0)
			continue;
		const char *met = json_string_value(json_object_get(e, "met"));
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s%s=%s;", json_string_value(json_object_get(e, "soort")),
					 strcmp(met, "beide") ? "@" : "", strcmp(met, "beide") ? met : "",
					 json_string_value(json_object_get(e, "geplandOp")));
	}
	json_decref(j);
	return buf;
}

static const char *field(int64_t k, const char *name)
{
	static char buf[64];
	json_t *j = get(k);
	snprintf(buf, sizeof buf, "%s", json_is_string(json_object_get(j, name)) ? json_string_value(json_object_get(j, name)) : "-");
	json_decref(j);
	return buf;
}

START_TEST(estafette_in_weeks_with_an_extension)
{
	json_t *j;
	int64_t k = koppeling("estafettegezin", programma("Estafette"));
	ck_assert_int_eq(move(k, "kennismaking", "2026-09-07"), 201);
	/* every 3 weeks from the kennismaking, and the end after 10 weeks */
	ck_assert_str_eq(planned(k), "tussentijdse-evaluatie=2026-09-28;tussentijdse-evaluatie=2026-10-19;"
				     "tussentijdse-evaluatie=2026-11-09;afsluitend-gesprek=2026-11-16;");
	ck_assert_str_eq(field(k, "maximaleEinddatum"), "2026-11-16");
	/* the koppeling says which phases its course walks and that its agreements are not signed */
	j = get(k);
	char *fasen = json_dumps(json_object_get(j, "fasen"), JSON_COMPACT);
	ck_assert_str_eq(fasen, "[\"voorstel\",\"kennismaking\",\"contract\",\"lopend\",\"afronding\",\"gestopt\"]");
	free(fasen);
	ck_assert(json_is_false(json_object_get(j, "afsprakenGetekend")));
	json_decref(j);
	/* no trial in this course; the agreements are not signed, but there must be one */
	ck_assert_int_eq(move(k, "proefperiode", "2026-09-10"), 409);
	ck_assert_int_eq(move(k, "contract", "2026-09-10"), 422);
	ck_assert_int_eq(under(k, "afspraken", "{\"doelen\":[\"Tips over de ochtendroutine\"]}", NULL), 201);
	ck_assert_int_eq(move(k, "contract", "2026-09-10"), 201);
	ck_assert_int_eq(move(k, "lopend", "2026-09-14"), 201);
	/* extended together: the end moves, the rhythm goes on until it */
	ck_assert_int_eq(under(k, "verlengingen", "{\"totOp\":\"2026-11-16\",\"reden\":\"Nog even\"}", &j), 422);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(j, "invalidParams"), 0), "name")), "/totOp");
	json_decref(j);
	ck_assert_int_eq(under(k, "verlengingen", "{\"totOp\":\"2026-12-14\",\"reden\":\"Samen besloten: nog vier weken\"}", &j),
			 201);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "verlengingen")), 1);
	json_decref(j);
	ck_assert_str_eq(planned(k), "tussentijdse-evaluatie=2026-09-28;tussentijdse-evaluatie=2026-10-19;"
				     "tussentijdse-evaluatie=2026-11-09;tussentijdse-evaluatie=2026-11-30;"
				     "afsluitend-gesprek=2026-12-14;");
	ck_assert_str_eq(field(k, "maximaleEinddatum"), "2026-12-14");
	/* a programme without extension refuses it */
	int64_t b = koppeling("steungezin", programma("Buurtgezinnen"));
	ck_assert_int_eq(move(b, "kennismaking", "2026-09-07"), 201);
	ck_assert_int_eq(under(b, "verlengingen", "{\"totOp\":\"2029-01-01\",\"reden\":\"Graag\"}", NULL), 409);
}
END_TEST

START_TEST(homestart_without_a_trial_for_a_year)
{
	int64_t k = koppeling("steunmaatje", programma("Home-Start"));
	ck_assert_int_eq(move(k, "kennismaking", "2026-01-15"), 201);
	ck_assert_str_eq(planned(k), "tussentijdse-evaluatie=2026-07-15;afsluitend-gesprek=2027-01-15;");
	json_t *j = get(k);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(j, "volgendeFasen"), 0)), "contract");
	json_decref(j);
	ck_assert_int_eq(under(k, "afspraken", "{\"frequentie\":\"elke dinsdagochtend\"}", NULL), 201);
	ck_assert_int_eq(move(k, "contract", "2026-01-20"), 201);
	/* lopend without a trial evaluation */
	ck_assert_int_eq(move(k, "lopend", "2026-01-22"), 201);
	ck_assert_str_eq(planned(k), "tussentijdse-evaluatie=2026-07-15;afsluitend-gesprek=2027-01-15;");
}
END_TEST

START_TEST(gezinsbuddy_talks_with_each_side_from_the_start)
{
	int64_t k = koppeling("buddy", programma("GezinsBuddy"));
	ck_assert_int_eq(move(k, "kennismaking", "2026-01-31"), 201);
	const char *p = planned(k);
	static const char begin[] = "voortgangsgesprek@vraaggezin=2026-02-28;voortgangsgesprek@steungezin=2026-02-28;"
				    "voortgangsgesprek@vraaggezin=2026-03-31;voortgangsgesprek@steungezin=2026-03-31;"
				    "tussentijdse-evaluatie=2026-04-30;";
	ck_assert_msg(strncmp(p, begin, strlen(begin)) == 0, "%s", p);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM evaluaties WHERE soort = 'voortgangsgesprek' "
					 "AND sleutel LIKE 'voortgangsgesprek@vraaggezin#%'"), 23);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM evaluaties WHERE soort = 'voortgangsgesprek' "
					 "AND sleutel LIKE 'voortgangsgesprek@steungezin#%'"), 23);
	ck_assert_str_eq(field(k, "maximaleEinddatum"), "2028-01-31");
	/* a conversation that is not needed is cancelled with its reason, and stays cancelled */
	json_t *j = get(k);
	int64_t eid = json_integer_value(json_object_get(json_array_get(json_object_get(j, "evaluaties"), 0), "id"));
	json_decref(j);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/evaluaties/%lld", (long long)k, (long long)eid);
	ck_assert_int_eq(call("PATCH", path, "{\"vervallen\":true}", NULL), 400); /* no reason */
	ck_assert_int_eq(call("PATCH", path, "{\"vervallen\":true,\"reden\":\"Moeder net bevallen; volgende maand samen\"}", &j), 200);
	json_t *e = json_array_get(json_object_get(j, "evaluaties"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(e, "status")), "vervallen");
	ck_assert_str_eq(json_string_value(json_object_get(e, "verzetReden")), "Moeder net bevallen; volgende maand samen");
	json_decref(j);
	ck_assert_int_eq(under(k, "afspraken", "{\"doelen\":[\"Samen naar het wijkteam\"]}", NULL), 201);
	ck_assert_int_eq(move(k, "contract", "2026-02-10"), 201); /* re-planned: the cancelled one stays so */
	ck_assert_int_eq(harness_sql_int("SELECT vervallen FROM evaluaties WHERE sleutel = 'voortgangsgesprek@vraaggezin#1'"), 1);
	ck_assert_int_eq(call("PATCH", path, "{\"vervallen\":true,\"reden\":\"Nog eens\"}", NULL), 409);
}
END_TEST

START_TEST(maatjes_and_mim_go_straight_to_lopend)
{
	int64_t k = koppeling("steunmaatje", programma("Maatjesproject"));
	ck_assert_int_eq(move(k, "kennismaking", "2026-03-02"), 201);
	ck_assert_str_eq(planned(k), "kennismakingsgesprek=2026-03-16;afsluitend-gesprek=2027-03-02;");
	ck_assert_int_eq(move(k, "contract", "2026-03-20"), 409); /* no agreements in this course */
	ck_assert_int_eq(move(k, "lopend", "2026-04-01"), 201);
	ck_assert_str_eq(planned(k), "kennismakingsgesprek=2026-03-16;tussentijdse-evaluatie=2026-07-01;"
				     "tussentijdse-evaluatie=2026-10-01;tussentijdse-evaluatie=2027-01-01;"
				     "afsluitend-gesprek=2027-03-02;");
	int64_t m = koppeling("steunmaatje", programma("Moeders Informeren Moeders"));
	ck_assert_int_eq(move(m, "kennismaking", "2026-05-10"), 201);
	ck_assert_int_eq(move(m, "lopend", "2026-05-20"), 201);
	const char *p = planned(m);
	static const char begin[] = "voortgangsgesprek@vraaggezin=2026-06-20;voortgangsgesprek@steungezin=2026-06-20;";
	ck_assert_msg(strncmp(p, begin, strlen(begin)) == 0, "%s", p);
	ck_assert_str_eq(field(m, "maximaleEinddatum"), "2027-11-10");
	/* moving the closing conversation moves the end that every view shows */
	json_t *j = get(m);
	size_t i;
	json_t *e;
	int64_t eid = 0;
	json_array_foreach(json_object_get(j, "evaluaties"), i, e) if (strcmp(json_string_value(json_object_get(e, "soort")),
									      "afsluitend-gesprek") == 0) eid =
		json_integer_value(json_object_get(e, "id"));
	json_decref(j);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/evaluaties/%lld", (long long)m, (long long)eid);
	ck_assert_int_eq(call("PATCH", path, "{\"geplandOp\":\"2027-11-24\",\"reden\":\"Zoon pas later 18 maanden\"}", NULL), 200);
	ck_assert_str_eq(field(m, "maximaleEinddatum"), "2027-11-24");
}
END_TEST

static void prepare(void)
{
	harness_prepare_hash();
}

START_TEST(a_programme_with_a_course_of_its_own)
{
	struct http_response r;
	/* every invalid member of the course is named */
	json_t *j = harness_call(&bh, "POST", "/api/v1/programmas",
				 "{\"naam\":\"Opvoedmaatjes\",\"rollen\":[\"steunmaatje\"],\"maxMaanden\":12,\"werkgebieden\":[\"AMS\"],"
				 "\"koers\":{\"proefperiode\":{\"aantal\":6,\"eenheid\":\"weken\"},\"afspraken\":\"soms\","
				 "\"maximaleDuur\":{\"aantal\":9,\"eenheid\":\"maanden\"},"
				 "\"ritme\":[{\"soort\":\"afsluitend-gesprek\",\"vanaf\":\"lopend\",\"eerste\":{\"aantal\":1,\"eenheid\":\"maanden\"}}]}}",
				 1, NULL, &r);
	json_t *p = harness_assert_problem(&r, 400);
	char *text = json_dumps(p, JSON_COMPACT);
	ck_assert_ptr_nonnull(strstr(text, "/koers/afspraken"));
	ck_assert_ptr_nonnull(strstr(text, "/koers/ritme/0/soort"));
	free(text);
	json_decref(p);
	json_decref(j);
	http_response_free(&r);
	/* a sound course: a six-week trial, signed agreements, every two months from lopend, 9 months from lopend */
	const char *koers = "{\"proefperiode\":{\"aantal\":6,\"eenheid\":\"weken\"},\"afspraken\":\"getekend\","
			    "\"proefevaluatieVereist\":true,\"maximaleDuur\":{\"aantal\":9,\"eenheid\":\"maanden\"},"
			    "\"maximaleDuurVanaf\":\"lopend\",\"ritme\":["
			    "{\"soort\":\"evaluatie-proefperiode\",\"vanaf\":\"proefperiode\",\"eerste\":{\"aantal\":6,\"eenheid\":\"weken\"}},"
			    "{\"soort\":\"tussentijdse-evaluatie\",\"vanaf\":\"lopend\",\"eerste\":{\"aantal\":2,\"eenheid\":\"maanden\"},"
			    "\"elke\":{\"aantal\":2,\"eenheid\":\"maanden\"}}]}";
	char body[2048];
	snprintf(body, sizeof body, "{\"naam\":\"Opvoedmaatjes\",\"rollen\":[\"steunmaatje\"],\"maxMaanden\":12,"
		 "\"werkgebieden\":[\"AMS\"],\"koers\":%s}", koers);
	j = harness_call(&bh, "POST", "/api/v1/programmas", body, 1, NULL, &r);
	ck_assert_int_eq(r.status, 201);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_t *want = json_loads(koers, 0, NULL), *got = json_object_get(j, "koers");
	ck_assert_str_eq(json_string_value(json_object_get(got, "afspraken")), "getekend");
	ck_assert_str_eq(json_string_value(json_object_get(got, "maximaleDuurVanaf")), "lopend");
	ck_assert_uint_eq(json_array_size(json_object_get(got, "ritme")), 2);
	json_decref(want);
	json_decref(j);
	http_response_free(&r);
	/* its koppeling walks that course */
	int64_t k = koppeling("steunmaatje", id);
	ck_assert_int_eq(move(k, "kennismaking", "2026-02-02"), 201);
	ck_assert_int_eq(move(k, "proefperiode", "2026-02-09"), 201);
	ck_assert_str_eq(field(k, "proefperiodeTot"), "2026-03-23");
	/* the end counts from lopend, which has not started: no closing conversation yet */
	ck_assert_str_eq(planned(k), "evaluatie-proefperiode=2026-03-23;");
	ck_assert_int_eq(under(k, "afspraken", "{\"doelen\":[\"Rust in huis\"]}", NULL), 201);
	ck_assert_int_eq(move(k, "contract", "2026-03-01"), 422); /* signed: a date is needed */
	/* the programme's list and one programme show the course of the first-model programmes too */
	j = harness_call(&ca, "GET", "/api/v1/programmas", NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(j, "programmas"), i, e) {
		ck_assert_ptr_nonnull(json_object_get(e, "koers"));
		ck_assert(json_is_boolean(json_object_get(e, "eigenKoers")));
		if (json_integer_value(json_object_get(e, "id")) == id)
			ck_assert(json_is_true(json_object_get(e, "eigenKoers")));
	}
	json_decref(j);
	http_response_free(&r);
	/* a PATCH with null gives the programme back the course of its other settings */
	char path[64], hdr[64];
	snprintf(path, sizeof path, "/api/v1/programmas/%lld", (long long)id);
	j = harness_call(&bh, "PATCH", path, "{\"koers\":null}", 1, harness_if_match(&bh, path, hdr, sizeof hdr), &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "koers"), "maximaleDuurVanaf")), "kennismaking");
	ck_assert(json_is_false(json_object_get(j, "eigenKoers")));
	json_decref(j);
	http_response_free(&r);
}
END_TEST

/* A beschikbaar supporter of role rol with a VOG; returns its id. */
static int64_t supporter(const char *rol, const char *naam)
{
	char body[1024];
	json_t *j;
	snprintf(body, sizeof body,
		 "{\"naam\":\"%s\",\"rol\":\"%s\",\"werkgebied\":\"AMS\",\"status\":\"beschikbaar\","
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\",\"geboortedatum\":\"1980-01-01\",\"vogDatum\":\"%s\"}],"
		 "\"aanbod\":{\"capaciteit\":1},"
		 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"},"
		 "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]}",
		 naam, rol, vog);
	ck_assert_int_eq(call("POST", "/api/v1/gezinnen", body, &j), 201);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

START_TEST(a_startgezin_chooses_between_two_candidates)
{
	int64_t k1 = koppeling("estafettegezin", programma("Estafette"));
	int64_t v = harness_sql_int("SELECT vraaggezin_id FROM koppelingen ORDER BY id LIMIT 1");
	/* that first proposal is stopped: make room for a choice between two other relay families */
	ck_assert_int_eq(under(k1, "faseovergangen", "{\"naar\":\"gestopt\",\"reden\":\"geen-klik\"}", NULL), 201);
	int64_t a = supporter("estafettegezin", "Gezin Anker"), b = supporter("estafettegezin", "Gezin Baken"),
		c = supporter("estafettegezin", "Gezin Duin");
	char body[256];
	json_t *j;
	/* three is more than Estafette offers; a mix of one and many is refused */
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezinnen\":[%lld,%lld,%lld],\"programma\":%lld}", (long long)v,
		 (long long)a, (long long)b, (long long)c, (long long)programma("Estafette"));
	ck_assert_int_eq(call("POST", "/api/v1/koppelingen", body, NULL), 422);
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"steungezinnen\":[%lld,%lld],\"programma\":%lld}",
		 (long long)v, (long long)a, (long long)a, (long long)b, (long long)programma("Estafette"));
	ck_assert_int_eq(call("POST", "/api/v1/koppelingen", body, NULL), 400);
	/* Buurtgezinnen offers no choice */
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezinnen\":[%lld,%lld],\"programma\":%lld}", (long long)v,
		 (long long)a, (long long)b, (long long)programma("Buurtgezinnen"));
	ck_assert_int_eq(call("POST", "/api/v1/koppelingen", body, NULL), 422);
	/* one voorstel with two candidates */
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezinnen\":[%lld,%lld],\"programma\":%lld,\"datum\":\"2026-03-01\"}",
		 (long long)v, (long long)a, (long long)b, (long long)programma("Estafette"));
	ck_assert_int_eq(call("POST", "/api/v1/koppelingen", body, &j), 201);
	int64_t ka = json_integer_value(json_object_get(j, "id"));
	ck_assert_uint_eq(json_array_size(json_object_get(j, "kandidaten")), 1);
	int64_t kb = json_integer_value(json_object_get(json_array_get(json_object_get(j, "kandidaten"), 0), "id"));
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(j, "kandidaten"), 0), "steungezin")),
			 "Gezin Baken");
	json_decref(j);
	/* the family chooses Baken: its kennismaking starts, Anker closes as niet gekozen */
	ck_assert_int_eq(move(kb, "kennismaking", "2026-03-09"), 201);
	ck_assert_str_eq(field(ka, "fase"), "gestopt");
	ck_assert_str_eq(field(ka, "stopReden"), "niet-gekozen");
	ck_assert_str_eq(field(ka, "stopToelichting"), "Het startgezin koos een ander gezin.");
	ck_assert_str_eq(field(kb, "fase"), "kennismaking");
	/* no stopped pair: Anker can be proposed to this family again later */
	ck_assert_int_eq(move(kb, "gestopt", "2026-03-10") , 422); /* a reason is needed */
	ck_assert_int_eq(under(kb, "faseovergangen", "{\"naar\":\"gestopt\",\"reden\":\"doelen-bereikt\",\"datum\":\"2026-03-12\"}", NULL),
			 201);
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":%lld}", (long long)v, (long long)a,
		 (long long)programma("Estafette"));
	ck_assert_int_eq(call("POST", "/api/v1/koppelingen", body, NULL), 201);
	/* the pair that stopped for real stays blocked */
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":%lld}", (long long)v, (long long)b,
		 (long long)programma("Estafette"));
	ck_assert_int_eq(call("POST", "/api/v1/koppelingen", body, NULL), 409);
	/* the quarter counts one new koppeling (Baken's), and no niet-gekozen among the stopped */
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM koppelingen WHERE koppeling_datum IS NOT NULL AND stop_reden = 'niet-gekozen'"),
			 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("koersen");
	TCase *tc = tcase_create("core");
	tcase_add_unchecked_fixture(tc, prepare, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, estafette_in_weeks_with_an_extension);
	tcase_add_test(tc, homestart_without_a_trial_for_a_year);
	tcase_add_test(tc, gezinsbuddy_talks_with_each_side_from_the_start);
	tcase_add_test(tc, maatjes_and_mim_go_straight_to_lopend);
	tcase_add_test(tc, a_programme_with_a_course_of_its_own);
	tcase_add_test(tc, a_startgezin_chooses_between_two_candidates);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
