/*
 * gezinnen_lijst.c - GET /api/v1/gezinnen: the list of gezinnen the caller
 * may see, with filters, search and pages (an opaque cursor).
 *
 * Beheerders see every gezin; a coordinator only those of their own
 * werkgebieden, decided in the same SQL statement (scope.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "auth.h"
#include "datum.h"
#include "db.h"
#include "gezinnen.h"
#include "http.h"
#include "scope.h"
#include "server.h"
#include "steun.h"
#include "toestemmingen.h"
#include "util.h"

#define LIST_DEFAULT 50
#define LIST_MAX 200

/* The FTS5 phrase for a search text: quoted, with inner quotes doubled. */
static char *fts_phrase(const char *q)
{
	size_t n = strlen(q);
	char *out = malloc(2 * n + 3);
	if (!out)
		return NULL;
	size_t k = 0;
	out[k++] = '"';
	for (; *q; q++) {
		if (*q == '"')
			out[k++] = '"';
		out[k++] = *q;
	}
	out[k++] = '"';
	out[k] = '\0';
	return out;
}

/*
 * The list cursor: the sort key (naam, id) of the last row of the previous
 * page, which the caller saw itself, as base64url of "<id>:<naam>". It is
 * opaque to clients; the server never looks a row up by it, so a cursor can
 * only position a page among rows the caller may see anyway.
 */
#define CURSOR_NAAM_MAX 800
struct cursor {
	int64_t id;
	char naam[CURSOR_NAAM_MAX + 1];
};

/* Encodes (id, naam) as a cursor; malloc'ed, NULL when out of memory. */
static char *cursor_encode(int64_t id, const char *naam)
{
	char raw[CURSOR_NAAM_MAX + 32];
	int n = snprintf(raw, sizeof raw, "%lld:%s", (long long)id, naam);
	if (n < 0 || (size_t)n >= sizeof raw)
		return NULL;
	size_t len = sodium_base64_encoded_len((size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = malloc(len);
	if (out)
		sodium_bin2base64(out, len, (const unsigned char *)raw, (size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

/* Decodes a cursor made by cursor_encode; false for anything else. */
static bool cursor_decode(const char *s, struct cursor *c)
{
	unsigned char raw[CURSOR_NAAM_MAX + 32];
	size_t n = 0;
	if (strlen(s) > 2 * sizeof raw ||
	    sodium_base642bin(raw, sizeof raw - 1, s, strlen(s), NULL, &n, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return false;
	raw[n] = '\0';
	if (memchr(raw, '\0', n))
		return false;
	char *colon = strchr((char *)raw, ':');
	if (!colon)
		return false;
	*colon = '\0';
	size_t len = strlen(colon + 1);
	if (!kp_parse_id((const char *)raw, &c->id) || len > CURSOR_NAAM_MAX ||
	    kp_utf8_valid_prefix(colon + 1, len) != len)
		return false;
	memcpy(c->naam, colon + 1, len + 1);
	return true;
}

void api_gezinnen_list(struct kp_request *req)
{
	const char *rol = kp_req_query(req, "rol"), *status = kp_req_query(req, "status"),
		   *werkgebied = kp_req_query(req, "werkgebied"), *gemeente = kp_req_query(req, "gemeente"),
		   *coordinator = kp_req_query(req, "coordinator"), *zoek = kp_req_query(req, "zoek"),
		   *limit_s = kp_req_query(req, "limit"), *na_s = kp_req_query(req, "na"),
		   *verwijdering = kp_req_query(req, "verwijderingAangevraagd");
	json_t *problem = NULL;
	int64_t coordinator_id = 0, limit = LIST_DEFAULT;
	struct cursor na = { 0 };
#define BAD(name, reason)                                                                                 \
	do {                                                                                              \
		if (!problem)                                                                             \
			problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de zoekvoorwaarden.");  \
		kp_problem_add_invalid_param(problem, name, reason);                                      \
	} while (0)
	if (rol && !kp_vocab_has(&kp_rollen, rol))
		BAD("rol", "Onbekende rol.");
	if (status && !kp_vocab_has(&kp_statussen_vraag, status) && !kp_vocab_has(&kp_statussen_aanbod, status))
		BAD("status", "Onbekende status.");
	if (werkgebied && strlen(werkgebied) > 32)
		BAD("werkgebied", "Onbekend werkgebied.");
	if (gemeente && kp_utf8_length(gemeente) > 100)
		BAD("gemeente", "Te lang.");
	if (coordinator && !kp_parse_id(coordinator, &coordinator_id))
		BAD("coordinator", "Geef het nummer van een gebruiker.");
	size_t zlen = zoek ? kp_utf8_length(zoek) : 0;
	if (zoek && (zlen < 2 || zlen > 100))
		BAD("zoek", "Zoek op minstens 2 en hoogstens 100 tekens.");
	if (limit_s && (!kp_parse_id(limit_s, &limit) || limit > LIST_MAX))
		BAD("limit", "Geef een aantal van 1 tot 200.");
	if (verwijdering && strcmp(verwijdering, "ja") != 0)
		BAD("verwijderingAangevraagd", "Gebruik verwijderingAangevraagd=ja, of laat het weg.");
	if (na_s && !cursor_decode(na_s, &na))
		BAD("na", "Ongeldige cursor: gebruik de link 'volgende' van de vorige pagina.");
#undef BAD
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	const struct kp_principal *p = kp_req_principal(req);
	char *phrase = zoek && zlen >= 3 ? fts_phrase(zoek) : NULL;
	char *like = NULL;
	if (zoek && zlen < 3) { /* two characters: too short for the trigram index */
		like = malloc(strlen(zoek) + 3);
		if (like)
			snprintf(like, strlen(zoek) + 3, "%%%s%%", zoek);
	}
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_db_read_begin(srv->db);
	sqlite3_stmt *st = c ? kp_scope_stmt(c,
		"SELECT g.id, g.naam, g.rol, g.status, w.code, g.plaats, g.gemeente, g.coordinator_id, u.naam, "
		"g.aangemeld_op, (SELECT count(*) FROM leden l WHERE l.gezin_id = g.id AND l.soort = 'kind'), "
		/* "+s.status": look the gezin up by gezin_id, never scan every 'gekoppeld' row (see gezinnen.c) */
		"(SELECT min(s.datum) FROM gezin_statussen s WHERE s.gezin_id = g.id AND s.rol = 'vraaggezin' "
		" AND +s.status = 'gekoppeld'), " KP_SQL_VERWIJDERING_AANGEVRAAGD("g", "?13") " AS verwijdering "
		"FROM gezinnen g JOIN werkgebieden w ON w.id = g.werkgebied_id "
		"LEFT JOIN gebruikers u ON u.id = g.coordinator_id "
		"WHERE (?1 IS NULL OR g.rol = ?1) AND (?2 IS NULL OR g.status = ?2) AND (?3 IS NULL OR w.code = ?3) "
		"AND (?4 IS NULL OR g.gemeente = ?4 COLLATE NOCASE) AND (?5 IS NULL OR g.coordinator_id = ?5) "
		"AND (?6 IS NULL OR g.id IN (SELECT rowid FROM gezinnen_zoek WHERE gezinnen_zoek MATCH ?6)) "
		"AND (?7 IS NULL OR g.naam LIKE ?7 OR g.plaats LIKE ?7) "
		"AND (?14 IS NULL OR verwijdering IS NOT NULL) "
		"AND " KP_SQL_GEZIN_ZICHTBAAR("g") " "
		/* the cursor is the sort key of the caller's own last row: nothing is looked up */
		"AND (?10 IS NULL OR (g.naam COLLATE NOCASE, g.id) > (?10, ?12)) "
		"ORDER BY g.naam COLLATE NOCASE, g.id LIMIT ?11", p) : NULL;
	json_t *list = st ? json_array() : NULL;
	json_t *ids = json_array();
	bool more = false;
	int64_t last = 0;
	char *last_naam = NULL;
	if (st) {
		sqlite3_bind_text(st, 1, rol, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, status, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, werkgebied, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, gemeente, -1, SQLITE_TRANSIENT);
		if (coordinator)
			sqlite3_bind_int64(st, 5, coordinator_id);
		sqlite3_bind_text(st, 6, phrase, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, like, -1, SQLITE_TRANSIENT);
		if (na_s) {
			sqlite3_bind_text(st, 10, na.naam, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(st, 12, na.id);
		}
		sqlite3_bind_int64(st, 11, limit + 1);
		char t[16];
		kp_today(t);
		/* ?13 and ?14 come before the scope's named parameters, which take the numbers after them */
		if (verwijdering)
			sqlite3_bind_int(st, 14, 1);
		sqlite3_bind_text(st, 13, t, -1, SQLITE_TRANSIENT);
		struct kp_date now;
		kp_date_parse(t, &now);
		int64_t n = 0;
		while (list && sqlite3_step(st) == SQLITE_ROW) {
			if (++n > limit) {
				more = true;
				break;
			}
			last = sqlite3_column_int64(st, 0);
			free(last_naam);
			last_naam = strdup((const char *)sqlite3_column_text(st, 1));
			json_array_append_new(ids, json_integer(last));
			bool vraag = strcmp((const char *)sqlite3_column_text(st, 2), "vraaggezin") == 0;
			json_t *wacht = json_null();
			struct kp_date from, until = now;
			if (vraag && kp_date_parse((const char *)sqlite3_column_text(st, 9), &from)) {
				if (sqlite3_column_type(st, 11) != SQLITE_NULL)
					kp_date_parse((const char *)sqlite3_column_text(st, 11), &until);
				int64_t d = kp_date_to_days(until) - kp_date_to_days(from);
				wacht = json_integer(d < 0 ? 0 : d);
			}
			json_t *coord = sqlite3_column_type(st, 7) == SQLITE_NULL
						? json_null()
						: json_pack("{s:I, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 7), "naam",
							    (const char *)sqlite3_column_text(st, 8));
			json_t *rij = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s?, s:o, s:s, s:I, s:o}", "id", (json_int_t)last,
						"naam", (const char *)sqlite3_column_text(st, 1), "rol",
						(const char *)sqlite3_column_text(st, 2), "status",
						(const char *)sqlite3_column_text(st, 3), "werkgebied",
						(const char *)sqlite3_column_text(st, 4), "plaats",
						(const char *)sqlite3_column_text(st, 5), "gemeente",
						(const char *)sqlite3_column_text(st, 6), "coordinator", coord, "aangemeldOp",
						(const char *)sqlite3_column_text(st, 9), "aantalKinderen",
						(json_int_t)sqlite3_column_int64(st, 10), "wachtdagen", wacht);
			/* registration consent withdrawn: the removal procedure is asked for (toestemmingen.h) */
			json_object_set_new(rij, "verwijderingAangevraagdOp",
					    sqlite3_column_type(st, 12) == SQLITE_NULL
						    ? json_null()
						    : json_string((const char *)sqlite3_column_text(st, 12)));
			json_array_append_new(list, rij);
		}
	}
	if (c)
		kp_db_read_end(srv->db, c);
	free(phrase);
	free(like);
	char *cursor = more && last_naam ? cursor_encode(last, last_naam) : NULL;
	free(last_naam);
	if (!list || !ids || (more && !cursor)) {
		json_decref(list);
		json_decref(ids);
		free(cursor);
		kp_reply_db_error(req);
		return;
	}
	json_t *volgende = json_null();
	if (more) {
		/* the same filters, URL-encoded, and the cursor */
		const char *names[] = { "rol", "status", "werkgebied", "gemeente", "coordinator", "zoek", "verwijderingAangevraagd" };
		const char *values[] = { rol, status, werkgebied, gemeente, coordinator, zoek, verwijdering };
		char url[1024];
		int k = snprintf(url, sizeof url, "/api/v1/gezinnen?limit=%lld&na=%s", (long long)limit, cursor);
		for (int i = 0; i < 7; i++) {
			if (!values[i])
				continue;
			k += snprintf(url + k, sizeof url - (size_t)k, "&%s=", names[i]);
			for (const unsigned char *v = (const unsigned char *)values[i]; *v && (size_t)k + 4 < sizeof url; v++) {
				if ((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') || (*v >= '0' && *v <= '9') ||
				    *v == '-' || *v == '_' || *v == '.')
					url[k++] = (char)*v;
				else
					k += snprintf(url + k, sizeof url - (size_t)k, "%%%02X", *v);
			}
			url[k] = '\0';
		}
		json_decref(volgende);
		volgende = json_string(url);
	}
	free(cursor);
	kp_reply_json(req, 200, json_pack("{s:o, s:o}", "gezinnen", list, "volgende", volgende));
	/* names of families were shown: one audit entry for the page, with the ids */
	kp_req_audit_list(req, "gezinnen", ids, NULL, zoek != NULL);
	json_decref(ids);
}
