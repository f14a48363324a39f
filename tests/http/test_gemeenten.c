/*
 * test_gemeenten.c - gemeenten as data (issue 15): a family's gemeente is
 * one of its werkgebied's list (422 naming /adres/gemeente with the allowed
 * names otherwise; empty is "onbekend"), stored in the list's spelling; the
 * dated history of gemeente and werkgebied on moves (a second change on
 * the same day rewrites the day's row); GET /gemeenten shows only the
 * caller's; a gemeente still lived in cannot leave a werkgebied's list
 * (409 naming it); doelen: create, read, change with If-Match (412 when
 * stale), delete, every field named, and another werkgebied's coordinator
 * neither sees nor changes them.
 */
#include <check.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "util.h"

static struct hs_session ca, cb, bh;
static int64_t wg_ams, wg_zst;

static void setup(void)
{
	harness_start(NULL, 0);
	wg_ams = harness_werkgebied("AMS");
	wg_zst = harness_werkgebied("ZST");
	harness_user("coord-a", "coordinator", "AMS", 1);
	harness_user("coord-b", "coordinator", "ZST", 1);
	harness_user("beheer", "beheerder", NULL, 1);
	ck_assert_int_eq(harness_login("coord-a", HS_PASSWORD, &ca), 201);
	ck_assert_int_eq(harness_login("coord-b", HS_PASSWORD, &cb), 201);
	ck_assert_int_eq(harness_login("beheer", HS_PASSWORD, &bh), 201);
}

static void teardown(void)
{
	harness_stop();
}

/* Sends a request as s; returns the status, *out the JSON (may be NULL). */
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

/* The names of the invalidParams of problem p, comma-separated. */
static const char *param_names(json_t *p)
{
	static char buf[512];
	size_t used = 0, i;
	json_t *x;
	buf[0] = '\0';
	json_array_foreach(json_object_get(p, "invalidParams"), i, x) {
		int n = snprintf(buf + used, sizeof buf - used, "%s%s", used ? "," : "", json_string_value(json_object_get(x, "name")));
		if (n > 0 && (size_t)n < sizeof buf - used)
			used += (size_t)n;
	}
	return buf;
}

/* Sets the gemeenten of werkgebied id to lijst (a JSON array text) as the beheerder; returns the status. */
static int set_gemeenten(int64_t id, const char *lijst, json_t **out)
{
	char path[64], body[256], im[96];
	snprintf(path, sizeof path, "/api/v1/werkgebieden/%lld", (long long)id);
	snprintf(body, sizeof body, "{\"gemeenten\":%s}", lijst);
	harness_if_match(&bh, path, im, sizeof im);
	return call(&bh, "PATCH", path, body, out, im);
}

/* A vraaggezin body in werkgebied wg with gemeente (NULL: no member). */
static char *gezin_body(const char *wg, const char *gemeente)
{
	char adres[160] = "";
	if (gemeente)
		snprintf(adres, sizeof adres, "\"adres\":{\"plaats\":\"Ergens\",\"gemeente\":\"%s\"},", gemeente);
	static const char fmt[] = "{\"naam\":\"Gezin Test\",\"rol\":\"vraaggezin\",\"werkgebied\":\"%s\",%s"
				  "\"aangemeldOp\":\"2026-01-05\","
				  "\"leden\":[{\"soort\":\"volwassene\",\"voornaam\":\"Ouder\"}],"
				  "\"vraag\":{\"tekst\":\"Even lucht\",\"steunvormen\":[\"luisterend-oor\"]},"
				  "\"toestemmingen\":[{\"doel\":\"registratie\",\"gegevenOp\":\"2026-01-05\",\"gegevenDoor\":\"Ouder\"}]}";
	size_t len = sizeof fmt + strlen(wg) + strlen(adres);
	char *b = malloc(len);
	ck_assert_ptr_nonnull(b);
	snprintf(b, len, fmt, wg, adres);
	return b;
}

/* Creates a vraaggezin as s; returns the status, *id the new id. */
static int create(struct hs_session *s, const char *wg, const char *gemeente, int64_t *id, json_t **out)
{
	char *body = gezin_body(wg, gemeente);
	json_t *j = NULL;
	int status = call(s, "POST", "/api/v1/gezinnen", body, &j, NULL);
	free(body);
	if (id)
		*id = json_integer_value(json_object_get(j, "id"));
	if (out)
		*out = j;
	else
		json_decref(j);
	return status;
}

/* PATCHes gezin id with body as s (at its current version); returns the status. */
static int patch_gezin(struct hs_session *s, int64_t id, const char *body, json_t **out)
{
	char path[64], im[96];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	harness_if_match(s, path, im, sizeof im);
	return call(s, "PATCH", path, body, out, im);
}

/* The stored gemeente of gezin id ("" for NULL), as the beheerder reads it. */
static const char *stored_gemeente(int64_t id)
{
	static char buf[128];
	char q[160];
	snprintf(q, sizeof q, "SELECT gemeente IS NULL FROM gezinnen WHERE id = %lld", (long long)id);
	if (harness_sql_int(q)) {
		buf[0] = '\0';
		return buf;
	}
	json_t *j = NULL;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/gezinnen/%lld", (long long)id);
	ck_assert_int_eq(call(&bh, "GET", path, NULL, &j, NULL), 200);
	snprintf(buf, sizeof buf, "%s", json_string_value(json_object_get(json_object_get(j, "adres"), "gemeente")));
	json_decref(j);
	return buf;
}

/*
 * The history rows of gezin id as "gemeente|werkgebied|van|tot" lines
 * (onbekend for NULL, - for an open end), in order, into buf.
 */
static const char *historie(int64_t id)
{
	static char buf[1024];
	buf[0] = '\0';
	char q[400];
	size_t used = 0;
	int64_t n;
	snprintf(q, sizeof q, "SELECT count(*) FROM gezin_gemeenten WHERE gezin_id = %lld", (long long)id);
	n = harness_sql_int(q);
	for (int64_t i = 0; i < n; i++) {
		/* one column at a time through harness_sql_int: the row's id, then its texts via the test view */
		snprintf(q, sizeof q, "SELECT id FROM gezin_gemeenten WHERE gezin_id = %lld ORDER BY van, id LIMIT 1 OFFSET %lld",
			 (long long)id, (long long)i);
		int64_t rid = harness_sql_int(q);
		char line[200];
		snprintf(q, sizeof q,
			 "SELECT (SELECT count(*) FROM gezin_gemeenten WHERE id = %lld AND gemeente IS NULL)", (long long)rid);
		bool onbekend = harness_sql_int(q) != 0;
		static const char *const namen[] = { "Amsterdam", "Diemen", "Purmerend", "Zaanstad", "Kampen" };
		const char *naam = "onbekend";
		for (size_t k = 0; !onbekend && k < sizeof namen / sizeof namen[0]; k++) {
			snprintf(q, sizeof q, "SELECT count(*) FROM gezin_gemeenten WHERE id = %lld AND gemeente = '%s'",
				 (long long)rid, namen[k]);
			if (harness_sql_int(q))
				naam = namen[k];
		}
		snprintf(q, sizeof q, "SELECT werkgebied_id FROM gezin_gemeenten WHERE id = %lld", (long long)rid);
		int64_t wg = harness_sql_int(q);
		snprintf(q, sizeof q, "SELECT CAST(replace(van, '-', '') AS INTEGER) FROM gezin_gemeenten WHERE id = %lld",
			 (long long)rid);
		int64_t van = harness_sql_int(q);
		snprintf(q, sizeof q, "SELECT coalesce(CAST(replace(tot, '-', '') AS INTEGER), 0) FROM gezin_gemeenten WHERE id = %lld",
			 (long long)rid);
		int64_t tot = harness_sql_int(q);
		char tot_s[16] = "-";
		if (tot)
			snprintf(tot_s, sizeof tot_s, "%lld", (long long)tot);
		snprintf(line, sizeof line, "%s|%s|%lld|%s\n", naam, wg == wg_ams ? "AMS" : wg == wg_zst ? "ZST" : "?",
			 (long long)van, tot_s);
		int w = snprintf(buf + used, sizeof buf - used, "%s", line);
		if (w > 0 && (size_t)w < sizeof buf - used)
			used += (size_t)w;
	}
	return buf;
}

/* Today as YYYYMMDD. */
static long long today_num(void)
{
	char t[16];
	kp_today(t);
	return atoll(t) * 10000 + atoll(t + 5) * 100 + atoll(t + 8);
}

START_TEST(a_gemeente_is_one_of_the_werkgebied_list_in_its_spelling)
{
	json_t *j = NULL;
	ck_assert_int_eq(set_gemeenten(wg_ams, "[\"Amsterdam\",\"Diemen\"]", &j), 200);
	ck_assert_int_eq((int)json_array_size(json_object_get(j, "gemeenten")), 2);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(j, "gemeenten"), 1)), "Diemen");
	json_decref(j);

	/* a gemeente outside the list: 422 naming the field, the allowed names in the detail */
	int64_t id = 0;
	ck_assert_int_eq(create(&ca, "AMS", "Zaandam", &id, &j), 422);
	ck_assert_str_eq(param_names(j), "/adres/gemeente");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(j, "detail")), "Amsterdam, Diemen"));
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gezinnen"), 0);

	/* another case and blanks: stored in the list's spelling */
	ck_assert_int_eq(create(&ca, "AMS", " diemen ", &id, NULL), 201);
	ck_assert_str_eq(stored_gemeente(id), "Diemen");
	/* empty or absent: gemeente onbekend, allowed */
	ck_assert_int_eq(create(&ca, "AMS", "", &id, NULL), 201);
	ck_assert_str_eq(stored_gemeente(id), "");
	ck_assert_int_eq(create(&ca, "AMS", NULL, &id, NULL), 201);
	ck_assert_str_eq(stored_gemeente(id), "");

	/* an update is checked the same way, and canonicalised */
	ck_assert_int_eq(patch_gezin(&ca, id, "{\"adres\":{\"gemeente\":\"Amstelveen\"}}", &j), 422);
	ck_assert_str_eq(param_names(j), "/adres/gemeente");
	json_decref(j);
	ck_assert_int_eq(patch_gezin(&ca, id, "{\"adres\":{\"gemeente\":\"AMSTERDAM\"}}", &j), 200);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "adres"), "gemeente")), "Amsterdam");
	json_decref(j);

	/* a werkgebied without gemeenten says so */
	ck_assert_int_eq(set_gemeenten(wg_zst, "[]", NULL), 200);
	ck_assert_int_eq(create(&cb, "ZST", "Zaanstad", &id, &j), 422);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(j, "detail")), "nog geen gemeenten"));
	json_decref(j);
}
END_TEST

START_TEST(moves_are_kept_as_dated_history)
{
	ck_assert_int_eq(set_gemeenten(wg_ams, "[\"Amsterdam\",\"Diemen\"]", NULL), 200);
	ck_assert_int_eq(set_gemeenten(wg_zst, "[\"Zaanstad\",\"Purmerend\"]", NULL), 200);
	int64_t id = 0;
	ck_assert_int_eq(create(&ca, "AMS", "Amsterdam", &id, NULL), 201);
	ck_assert_str_eq(historie(id), "Amsterdam|AMS|20260105|-\n");

	/* a change that is no move writes nothing */
	ck_assert_int_eq(patch_gezin(&ca, id, "{\"naam\":\"Gezin Anders\"}", NULL), 200);
	ck_assert_str_eq(historie(id), "Amsterdam|AMS|20260105|-\n");

	/* a move between gemeenten: the open row ends today, a new one opens today */
	long long t = today_num();
	char expect[512];
	ck_assert_int_eq(patch_gezin(&ca, id, "{\"adres\":{\"gemeente\":\"Diemen\"}}", NULL), 200);
	snprintf(expect, sizeof expect, "Amsterdam|AMS|20260105|%lld\nDiemen|AMS|%lld|-\n", t, t);
	ck_assert_str_eq(historie(id), expect);

	/* a second change the same day rewrites the day's row ... */
	ck_assert_int_eq(patch_gezin(&ca, id, "{\"adres\":{\"gemeente\":null}}", NULL), 200);
	snprintf(expect, sizeof expect, "Amsterdam|AMS|20260105|%lld\nonbekend|AMS|%lld|-\n", t, t);
	ck_assert_str_eq(historie(id), expect);
	/* ... and going back to where it was that morning leaves one row, as if nothing moved */
	ck_assert_int_eq(patch_gezin(&ca, id, "{\"adres\":{\"gemeente\":\"Amsterdam\"}}", NULL), 200);
	ck_assert_str_eq(historie(id), "Amsterdam|AMS|20260105|-\n");

	/* a werkgebied move keeping a gemeente the new werkgebied does not list: 422, nothing written */
	json_t *j = NULL;
	ck_assert_int_eq(patch_gezin(&bh, id, "{\"werkgebied\":\"ZST\"}", &j), 422);
	ck_assert_str_eq(param_names(j), "/adres/gemeente");
	json_decref(j);
	ck_assert_str_eq(historie(id), "Amsterdam|AMS|20260105|-\n");

	/* a werkgebied move with a gemeente of the new list */
	ck_assert_int_eq(patch_gezin(&bh, id, "{\"werkgebied\":\"ZST\",\"adres\":{\"gemeente\":\"purmerend\"}}", NULL), 200);
	snprintf(expect, sizeof expect, "Amsterdam|AMS|20260105|%lld\nPurmerend|ZST|%lld|-\n", t, t);
	ck_assert_str_eq(historie(id), expect);
	/* the same day it moves again within ZST: the day's row is rewritten */
	ck_assert_int_eq(patch_gezin(&bh, id, "{\"adres\":{\"gemeente\":\"Zaanstad\"}}", NULL), 200);
	snprintf(expect, sizeof expect, "Amsterdam|AMS|20260105|%lld\nZaanstad|ZST|%lld|-\n", t, t);
	ck_assert_str_eq(historie(id), expect);

	/* a later day (the day's row opened yesterday): the open row ends today, a new one opens */
	char q[200];
	snprintf(q, sizeof q,
		 "UPDATE gezin_gemeenten SET tot = date(tot, '-1 day') WHERE gezin_id = %lld AND tot IS NOT NULL", (long long)id);
	harness_sql(q);
	snprintf(q, sizeof q, "UPDATE gezin_gemeenten SET van = date(van, '-1 day') WHERE gezin_id = %lld AND tot IS NULL",
		 (long long)id);
	harness_sql(q);
	ck_assert_int_eq(patch_gezin(&bh, id, "{\"werkgebied\":\"AMS\",\"adres\":{\"gemeente\":\"Diemen\"}}", NULL), 200);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gezin_gemeenten"), 3);
	snprintf(q, sizeof q, "SELECT count(*) FROM gezin_gemeenten WHERE gezin_id = %lld AND tot IS NULL AND gemeente = 'Diemen' "
		 "AND van = date('now', 'localtime') AND werkgebied_id = %lld", (long long)id, (long long)wg_ams);
	ck_assert_int_eq(harness_sql_int(q), 1);
	snprintf(q, sizeof q, "SELECT count(*) FROM gezin_gemeenten WHERE gezin_id = %lld AND gemeente = 'Zaanstad' "
		 "AND van = date('now', 'localtime', '-1 day') AND tot = date('now', 'localtime')", (long long)id);
	ck_assert_int_eq(harness_sql_int(q), 1);
	/* no period overlaps another and exactly one is open */
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gezin_gemeenten a JOIN gezin_gemeenten b ON a.gezin_id = b.gezin_id "
					 "AND a.id < b.id AND a.van < coalesce(b.tot, '9999') AND b.van < coalesce(a.tot, '9999')"),
			 0);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM gezin_gemeenten WHERE tot IS NULL"), 1);
}
END_TEST

/* The entry naam of GET /gemeenten's answer j, or NULL. */
static json_t *gemeente_in(json_t *j, const char *naam)
{
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(j, "gemeenten"), i, g) if (strcmp(json_string_value(json_object_get(g, "naam")), naam) ==
								      0) return g;
	return NULL;
}

START_TEST(gemeenten_lists_only_the_callers)
{
	ck_assert_int_eq(set_gemeenten(wg_ams, "[\"Amsterdam\",\"Diemen\"]", NULL), 200);
	ck_assert_int_eq(set_gemeenten(wg_zst, "[\"Zaanstad\",\"Purmerend\",\"amsterdam\"]", NULL), 200);
	/* a family registered before the lists, in a gemeente no list names */
	char q[400];
	snprintf(q, sizeof q,
		 "INSERT INTO gezinnen(naam, rol, status, werkgebied_id, gemeente, aangemeld_op, profiel, aangemaakt_op, gewijzigd_op) "
		 "VALUES ('Oud', 'vraaggezin', 'aangemeld', %lld, 'Oudorp', '2025-01-01', '{}', 'x', 'x'), "
		 "('Oud B', 'vraaggezin', 'aangemeld', %lld, 'Westzaan', '2025-01-01', '{}', 'x', 'x')",
		 (long long)wg_ams, (long long)wg_zst);
	harness_sql(q);

	json_t *j = NULL;
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/gemeenten", NULL, &j, NULL), 200);
	ck_assert_int_eq((int)json_array_size(json_object_get(j, "gemeenten")), 3);
	ck_assert_ptr_nonnull(gemeente_in(j, "Amsterdam"));
	ck_assert_ptr_nonnull(gemeente_in(j, "Diemen"));
	ck_assert_ptr_nonnull(gemeente_in(j, "Oudorp"));
	ck_assert_ptr_null(gemeente_in(j, "Zaanstad"));
	ck_assert_ptr_null(gemeente_in(j, "Westzaan"));
	/* Amsterdam is ZST's too (added in another case: the existing spelling kept), but A sees only its own werkgebied */
	json_t *w = json_object_get(gemeente_in(j, "Amsterdam"), "werkgebieden");
	ck_assert_int_eq((int)json_array_size(w), 1);
	ck_assert_int_eq(json_integer_value(json_array_get(w, 0)), wg_ams);
	json_decref(j);

	ck_assert_int_eq(call(&bh, "GET", "/api/v1/gemeenten", NULL, &j, NULL), 200);
	ck_assert_int_eq((int)json_array_size(json_object_get(j, "gemeenten")), 6);
	ck_assert_int_eq((int)json_array_size(json_object_get(gemeente_in(j, "Amsterdam"), "werkgebieden")), 2);
	ck_assert_ptr_nonnull(gemeente_in(j, "Westzaan"));
	json_decref(j);

	ck_assert_int_eq(call(&cb, "GET", "/api/v1/gemeenten", NULL, &j, NULL), 200);
	ck_assert_ptr_null(gemeente_in(j, "Diemen"));
	ck_assert_ptr_null(gemeente_in(j, "Oudorp"));
	ck_assert_ptr_nonnull(gemeente_in(j, "Westzaan"));
	json_decref(j);
}
END_TEST

START_TEST(a_gemeente_still_lived_in_stays_on_the_list)
{
	ck_assert_int_eq(set_gemeenten(wg_ams, "[\"Amsterdam\",\"Diemen\",\"Weesp\"]", NULL), 200);
	int64_t id = 0;
	ck_assert_int_eq(create(&ca, "AMS", "Diemen", &id, NULL), 201);
	json_t *j = NULL;
	ck_assert_int_eq(set_gemeenten(wg_ams, "[\"Amsterdam\"]", &j), 409);
	ck_assert_str_eq(param_names(j), "/gemeenten");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(j, "detail")), "Diemen"));
	json_decref(j);
	char q[128];
	snprintf(q, sizeof q, "SELECT count(*) FROM werkgebied_gemeenten WHERE werkgebied_id = %lld", (long long)wg_ams);
	ck_assert_int_eq(harness_sql_int(q), 3);
	/* one nobody lives in goes; a family elsewhere in the same gemeente does not hold another werkgebied's list */
	ck_assert_int_eq(set_gemeenten(wg_zst, "[\"Diemen\"]", NULL), 200);
	ck_assert_int_eq(set_gemeenten(wg_ams, "[\"Amsterdam\",\"Diemen\"]", &j), 200);
	ck_assert_int_eq((int)json_array_size(json_object_get(j, "gemeenten")), 2);
	json_decref(j);
	ck_assert_int_eq(set_gemeenten(wg_zst, "[]", NULL), 200);
	/* only the beheerder edits a list */
	char path[64], im[96];
	snprintf(path, sizeof path, "/api/v1/werkgebieden/%lld", (long long)wg_ams);
	harness_if_match(&ca, path, im, sizeof im);
	ck_assert_int_eq(call(&ca, "PATCH", path, "{\"gemeenten\":[]}", NULL, im), 403);
	/* the list is part of the werkgebied as everyone reads it */
	ck_assert_int_eq(call(&cb, "GET", "/api/v1/werkgebieden", NULL, &j, NULL), 200);
	size_t i;
	json_t *w;
	bool seen = false;
	json_array_foreach(json_object_get(j, "werkgebieden"), i, w) if (json_integer_value(json_object_get(w, "id")) == wg_ams) {
		seen = true;
		ck_assert_int_eq((int)json_array_size(json_object_get(w, "gemeenten")), 2);
	}
	ck_assert(seen);
	json_decref(j);
	/* a new werkgebied may come with its list */
	ck_assert_int_eq(call(&bh, "POST", "/api/v1/werkgebieden", "{\"code\":\"LEI\",\"naam\":\"Leiden\",\"gemeenten\":[\"Leiden\",\"diemen\"]}",
			      &j, NULL),
			 201);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(j, "gemeenten"), 0)), "Diemen");
	json_decref(j);
}
END_TEST

/* POSTs a doel as the beheerder; returns the status, *out the answer. */
static int post_doel(const char *body, json_t **out)
{
	return call(&bh, "POST", "/api/v1/doelen", body, out, NULL);
}

START_TEST(doelen_crud_with_if_match)
{
	ck_assert_int_eq(set_gemeenten(wg_ams, "[\"Amsterdam\",\"Diemen\"]", NULL), 200);
	json_t *j = NULL;
	ck_assert_int_eq(post_doel("{\"jaar\":2026,\"gemeente\":\"diemen\",\"eenheid\":\"gezinnen\",\"minimum\":20,\"maximum\":24}", &j),
			 201);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	ck_assert_str_eq(json_string_value(json_object_get(j, "gemeente")), "Diemen");
	ck_assert(json_is_null(json_object_get(j, "programma")));
	ck_assert_int_eq(json_integer_value(json_object_get(j, "maximum")), 24);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "versie")), 1);
	json_decref(j);
	ck_assert_int_eq(post_doel("{\"jaar\":2026,\"gemeente\":\"Diemen\",\"programma\":1,\"eenheid\":\"koppelingen\",\"minimum\":28}", &j),
			 201);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "programma"), "id")), 1);
	ck_assert(json_is_null(json_object_get(j, "maximum")));
	json_decref(j);

	/* the same year, gemeente, programme and unit once */
	ck_assert_int_eq(post_doel("{\"jaar\":2026,\"gemeente\":\"DIEMEN\",\"eenheid\":\"gezinnen\",\"minimum\":1}", &j), 409);
	json_decref(j);
	/* every field named */
	ck_assert_int_eq(post_doel("{\"jaar\":1999,\"gemeente\":\"\",\"eenheid\":\"uren\",\"minimum\":-1,\"maximum\":\"x\"}", &j), 400);
	ck_assert_str_eq(param_names(j), "/jaar,/gemeente,/eenheid,/minimum,/maximum");
	json_decref(j);
	ck_assert_int_eq(post_doel("{\"jaar\":2026,\"gemeente\":\"Amsterdam\",\"eenheid\":\"gezinnen\",\"minimum\":30,\"maximum\":20}", &j),
			 400);
	ck_assert_str_eq(param_names(j), "/maximum");
	json_decref(j);
	ck_assert_int_eq(post_doel("{\"jaar\":2026,\"gemeente\":\"Nergensdorp\",\"eenheid\":\"gezinnen\",\"minimum\":3}", &j), 422);
	ck_assert_str_eq(param_names(j), "/gemeente");
	json_decref(j);
	ck_assert_int_eq(post_doel("{\"jaar\":2026,\"gemeente\":\"Amsterdam\",\"programma\":999,\"eenheid\":\"gezinnen\",\"minimum\":3}", &j),
			 422);
	ck_assert_str_eq(param_names(j), "/programma");
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM doelen"), 2);

	/* change: If-Match required and checked */
	char path[64], im[96];
	snprintf(path, sizeof path, "/api/v1/doelen/%lld", (long long)id);
	ck_assert_int_eq(call(&bh, "PATCH", path, "{\"minimum\":22}", NULL, NULL), 428);
	harness_if_match(&bh, path, im, sizeof im);
	ck_assert_str_eq(im, "If-Match: \"1\"\r\n");
	ck_assert_int_eq(call(&bh, "PATCH", path, "{\"minimum\":22}", &j, im), 200);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "minimum")), 22);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "maximum")), 24);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "versie")), 2);
	json_decref(j);
	ck_assert_int_eq(call(&bh, "PATCH", path, "{\"minimum\":23}", &j, im), 412);
	json_decref(j);
	/* the merged doel is checked whole */
	harness_if_match(&bh, path, im, sizeof im);
	ck_assert_int_eq(call(&bh, "PATCH", path, "{\"minimum\":25}", &j, im), 400);
	ck_assert_str_eq(param_names(j), "/maximum");
	json_decref(j);
	ck_assert_int_eq(call(&bh, "PATCH", path, "{\"maximum\":null,\"minimum\":30}", &j, im), 200);
	ck_assert(json_is_null(json_object_get(j, "maximum")));
	json_decref(j);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM audit_log WHERE object_soort = 'doel'"), 4);

	/* delete: stale 412, then 204, then gone */
	ck_assert_int_eq(call(&bh, "DELETE", path, NULL, NULL, "If-Match: \"1\"\r\n"), 412);
	harness_if_match(&bh, path, im, sizeof im);
	ck_assert_int_eq(call(&bh, "DELETE", path, NULL, NULL, im), 204);
	ck_assert_int_eq(call(&bh, "GET", path, NULL, NULL, NULL), 404);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM doelen"), 1);
}
END_TEST

START_TEST(another_werkgebied_neither_sees_nor_changes_a_doel)
{
	ck_assert_int_eq(set_gemeenten(wg_ams, "[\"Amsterdam\",\"Diemen\"]", NULL), 200);
	ck_assert_int_eq(set_gemeenten(wg_zst, "[\"Zaanstad\"]", NULL), 200);
	json_t *j = NULL;
	ck_assert_int_eq(post_doel("{\"jaar\":2026,\"gemeente\":\"Zaanstad\",\"eenheid\":\"gezinnen\",\"minimum\":5}", &j), 201);
	int64_t zst = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	ck_assert_int_eq(post_doel("{\"jaar\":2027,\"gemeente\":\"Diemen\",\"eenheid\":\"gezinnen\",\"minimum\":5}", &j), 201);
	int64_t ams = json_integer_value(json_object_get(j, "id"));
	json_decref(j);

	char pz[64], pa[64], nx[64] = "/api/v1/doelen/987654";
	snprintf(pz, sizeof pz, "/api/v1/doelen/%lld", (long long)zst);
	snprintf(pa, sizeof pa, "/api/v1/doelen/%lld", (long long)ams);
	/* A: its own doel, never B's, answered like one that does not exist */
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/doelen", NULL, &j, NULL), 200);
	ck_assert_int_eq((int)json_array_size(json_object_get(j, "doelen")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(json_object_get(j, "doelen"), 0), "id")), ams);
	json_decref(j);
	ck_assert_int_eq(call(&ca, "GET", "/api/v1/doelen?gemeente=Zaanstad", NULL, &j, NULL), 200);
	ck_assert_int_eq((int)json_array_size(json_object_get(j, "doelen")), 0);
	json_decref(j);
	json_t *x = NULL, *n = NULL;
	ck_assert_int_eq(call(&ca, "GET", pz, NULL, &x, NULL), 404);
	ck_assert_int_eq(call(&ca, "GET", nx, NULL, &n, NULL), 404);
	ck_assert(json_equal(x, n));
	json_decref(x);
	json_decref(n);
	ck_assert_int_eq(call(&ca, "GET", pa, NULL, NULL, NULL), 200);
	/* B the other way round */
	ck_assert_int_eq(call(&cb, "GET", pa, NULL, NULL, NULL), 404);
	ck_assert_int_eq(call(&cb, "GET", pz, NULL, NULL, NULL), 200);
	ck_assert_int_eq(call(&cb, "GET", "/api/v1/doelen?jaar=2027", NULL, &j, NULL), 200);
	ck_assert_int_eq((int)json_array_size(json_object_get(j, "doelen")), 0);
	json_decref(j);
	ck_assert_int_eq(call(&cb, "GET", "/api/v1/doelen?jaar=20x6", NULL, &j, NULL), 400);
	ck_assert_str_eq(param_names(j), "jaar");
	json_decref(j);
	/* coordinators do not write doelen */
	ck_assert_int_eq(call(&ca, "PATCH", pz, "{\"minimum\":1}", NULL, "If-Match: *\r\n"), 403);
	ck_assert_int_eq(call(&ca, "DELETE", pz, NULL, NULL, "If-Match: *\r\n"), 403);
	ck_assert_int_eq(call(&ca, "POST", "/api/v1/doelen",
			      "{\"jaar\":2026,\"gemeente\":\"Diemen\",\"eenheid\":\"koppelingen\",\"minimum\":5}", NULL, NULL),
			 403);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM doelen WHERE minimum = 5"), 2);
	/* a programme never used is deleted with its doelen */
	ck_assert_int_eq(post_doel("{\"jaar\":2026,\"gemeente\":\"Diemen\",\"programma\":1,\"eenheid\":\"gezinnen\",\"minimum\":1}", NULL),
			 201);
	ck_assert_int_eq(call(&bh, "DELETE", "/api/v1/programmas/1", NULL, NULL, NULL), 204);
	ck_assert_int_eq(harness_sql_int("SELECT count(*) FROM doelen"), 2);
}
END_TEST

static void prepare(void)
{
	harness_prepare_hash();
}

int main(void)
{
	Suite *s = suite_create("gemeenten");
	TCase *tc = tcase_create("gemeenten");
	tcase_add_unchecked_fixture(tc, prepare, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, a_gemeente_is_one_of_the_werkgebied_list_in_its_spelling);
	tcase_add_test(tc, moves_are_kept_as_dated_history);
	tcase_add_test(tc, gemeenten_lists_only_the_callers);
	tcase_add_test(tc, a_gemeente_still_lived_in_stays_on_the_list);
	tcase_add_test(tc, doelen_crud_with_if_match);
	tcase_add_test(tc, another_werkgebied_neither_sees_nor_changes_a_doel);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
