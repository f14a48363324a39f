/*
 * gemeenten.c - a family's gemeente checked against its werkgebied's list,
 * its dated history, and the werkgebied's list itself (gemeenten.h).
 */
#include "gemeenten.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "problem.h"

/*
 * The first column of the first row of sql with ?1 = a, ?2 = text b (NULL:
 * null) and, when it uses it, ?3 = c3, as text in out; *found set.
 * SQLITE_OK or an error.
 */
static int lookup_text(struct kp_conn *c, const char *sql, int64_t a, const char *b, int64_t c3, char *out, size_t len,
		       bool *found)
{
	*found = false;
	out[0] = '\0';
	sqlite3_stmt *st = kp_conn_stmt(c, sql);
	if (!st || sqlite3_bind_int64(st, 1, a) != SQLITE_OK ||
	    (b ? sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, 2)) != SQLITE_OK ||
	    (sqlite3_bind_parameter_count(st) >= 3 && sqlite3_bind_int64(st, 3, c3) != SQLITE_OK))
		return SQLITE_ERROR;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*found = true;
		const char *t = (const char *)sqlite3_column_text(st, 0);
		snprintf(out, len, "%s", t ? t : "");
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	sqlite3_reset(st);
	return rc;
}

/* True when s is NULL or holds only blanks. */
static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

/*
 * The detail of a refused gemeente: the names werkgebied wg lists, or that
 * it lists none. Returns a new problem, or NULL on an error.
 */
static json_t *refusal(struct kp_conn *w, int64_t wg)
{
	json_t *namen = kp_werkgebied_gemeenten_json(w, wg);
	if (!namen)
		return NULL;
	size_t n = json_array_size(namen), len = 160;
	size_t i;
	json_t *v;
	json_array_foreach(namen, i, v) len += strlen(json_string_value(v)) + 2;
	char *detail = malloc(len);
	if (!detail) {
		json_decref(namen);
		return NULL;
	}
	if (n == 0) {
		snprintf(detail, len, "Dit werkgebied heeft nog geen gemeenten. Laat de gemeente leeg (onbekend) of "
				      "vraag de beheerder de gemeente aan het werkgebied toe te voegen.");
	} else {
		size_t at = (size_t)snprintf(detail, len, "Kies een gemeente van dit werkgebied: ");
		json_array_foreach(namen, i, v) at += (size_t)snprintf(detail + at, len - at, "%s%s", i ? ", " : "",
								       json_string_value(v));
		snprintf(detail + at, len - at, ", of laat de gemeente leeg (onbekend).");
	}
	json_decref(namen);
	json_t *p = kp_problem_json(KP_P_UNPROCESSABLE, detail);
	free(detail);
	if (p)
		kp_problem_add_invalid_param(p, "/adres/gemeente", "Deze gemeente hoort niet bij het werkgebied.");
	return p;
}

int kp_gemeente_check(struct kp_conn *w, int64_t id, int64_t wg, json_t *adres, json_t **problem)
{
	*problem = NULL;
	if (!json_is_object(adres))
		return 0;
	const char *naam = json_string_value(json_object_get(adres, "gemeente"));
	if (blank(naam)) {
		json_object_del(adres, "gemeente");
		return 0;
	}
	char buf[4 * KP_GEMEENTE_MAX + 8];
	bool found;
	/* an unchanged gemeente in an unchanged werkgebied passes as it is */
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT 1 FROM gezinnen WHERE id = ?1 AND gemeente = ?2 AND werkgebied_id = ?3");
	if (!st)
		return 503;
	int rc = SQLITE_DONE;
	if (id > 0) {
		if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK || sqlite3_bind_text(st, 2, naam, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
		    sqlite3_bind_int64(st, 3, wg) != SQLITE_OK)
			return 503;
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return 503;
	if (lookup_text(w, "SELECT gemeente FROM werkgebied_gemeenten WHERE werkgebied_id = ?1 AND gemeente = trim(?2) COLLATE NOCASE",
			wg, naam, 0, buf, sizeof buf, &found) != SQLITE_OK)
		return 503;
	if (!found) {
		*problem = refusal(w, wg);
		return *problem ? 422 : 503;
	}
	if (strcmp(buf, naam) != 0 && json_object_set_new(adres, "gemeente", json_string(buf)) != 0)
		return 503;
	return 0;
}

/* Runs sql with ?1..?4 (as far as it uses them) bound to a, text b (NULL: null), c and text d; SQLITE_OK or an error. */
static int run(struct kp_conn *w, const char *sql, int64_t a, const char *b, int64_t c, const char *d)
{
	sqlite3_stmt *st = kp_conn_stmt(w, sql);
	if (!st)
		return SQLITE_ERROR;
	int n = sqlite3_bind_parameter_count(st);
	int rc = sqlite3_bind_int64(st, 1, a);
	if (rc == SQLITE_OK && n >= 2)
		rc = b ? sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, 2);
	if (rc == SQLITE_OK && n >= 3)
		rc = sqlite3_bind_int64(st, 3, c);
	if (rc == SQLITE_OK && n >= 4)
		rc = d ? sqlite3_bind_text(st, 4, d, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, 4);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

int kp_gemeente_historie(struct kp_conn *w, int64_t id, const char *gemeente, int64_t wg, const char *datum)
{
	if (blank(gemeente))
		gemeente = NULL;
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT id, gemeente IS ?2 AND werkgebied_id = ?3, van >= ?4 "
					   "FROM gezin_gemeenten WHERE gezin_id = ?1 AND tot IS NULL");
	if (!st)
		return SQLITE_ERROR;
	int rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = gemeente ? sqlite3_bind_text(st, 2, gemeente, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, 2);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, wg);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 4, datum, -1, SQLITE_TRANSIENT);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	int64_t open = 0;
	bool same = false, today = false;
	if (rc == SQLITE_ROW) {
		open = sqlite3_column_int64(st, 0);
		same = sqlite3_column_int(st, 1) != 0;
		today = sqlite3_column_int(st, 2) != 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	if (open == 0)
		return run(w, "INSERT INTO gezin_gemeenten(gezin_id, gemeente, werkgebied_id, van) VALUES (?1, ?2, ?3, ?4)", id,
			   gemeente, wg, datum);
	if (same)
		return SQLITE_OK;
	if (!today) {
		rc = run(w, "UPDATE gezin_gemeenten SET tot = ?4 WHERE id = ?1", open, NULL, 0, datum);
		if (rc == SQLITE_OK)
			rc = run(w, "INSERT INTO gezin_gemeenten(gezin_id, gemeente, werkgebied_id, van) VALUES (?1, ?2, ?3, ?4)", id,
				 gemeente, wg, datum);
		return rc;
	}
	/* a second change on the day the open row began: the row before it, ended that day, may say the same again */
	char prev[24];
	bool found;
	rc = lookup_text(w, "SELECT v.id FROM gezin_gemeenten v, gezin_gemeenten o WHERE o.id = ?1 AND v.gezin_id = o.gezin_id "
			    "AND v.tot = o.van AND v.gemeente IS ?2 AND v.werkgebied_id = ?3",
			 open, gemeente, wg, prev, sizeof prev, &found);
	if (rc != SQLITE_OK)
		return rc;
	if (found) {
		rc = run(w, "DELETE FROM gezin_gemeenten WHERE id = ?1", open, NULL, 0, NULL);
		if (rc == SQLITE_OK)
			rc = run(w, "UPDATE gezin_gemeenten SET tot = NULL WHERE id = ?1", strtoll(prev, NULL, 10), NULL, 0, NULL);
		return rc;
	}
	return run(w, "UPDATE gezin_gemeenten SET gemeente = ?2, werkgebied_id = ?3 WHERE id = ?1", open, gemeente, wg, NULL);
}

json_t *kp_werkgebied_gemeenten_json(struct kp_conn *c, int64_t wg)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT gemeente FROM werkgebied_gemeenten WHERE werkgebied_id = ?1 "
					   "ORDER BY gemeente COLLATE NOCASE, gemeente");
	if (!st || sqlite3_bind_int64(st, 1, wg) != SQLITE_OK)
		return NULL;
	json_t *arr = json_array();
	int rc;
	while (arr && (rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr, json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_reset(st);
	if (arr && rc != SQLITE_DONE) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

int kp_werkgebied_gemeenten_set(struct kp_conn *w, int64_t wg, const json_t *namen, json_t **problem)
{
	*problem = NULL;
	char *tekst = json_dumps(namen, JSON_COMPACT);
	if (!tekst)
		return 503;
	/* the listed gemeenten of wg that the new list drops and a family of wg still lives in */
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT l.gemeente FROM werkgebied_gemeenten l WHERE l.werkgebied_id = ?1 "
					   "AND NOT EXISTS (SELECT 1 FROM json_each(?2) n WHERE trim(n.value) = l.gemeente COLLATE NOCASE) "
					   "AND EXISTS (SELECT 1 FROM gezinnen g WHERE g.werkgebied_id = ?1 AND g.gemeente = l.gemeente) "
					   "ORDER BY l.gemeente COLLATE NOCASE");
	int rc = st ? sqlite3_bind_int64(st, 1, wg) : SQLITE_ERROR;
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 2, tekst, -1, SQLITE_TRANSIENT);
	json_t *bezet = rc == SQLITE_OK ? json_array() : NULL;
	while (bezet && (rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(bezet, json_string((const char *)sqlite3_column_text(st, 0)));
	if (st)
		sqlite3_reset(st);
	if (!bezet || rc != SQLITE_DONE) {
		json_decref(bezet);
		free(tekst);
		return 503;
	}
	if (json_array_size(bezet) > 0) {
		size_t i;
		json_t *v;
		json_array_foreach(bezet, i, v) {
			char reden[4 * KP_GEMEENTE_MAX + 96];
			snprintf(reden, sizeof reden, "Er wonen nog gezinnen van dit werkgebied in %s.", json_string_value(v));
			if (!*problem)
				*problem = kp_problem_json(KP_P_CONFLICT, reden);
			kp_problem_add_invalid_param(*problem, "/gemeenten", reden);
		}
		json_decref(bezet);
		free(tekst);
		return *problem ? 409 : 503;
	}
	json_decref(bezet);
	/* drop what the list no longer names, then add the new names in the spelling already in use anywhere */
	rc = run(w, "DELETE FROM werkgebied_gemeenten WHERE werkgebied_id = ?1 AND NOT EXISTS (SELECT 1 FROM json_each(?2) n "
		    "WHERE trim(n.value) = gemeente COLLATE NOCASE)",
		 wg, tekst, 0, NULL);
	if (rc == SQLITE_OK)
		rc = run(w, "INSERT INTO werkgebied_gemeenten(werkgebied_id, gemeente) "
			    "SELECT ?1, coalesce((SELECT e.gemeente FROM werkgebied_gemeenten e WHERE e.gemeente = trim(n.value) "
			    "COLLATE NOCASE ORDER BY e.werkgebied_id = ?1 DESC, e.werkgebied_id LIMIT 1), trim(n.value)) "
			    "FROM json_each(?2) n WHERE trim(n.value) != '' ORDER BY n.key "
			    "ON CONFLICT DO NOTHING",
			 wg, tekst, 0, NULL);
	free(tekst);
	return rc == SQLITE_OK ? 0 : 503;
}
