/*
 * api_audit.c - GET /api/v1/audit (beheerder): the audit log, newest
 * first, filtered by user, record and period, in pages.
 *
 * Query: gebruiker=<id>, objectSoort=<soort>, objectId=<id>,
 * van=<YYYY-MM-DD>, tot=<YYYY-MM-DD> (both inclusive, UTC), limit=1..200
 * (default 50), voor=<id> (entries older than that id: the cursor that
 * "volgende" carries), gezin=<id> / koppeling=<id> (every entry about that
 * record: its own reads and changes and the lists that showed it). Reading
 * the log is itself not logged: it holds ids, never a family's name.
 *
 * kp_req_audit_list, below, is how a handler that answered with a list of
 * families records what it showed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "db.h"
#include "http.h"
#include "server.h"
#include "util.h"

#define DEFAULT_LIMIT 50
#define MAX_LIMIT 200

/* True for 1-32 characters of a-z A-Z 0-9 and '-'. */
static bool is_token_text(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 32)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

static void add_invalid(json_t **problem, const char *name, const char *reason)
{
	if (!*problem)
		*problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de zoekvoorwaarden.");
	kp_problem_add_invalid_param(*problem, name, reason);
}

void api_audit_list(struct kp_request *req)
{
	json_t *problem = NULL;
	const char *gebruiker = kp_req_query(req, "gebruiker");
	const char *soort = kp_req_query(req, "objectSoort");
	const char *object_id = kp_req_query(req, "objectId");
	const char *van = kp_req_query(req, "van");
	const char *tot = kp_req_query(req, "tot");
	const char *limit_s = kp_req_query(req, "limit");
	const char *voor_s = kp_req_query(req, "voor");
	const char *gezin_s = kp_req_query(req, "gezin"), *koppeling_s = kp_req_query(req, "koppeling");
	int64_t gebruiker_id = 0, voor = 0, limit = DEFAULT_LIMIT, gezin = 0, koppeling = 0;
	int y, m, d;
	if (gebruiker && !kp_parse_id(gebruiker, &gebruiker_id))
		add_invalid(&problem, "gebruiker", "Geef het nummer van een gebruiker.");
	if (soort && !is_token_text(soort))
		add_invalid(&problem, "objectSoort", "Gebruik een soort zoals gebruiker of werkgebied.");
	if (object_id && !is_token_text(object_id))
		add_invalid(&problem, "objectId", "Geef het nummer van het object.");
	if (van && !kp_parse_date(van, &y, &m, &d))
		add_invalid(&problem, "van", "Geef een datum als JJJJ-MM-DD.");
	if (tot && !kp_parse_date(tot, &y, &m, &d))
		add_invalid(&problem, "tot", "Geef een datum als JJJJ-MM-DD.");
	if (van && tot && strcmp(van, tot) > 0)
		add_invalid(&problem, "tot", "Mag niet voor 'van' liggen.");
	if (limit_s && (!kp_parse_id(limit_s, &limit) || limit > MAX_LIMIT))
		add_invalid(&problem, "limit", "Geef een aantal van 1 tot 200.");
	if (voor_s && !kp_parse_id(voor_s, &voor))
		add_invalid(&problem, "voor", "Ongeldige cursor.");
	if (gezin_s && !kp_parse_id(gezin_s, &gezin))
		add_invalid(&problem, "gezin", "Geef het nummer van een gezin.");
	if (koppeling_s && !kp_parse_id(koppeling_s, &koppeling))
		add_invalid(&problem, "koppeling", "Geef het nummer van een koppeling.");
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}

	/* tijd is "YYYY-MM-DDTHH:MM:SS.mmmZ": every moment of day `tot` sorts below "YYYY-MM-DDU" */
	char tot_end[16];
	if (tot)
		snprintf(tot_end, sizeof tot_end, "%sU", tot);
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT id, tijd, gebruiker_id, gebruikersnaam, actie, object_soort, object_id, "
					   "client, details FROM audit_log "
					   "WHERE (?1 IS NULL OR gebruiker_id = ?1) AND (?2 IS NULL OR object_soort = ?2) "
					   "AND (?3 IS NULL OR object_id = ?3) AND (?4 IS NULL OR tijd >= ?4) "
					   "AND (?5 IS NULL OR tijd < ?5) AND (?6 IS NULL OR id < ?6) "
					   "AND (?8 IS NULL OR (object_soort IN ('gezin', 'logboek', 'toestemming', 'uitsluiting', "
					   "  'inzage') AND object_id = ?8) "
					   "  OR EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(details) THEN details END, "
					   "  '$.gezinnen') WHERE value = CAST(?8 AS INTEGER))) "
					   "AND (?9 IS NULL OR (object_soort = 'koppeling' AND object_id = ?9) "
					   "  OR EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(details) THEN details END, "
					   "  '$.koppelingen') WHERE value = CAST(?9 AS INTEGER))) "
					   "ORDER BY id DESC LIMIT ?7");
	json_t *regels = st ? json_array() : NULL;
	int64_t last_id = 0;
	bool more = false;
	if (st) {
		if (gebruiker)
			sqlite3_bind_int64(st, 1, gebruiker_id);
		sqlite3_bind_text(st, 2, soort, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, object_id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, van, -1, SQLITE_TRANSIENT);
		if (tot)
			sqlite3_bind_text(st, 5, tot_end, -1, SQLITE_TRANSIENT);
		if (voor_s)
			sqlite3_bind_int64(st, 6, voor);
		sqlite3_bind_int64(st, 7, limit + 1);
		sqlite3_bind_text(st, 8, gezin_s, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 9, koppeling_s, -1, SQLITE_TRANSIENT);
	}
	int64_t n = 0;
	while (regels && sqlite3_step(st) == SQLITE_ROW) {
		if (++n > limit) {
			more = true;
			break;
		}
		last_id = sqlite3_column_int64(st, 0);
		const char *details = (const char *)sqlite3_column_text(st, 8);
		json_t *dj = details ? json_loads(details, 0, NULL) : NULL;
		json_t *row = json_pack("{s:I, s:s, s:s?, s:s, s:s, s:s?, s:s?, s:o?}", "id", (json_int_t)last_id, "tijd",
					(const char *)sqlite3_column_text(st, 1), "gebruikersnaam",
					(const char *)sqlite3_column_text(st, 3), "actie",
					(const char *)sqlite3_column_text(st, 4), "objectSoort",
					(const char *)sqlite3_column_text(st, 5), "objectId",
					(const char *)sqlite3_column_text(st, 6), "client",
					(const char *)sqlite3_column_text(st, 7), "details", dj);
		if (row && sqlite3_column_type(st, 2) != SQLITE_NULL)
			json_object_set_new(row, "gebruikerId", json_integer(sqlite3_column_int64(st, 2)));
		json_array_append_new(regels, row);
	}
	kp_db_read_end(srv->db, c);
	if (!regels) {
		kp_reply_db_error(req);
		return;
	}
	json_t *volgende = json_null();
	if (more) {
		char url[512];
		int k = snprintf(url, sizeof url, "/api/v1/audit?limit=%lld&voor=%lld", (long long)limit, (long long)last_id);
		const char *names[] = { "gebruiker", "objectSoort", "objectId", "van", "tot", "gezin", "koppeling" };
		const char *values[] = { gebruiker, soort, object_id, van, tot, gezin_s, koppeling_s };
		for (int i = 0; i < 7 && k > 0 && (size_t)k < sizeof url; i++)
			if (values[i])
				k += snprintf(url + k, sizeof url - (size_t)k, "&%s=%s", names[i], values[i]);
		json_decref(volgende);
		volgende = json_string(url);
	}
	kp_reply_json(req, 200, json_pack("{s:o, s:o}", "regels", regels, "volgende", volgende));
}

void kp_req_audit_list(struct kp_request *req, const char *soort, json_t *gezinnen, json_t *koppelingen,
		       bool gezocht)
{
	json_t *d = json_object();
	if (d && gezinnen)
		json_object_set(d, "gezinnen", gezinnen);
	if (d && koppelingen)
		json_object_set(d, "koppelingen", koppelingen);
	if (d && gezocht)
		json_object_set_new(d, "gezocht", json_true());
	char *text = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	/* out of memory for the ids: the read is still recorded, without them */
	kp_req_audit_read(req, "lijst", soort, 0, text);
	free(text);
}
