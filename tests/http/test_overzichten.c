/*
 * test_overzichten.c - the caseload overview and the quarterly report on a
 * fixed fixture, checked against figures worked out by hand: a koppeling
 * started in Q1 that changes phase and stops inside Q2, one started in Q2
 * that runs on, registrations on both sides of the quarter boundary. The
 * rapportage role gets counts rounded to fives ("<5" for what rounds to 0),
 * totals from the rounded parts and every stop reason, so neither two
 * quarters nor a total and its parts give a count back; never person-level
 * data; coordinators see the numbers. The CSV export parses back with Dutch dates; a long list is
 * streamed completely, is audited, survives a client that goes away
 * mid-way, and at most two run at once.
 */
#include <arpa/inet.h>
#include <check.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "datum.h"
#include "fasen.h"
#include "harness.h"
#include "util.h"

static struct hs_session ca, rap;
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

static int64_t gezin(const char *naam, bool vraag, const char *aangemeld, const char *status)
{
	char body[2048];
	snprintf(body, sizeof body,
		 "{\"naam\":\"%s\",\"rol\":\"%s\",\"werkgebied\":\"AMS\",\"adres\":{\"gemeente\":\"Amsterdam\"},"
		 "\"aangemeldOp\":\"%s\",\"status\":\"%s\",\"statusDatum\":\"%s\","
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\"%s%s%s},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Kind\",\"geboortedatum\":\"2019-06-01\",\"steunVoor\":%s}],"
		 "\"%s\":%s,\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"},"
		 "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]}",
		 naam, vraag ? "vraaggezin" : "steungezin", aangemeld, status, aangemeld, vraag ? "" : ",\"vogDatum\":\"",
		 vraag ? "" : vog, vraag ? "" : "\"", vraag ? "true" : "false", vraag ? "vraag" : "aanbod",
		 vraag ? "{\"tekst\":\"Even lucht\"}" : "{\"capaciteit\":1}");
	json_t *j;
	int rc = call(&ca, "POST", "/api/v1/gezinnen", body, &j, NULL);
	ck_assert_msg(rc == 201, "%s: %d", naam, rc);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

static void move(int64_t k, const char *body)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld/faseovergangen", (long long)k);
	json_t *j;
	char im[96];
	int rc = call(&ca, "POST", path, body, &j, harness_koppeling_if_match(&ca, path, im, sizeof im));
	ck_assert_msg(rc == 201, "%s: %d %s", body, rc, j ? json_string_value(json_object_get(j, "detail")) : "");
	json_decref(j);
}

static int64_t koppel(int64_t v, int64_t s, const char *datum)
{
	char body[160];
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":1,\"datum\":\"%s\"}", (long long)v,
		 (long long)s, datum);
	json_t *j;
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/koppelingen", body, &j, NULL), 201);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_user("coord-a", "coordinator", "AMS", 1);
	harness_user("raport", "rapportage", "AMS", 1);
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	ck_assert_int_eq(harness_login("raport", HS_PASSWORD, &rap), 201);
	kp_date_format(kp_date_add_months(kp_date_from_unix(kp_now()), -6), vog);
	int64_t v1 = gezin("Gezin Een", true, "2026-03-30", "wachtend");  /* Q1 */
	int64_t v2 = gezin("Gezin Twee", true, "2026-04-02", "wachtend"); /* Q2 */
	gezin("Gezin Drie", true, "2026-05-10", "intake");                /* Q2, an intake too */
	gezin("Gezin Vier", true, "2026-07-01", "aangemeld");             /* Q3 */
	int64_t s1 = gezin("Steun Een", false, "2026-01-10", "beschikbaar");
	int64_t s2 = gezin("Steun Twee", false, "2026-01-10", "beschikbaar");
	int64_t k1 = koppel(v1, s1, "2026-03-30");
	move(k1, "{\"naar\":\"kennismaking\",\"datum\":\"2026-03-31\"}");  /* starts in Q1 */
	move(k1, "{\"naar\":\"proefperiode\",\"datum\":\"2026-04-15\"}");  /* changes phase in Q2 */
	move(k1, "{\"naar\":\"gestopt\",\"datum\":\"2026-05-20\",\"reden\":\"geen-klik\"}"); /* stops in Q2 */
	int64_t k2 = koppel(v2, s2, "2026-04-08");
	move(k2, "{\"naar\":\"kennismaking\",\"datum\":\"2026-04-10\"}");  /* starts in Q2 and runs on */
}

static void teardown(void)
{
	harness_stop();
}

static int64_t num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	ck_assert_msg(json_is_integer(v), "%s is not a number", key);
	return json_integer_value(v);
}

START_TEST(quarterly_figures_by_hand)
{
	json_t *q;
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/overzichten/kwartaal?gemeente=Amsterdam&jaar=2026&kwartaal=2", NULL, &q, NULL), 200);
	ck_assert_int_eq(num(q, "aanmeldingen"), 2);  /* Twee, Drie; Een is Q1, Vier Q3 */
	ck_assert_int_eq(num(q, "intakes"), 1);       /* Drie */
	ck_assert_int_eq(num(q, "nieuweKoppelingen"), 1); /* k2; k1 started in Q1 */
	json_t *b = json_object_get(q, "beeindigd");
	ck_assert_int_eq(num(b, "afgerond"), 0);
	ck_assert_int_eq(num(b, "gestopt"), 1);
	ck_assert_int_eq(num(json_object_get(b, "redenenGestopt"), "geen-klik"), 1);
	ck_assert_int_eq(num(q, "actiefEindeKwartaal"), 1); /* k2 */
	ck_assert_int_eq(num(q, "kinderenBereikt"), 2);     /* both koppelingen were active in Q2 */
	json_t *d = json_object_get(q, "dagenTotKoppeling");
	ck_assert_int_eq(num(d, "aantal"), 1); /* Twee: 2 April -> 10 April */
	ck_assert(json_real_value(json_object_get(d, "mediaan")) == 8.0);
	/* k1's trial evaluation (15 June) lapsed when it stopped; k2 has only its closing conversation in 2028 */
	ck_assert_int_eq(num(json_object_get(q, "evaluaties"), "gepland"), 0);
	json_decref(q);
	/* regenerating a past quarter later gives the same numbers */
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/overzichten/kwartaal?gemeente=Amsterdam&jaar=2026&kwartaal=1", NULL, &q, NULL), 200);
	ck_assert_int_eq(num(q, "aanmeldingen"), 1);
	ck_assert_int_eq(num(q, "nieuweKoppelingen"), 1);
	ck_assert_int_eq(num(q, "actiefEindeKwartaal"), 1); /* k1 at 31 March */
	ck_assert_int_eq(num(json_object_get(q, "beeindigd"), "gestopt"), 0);
	json_decref(q);
}
END_TEST

START_TEST(rapportage_gets_suppressed_aggregates_only)
{
	json_t *q;
	ck_assert_int_eq(call(&rap, "GET", "/api/v1/overzichten/kwartaal?gemeente=Amsterdam&jaar=2026&kwartaal=2", NULL, &q, NULL), 200);
	char *text = json_dumps(q, 0);
	ck_assert_str_eq(json_string_value(json_object_get(q, "aanmeldingen")), "<5");
	ck_assert_str_eq(json_string_value(json_object_get(q, "nieuweKoppelingen")), "<5");
	json_t *b = json_object_get(q, "beeindigd");
	/* gestopt is 1 and afgerond 0: showing the 0 would let the total reveal the 1 */
	ck_assert_str_eq(json_string_value(json_object_get(b, "gestopt")), "<5");
	ck_assert_str_eq(json_string_value(json_object_get(b, "afgerond")), "<5");
	ck_assert_str_eq(json_string_value(json_object_get(b, "totaal")), "<5");
	ck_assert(json_is_null(json_object_get(json_object_get(q, "dagenTotKoppeling"), "mediaan")));
	ck_assert(json_is_true(json_object_get(q, "kleineAantallenVerborgen")));
	/* every count is either 0, >= 5 or "<5": no cell 1-4 escapes */
	for (const char *p = text; (p = strchr(p, ':')) != NULL; p++) {
		long v = strtol(p + 1, NULL, 10);
		if (p[1] >= '1' && p[1] <= '4' && (p[2] == ',' || p[2] == '}'))
			ck_abort_msg("unsuppressed small count %ld in %s", v, text);
	}
	ck_assert_ptr_null(strstr(text, "Gezin"));
	free(text);
	json_decref(q);
	/* person-level data: 403 */
	const char *paths[] = { "/api/v1/gezinnen", "/api/v1/gezinnen/1", "/api/v1/overzichten/caseload", "/api/v1/koppelingen",
				"/api/v1/evaluaties" };
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
		ck_assert_int_eq(call(&rap, "GET", paths[i], NULL, NULL, NULL), 403);
	/* coordinators are never suppressed */
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/overzichten/kwartaal?gemeente=Amsterdam&jaar=2026&kwartaal=2", NULL, &q, NULL), 200);
	ck_assert(json_is_false(json_object_get(q, "kleineAantallenVerborgen")));
	json_decref(q);
	ck_assert_int_eq(call(&rap, "GET", "/api/v1/overzichten/kwartaal?gemeente=Amsterdam&jaar=2026&kwartaal=5", NULL, NULL, NULL), 400);
}
END_TEST

START_TEST(caseload_and_csv)
{
	json_t *c;
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/overzichten/caseload?datum=2026-07-01", NULL, &c, NULL), 200);
	json_t *wl = json_object_get(c, "wachtlijst");
	/* Een waits again since its koppeling stopped, Drie (intake), Vier (aangemeld); Twee is linked */
	ck_assert_uint_eq(json_array_size(wl), 3);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(wl, 0), "naam")), "Gezin Een"); /* longest first */
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(wl, 0), "wachtdagen")), 93);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(wl, 1), "wachtdagen")), 52);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(c, "koppelingenPerFase"), "kennismaking")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(c, "koppelingenPerFase"), "gestopt")), 1);
	json_decref(c);
	/* the overview is a read of families: audited */
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'lezen' AND object_soort = 'caseload' "
					 "AND json_extract(details, '$.lijst') = 'alles' AND json_extract(details, '$.formaat') = 'json' "
					 "AND json_array_length(details, '$.gezinnen') > 0"),
			 1);
	struct http_response r;
	json_t *j = harness_call(&ca, "GET", "/api/v1/overzichten/caseload?lijst=wachtlijst&datum=2026-07-01", NULL, 0,
				 "Accept: text/csv\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	char ct[64];
	ck_assert_str_eq(http_header(&r, "Content-Type", ct, sizeof ct), "text/csv; charset=utf-8");
	ck_assert(memcmp(r.body, "\xEF\xBB\xBF", 3) == 0);
	/* the header and the status in words (the JSON keeps the codes) */
	ck_assert_ptr_nonnull(strstr(r.body, "Gezinsnummer;Naam;Status;Werkgebied;Aangemeld op;Wachtdagen;Urgentie;Contactpersoon;"
					     "Laatst geïnformeerd op;Aandacht\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, ";Gezin Drie;Intake;AMS;10-05-2026;52;Normaal;;;Geen contactpersoon\r\n"));
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&ca, "GET", "/api/v1/overzichten/caseload", NULL, 0, "Accept: text/csv\r\n", &r);
	ck_assert_int_eq(r.status, 400);
	json_decref(j);
	http_response_free(&r);
	ck_assert_int_ge(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'exporteren'"), 1);
}
END_TEST

/* How many koppelingen in kennismaking the coordinator sees on 1 July 2026. */
static int64_t kennismakingen_seen(void)
{
	json_t *c;
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/overzichten/caseload?datum=2026-07-01", NULL, &c, NULL), 200);
	json_t *n = json_object_get(json_object_get(c, "koppelingenPerFase"), "kennismaking");
	int64_t k = n ? json_integer_value(n) : 0;
	json_decref(c);
	return k;
}

START_TEST(caseload_follows_a_move)
{
	/* the koppeling is counted where its vraaggezin is, also after the gezin moves */
	harness_werkgebied("ROT");
	ck_assert_int_eq(kennismakingen_seen(), 1);
	harness_sql("UPDATE gezinnen SET werkgebied_id = (SELECT id FROM werkgebieden WHERE code = 'ROT') WHERE naam = 'Gezin Twee'");
	ck_assert_int_eq(kennismakingen_seen(), 0);
	harness_sql("UPDATE gezinnen SET werkgebied_id = (SELECT id FROM werkgebieden WHERE code = 'AMS') WHERE naam = 'Gezin Twee'");
	ck_assert_int_eq(kennismakingen_seen(), 1);
	/* and with its coordinator */
	int64_t co = harness_sql_int("SELECT id FROM gebruikers WHERE gebruikersnaam = 'coord-a'");
	char path[128];
	harness_sql("UPDATE gezinnen SET coordinator_id = NULL WHERE naam = 'Gezin Twee'");
	snprintf(path, sizeof path, "/api/v1/overzichten/caseload?coordinator=%lld", (long long)co);
	json_t *c;
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &c, NULL), 200);
	ck_assert_ptr_null(json_object_get(json_object_get(c, "koppelingenPerFase"), "kennismaking"));
	json_decref(c);
	harness_sql("UPDATE gezinnen SET coordinator_id = (SELECT id FROM gebruikers WHERE gebruikersnaam = 'coord-a') "
		    "WHERE naam = 'Gezin Twee'");
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &c, NULL), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(c, "koppelingenPerFase"), "kennismaking")), 1);
	json_decref(c);
}
END_TEST

/* Counts the lines (CRLF-terminated records) of a CSV body. */
static int csv_lines(const char *body)
{
	int n = 0;
	for (const char *p = body; (p = strstr(p, "\r\n")) != NULL; p += 2)
		n++;
	return n;
}

/* The overview of one programme, or the problem when the filter is wrong. */
static json_t *caseload_of(const char *programma, int expect)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/overzichten/caseload?datum=2026-07-01&programma=%s", programma);
	json_t *c;
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &c, NULL), expect);
	return c;
}

START_TEST(caseload_per_programme)
{
	json_t *all;
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/overzichten/caseload?datum=2026-07-01", NULL, &all, NULL), 200);
	json_t *aantallen = json_object_get(all, "aantallen");
	ck_assert_int_ge(num(aantallen, "beschikbaar") + num(json_object_get(all, "koppelingenPerFase"), "kennismaking"), 1);

	/* every koppeling and supporter of the fixture is Buurtgezinnen (programme 1) */
	json_t *one = caseload_of("1", 200);
	ck_assert(json_equal(json_object_get(one, "aantallen"), aantallen));
	ck_assert(json_equal(json_object_get(one, "koppelingenPerFase"), json_object_get(all, "koppelingenPerFase")));
	ck_assert_int_eq(num(one, "kinderenBereikt"), num(all, "kinderenBereikt"));
	json_decref(one);

	/* GezinsBuddy: no koppelingen, no buddies; the wachtlijst belongs to no programme yet */
	json_t *buddy = caseload_of("2", 200);
	json_t *ba = json_object_get(buddy, "aantallen");
	ck_assert_int_eq(num(ba, "wachtlijst"), num(aantallen, "wachtlijst"));
	ck_assert_int_eq(num(ba, "beschikbaar"), 0);
	ck_assert_int_eq(num(ba, "teLaat") + num(ba, "binnen30Dagen") + num(ba, "bijnaAfgelopen") + num(ba, "vogVerloopt"), 0);
	ck_assert_uint_eq(json_object_size(json_object_get(buddy, "koppelingenPerFase")), 0);
	ck_assert_int_eq(num(buddy, "kinderenBereikt"), 0);
	json_decref(buddy);
	json_decref(all);

	/* and the export follows the filter */
	struct http_response r;
	json_t *j = harness_call(&ca, "GET", "/api/v1/overzichten/caseload?lijst=beschikbaar&programma=2", NULL, 0,
				 "Accept: text/csv\r\n", &r);
	json_decref(j);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "Naam"));
	ck_assert_ptr_null(strstr(r.body, "Steun"));
	http_response_free(&r);

	/* a programme that does not exist, or no number at all, is named */
	const char *wrong[] = { "99", "buddy", "0" };
	for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
		json_t *p = caseload_of(wrong[i], 400);
		json_t *param = json_array_get(json_object_get(p, "invalidParams"), 0);
		ck_assert_str_eq(json_string_value(json_object_get(param, "name")), "programma");
		json_decref(p);
	}
}
END_TEST

START_TEST(kwartaal_csv)
{
	const char *path = "/api/v1/overzichten/kwartaal?gemeente=Amsterdam&jaar=2026&kwartaal=2";
	int64_t before = harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'exporteren' AND object_soort = 'kwartaalrapport'");
	struct http_response r;
	json_t *j = harness_call(&rap, "GET", path, NULL, 0, "Accept: text/csv\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	char h[160];
	ck_assert_str_eq(http_header(&r, "Content-Type", h, sizeof h), "text/csv; charset=utf-8");
	ck_assert_str_eq(http_header(&r, "Content-Disposition", h, sizeof h),
			 "attachment; filename=\"koppel-kwartaal-Amsterdam-2026-K2.csv\"");
	ck_assert(memcmp(r.body, "\xEF\xBB\xBFonderdeel;waarde\r\n", 21) == 0);
	ck_assert_ptr_nonnull(strstr(r.body, "\r\nGemeente;Amsterdam\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "\r\nVan;01-04-2026\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "\r\nAanmeldingen;<5\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "\r\nBeëindigd: afgerond;<5\r\n")); /* hidden with its pair, as in JSON */
	ck_assert_ptr_nonnull(strstr(r.body, "\r\nGestopt, reden: geen-klik;<5\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "\r\nDagen tot koppeling: mediaan;\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "\r\nKleine aantallen verborgen;ja\r\n"));
	ck_assert_ptr_null(strstr(r.body, "Gezin"));
	json_decref(j);
	http_response_free(&r);
	/* a coordinator gets the numbers, with a decimal comma */
	j = harness_call(&ca, "GET", path, NULL, 0, "Accept: text/csv\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "\r\nAanmeldingen;2\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "\r\nBeëindigd: afgerond;0\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "\r\nBeëindigd: gestopt;1\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "\r\nDagen tot koppeling: mediaan;8,0\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "\r\nKleine aantallen verborgen;nee\r\n"));
	ck_assert_int_ge(csv_lines(r.body), 20);
	json_decref(j);
	http_response_free(&r);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'exporteren' AND object_soort = 'kwartaalrapport'"),
			 before + 2);
	/* JSON stays a read */
	int64_t reads = harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'lezen' AND object_soort = 'kwartaalrapport'");
	ck_assert_int_eq(call(&ca, "GET", path, NULL, NULL, NULL), 200);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'lezen' AND object_soort = 'kwartaalrapport'"),
			 reads + 1);
}
END_TEST

/*
 * Adds n waiting vraaggezinnen in AMS directly in the database, registered
 * on consecutive days from 2025-01-01 (so before the fixture's), plus one
 * registered on 2024-12-31 whose name has every CSV hazard.
 */
static void many_waiting(int n)
{
	char sql[1600];
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < %d) "
		 "INSERT INTO gezinnen(naam, rol, status, werkgebied_id, aangemeld_op, profiel, aangemaakt_op, gewijzigd_op) "
		 "SELECT 'Gezin Wacht ' || i, 'vraaggezin', 'wachtend', (SELECT id FROM werkgebieden WHERE code = 'AMS'), "
		 "date('2025-01-01', '+' || (i - 1) || ' days'), '{}', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' FROM seq; "
		 "INSERT INTO gezinnen(naam, rol, status, werkgebied_id, aangemeld_op, profiel, aangemaakt_op, gewijzigd_op) "
		 "VALUES ('=Gezin; \"Bijnaam\"' || char(10) || 'Tweede regel', 'vraaggezin', 'aangemeld', "
		 "(SELECT id FROM werkgebieden WHERE code = 'AMS'), '2024-12-31', '{}', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');",
		 n);
	harness_sql(sql);
}

/*
 * Parses CSV text (';' separated, CRLF records, "" inside quotes): returns
 * the number of records and copies field `col` of record `rec` into out.
 */
static int csv_parse(const char *p, int rec, int col, char *out, size_t outlen)
{
	int r = 0, c = 0;
	size_t o = 0;
	bool quoted = false;
	out[0] = '\0';
	for (; *p; p++) {
		char ch = *p;
		if (quoted) {
			if (ch == '"' && p[1] == '"') {
				p++;
			} else if (ch == '"') {
				quoted = false;
				continue;
			}
		} else if (ch == '"') {
			quoted = true;
			continue;
		} else if (ch == ';') {
			c++;
			continue;
		} else if (ch == '\r' && p[1] == '\n') {
			p++;
			r++;
			c = 0;
			continue;
		}
		if (r == rec && c == col && o + 1 < outlen) {
			out[o++] = ch;
			out[o] = '\0';
		}
	}
	ck_assert_msg(!quoted && c == 0, "CSV ends inside a record");
	return r;
}

START_TEST(long_list_streamed_complete)
{
	many_waiting(1500); /* about 90 KB: more than one 64 KiB refill */
	int64_t audits = harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'exporteren' AND object_soort = 'caseload' "
					 "AND details LIKE '%\"lijst\":\"wachtlijst\",\"formaat\":\"csv\"%'");
	json_t *c;
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/overzichten/caseload?datum=2026-07-01", NULL, &c, NULL), 200);
	json_t *wl = json_object_get(c, "wachtlijst"), *n = json_object_get(c, "aantallen");
	ck_assert_uint_eq(json_array_size(wl), 100); /* the first rows only ... */
	ck_assert_int_eq(num(n, "wachtlijst"), 1504); /* ... the count is complete: 1500 + hazard + Een, Drie, Vier */
	ck_assert_int_eq(num(n, "beschikbaar"), (int64_t)json_array_size(json_object_get(c, "beschikbaar")));
	ck_assert_int_eq(num(n, "teLaat"), (int64_t)json_array_size(json_object_get(json_object_get(c, "evaluaties"), "teLaat")));
	ck_assert_int_eq(num(n, "binnen30Dagen"),
			 (int64_t)json_array_size(json_object_get(json_object_get(c, "evaluaties"), "binnen30Dagen")));
	ck_assert_int_eq(num(n, "bijnaAfgelopen"), (int64_t)json_array_size(json_object_get(c, "bijnaAfgelopen")));
	ck_assert_int_eq(num(n, "vogVerloopt"), (int64_t)json_array_size(json_object_get(c, "vogVerloopt")));
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(wl, 1), "naam")), "Gezin Wacht 1");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(wl, 99), "naam")), "Gezin Wacht 99");
	json_decref(c);

	struct http_response r;
	json_t *j = harness_call(&ca, "GET", "/api/v1/overzichten/caseload?lijst=wachtlijst&datum=2026-07-01", NULL, 0,
				 "Accept: text/csv\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert(r.chunked && r.complete);
	char h[128];
	ck_assert_str_eq(http_header(&r, "Content-Type", h, sizeof h), "text/csv; charset=utf-8");
	ck_assert_str_eq(http_header(&r, "Content-Disposition", h, sizeof h),
			 "attachment; filename=\"koppel-wachtlijst-2026-07-01.csv\"");
	ck_assert_ptr_nonnull(http_header(&r, "X-Content-Type-Options", h, sizeof h)); /* the common headers */
	ck_assert_str_eq(http_header(&r, "Cache-Control", h, sizeof h), "no-store");
	ck_assert_int_gt(r.body_len, 64 * 1024);
	static const char kop[] = "\xEF\xBB\xBFGezinsnummer;Naam;Status;Werkgebied;Aangemeld op;Wachtdagen;Urgentie;"
				  "Contactpersoon;Laatst geïnformeerd op;Aandacht\r\n";
	ck_assert(memcmp(r.body, kop, sizeof kop - 1) == 0);
	char f[128];
	ck_assert_int_eq(csv_parse(r.body + 3, 1, 1, f, sizeof f), 1 + 1504); /* header and every row */
	ck_assert_str_eq(f, "'=Gezin; \"Bijnaam\"\nTweede regel"); /* quoted, and never a formula */
	csv_parse(r.body + 3, 1, 4, f, sizeof f);
	ck_assert_str_eq(f, "31-12-2024");
	csv_parse(r.body + 3, 1504, 1, f, sizeof f);
	ck_assert_str_eq(f, "Gezin Wacht 1500"); /* registered last, in 2029 */
	json_decref(j);
	http_response_free(&r);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'exporteren' AND object_soort = 'caseload' "
					 "AND details LIKE '%\"lijst\":\"wachtlijst\",\"formaat\":\"csv\"%'"),
			 audits + 1);
	/* every list exports, with its header first */
	static const char *const lijsten[][2] = {
		{ "wachtlijst", "Gezinsnummer;Naam;Status;" },
		{ "beschikbaar", "Gezinsnummer;Naam;Rol;Werkgebied;Capaciteit;Vrije plaatsen\r\n" },
		{ "te-laat", "Evaluatienummer;Koppelingsnummer;Soort;Gepland op;Vraaggezin;Steungezin\r\n" },
		{ "binnen-30-dagen", "Evaluatienummer;Koppelingsnummer;Soort;Gepland op;" },
		{ "bijna-afgelopen", "Koppelingsnummer;Vraaggezin;Steungezin;Maximale einddatum\r\n" },
		{ "vog-verloopt", "Gezinsnummer;Naam;Lid;VOG-datum\r\n" }
	};
	for (size_t i = 0; i < sizeof lijsten / sizeof lijsten[0]; i++) {
		char path[128];
		snprintf(path, sizeof path, "/api/v1/overzichten/caseload?lijst=%s", lijsten[i][0]);
		j = harness_call(&ca, "GET", path, NULL, 0, "Accept: text/csv\r\n", &r);
		ck_assert_msg(r.status == 200 && r.complete, "%s: %d", lijsten[i][0], r.status);
		ck_assert_msg(strncmp(r.body + 3, lijsten[i][1], strlen(lijsten[i][1])) == 0, "%s: %.60s", lijsten[i][0], r.body);
		json_decref(j);
		http_response_free(&r);
	}
	/* an empty list is a header only */
	j = harness_call(&ca, "GET", "/api/v1/overzichten/caseload?lijst=vog-verloopt&datum=2020-01-01", NULL, 0,
			 "Accept: text/csv\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "\xEF\xBB\xBFGezinsnummer;Naam;Lid;VOG-datum\r\n");
	json_decref(j);
	http_response_free(&r);
}
END_TEST

/* Starts an export on a raw socket with a small receive buffer and reads only `take` bytes; returns the socket. */
static int export_begin(size_t take)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	int small = 4096;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(hs.port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	char req[512];
	int n = snprintf(req, sizeof req,
			 "GET /api/v1/overzichten/caseload?lijst=wachtlijst HTTP/1.1\r\nHost: 127.0.0.1\r\n"
			 "Accept: text/csv\r\nCookie: %s\r\n\r\n",
			 ca.cookie);
	ck_assert_int_eq(send(fd, req, (size_t)n, MSG_NOSIGNAL), n);
	char buf[4096];
	size_t got = 0;
	while (got < take) {
		ssize_t k = recv(fd, buf, sizeof buf < take - got ? sizeof buf : take - got, 0);
		ck_assert_int_gt(k, 0);
		if (got == 0)
			ck_assert_msg(strncmp(buf, "HTTP/1.1 200", 12) == 0, "export did not start: %.40s", buf);
		got += (size_t)k;
	}
	return fd;
}

/* The status of a CSV export of the wachtlijst. */
static int export_status(void)
{
	struct http_response r;
	json_t *j = harness_call(&ca, "GET", "/api/v1/overzichten/caseload?lijst=wachtlijst", NULL, 0, "Accept: text/csv\r\n", &r);
	int status = r.status;
	if (status == 503) {
		char h[16];
		ck_assert_ptr_nonnull(http_header(&r, "Retry-After", h, sizeof h));
	} else {
		ck_assert(r.complete);
	}
	json_decref(j);
	http_response_free(&r);
	return status;
}

START_TEST(export_disconnect_and_limit)
{
	many_waiting(80000); /* about 5 MB: more than the server's socket send buffer holds (at most 4 MiB by default) */
	/* two exports whose clients stop reading: a third is refused */
	int a = export_begin(1000), b = export_begin(1000);
	ck_assert_int_eq(export_status(), 503);
	/* the clients go away mid-way: their connections are closed and freed */
	close(a);
	close(b);
	int status = 503;
	for (int i = 0; i < 100 && status == 503; i++) {
		struct timespec t = { 0, 20 * 1000 * 1000 };
		nanosleep(&t, NULL);
		status = export_status();
	}
	ck_assert_int_eq(status, 200);
	/* again, to be sure no slot leaked */
	a = export_begin(100 * 1000);
	close(a);
	status = 503;
	for (int i = 0; i < 100 && status == 503; i++) {
		struct timespec t = { 0, 20 * 1000 * 1000 };
		nanosleep(&t, NULL);
		status = export_status();
	}
	ck_assert_int_eq(status, 200);
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/health", NULL, NULL, NULL), 200);
	/* the daemon stops while an export is under way: the export's connection
	 * is closed with it, before the database (kp_db_close asserts that) */
	a = export_begin(1000);
	hs.cfg.shutdown_grace = 0;
	kp_server_stop(&hs);
	close(a);
}
END_TEST

/* Checks RFC 5545 structure: CRLF lines of at most 75 octets, balanced
 * components, and UID, DTSTAMP and DTSTART in every VEVENT. Returns the events. */
static int check_ical(const char *text)
{
	int depth = 0, events = 0, uid = 0, stamp = 0, start = 0;
	ck_assert(strncmp(text, "BEGIN:VCALENDAR\r\n", 17) == 0);
	const char *line = text;
	while (*line) {
		const char *end = strstr(line, "\r\n");
		ck_assert_msg(end != NULL, "line without CRLF");
		ck_assert_int_le(end - line, 75);
		if (strncmp(line, "BEGIN:", 6) == 0)
			depth++;
		if (strncmp(line, "END:", 4) == 0)
			depth--;
		if (strncmp(line, "BEGIN:VEVENT", 12) == 0)
			uid = stamp = start = 0;
		uid += strncmp(line, "UID:", 4) == 0;
		stamp += strncmp(line, "DTSTAMP:", 8) == 0;
		start += strncmp(line, "DTSTART", 7) == 0;
		if (strncmp(line, "END:VEVENT", 10) == 0) {
			ck_assert(uid == 1 && stamp == 1 && start == 1);
			events++;
		}
		ck_assert_int_ge(depth, 0);
		line = end + 2;
	}
	ck_assert_int_eq(depth, 0);
	return events;
}

START_TEST(calendar_feed)
{
	json_t *j;
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/api-tokens", "{\"naam\":\"Agenda\",\"soort\":\"agenda\"}", &j, NULL), 201);
	char path[160], token[80];
	snprintf(token, sizeof token, "%s", json_string_value(json_object_get(j, "token")));
	snprintf(path, sizeof path, "/api/v1/agenda.ics?token=%s", token);
	json_decref(j);
	struct http_response r;
	ck_assert_int_eq(http_do(hs.port, "GET", path, NULL, NULL, &r), 0);
	ck_assert_int_eq(r.status, 200);
	char ct[64];
	ck_assert_str_eq(http_header(&r, "Content-Type", ct, sizeof ct), "text/calendar; charset=utf-8");
	ck_assert_int_ge(check_ical(r.body), 1); /* k2's closing conversation */
	ck_assert_ptr_null(strstr(r.body, "Gezin")); /* no family names unless asked */
	ck_assert_ptr_nonnull(strstr(r.body, "Afsluitend gesprek"));
	http_response_free(&r);
	strcat(path, "&namen=ja");
	ck_assert_int_eq(http_do(hs.port, "GET", path, NULL, NULL, &r), 0);
	check_ical(r.body);
	ck_assert_ptr_nonnull(strstr(r.body, "Gezin Twee en Steun Twee"));
	http_response_free(&r);
	ck_assert_int_eq(http_do(hs.port, "GET", "/api/v1/agenda.ics?token=kp_fout", NULL, NULL, &r), 0);
	ck_assert_int_eq(r.status, 401);
	http_response_free(&r);
	snprintf(path, sizeof path, "/api/v1/gezinnen?token=%s", token);
	ck_assert_int_eq(http_do(hs.port, "GET", path, NULL, NULL, &r), 0);
	ck_assert_int_eq(r.status, 401); /* other routes never take a token from the URL, even a valid one */
	http_response_free(&r);
}
END_TEST

/* --- the quarterly report under disclosure control (issue: differencing "<5") ---------- */

/* A new vraaggezin and steungezin, linked on datum and in kennismaking the same day; the koppeling's id. */
static int64_t linked_pair(const char *naam, const char *datum)
{
	char vn[64], sn[64];
	snprintf(vn, sizeof vn, "Vraag %s", naam);
	snprintf(sn, sizeof sn, "Steun %s", naam);
	int64_t v = gezin(vn, true, "2026-01-05", "wachtend");
	int64_t st = gezin(sn, false, "2026-01-05", "beschikbaar");
	int64_t k = koppel(v, st, datum);
	char body[96];
	snprintf(body, sizeof body, "{\"naar\":\"kennismaking\",\"datum\":\"%s\"}", datum);
	move(k, body);
	return k;
}

/* The rapportage role's quarter q of 2026 in Amsterdam. */
static json_t *rap_quarter(int q)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/overzichten/kwartaal?gemeente=Amsterdam&jaar=2026&kwartaal=%d", q);
	json_t *j;
	ck_assert_int_eq(call(&rap, "GET", path, NULL, &j, NULL), 200);
	return j;
}

/*
 * The values a shown count allows under the documented scheme (nearest
 * multiple of 5; "<5" is what rounds to 0): [lo, hi]. A count that is not
 * a multiple of 5 or "<5" fails the test: it is exact.
 */
static void band(const json_t *v, const char *what, int64_t *lo, int64_t *hi)
{
	if (json_is_string(v) && strcmp(json_string_value(v), "<5") == 0) {
		*lo = 0;
		*hi = 2;
		return;
	}
	ck_assert_msg(json_is_integer(v), "%s is neither a count nor \"<5\"", what);
	int64_t n = json_integer_value(v);
	ck_assert_msg(n % 5 == 0 && n >= 5, "%s is %lld: an exact count", what, (long long)n);
	*lo = n - 2;
	*hi = n + 2;
}

/*
 * Q3's new koppelingen (2) are "<5", yet today actief(Q3) - actief(Q2) +
 * beeindigd(Q3) = 9 - 7 + 0 gave them back. Every figure must be rounded,
 * and the identity must leave more than one value for nieuweKoppelingen.
 */
START_TEST(kwartaal_quarters_cannot_be_differenced)
{
	char naam[16];
	for (int i = 0; i < 6; i++) { /* six more start in Q2: with k2, 7 active at 30 June */
		snprintf(naam, sizeof naam, "Q2-%d", i);
		linked_pair(naam, "2026-05-04");
	}
	linked_pair("Q3-a", "2026-07-06"); /* two start in Q3, none ends */
	linked_pair("Q3-b", "2026-08-03");
	json_t *q2 = rap_quarter(2), *q3 = rap_quarter(3);
	int64_t a2lo, a2hi, a3lo, a3hi, blo, bhi, nlo, nhi;
	band(json_object_get(q2, "actiefEindeKwartaal"), "actief(Q2)", &a2lo, &a2hi);
	band(json_object_get(q3, "actiefEindeKwartaal"), "actief(Q3)", &a3lo, &a3hi);
	band(json_object_get(json_object_get(q3, "beeindigd"), "totaal"), "beeindigd(Q3)", &blo, &bhi);
	band(json_object_get(q3, "nieuweKoppelingen"), "nieuw(Q3)", &nlo, &nhi);
	ck_assert_str_eq(json_string_value(json_object_get(q3, "nieuweKoppelingen")), "<5");
	/* nieuw = actief(Q3) - actief(Q2) + beeindigd(Q3): what the other three allow, within nieuw's own band */
	int64_t lo = a3lo - a2hi + blo, hi = a3hi - a2lo + bhi;
	if (lo < nlo)
		lo = nlo;
	if (hi > nhi)
		hi = nhi;
	ck_assert_msg(hi - lo >= 1, "nieuweKoppelingen(Q3) pinned to %lld", (long long)lo);
	ck_assert(json_is_true(json_object_get(q3, "afgerondOpVijftallen")));
	json_decref(q2);
	json_decref(q3);
	/* the coordinator still sees the exact figures */
	json_t *q;
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/overzichten/kwartaal?gemeente=Amsterdam&jaar=2026&kwartaal=3", NULL, &q, NULL), 200);
	ck_assert_int_eq(num(q, "nieuweKoppelingen"), 2);
	ck_assert_int_eq(num(q, "actiefEindeKwartaal"), 9);
	ck_assert(json_is_false(json_object_get(q, "afgerondOpVijftallen")));
	json_decref(q);
}
END_TEST

/*
 * Q2 ends with 7 stopped: 5 "doelen-bereikt", 1 "geen-klik" (k1), 1
 * "steungezin-ziek". Today the total 7 minus the shown 5 left 2 for the two
 * "<5" reasons, and since zero reasons were left out, each was exactly 1.
 * Now every reason is present (zero included), every figure is rounded and
 * the totals are the sums of the shown parts, so total minus parts is 0.
 */
START_TEST(kwartaal_total_minus_parts_reveals_nothing)
{
	char naam[16];
	for (int i = 0; i < 6; i++) {
		snprintf(naam, sizeof naam, "S-%d", i);
		int64_t k = linked_pair(naam, "2026-04-20");
		move(k, i < 5 ? "{\"naar\":\"gestopt\",\"datum\":\"2026-06-01\",\"reden\":\"doelen-bereikt\"}"
			      : "{\"naar\":\"gestopt\",\"datum\":\"2026-06-01\",\"reden\":\"steungezin-ziek\"}");
	}
	json_t *q = rap_quarter(2);
	json_t *be = json_object_get(q, "beeindigd"), *red = json_object_get(be, "redenenGestopt");
	/* every reason of the server's table (fasen.h), zero included */
	const char *const *codes = kp_stopredenen;
	ck_assert_uint_eq(json_object_size(red), kp_stopreden_aantal);
	int64_t sum = 0, lo, hi;
	for (size_t i = 0; i < kp_stopreden_aantal; i++) {
		json_t *v = json_object_get(red, codes[i]);
		ck_assert_msg(v != NULL, "reason %s missing", codes[i]);
		band(v, codes[i], &lo, &hi);
		if (json_is_integer(v))
			sum += json_integer_value(v);
	}
	ck_assert_str_eq(json_string_value(json_object_get(red, "geen-klik")), "<5");
	ck_assert_str_eq(json_string_value(json_object_get(red, "steungezin-ziek")), "<5");
	ck_assert_str_eq(json_string_value(json_object_get(red, "anders")), "<5"); /* a true 0 looks the same */
	/* the total is the sum of the shown parts: nothing is left over for the "<5" reasons */
	json_t *g = json_object_get(be, "gestopt");
	band(g, "gestopt", &lo, &hi);
	ck_assert_int_eq(json_is_integer(g) ? json_integer_value(g) : 0, sum);
	json_t *a = json_object_get(be, "afgerond"), *t = json_object_get(be, "totaal");
	band(t, "totaal", &lo, &hi);
	ck_assert_int_eq(json_integer_value(t), (json_is_integer(a) ? json_integer_value(a) : 0) + sum);
	json_decref(q);
	/* the CSV carries the same figures, every reason included */
	struct http_response r;
	json_t *j = harness_call(&rap, "GET", "/api/v1/overzichten/kwartaal?gemeente=Amsterdam&jaar=2026&kwartaal=2", NULL, 0,
				 "Accept: text/csv\r\n", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "\r\nGestopt, reden: doelen-bereikt;5\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "\r\nGestopt, reden: anders;<5\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "\r\nBeëindigd: gestopt;5\r\n"));
	ck_assert_ptr_nonnull(strstr(r.body, "\r\nAfgerond op vijftallen;ja\r\n"));
	json_decref(j);
	http_response_free(&r);
	/* the coordinator: exact, every reason present too */
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/overzichten/kwartaal?gemeente=Amsterdam&jaar=2026&kwartaal=2", NULL, &q, NULL), 200);
	be = json_object_get(q, "beeindigd");
	red = json_object_get(be, "redenenGestopt");
	ck_assert_int_eq(num(be, "gestopt"), 7);
	ck_assert_int_eq(num(red, "doelen-bereikt"), 5);
	ck_assert_int_eq(num(red, "geen-klik"), 1);
	ck_assert_int_eq(num(red, "anders"), 0);
	json_decref(q);
}
END_TEST

static void prepare(void)
{
	harness_prepare_hash();
}

int main(void)
{
	Suite *s = suite_create("overzichten");
	TCase *tc = tcase_create("overzichten");
	tcase_add_unchecked_fixture(tc, prepare, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, quarterly_figures_by_hand);
	tcase_add_test(tc, rapportage_gets_suppressed_aggregates_only);
	tcase_add_test(tc, caseload_and_csv);
	tcase_add_test(tc, caseload_per_programme);
	tcase_add_test(tc, kwartaal_csv);
	tcase_add_test(tc, kwartaal_quarters_cannot_be_differenced);
	tcase_add_test(tc, kwartaal_total_minus_parts_reveals_nothing);
	tcase_add_test(tc, caseload_follows_a_move);
	tcase_add_test(tc, long_list_streamed_complete);
	tcase_add_test(tc, export_disconnect_and_limit);
	tcase_add_test(tc, calendar_feed);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
