/*
 * test_wachtlijst.c - the wachtlijst with responsibility (issue 19, point
 * 5): urgency and a named contact person per waiting vraaggezin (PUT with
 * If-Match once set), a log of the moments the family was told about its
 * wait; the caseload wachtlijst (JSON and CSV) sorts by urgency, then the
 * longest wait, and flags families without a contact person or not told for
 * more than 30 days; the contact person must be able to see the family
 * (422 naming /contactpersoon); another werkgebied's ids answer 404 on every
 * route; reads and writes are audited; the inzage holds it; anonymising the
 * gezin clears the notes of the log; the urgencies are served at /keuzelijsten.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datum.h"
#include "harness.h"

static struct hs_session ca, cb, beh;
static int64_t u_a, u_a2, u_b, u_uit, u_rap, u_beh;

static void setup(void)
{
	harness_start(NULL, 0);
	harness_werkgebied("AMS");
	harness_werkgebied("ZST");
	u_a = harness_user("coord-a", "coordinator", "AMS", 1);
	u_a2 = harness_user("coord-a2", "coordinator", "AMS", 1);
	u_b = harness_user("coord-b", "coordinator", "ZST", 1);
	u_uit = harness_user("coord-weg", "coordinator", "AMS", 0);
	u_rap = harness_user("rapport-a", "rapportage", "AMS", 1);
	u_beh = harness_user("beheer", "beheerder", NULL, 1);
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	ck_assert_int_eq(harness_login("coord-b", HS_PASSWORD, &cb), 201);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &beh), 201);
}

static void teardown(void)
{
	harness_stop();
}

/* A request as s with an optional extra header; returns the status, *out the body (may be NULL). */
static int call(struct hs_session *s, const char *method, const char *path, const char *body, json_t **out,
		const char *hdr)
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

/* Today minus n days as "YYYY-MM-DD" in out (11 bytes). */
static void dagen_terug(int n, char out[11])
{
	kp_date_format(kp_date_add_days(kp_date_from_unix((int64_t)time(NULL)), -n), out);
}

/* A gezin (vraaggezin unless steun) in werkgebied wg, registered n days ago, status wachtend; returns its id. */
static int64_t gezin(struct hs_session *s, const char *naam, const char *wg, int n, bool steun)
{
	char body[1400], op[11];
	dagen_terug(n, op);
	snprintf(body, sizeof body,
		 "{\"naam\":\"%s\",\"rol\":\"%s\",\"werkgebied\":\"%s\",\"aangemeldOp\":\"%s\",\"status\":\"%s\","
		 "\"statusDatum\":\"%s\",\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\"%s},"
		 "{\"soort\":\"kind\",\"voornaam\":\"Kind\",\"geboortedatum\":\"2019-01-01\"}],"
		 "\"%s\":%s,"
		 "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-01\",\"gegevenDoor\":\"Ouder\"}]}",
		 naam, steun ? "steungezin" : "vraaggezin", wg, op, steun ? "beschikbaar" : "wachtend", op,
		 steun ? ",\"vogDatum\":\"2026-01-01\"" : "", steun ? "aanbod" : "vraag",
		 steun ? "{\"capaciteit\":1}" : "{\"tekst\":\"Even lucht\"}");
	json_t *j;
	int st = call(s, "POST", "/api/v1/gezinnen", body, &j, NULL);
	ck_assert_msg(st == 201, "%s: %d %s", naam, st, j ? json_dumps(j, 0) : "");
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

static void pad(char *buf, size_t len, int64_t g, const char *rest)
{
	snprintf(buf, len, "/api/v1/gezinnen/%lld/wachten%s", (long long)g, rest);
}

/* PUTs urgency and contact person (0: none) with the If-Match header im (NULL: none); returns the status. */
static int zet(struct hs_session *s, int64_t g, const char *urgentie, int64_t contact, const char *im, json_t **out)
{
	char path[96], body[160], hdr[64];
	pad(path, sizeof path, g, "");
	if (contact)
		snprintf(body, sizeof body, "{\"urgentie\":\"%s\",\"contactpersoon\":%lld}", urgentie, (long long)contact);
	else
		snprintf(body, sizeof body, "{\"urgentie\":\"%s\",\"contactpersoon\":null}", urgentie);
	if (im)
		snprintf(hdr, sizeof hdr, "If-Match: %s\r\n", im);
	return call(s, "PUT", path, body, out, im ? hdr : NULL);
}

/* Logs a told-about-the-wait moment n days ago; returns the status. */
static int bericht(struct hs_session *s, int64_t g, int n, const char *wijze, json_t **out)
{
	char path[96], body[200], op[11];
	pad(path, sizeof path, g, "/berichten");
	dagen_terug(n, op);
	snprintf(body, sizeof body, "{\"op\":\"%s\",\"wijze\":\"%s\",\"notitie\":\"Uitgelegd dat het nog even duurt\"}", op,
		 wijze);
	return call(s, "POST", path, body, out, NULL);
}

/* True when the problem j names pointer in its invalidParams. */
static bool names(const json_t *j, const char *pointer)
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

/* The wachtlijst rows of the caseload overview as s. */
static json_t *wachtlijst(struct hs_session *s)
{
	json_t *j;
	ck_assert_int_eq(call(s, "GET", "/api/v1/overzichten/caseload", NULL, &j, NULL), 200);
	json_t *wl = json_incref(json_object_get(j, "wachtlijst"));
	json_decref(j);
	ck_assert_ptr_nonnull(wl);
	return wl;
}

static int64_t row_id(json_t *wl, size_t i)
{
	return json_integer_value(json_object_get(json_array_get(wl, i), "id"));
}

static const char *row_s(json_t *wl, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(wl, i), key));
}

START_TEST(volgorde_urgentie_dan_wachttijd_en_signaal)
{
	int64_t n90 = gezin(&ca, "Gezin Normaal Negentig", "AMS", 90, false);
	int64_t u3 = gezin(&ca, "Gezin Urgent Drie", "AMS", 3, false);
	int64_t n60 = gezin(&ca, "Gezin Zonder Rij", "AMS", 60, false); /* never set: normaal, nobody named */
	int64_t a10 = gezin(&ca, "Gezin Crisis Tien", "AMS", 10, false);
	int64_t a40 = gezin(&ca, "Gezin Crisis Veertig", "AMS", 40, false);
	int64_t n90b = gezin(&ca, "Gezin Normaal Tweede", "AMS", 90, false); /* tie with n90: by id */
	ck_assert_int_eq(zet(&ca, n90, "normaal", u_a, NULL, NULL), 200);
	ck_assert_int_eq(zet(&ca, u3, "huiselijk-geweld", 0, NULL, NULL), 200);
	ck_assert_int_eq(zet(&ca, a10, "acute-crisis", u_a2, NULL, NULL), 200);
	ck_assert_int_eq(zet(&ca, a40, "acute-crisis", u_a, NULL, NULL), 200);
	ck_assert_int_eq(zet(&ca, n90b, "normaal", u_a, NULL, NULL), 200);
	ck_assert_int_eq(bericht(&ca, n90b, 5, "telefoon", NULL), 201);
	ck_assert_int_eq(bericht(&ca, a40, 31, "mail", NULL), 201);

	json_t *wl = wachtlijst(&ca);
	ck_assert_uint_eq(json_array_size(wl), 6);
	/* urgent after 3 days before normaal after 90; ties by waiting days, then id */
	const int64_t verwacht[] = { u3, a40, a10, n90, n90b, n60 };
	for (size_t i = 0; i < 6; i++)
		ck_assert_msg(row_id(wl, i) == verwacht[i], "row %zu: %lld", i, (long long)row_id(wl, i));
	ck_assert_str_eq(row_s(wl, 0, "urgentie"), "huiselijk-geweld");
	ck_assert_str_eq(row_s(wl, 5, "urgentie"), "normaal");
	ck_assert_str_eq(row_s(wl, 1, "contactpersoon"), "coord-a");
	ck_assert_str_eq(row_s(wl, 2, "contactpersoon"), "coord-a2");
	ck_assert(json_is_null(json_object_get(json_array_get(wl, 0), "contactpersoon")));
	char op5[11], op31[11];
	dagen_terug(5, op5);
	dagen_terug(31, op31);
	ck_assert_str_eq(row_s(wl, 4, "laatstGeinformeerdOp"), op5);
	ck_assert_str_eq(row_s(wl, 1, "laatstGeinformeerdOp"), op31);
	/* the flags: no contact person; told 31 days ago; never told, registered 90 days ago; fine */
	ck_assert_str_eq(row_s(wl, 0, "signaal"), "geen-contactpersoon");
	ck_assert_str_eq(row_s(wl, 1, "signaal"), "niet-geinformeerd");
	ck_assert(json_is_null(json_object_get(json_array_get(wl, 2), "signaal"))); /* registered 10 days ago */
	ck_assert_str_eq(row_s(wl, 3, "signaal"), "niet-geinformeerd");
	ck_assert(json_is_null(json_object_get(json_array_get(wl, 4), "signaal")));
	ck_assert_str_eq(row_s(wl, 5, "signaal"), "geen-contactpersoon");
	json_decref(wl);

	/* a contact person who can no longer see the family (disabled) is no contact person */
	char sql[120];
	snprintf(sql, sizeof sql, "UPDATE gebruikers SET actief = 0 WHERE id = %lld", (long long)u_a2);
	harness_sql(sql);
	wl = wachtlijst(&ca);
	ck_assert_int_eq(row_id(wl, 2), a10);
	ck_assert_str_eq(row_s(wl, 2, "signaal"), "geen-contactpersoon");
	json_decref(wl);

	/* the CSV export: the same order, the urgency and the flag in words */
	struct http_response r;
	json_t *j = harness_call(&ca, "GET", "/api/v1/overzichten/caseload?lijst=wachtlijst", NULL, 0, "Accept: text/csv\r\n",
				 &r);
	json_decref(j);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "Urgentie;Contactpersoon;Laatst geïnformeerd op;Aandacht"));
	const char *eerste = strstr(r.body, "Gezin Urgent Drie"), *tweede = strstr(r.body, "Gezin Crisis Veertig"),
		   *laatste = strstr(r.body, "Gezin Zonder Rij");
	ck_assert(eerste && tweede && laatste && eerste < tweede && tweede < laatste);
	ck_assert_ptr_nonnull(strstr(eerste, "Huiselijk geweld of onveiligheid"));
	ck_assert_ptr_nonnull(strstr(eerste, "Geen contactpersoon"));
	ck_assert_ptr_nonnull(strstr(tweede, "Langer dan 30 dagen niet geïnformeerd"));
	http_response_free(&r);
}
END_TEST

START_TEST(if_match_zodra_gezet)
{
	int64_t g = gezin(&ca, "Gezin Versie", "AMS", 20, false);
	char path[96];
	pad(path, sizeof path, g, "");
	json_t *j;
	/* nothing set yet: no ETag, versie 0, the default urgency */
	struct http_response r;
	j = harness_call(&ca, "GET", path, NULL, 0, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	char etag[32];
	ck_assert_ptr_null(http_header(&r, "ETag", etag, sizeof etag));
	ck_assert_int_eq(json_integer_value(json_object_get(j, "versie")), 0);
	ck_assert_str_eq(json_string_value(json_object_get(j, "urgentie")), "normaal");
	ck_assert(json_is_true(json_object_get(j, "wacht")));
	ck_assert_str_eq(json_string_value(json_object_get(j, "signaal")), "geen-contactpersoon");
	/* the possible contact persons: the active coordinators of AMS and the beheerder */
	json_t *kand = json_object_get(j, "contactpersonen");
	ck_assert_uint_eq(json_array_size(kand), 3);
	json_decref(j);
	http_response_free(&r);
	/* a version that cannot exist yet */
	ck_assert_int_eq(zet(&ca, g, "overbelasting", u_a, "\"3\"", &j), 412);
	json_decref(j);
	/* the first time without If-Match */
	ck_assert_int_eq(zet(&ca, g, "overbelasting", u_a, NULL, &j), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "versie")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(j, "urgentieNaam")), "Ernstige overbelasting van de ouder(s)");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "contactpersoon"), "id")), u_a);
	json_decref(j);
	/* from now on If-Match is needed */
	ck_assert_int_eq(zet(&ca, g, "normaal", u_a, NULL, &j), 428);
	json_decref(j);
	ck_assert_int_eq(zet(&ca, g, "uithuisplaatsing", u_a2, "\"1\"", &j), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "versie")), 2);
	json_decref(j);
	/* someone else changed it: the stale version is refused and nothing changes */
	ck_assert_int_eq(zet(&ca, g, "normaal", 0, "\"1\"", &j), 412);
	json_decref(j);
	char im[64];
	ck_assert_str_eq(harness_if_match(&ca, path, im, sizeof im), "If-Match: \"2\"\r\n");
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	ck_assert_str_eq(json_string_value(json_object_get(j, "urgentie")), "uithuisplaatsing");
	json_decref(j);
	ck_assert_int_eq(zet(&ca, g, "normaal", 0, "\"2\"", &j), 200);
	ck_assert(json_is_null(json_object_get(j, "contactpersoon")));
	json_decref(j);
	/* bad input names the field */
	ck_assert_int_eq(call(&ca, "PUT", path, "{\"urgentie\":\"heel-erg\",\"contactpersoon\":null}", &j, "If-Match: \"3\"\r\n"),
			 400);
	ck_assert(names(j, "/urgentie"));
	json_decref(j);
	/* writes are audited */
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE object_soort = 'wachten' AND object_id = '%lld' "
				  "AND actie IN ('aanmaken', 'wijzigen')", (long long)g);
	ck_assert_int_eq(harness_sql_int(sql), 3);
}
END_TEST

/* A beheerder sees every family: each version of the wait can be set by one, the first included. */
START_TEST(beheerder_zet_elke_versie)
{
	int64_t g = gezin(&ca, "Gezin Beheer", "AMS", 20, false);
	json_t *j;
	ck_assert_int_eq(zet(&beh, g, "acute-crisis", u_beh, NULL, &j), 200);
	json_decref(j);
	ck_assert_int_eq(zet(&beh, g, "acute-crisis", 0, "\"1\"", &j), 200);
	json_decref(j);
	ck_assert_int_eq(zet(&beh, g, "normaal", u_a, "\"2\"", &j), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "versie")), 3);
	json_decref(j);
	ck_assert_int_eq(zet(&beh, g, "huiselijk-geweld", u_a, "\"3\"", &j), 200);
	json_decref(j);
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT versie * 10 + (urgentie = 'huiselijk-geweld') FROM wachtlijst WHERE gezin_id = %lld",
		 (long long)g);
	ck_assert_int_eq(harness_sql_int(sql), 41);
}
END_TEST

START_TEST(contactpersoon_moet_het_gezin_kunnen_zien)
{
	int64_t g = gezin(&ca, "Gezin Contact", "AMS", 20, false);
	json_t *j;
	const int64_t fout[] = { u_b, u_uit, u_rap, 999999 };
	for (size_t i = 0; i < sizeof fout / sizeof fout[0]; i++) {
		ck_assert_int_eq(zet(&ca, g, "normaal", fout[i], NULL, &j), 422);
		ck_assert_msg(names(j, "/contactpersoon"), "user %lld", (long long)fout[i]);
		json_decref(j);
	}
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM wachtlijst WHERE gezin_id = %lld", (long long)g);
	ck_assert_int_eq(harness_sql_int(sql), 0);
	/* a beheerder sees every family */
	ck_assert_int_eq(zet(&ca, g, "normaal", u_beh, NULL, &j), 200);
	json_decref(j);
	/* an existing row is not changed by a refused contact person */
	ck_assert_int_eq(zet(&ca, g, "huiselijk-geweld", u_b, "\"1\"", &j), 422);
	json_decref(j);
	snprintf(sql, sizeof sql, "SELECT versie * 10 + (urgentie = 'normaal') FROM wachtlijst WHERE gezin_id = %lld",
		 (long long)g);
	ck_assert_int_eq(harness_sql_int(sql), 11);
}
END_TEST

START_TEST(ander_werkgebied_is_als_onbestaand)
{
	int64_t g = gezin(&ca, "Gezin Elders", "AMS", 20, false);
	ck_assert_int_eq(zet(&ca, g, "acute-crisis", u_a, NULL, NULL), 200);
	ck_assert_int_eq(bericht(&ca, g, 1, "bezoek", NULL), 201);
	char path[96], nopath[96];
	const char *const rest[] = { "", "", "/berichten" };
	const char *const methods[] = { "GET", "PUT", "POST" };
	const char *const bodies[] = { NULL, "{\"urgentie\":\"normaal\",\"contactpersoon\":null}",
				       "{\"op\":\"2026-01-05\",\"wijze\":\"telefoon\"}" };
	for (size_t i = 0; i < 3; i++) {
		pad(path, sizeof path, g, rest[i]);
		pad(nopath, sizeof nopath, 999999, rest[i]);
		json_t *x, *nx;
		int sx = call(&cb, methods[i], path, bodies[i], &x, i == 1 ? "If-Match: \"1\"\r\n" : NULL);
		int snx = call(&cb, methods[i], nopath, bodies[i], &nx, i == 1 ? "If-Match: \"1\"\r\n" : NULL);
		ck_assert_msg(sx == 404 && snx == 404, "%s %s: %d / %d", methods[i], rest[i], sx, snx);
		ck_assert_str_eq(json_string_value(json_object_get(x, "detail")), json_string_value(json_object_get(nx, "detail")));
		json_decref(x);
		json_decref(nx);
	}
	/* nothing changed, nothing read or written by coord-b */
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT versie * 10 + (urgentie = 'acute-crisis') FROM wachtlijst WHERE gezin_id = %lld",
		 (long long)g);
	ck_assert_int_eq(harness_sql_int(sql), 11);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM wachtlijst_berichten WHERE gezin_id = %lld", (long long)g);
	ck_assert_int_eq(harness_sql_int(sql), 1);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE object_soort = 'wachten' AND "
					 "gebruikersnaam = 'coord-b'"),
			 0);
	/* coord-b's own caseload does not show it */
	json_t *wl = wachtlijst(&cb);
	ck_assert_uint_eq(json_array_size(wl), 0);
	json_decref(wl);
}
END_TEST

START_TEST(geinformeerd_log)
{
	int64_t g = gezin(&ca, "Gezin Bericht", "AMS", 50, false);
	json_t *j;
	ck_assert_int_eq(bericht(&ca, g, 40, "telefoon", NULL), 201);
	ck_assert_int_eq(bericht(&ca, g, 2, "bezoek", &j), 201);
	char op2[11];
	dagen_terug(2, op2);
	ck_assert_str_eq(json_string_value(json_object_get(j, "laatstGeinformeerdOp")), op2);
	json_t *b = json_object_get(j, "berichten");
	ck_assert_uint_eq(json_array_size(b), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(b, 0), "wijze")), "bezoek"); /* newest first */
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(b, 0), "door")), "coord-a");
	json_decref(j);
	/* an older moment logged later does not move the last date back */
	ck_assert_int_eq(bericht(&ca, g, 20, "mail", &j), 201);
	ck_assert_str_eq(json_string_value(json_object_get(j, "laatstGeinformeerdOp")), op2);
	json_decref(j);
	char path[96];
	pad(path, sizeof path, g, "/berichten");
	/* bad input names the field; a date in the future is refused */
	ck_assert_int_eq(call(&ca, "POST", path, "{\"op\":\"2026-01-05\",\"wijze\":\"duif\"}", &j, NULL), 400);
	ck_assert(names(j, "/wijze"));
	json_decref(j);
	char body[96], morgen[11];
	dagen_terug(-1, morgen);
	snprintf(body, sizeof body, "{\"op\":\"%s\",\"wijze\":\"mail\"}", morgen);
	ck_assert_int_eq(call(&ca, "POST", path, body, &j, NULL), 400);
	ck_assert(names(j, "/op"));
	json_decref(j);
	/* a supporting gezin is never on the wachtlijst */
	int64_t s = gezin(&ca, "Gezin Steun", "AMS", 10, true);
	ck_assert_int_eq(bericht(&ca, s, 1, "mail", &j), 409);
	json_decref(j);
	ck_assert_int_eq(zet(&ca, s, "normaal", u_a, NULL, &j), 409);
	json_decref(j);
	/* reads are audited */
	pad(path, sizeof path, g, "");
	ck_assert_int_eq(call(&ca, "GET", path, NULL, NULL, NULL), 200);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE object_soort = 'wachten' AND object_id = '%lld' "
				  "AND actie = 'lezen'", (long long)g);
	ck_assert_int_eq(harness_sql_int(sql), 1);
}
END_TEST

START_TEST(inzage_en_keuzelijsten)
{
	int64_t g = gezin(&ca, "Gezin Inzage", "AMS", 50, false);
	ck_assert_int_eq(zet(&ca, g, "uithuisplaatsing", u_a, NULL, NULL), 200);
	ck_assert_int_eq(bericht(&ca, g, 3, "telefoon", NULL), 201);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld/inzage", (long long)g);
	json_t *j;
	ck_assert_int_eq(call(&ca, "GET", path, NULL, &j, NULL), 200);
	json_t *w = json_object_get(j, "wachtlijst");
	ck_assert_ptr_nonnull(w);
	ck_assert_str_eq(json_string_value(json_object_get(w, "urgentie")), "uithuisplaatsing");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(w, "contactpersoon"), "naam")), "coord-a");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(w, "berichten"), 0), "notitie")),
			 "Uitgelegd dat het nog even duurt");
	ck_assert_ptr_null(json_object_get(w, "contactpersonen"));
	json_decref(j);

	ck_assert_int_eq(call(&ca, "GET", "/api/v1/keuzelijsten", NULL, &j, NULL), 200);
	json_t *u = json_object_get(j, "wachtUrgenties");
	ck_assert_uint_ge(json_array_size(u), 4);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(u, 0), "code")), "huiselijk-geweld");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(u, json_array_size(u) - 1), "code")), "normaal");
	ck_assert_uint_eq(json_array_size(json_object_get(j, "wachtBerichtWijzen")), 3);
	json_decref(j);
}
END_TEST

START_TEST(anonimisering_wist_de_notities)
{
	int64_t g = gezin(&ca, "Gezin Vergeten", "AMS", 50, false);
	ck_assert_int_eq(zet(&ca, g, "overbelasting", u_a, NULL, NULL), 200);
	ck_assert_int_eq(bericht(&ca, g, 3, "telefoon", NULL), 201);
	char path[96], im[96], body[128], sql[200];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)g);
	char stop[11];
	dagen_terug(1, stop);
	snprintf(body, sizeof body, "{\"status\":\"gestopt\",\"statusDatum\":\"%s\"}", stop);
	json_t *j;
	int st = call(&ca, "PATCH", path, body, &j, harness_if_match(&ca, path, im, sizeof im));
	ck_assert_msg(st == 200, "status: %d %s", st, j ? json_dumps(j, 0) : "");
	json_decref(j);
	char apath[96];
	snprintf(apath, sizeof apath, "/api/v1/gezinnen/%lld/anonimisering", (long long)g);
	st = call(&beh, "POST", apath, "{\"reden\":\"Verzoek van het gezin\"}", &j, harness_if_match(&beh, path, im, sizeof im));
	ck_assert_msg(st == 200, "anonimisering: %d %s", st, j ? json_dumps(j, 0) : "");
	json_decref(j);
	/* the date and the way stay, the note is gone */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM wachtlijst_berichten WHERE gezin_id = %lld AND notitie IS NULL "
				  "AND wijze = 'telefoon'", (long long)g);
	ck_assert_int_eq(harness_sql_int(sql), 1);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM wachtlijst_berichten WHERE notitie LIKE '%nog even%'"), 0);
	/* an anonymised gezin is not written any more */
	ck_assert_int_eq(bericht(&ca, g, 1, "mail", &j), 409);
	json_decref(j);
	ck_assert_int_eq(zet(&ca, g, "normaal", 0, "\"1\"", &j), 409);
	json_decref(j);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("wachtlijst");
	TCase *tc = tcase_create("wachten");
	tcase_add_unchecked_fixture(tc, harness_prepare_hash, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, volgorde_urgentie_dan_wachttijd_en_signaal);
	tcase_add_test(tc, if_match_zodra_gezet);
	tcase_add_test(tc, beheerder_zet_elke_versie);
	tcase_add_test(tc, contactpersoon_moet_het_gezin_kunnen_zien);
	tcase_add_test(tc, ander_werkgebied_is_als_onbestaand);
	tcase_add_test(tc, geinformeerd_log);
	tcase_add_test(tc, inzage_en_keuzelijsten);
	tcase_add_test(tc, anonimisering_wist_de_notities);
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
