/*
 * test_avg.c - the AVG rights over a whole record: the inzage of a
 * vraaggezin with two koppelingen gives its own data and nothing of the
 * two supporting families but their role, is audited, and is 404 for
 * another werkgebied like a gezin that does not exist; anonymisation by
 * the beheerder (403 for a coordinator, 412 on a stale If-Match) leaves no
 * name or free text anywhere in the database, the quarterly report byte
 * for byte the same and the audit chain intact, and the gezin closed to
 * edits (409); the retention listing follows bewaartermijn_maanden.
 */
#include <check.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "datum.h"
#include "harness.h"
#include "util.h"

/* True when the n bytes at b contain the text needle. */
static bool holds(const void *b, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	const char *p = b;
	for (size_t i = 0; k <= n && i <= n - k; i++)
		if (memcmp(p + i, needle, k) == 0)
			return true;
	return false;
}

static struct hs_session beh, ca, cb;
static int64_t v, s1, s2, s3, k1, k2;
static char vog[11];

/* Texts of the vraaggezin (own) and of the supporting families (never in the vraaggezin's inzage). */
static const char *const eigen[] = { "Vraagmans", "Vera", "0687654321", "vera@vraagmans.nl", "Vraagstraat",
				     "Vraag-sterk-tekst", "Vraag-hulp-tekst", "Vraag-logboek-tekst", "Vraagnetwerk-tekst", "Vraagkind",
				     NULL };
static const char *const anderen[] = { "Steunhuis", "Sander", "0612345678", "sander@steunhuis.nl", "Steunlaan",
				       "Steun-sterk-tekst", "Steun-logboek-geheim", "Steun-motivatie", "Tweedesteun",
				       "Tessa", "0623456789", "Steunkind", "Stop-toelichting-tekst", "Afspraak-huisregels",
				       "Evaluatie-notitie", "Verloop-tekst", "Doel-tekst", NULL };

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

/* GET path as s; returns the status and the raw body (malloc'd) in *text. */
static int get_text(struct hs_session *s, const char *path, char **text)
{
	struct http_response r;
	json_t *j = harness_call(s, "GET", path, NULL, 0, NULL, &r);
	json_decref(j);
	int status = r.status;
	*text = strndup(r.body ? r.body : "", r.body_len);
	http_response_free(&r);
	return status;
}

static int64_t post_id(struct hs_session *s, const char *path, const char *body)
{
	json_t *j;
	int rc = call(s, "POST", path, body, &j, NULL);
	ck_assert_msg(rc == 201, "POST %s: %d %s", path, rc, j ? json_dumps(j, 0) : "");
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

/* A change under koppeling k (If-Match read first). */
static void under(int64_t k, const char *method, const char *sub, const char *body, int want)
{
	char path[128], im[96];
	snprintf(path, sizeof path, "/api/v1/koppelingen/%lld%s", (long long)k, sub);
	json_t *j;
	int rc = call(&ca, method, path, body, &j, harness_koppeling_if_match(&ca, path, im, sizeof im));
	ck_assert_msg(rc == want, "%s %s %s: %d %s", method, path, body, rc, j ? json_dumps(j, 0) : "");
	json_decref(j);
}

static int64_t steungezin(const char *naam, const char *ouder, const char *tel, const char *extra)
{
	char body[2048];
	snprintf(body, sizeof body,
		 "{\"naam\":\"%s\",\"rol\":\"steungezin\",\"werkgebied\":\"AMS\",\"status\":\"beschikbaar\","
		 "\"aangemeldOp\":\"2026-01-10\",\"statusDatum\":\"2026-01-10\",\"watGaatGoed\":\"Steun-sterk-tekst\","
		 "\"adres\":{\"straat\":\"Steunlaan\",\"huisnummer\":\"7\",\"postcode\":\"1012 AB\",\"gemeente\":\"Amsterdam\"},"
		 "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"%s\",\"achternaam\":\"%s\",\"telefoon\":\"%s\","
		 "\"email\":\"sander@steunhuis.nl\",\"vogDatum\":\"%s\"},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Steunkind\",\"geboortedatum\":\"2015-03-04\"}],"
		 "\"aanbod\":{\"capaciteit\":1,\"motivatie\":\"Steun-motivatie\"%s},"
		 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"%s\"},"
		 "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"%s\"}]}",
		 naam, ouder, naam + 6, tel, vog, extra, ouder, ouder);
	return post_id(&ca, "/api/v1/gezinnen", body);
}

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_werkgebied("UTR");
	harness_user("beheer", "beheerder", NULL, 1);
	harness_user("coord-a", "coordinator", "AMS", 1);
	harness_user("coord-b", "coordinator", "UTR", 1);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &beh), 201);
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	ck_assert_int_eq(harness_login("coord-b", HS_PASSWORD, &cb), 201);
	kp_date_format(kp_date_add_months(kp_date_from_unix(kp_now()), -6), vog);
	v = post_id(&ca, "/api/v1/gezinnen",
		    "{\"naam\":\"Gezin Vraagmans\",\"rol\":\"vraaggezin\",\"werkgebied\":\"AMS\",\"status\":\"wachtend\","
		    "\"aangemeldOp\":\"2026-03-02\",\"statusDatum\":\"2026-03-02\",\"watGaatGoed\":\"Vraag-sterk-tekst\","
		    "\"netwerk\":\"Vraagnetwerk-tekst\","
		    "\"adres\":{\"straat\":\"Vraagstraat\",\"huisnummer\":\"12\",\"postcode\":\"1011 AB\",\"gemeente\":\"Amsterdam\"},"
		    "\"aangemeldDoor\":{\"soort\":\"wijkteam\",\"organisatie\":\"Wijkteam Vraagmans\",\"contact\":\"Vera\"},"
		    "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Vera\",\"achternaam\":\"Vraagmans\","
		    "\"geboortedatum\":\"1990-05-17\",\"telefoon\":\"0687654321\",\"email\":\"vera@vraagmans.nl\"},"
		    "{\"soort\":\"kind\",\"voornaam\":\"Vraagkind\",\"geboortedatum\":\"2019-06-01\",\"steunVoor\":true}],"
		    "\"vraag\":{\"tekst\":\"Vraag-hulp-tekst\",\"themas\":[\"Vraagmans-thema\"],"
		    "\"wensen\":{\"anders\":\"Vraagmans-wens\",\"nietRoken\":true}},"
		    "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-03-02\",\"gegevenDoor\":\"Vera Vraagmans\"},"
		    "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2026-03-02\",\"gegevenDoor\":\"Vera Vraagmans\"}]}");
	s1 = steungezin("Gezin Steunhuis", "Sander", "0612345678", "");
	s2 = steungezin("Gezin Tweedesteun", "Tessa", "0623456789", "");
	s3 = steungezin("Gezin Derdesteun", "Dirk", "0634567890", "");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/logboek", (long long)v);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"soort\":\"notitie\",\"tekst\":\"Vraag-logboek-tekst\",\"datum\":\"2026-03-05\"}",
			      NULL, NULL),
			 201);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/logboek", (long long)s1);
	ck_assert_int_eq(call(&ca, "POST", path, "{\"soort\":\"notitie\",\"tekst\":\"Steun-logboek-geheim\"}", NULL, NULL), 201);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/uitsluitingen", (long long)v);
	char body[160];
	snprintf(body, sizeof body, "{\"steungezin\":%lld,\"reden\":\"Uitsluiting-Vraagmans-reden\"}", (long long)s3);
	ck_assert_int_eq(call(&ca, "POST", path, body, NULL, NULL), 201);

	/* two koppelingen of the vraaggezin, one after the other, both ended in Q2 */
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":1,\"datum\":\"2026-04-01\"}",
		 (long long)v, (long long)s1);
	k1 = post_id(&ca, "/api/v1/koppelingen", body);
	under(k1, "POST", "/faseovergangen", "{\"naar\":\"kennismaking\",\"datum\":\"2026-04-02\"}", 201);
	under(k1, "POST", "/faseovergangen",
	      "{\"naar\":\"gestopt\",\"datum\":\"2026-04-20\",\"reden\":\"geen-klik\",\"toelichting\":\"Stop-toelichting-tekst\"}",
	      201);
	snprintf(body, sizeof body, "{\"vraaggezin\":%lld,\"steungezin\":%lld,\"programma\":1,\"datum\":\"2026-04-25\"}",
		 (long long)v, (long long)s2);
	k2 = post_id(&ca, "/api/v1/koppelingen", body);
	under(k2, "POST", "/faseovergangen", "{\"naar\":\"kennismaking\",\"datum\":\"2026-04-26\"}", 201);
	under(k2, "POST", "/faseovergangen", "{\"naar\":\"proefperiode\",\"datum\":\"2026-05-01\"}", 201);
	under(k2, "POST", "/afspraken", "{\"frequentie\":\"elke woensdag\",\"huisregels\":\"Afspraak-huisregels bij Tessa\"}",
	      201);
	under(k2, "POST", "/verloop", "{\"verloop\":\"soepel\",\"datum\":\"2026-05-10\",\"toelichting\":\"Verloop-tekst\"}", 201);
	int64_t eval = harness_sql_int("SELECT min(id) FROM evaluaties WHERE koppeling_id = (SELECT max(id) FROM koppelingen)");
	ck_assert_int_gt(eval, 0);
	char sub[64];
	snprintf(sub, sizeof sub, "/evaluaties/%lld", (long long)eval);
	under(k2, "PATCH", sub,
	      "{\"gehoudenOp\":\"2026-05-20\",\"deelnemers\":[\"vraaggezin\",\"steungezin\"],\"tevredenheidVraaggezin\":8,"
	      "\"tevredenheidSteungezin\":6,\"doorgaan\":\"stoppen\",\"verloop\":\"hick-ups\","
	      "\"doelen\":[{\"doel\":\"Doel-tekst\",\"scoreStart\":3,\"scoreNu\":6}],\"notities\":\"Evaluatie-notitie over Tessa\"}",
	      200);
	under(k2, "POST", "/faseovergangen",
	      "{\"naar\":\"gestopt\",\"datum\":\"2026-06-10\",\"reden\":\"geen-klik\",\"toelichting\":\"Stop-toelichting-tekst\"}",
	      201);
}

static void teardown(void)
{
	harness_stop();
}

/* Sets gezin id's status (If-Match read first). */
static void status(struct hs_session *s, int64_t id, const char *st, const char *datum)
{
	char path[64], im[96], body[128];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	snprintf(body, sizeof body, "{\"status\":\"%s\",\"statusDatum\":\"%s\"}", st, datum);
	json_t *j;
	int rc = call(s, "PATCH", path, body, &j, harness_if_match(s, path, im, sizeof im));
	ck_assert_msg(rc == 200, "status %s: %d %s", st, rc, j ? json_dumps(j, 0) : "");
	json_decref(j);
}

START_TEST(inzage_geeft_eigen_gegevens_en_van_de_ander_alleen_de_rol)
{
	char path[96], *text;
	/* the family also gives support, as a buddy: a second running role with its own aanbod */
	char gpath[64], im[96];
	snprintf(gpath, sizeof gpath, "/api/v1/gezinnen/%lld", (long long)v);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/rollen", (long long)v);
	ck_assert_int_eq(call(&ca, "POST", path,
			      "{\"rol\":\"buddy\",\"aanbod\":{\"capaciteit\":1,\"steunvormen\":[\"opvang-overdag\"],"
			      "\"motivatie\":\"Eigen-buddy-motivatie\"}}",
			      NULL, harness_if_match(&ca, gpath, im, sizeof im)),
			 201);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/inzage", (long long)v);
	int64_t before = harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'inzage'");
	ck_assert_int_eq(get_text(&ca, path, &text), 200);
	ck_assert_msg(strstr(text, "Eigen-buddy-motivatie") != NULL, "the second role's aanbod is missing from the inzage");
	for (size_t i = 0; eigen[i]; i++)
		ck_assert_msg(strstr(text, eigen[i]) != NULL, "own %s missing from the inzage", eigen[i]);
	for (size_t i = 0; anderen[i]; i++)
		ck_assert_msg(strstr(text, anderen[i]) == NULL, "the other family's %s is in the inzage", anderen[i]);
	json_t *j = json_loads(text, 0, NULL);
	ck_assert_ptr_nonnull(j);
	/* both running roles, the vraag kept next to the aanbod */
	json_t *g = json_object_get(j, "gezin");
	ck_assert_uint_eq(json_array_size(json_object_get(g, "rollen")), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(g, "vraag"), "tekst")), "Vraag-hulp-tekst");
	json_t *ks = json_object_get(j, "koppelingen");
	ck_assert_uint_eq(json_array_size(ks), 2);
	json_t *k = json_array_get(ks, 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(k, "anderGezin"), "omschrijving")), "het steungezin");
	ck_assert_str_eq(json_string_value(json_object_get(k, "stopReden")), "geen-klik");
	json_t *ev = NULL, *e;
	size_t i;
	json_array_foreach(json_object_get(k, "evaluaties"), i, e) if (json_is_string(json_object_get(e, "gehoudenOp"))) ev = e;
	ck_assert_ptr_nonnull(ev);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(ev, "verslag"), "tevredenheid")), 8);
	ck_assert_ptr_null(json_object_get(json_object_get(ev, "verslag"), "tevredenheidSteungezin"));
	ck_assert_uint_ge(json_array_size(json_object_get(j, "logboek")), 1);
	ck_assert_uint_ge(json_array_size(json_object_get(j, "toestemmingen")), 1);
	/* who read or changed it: the creation, the logboek entry and the koppelingen, by user name only */
	json_t *a = json_object_get(j, "gelezenEnGewijzigd");
	ck_assert_uint_ge(json_array_size(a), 4);
	bool aangemaakt = false;
	json_array_foreach(a, i, e)
	{
		ck_assert_ptr_null(json_object_get(e, "details"));
		if (strcmp(json_string_value(json_object_get(e, "actie")), "aanmaken") == 0 &&
		    strcmp(json_string_value(json_object_get(e, "onderdeel")), "gezin") == 0) {
			aangemaakt = true;
			ck_assert_str_eq(json_string_value(json_object_get(e, "door")), "coord-a");
		}
	}
	ck_assert(aangemaakt);
	json_decref(j);
	free(text);
	/* the inzage is itself recorded */
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE actie = 'inzage' AND object_soort = 'gezin' "
				  "AND object_id = '%lld' AND gebruikersnaam = 'coord-a'", (long long)v);
	ck_assert_int_eq(harness_sql_int(sql), 1);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'inzage'"), before + 1);

	/* the supporter's inzage names neither the vraaggezin nor its texts */
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/inzage", (long long)s1);
	ck_assert_int_eq(get_text(&beh, path, &text), 200);
	for (size_t n = 0; eigen[n]; n++)
		ck_assert_msg(strstr(text, eigen[n]) == NULL, "the vraaggezin's %s is in the supporter's inzage", eigen[n]);
	ck_assert_ptr_nonnull(strstr(text, "het vraaggezin"));
	free(text);
}
END_TEST

START_TEST(inzage_van_ander_werkgebied_is_als_onbestaand)
{
	char path[96], *x, *nx;
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/inzage", (long long)v);
	ck_assert_int_eq(get_text(&cb, path, &x), 404);
	ck_assert_int_eq(get_text(&cb, "/api/v1/gezinnen/999999/inzage", &nx), 404);
	ck_assert_str_eq(x, nx);
	ck_assert_ptr_null(strstr(x, "Vraagmans"));
	free(x);
	free(nx);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'inzage'"), 0);
}
END_TEST

/* How often needle occurs anywhere in the database (every table, every column); tables named skip excluded. */
static int64_t in_database(const char *needle, const char *skip)
{
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open_v2(hs_db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *t;
	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &t, NULL), SQLITE_OK);
	int64_t n = 0;
	while (sqlite3_step(t) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(t, 0);
		if (skip && strcmp(name, skip) == 0)
			continue;
		char sql[200];
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", name);
		sqlite3_stmt *r;
		if (sqlite3_prepare_v2(h, sql, -1, &r, NULL) != SQLITE_OK)
			continue;
		while (sqlite3_step(r) == SQLITE_ROW)
			for (int c = 0; c < sqlite3_column_count(r); c++) {
				const void *b = sqlite3_column_blob(r, c);
				int len = sqlite3_column_bytes(r, c);
				if (b && holds(b, (size_t)len, needle)) {
					fprintf(stderr, "%s still in %s\n", needle, name);
					n++;
				}
			}
		sqlite3_finalize(r);
	}
	sqlite3_finalize(t);
	sqlite3_close(h);
	return n;
}

START_TEST(anonimisering_laat_geen_naam_of_tekst_en_rapport_gelijk)
{
	char path[96], im[96], *voor, *na;
	const char *kwartaal = "/api/v1/overzichten/kwartaal?gemeente=Amsterdam&jaar=2026&kwartaal=2";
	status(&ca, v, "gestopt", "2026-06-15");
	ck_assert_int_eq(get_text(&ca, kwartaal, &voor), 200);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/anonimisering", (long long)v);
	const char *body = "{\"reden\":\"Verzoek van het gezin\"}";
	/* only the beheerder; with a current version */
	json_t *j;
	struct http_response r;
	j = harness_call(&ca, "POST", path, body, 1, "If-Match: *\r\n", &r);
	json_decref(harness_assert_problem(&r, 403));
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&beh, "POST", path, body, 1, "If-Match: \"1\"\r\n", &r);
	json_decref(harness_assert_problem(&r, 412));
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&beh, "POST", path, body, 1, NULL, &r);
	json_decref(harness_assert_problem(&r, 428));
	json_decref(j);
	http_response_free(&r);
	char gpath[64];
	snprintf(gpath, sizeof gpath, "/api/v1/gezinnen/%lld", (long long)v);
	ck_assert_int_eq(call(&beh, "POST", path, body, &j, harness_if_match(&beh, gpath, im, sizeof im)), 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "naam")), "Geanonimiseerd gezin");
	json_t *leden = json_object_get(j, "leden");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(leden, 0), "voornaam")), "Lid 1");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(leden, 1), "voornaam")), "Lid 2");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "adres"), "postcode")), "1011");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "adres"), "gemeente")), "Amsterdam");
	json_decref(j);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT geboortejaar FROM leden WHERE gezin_id = %lld ORDER BY volgorde", (long long)v);
	ck_assert_int_eq(harness_sql_int(sql), 1990);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM gezinnen WHERE id = %lld AND geanonimiseerd_op IS NOT NULL",
		 (long long)v);
	ck_assert_int_eq(harness_sql_int(sql), 1);

	/* no name, contact detail, address or free text of the family is left anywhere, the audit log included */
	static const char *const weg[] = { "Vraagmans", "0687654321", "vera@", "Vraagstraat", "Vraag-sterk-tekst",
					   "Vraag-hulp-tekst", "Vraag-logboek-tekst", "Vraagnetwerk-tekst", "Vraagkind",
					   "1990-05-17", "2019-06-01", "1011 AB", "Stop-toelichting-tekst",
					   "Afspraak-huisregels", "Evaluatie-notitie", "Verloop-tekst", "Doel-tekst",
					   "Uitsluiting-Vraagmans-reden", NULL };
	for (size_t i = 0; weg[i]; i++)
		ck_assert_msg(in_database(weg[i], NULL) == 0, "%s is still in the database", weg[i]);
	/* the supporters keep their own data */
	ck_assert_int_gt(in_database("Steunhuis", NULL), 0);
	/* what the reports need stays: the quarter is byte for byte the same */
	ck_assert_int_eq(get_text(&ca, kwartaal, &na), 200);
	ck_assert_str_eq(voor, na);
	free(voor);
	free(na);
	/* recorded with its reason, and the chain still verifies */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE actie = 'anonimiseren' AND object_id = '%lld' "
				  "AND json_extract(details, '$.reden') = 'Verzoek van het gezin'", (long long)v);
	ck_assert_int_eq(harness_sql_int(sql), 1);
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open_v2(hs_db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	struct kp_audit_verify_result res;
	char err[256];
	ck_assert_int_eq(kp_audit_verify(h, &res, err, sizeof err), 0);
	sqlite3_close(h);
	ck_assert_int_eq(res.first_bad, 0);
	ck_assert_int_gt(res.rows, 10);

	/* and the gezin can no longer be changed */
	j = harness_call(&beh, "PATCH", gpath, "{\"naam\":\"Gezin Terug\"}", 1, harness_if_match(&beh, gpath, im, sizeof im), &r);
	json_decref(harness_assert_problem(&r, 409));
	json_decref(j);
	http_response_free(&r);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/logboek", (long long)v);
	j = harness_call(&ca, "POST", path, "{\"soort\":\"notitie\",\"tekst\":\"Nieuw\"}", 1, NULL, &r);
	json_decref(harness_assert_problem(&r, 409));
	json_decref(j);
	http_response_free(&r);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/anonimisering", (long long)v);
	j = harness_call(&beh, "POST", path, body, 1, "If-Match: *\r\n", &r);
	json_decref(harness_assert_problem(&r, 409));
	json_decref(j);
	http_response_free(&r);
	/* its inzage says so */
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/inzage", (long long)v);
	ck_assert_int_eq(call(&beh, "GET", path, NULL, &j, NULL), 200);
	ck_assert(json_is_string(json_object_get(j, "geanonimiseerdOp")));
	json_decref(j);
}
END_TEST

START_TEST(anonimisering_van_een_lopend_gezin_wacht)
{
	char path[96], gpath[64], im[96];
	snprintf(gpath, sizeof gpath, "/api/v1/gezinnen/%lld", (long long)s3);
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/anonimisering", (long long)s3);
	struct http_response r;
	json_t *j = harness_call(&beh, "POST", path, "{\"reden\":\"x\"}", 1, harness_if_match(&beh, gpath, im, sizeof im), &r);
	json_decref(harness_assert_problem(&r, 409)); /* still beschikbaar */
	json_decref(j);
	http_response_free(&r);
	j = harness_call(&beh, "POST", path, "{}", 1, "If-Match: *\r\n", &r);
	json_t *p = harness_assert_problem(&r, 400);
	char *text = json_dumps(p, 0);
	ck_assert_ptr_nonnull(strstr(text, "/reden"));
	free(text);
	json_decref(p);
	json_decref(j);
	http_response_free(&r);
}
END_TEST

START_TEST(bewaartermijn_bepaalt_de_kandidaten)
{
	int64_t oud = post_id(&ca, "/api/v1/gezinnen",
			      "{\"naam\":\"Gezin Oudjes\",\"rol\":\"vraaggezin\",\"werkgebied\":\"AMS\",\"status\":\"gestopt\","
			      "\"aangemeldOp\":\"2023-01-10\",\"statusDatum\":\"2023-02-01\",\"adres\":{\"gemeente\":\"Amsterdam\"},"
			      "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Otto\"}],\"vraag\":{\"tekst\":\"Oud\"},"
			      "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2023-01-10\",\"gegevenDoor\":\"Otto\"},"
			      "{\"doel\":\"contactgegevens-delen\",\"gegevenOp\":\"2023-01-10\",\"gegevenDoor\":\"Otto\"}]}");
	status(&ca, v, "gestopt", "2026-06-15");
	json_t *j;
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/anonimisering/kandidaten", NULL, NULL, NULL), 403);
	int64_t lists = harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'lijst'");
	ck_assert_int_eq(call(&beh, "GET", "/api/v1/anonimisering/kandidaten", NULL, &j, NULL), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "bewaartermijnMaanden")), 24);
	json_t *ks = json_object_get(j, "kandidaten");
	ck_assert_uint_eq(json_array_size(ks), 1); /* the 24 months after the last koppeling have not passed for v */
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(ks, 0), "id")), oud);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ks, 0), "sinds")), "2023-02-01");
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE actie = 'lijst'"), lists + 1);
	/* a shorter retention period: v's last koppeling ended on 2026-06-10, its status on 2026-06-15 */
	hs.cfg.bewaartermijn_maanden = 1;
	ck_assert_int_eq(call(&beh, "GET", "/api/v1/anonimisering/kandidaten", NULL, &j, NULL), 200);
	ks = json_object_get(j, "kandidaten");
	ck_assert_uint_eq(json_array_size(ks), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(ks, 1), "id")), v);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ks, 1), "sinds")), "2026-06-15");
	json_decref(j);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("avg");
	TCase *tc = tcase_create("avg");
	tcase_add_unchecked_fixture(tc, harness_prepare_hash, NULL);
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, inzage_geeft_eigen_gegevens_en_van_de_ander_alleen_de_rol);
	tcase_add_test(tc, inzage_van_ander_werkgebied_is_als_onbestaand);
	tcase_add_test(tc, anonimisering_laat_geen_naam_of_tekst_en_rapport_gelijk);
	tcase_add_test(tc, anonimisering_van_een_lopend_gezin_wacht);
	tcase_add_test(tc, bewaartermijn_bepaalt_de_kandidaten);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
