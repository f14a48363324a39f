/*
 * api_programmas.c - the programmes an organisation works by, offered per
 * werkgebied and managed by the beheerder.
 *
 *   GET    /api/v1/programmas[?gearchiveerd=true]  the programmes the caller may see
 *   POST   /api/v1/programmas        a new programme -> 201 + Location (beheerder)
 *   GET    /api/v1/programmas/{id}   one, with ETag
 *   PATCH  /api/v1/programmas/{id}   If-Match; every setting (beheerder)
 *   DELETE /api/v1/programmas/{id}   only one never used -> 204 (beheerder)
 *
 * Visibility (in the statement, server/scope.h): the beheerder sees every
 * programme (archived ones in the list only with ?gearchiveerd=true); any
 * other caller sees only programmes that are not archived and are offered
 * (werkgebied_programmas) in one of their werkgebieden. A programme the
 * caller may not see is answered exactly like one that does not exist.
 *
 * "gewichten" are the matching weights per criterion (matching.h; the
 * documented defaults where a programme sets none) and
 * "wachttijdPrioriteit" the bonus a year of waiting gives in match rounds.
 * "woorden" {steun, vraag} are what the programme calls the supporter and
 * the asking family (a PATCH may give either); a new programme without them
 * calls the supporter by its first role and the family vraaggezin.
 * A change applies to evaluations planned from then on; existing
 * koppelingen keep what was planned until their next phase change. A
 * programme that a koppeling or a match round used is archived, never
 * deleted. New koppelingen and match rounds may only use a programme that
 * kp_programma_aangeboden accepts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "db.h"
#include "http.h"
#include "json_spec.h"
#include "matching.h"
#include "programma_koers.h"
#include "scope.h"
#include "server.h"
#include "steun.h"
#include "util.h"

static const char *const aanbod_rollen[] = { "steungezin", "steunmaatje", "buddy", "estafettegezin", NULL };

#define W(n) { .name = n, .type = KP_F_INTEGER, .min = 0, .max = 100 }
static const struct kp_field gewichten_spec[] = {
	W("afstand"), W("steunvormen"), W("dagdelen"), W("frequentie"), W("leeftijd"),
	W("taal"),    W("wensen"),	W("ervaring"), W("interesses"), W("steunstijl"),
};
#undef W

/* The programme's words for the two sides (lower case, as in running text). */
static const struct kp_field woorden_spec[] = {
	{ .name = "steun", .type = KP_F_STRING, .min_len = 1, .max_len = 40 },
	{ .name = "vraag", .type = KP_F_STRING, .min_len = 1, .max_len = 40 },
};

/* One spec for POST (whole: the required members must be there) and PATCH (partial). */
static const struct kp_field programma_spec[] = {
	{ .name = "gewichten", .type = KP_F_OBJECT, .fields = gewichten_spec, .n_fields = KP_CRIT_COUNT },
	{ .name = "wachttijdPrioriteit", .type = KP_F_INTEGER, .min = 0, .max = 100 },
	{ .name = "naam", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 100 },
	{ .name = "rollen", .type = KP_F_STRING_ARRAY, .required = true, .max_items = 4, .one_of = aanbod_rollen },
	{ .name = "bedenktijdDagen", .type = KP_F_INTEGER, .min = 0, .max = 60 },
	{ .name = "proefMaanden", .type = KP_F_INTEGER, .min = 0, .max = 12 },
	{ .name = "proefWeken", .type = KP_F_INTEGER, .min = 0, .max = 52 },
	{ .name = "evaluatieMaanden", .type = KP_F_INTEGER, .min = 0, .max = 24 },
	{ .name = "voortgangsgesprekken", .type = KP_F_BOOLEAN },
	{ .name = "maxMaanden", .type = KP_F_INTEGER, .required = true, .min = 1, .max = 120 },
	{ .name = "vogGeldigheidMaanden", .type = KP_F_INTEGER, .min = 1, .max = 120 },
	{ .name = "vogVrijgesteldeRollen", .type = KP_F_STRING_ARRAY, .max_items = 4, .one_of = aanbod_rollen },
	{ .name = "maxAfstandKm", .type = KP_F_INTEGER, .nullable = true, .min = 1, .max = 500 },
	{ .name = "verlengingToegestaan", .type = KP_F_BOOLEAN },
	{ .name = "gearchiveerd", .type = KP_F_BOOLEAN },
	{ .name = "kandidaten", .type = KP_F_INTEGER, .min = 1, .max = 3 },
	{ .name = "werkgebieden", .type = KP_F_STRING_ARRAY, .min_len = 1, .max_len = 32, .max_items = 200 },
	{ .name = "woorden", .type = KP_F_OBJECT, .fields = woorden_spec, .n_fields = 2 },
};
#define N_SPEC (sizeof programma_spec / sizeof programma_spec[0])

static const char columns[] = "SELECT p.id, p.naam, p.rollen, p.bedenktijd_dagen, p.proef_maanden, p.proef_weken, "
			      "p.evaluatie_maanden, p.voortgangsgesprekken, p.max_maanden, p.vog_geldigheid_maanden, "
			      "p.vog_vrijgestelde_rollen, p.verlenging_toegestaan, p.versie, p.gewichten, "
			      "p.wachttijd_prioriteit, p.max_afstand_km, p.gearchiveerd, "
			      "(SELECT json_group_array(code) FROM (SELECT w.code FROM werkgebied_programmas wp "
			      "JOIN werkgebieden w ON w.id = wp.werkgebied_id WHERE wp.programma_id = p.id ORDER BY w.code)), "
			      "p.woord_steun, p.woord_vraag, p.koers IS NOT NULL, p.kandidaten, p.steun_soort, "
			      "p.woord_koppeling "
			      "FROM programmas p ";

/*
 * True when programme row p is visible to the caller: the beheerder sees
 * every one (archived ones only when :archief = 1); anyone else only the
 * programmes not archived that are offered in one of their werkgebieden.
 */
#define PROGRAMMA_ZICHTBAAR                                                                                  \
	"((:kp_alles = 1 AND (:archief = 1 OR p.gearchiveerd = 0)) OR (:kp_alles = 0 AND p.gearchiveerd = 0 " \
	"AND EXISTS (SELECT 1 FROM werkgebied_programmas zp WHERE zp.programma_id = p.id "                   \
	"AND zp.werkgebied_id IN " KP_SQL_SCOPE_WG ")))"

/* The weights in force: the programme's own over the documented defaults. */
static json_t *gewichten_json(sqlite3_stmt *st)
{
	struct kp_match_regels r;
	kp_match_default_regels(&r, strstr((const char *)sqlite3_column_text(st, 2), "estafettegezin") != NULL);
	json_t *own = sqlite3_column_type(st, 13) == SQLITE_NULL ? NULL : json_loads((const char *)sqlite3_column_text(st, 13), 0, NULL);
	json_t *o = json_object();
	for (int k = 0; k < KP_CRIT_COUNT; k++) {
		json_t *x = json_object_get(own, kp_match_crit_naam((enum kp_crit)k));
		json_object_set_new(o, kp_match_crit_naam((enum kp_crit)k), json_is_integer(x) ? json_incref(x) : json_integer(r.gewicht[k]));
	}
	json_decref(own);
	return o;
}

/* A JSON text column as a value; an unreadable one as an empty array. */
static json_t *json_column(sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	json_t *j = t ? json_loads(t, 0, NULL) : NULL;
	return j ? j : json_array();
}

/* The API view of the row under st (the columns above). */
static json_t *row_json(sqlite3_stmt *st)
{
	json_t *row = json_pack("{s:I, s:s, s:o, s:i, s:i, s:i, s:i, s:b, s:i, s:i, s:o, s:b, s:b, s:o}", "id",
				(json_int_t)sqlite3_column_int64(st, 0), "naam", (const char *)sqlite3_column_text(st, 1),
				"rollen", json_column(st, 2), "bedenktijdDagen", sqlite3_column_int(st, 3), "proefMaanden",
				sqlite3_column_int(st, 4), "proefWeken", sqlite3_column_int(st, 5), "evaluatieMaanden",
				sqlite3_column_int(st, 6), "voortgangsgesprekken", sqlite3_column_int(st, 7), "maxMaanden",
				sqlite3_column_int(st, 8), "vogGeldigheidMaanden", sqlite3_column_int(st, 9),
				"vogVrijgesteldeRollen", json_column(st, 10), "verlengingToegestaan", sqlite3_column_int(st, 11),
				"gearchiveerd", sqlite3_column_int(st, 16), "werkgebieden", json_column(st, 17));
	if (!row)
		return NULL;
	json_object_set_new(row, "maxAfstandKm",
			    sqlite3_column_type(st, 15) == SQLITE_NULL ? json_null() : json_integer(sqlite3_column_int(st, 15)));
	json_object_set_new(row, "gewichten", gewichten_json(st));
	json_object_set_new(row, "wachttijdPrioriteit", json_integer(sqlite3_column_int(st, 14)));
	json_object_set_new(row, "woorden", json_pack("{s:s, s:s, s:s}", "steun", (const char *)sqlite3_column_text(st, 18),
						      "vraag", (const char *)sqlite3_column_text(st, 19), "koppeling",
						      (const char *)sqlite3_column_text(st, 23)));
	/* who supports: a gezin, or a professional (a gezinscoach, schema 0027) */
	json_object_set_new(row, "steunSoort", json_string((const char *)sqlite3_column_text(st, 22)));
	/* whether the course is the programme's own or the one its older settings describe */
	json_object_set_new(row, "eigenKoers", json_boolean(sqlite3_column_int(st, 20)));
	json_object_set_new(row, "kandidaten", json_integer(sqlite3_column_int(st, 21)));
	return row;
}

/* Adds the course programme id walks (its own, or the one its first-model settings describe) to row. */
static void add_koers(struct kp_conn *c, json_t *row, int64_t id)
{
	struct kp_koers k;
	if (row && kp_koers_load(c, id, &k) == SQLITE_OK)
		json_object_set_new(row, "koers", kp_koers_json(&k));
}

/*
 * Programme id as the caller p sees it (NULL: an internal read that sees
 * every programme, archived ones included); *versie set. NULL when there
 * is none or p may not see it (alike), or on a database error.
 */
static json_t *programma_json(struct kp_conn *c, const struct kp_principal *p, int64_t id, int64_t *versie)
{
	static const char sql[] = "%sWHERE p.id = :id AND " PROGRAMMA_ZICHTBAAR;
	char text[sizeof columns + sizeof sql];
	snprintf(text, sizeof text, sql, columns);
	sqlite3_stmt *st = kp_scope_stmt(c, text, p);
	if (!st)
		return NULL;
	json_t *j = NULL;
	if (sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":id"), id) == SQLITE_OK &&
	    sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":archief"), 1) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		*versie = sqlite3_column_int64(st, 12);
		j = row_json(st);
	}
	sqlite3_reset(st);
	if (j)
		add_koers(c, j, id);
	return j;
}

int kp_programma_aangeboden(struct kp_conn *c, int64_t programma, int64_t werkgebied)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT 1 FROM programmas p JOIN werkgebied_programmas wp ON wp.programma_id = p.id "
					   "WHERE p.id = ?1 AND wp.werkgebied_id = ?2 AND p.gearchiveerd = 0");
	if (!st || sqlite3_bind_int64(st, 1, programma) != SQLITE_OK || sqlite3_bind_int64(st, 2, werkgebied) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

void api_programmas_list(struct kp_request *req)
{
	const char *g = kp_req_query(req, "gearchiveerd");
	if (g && strcmp(g, "true") != 0 && strcmp(g, "false") != 0) {
		json_t *problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
		kp_problem_add_invalid_param(problem, "gearchiveerd", "Gebruik true of false.");
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_db_read_begin(srv->db);
	static const char sql[] = "%sWHERE " PROGRAMMA_ZICHTBAAR " ORDER BY p.naam";
	char text[sizeof columns + sizeof sql];
	snprintf(text, sizeof text, sql, columns);
	sqlite3_stmt *st = c ? kp_scope_stmt(c, text, kp_req_principal(req)) : NULL;
	json_t *arr = st && sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":archief"), g && strcmp(g, "true") == 0) ==
				    SQLITE_OK
			      ? json_array()
			      : NULL;
	int rc = SQLITE_DONE;
	while (arr && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row = row_json(st);
		add_koers(c, row, sqlite3_column_int64(st, 0));
		json_array_append_new(arr, row);
	}
	if (st)
		sqlite3_reset(st);
	if (c)
		kp_db_read_end(srv->db, c);
	if (!arr || rc != SQLITE_DONE) {
		json_decref(arr);
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, json_pack("{s:o}", "programmas", arr));
}

void api_programmas_get(struct kp_request *req)
{
	int64_t id, versie = 0;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_db_read_begin(srv->db);
	json_t *j = c ? programma_json(c, kp_req_principal(req), id, &versie) : NULL;
	if (c)
		kp_db_read_end(srv->db, c);
	if (!j) {
		kp_reply_problem(req, KP_P_NOT_FOUND, "Dit programma bestaat niet.");
		return;
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, 200, j);
}

/*
 * Validates body for a POST (partial false) or PATCH (partial true):
 * the spec, and at least one role; every problem in one answer. Returns
 * NULL or a new 400 problem.
 */
static json_t *validate(json_t *body, bool partial, char **koers_text)
{
	*koers_text = NULL;
	/* the course has its own reader (programma_koers.h); the rest goes through the spec */
	json_t *rest = json_is_object(body) ? json_deep_copy(body) : json_incref(body);
	if (json_is_object(rest))
		json_object_del(rest, "koers");
	json_t *problem = kp_json_validate(rest, programma_spec, N_SPEC, partial);
	json_decref(rest);
	const json_t *rollen = json_object_get(body, "rollen");
	if (json_is_array(rollen) && json_array_size(rollen) == 0) {
		if (!problem)
			problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
		kp_problem_add_invalid_param(problem, "/rollen", "Kies minstens één soort steunbiedend gezin.");
	}
	const json_t *koers = json_object_get(body, "koers");
	if (koers && !json_is_null(koers)) {
		struct kp_koers k;
		json_t *kp = kp_koers_from_json(koers, "/koers", &k);
		if (kp) {
			if (!problem) {
				problem = kp;
			} else {
				size_t i;
				json_t *e;
				json_array_foreach(json_object_get(kp, "invalidParams"), i, e)
					kp_problem_add_invalid_param(problem, json_string_value(json_object_get(e, "name")),
								     json_string_value(json_object_get(e, "reason")));
				json_decref(kp);
			}
		} else {
			/* stored in its canonical form */
			json_t *canon = kp_koers_json(&k);
			*koers_text = canon ? json_dumps(canon, JSON_COMPACT) : NULL;
			json_decref(canon);
		}
	}
	return problem;
}

/*
 * Binds :koers (the canonical text, or NULL) and :koersGezet (whether the
 * body has the member: null clears it back to the first-model course).
 */
static int bind_koers(sqlite3_stmt *st, const json_t *body, const char *koers_text)
{
	int rc = SQLITE_OK;
	int at = sqlite3_bind_parameter_index(st, ":koers");
	if (at > 0 && koers_text)
		rc = sqlite3_bind_text(st, at, koers_text, -1, SQLITE_TRANSIENT);
	at = sqlite3_bind_parameter_index(st, ":koersGezet");
	if (rc == SQLITE_OK && at > 0)
		rc = sqlite3_bind_int(st, at, json_object_get(body, "koers") != NULL);
	return rc;
}

/*
 * Binds every member of body that the statement names as :member (the
 * spec's names): integers and booleans as integers, strings as text,
 * arrays and objects as compact JSON; absent members stay NULL. Also binds
 * :maxAfstandKmGezet to whether maxAfstandKm is present (null clears it).
 * Returns SQLITE_OK or the first binding error.
 */
static int bind_body(sqlite3_stmt *st, const json_t *body)
{
	int rc = SQLITE_OK;
	for (size_t i = 0; i < N_SPEC && rc == SQLITE_OK; i++) {
		char param[48];
		snprintf(param, sizeof param, ":%s", programma_spec[i].name);
		int at = sqlite3_bind_parameter_index(st, param);
		const json_t *v = json_object_get(body, programma_spec[i].name);
		if (at == 0 || !v || json_is_null(v))
			continue;
		if (json_is_boolean(v)) {
			rc = sqlite3_bind_int(st, at, json_is_true(v));
		} else if (json_is_integer(v)) {
			rc = sqlite3_bind_int64(st, at, json_integer_value(v));
		} else if (json_is_string(v)) {
			rc = sqlite3_bind_text(st, at, json_string_value(v), -1, SQLITE_TRANSIENT);
		} else {
			char *text = json_dumps(v, JSON_COMPACT);
			rc = text ? sqlite3_bind_text(st, at, text, -1, free) : SQLITE_NOMEM;
		}
	}
	int gezet = sqlite3_bind_parameter_index(st, ":maxAfstandKmGezet");
	if (rc == SQLITE_OK && gezet > 0)
		rc = sqlite3_bind_int(st, gezet, json_object_get(body, "maxAfstandKm") != NULL);
	return rc;
}

/*
 * Offers programme id in exactly the werkgebieden whose codes body's
 * "werkgebieden" lists (nothing when the member is absent), on writer w.
 * An unknown code is added to *problem (created on first use) as
 * /werkgebieden/i. Returns SQLITE_OK (also when a code was unknown) or a
 * database error.
 */
static int offer(struct kp_conn *w, int64_t id, const json_t *body, json_t **problem)
{
	const json_t *codes = json_object_get(body, "werkgebieden");
	if (!codes)
		return SQLITE_OK;
	sqlite3_stmt *st = kp_conn_stmt(w, "DELETE FROM werkgebied_programmas WHERE programma_id = ?1");
	if (!st || sqlite3_bind_int64(st, 1, id) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		return SQLITE_ERROR;
	sqlite3_reset(st);
	size_t i;
	const json_t *code;
	json_array_foreach(codes, i, code) {
		st = kp_conn_stmt(w, "INSERT OR IGNORE INTO werkgebied_programmas(werkgebied_id, programma_id) "
				     "SELECT id, ?2 FROM werkgebieden WHERE code = ?1");
		if (!st || sqlite3_bind_text(st, 1, json_string_value(code), -1, SQLITE_TRANSIENT) != SQLITE_OK ||
		    sqlite3_bind_int64(st, 2, id) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
			return SQLITE_ERROR;
		sqlite3_reset(st);
		if (sqlite3_changes(kp_conn_handle(w)) > 0)
			continue;
		st = kp_conn_stmt(w, "SELECT 1 FROM werkgebieden WHERE code = ?1");
		if (!st || sqlite3_bind_text(st, 1, json_string_value(code), -1, SQLITE_TRANSIENT) != SQLITE_OK)
			return SQLITE_ERROR;
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_ROW)
			continue; /* listed twice */
		if (rc != SQLITE_DONE)
			return rc;
		if (!*problem)
			*problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
		char ptr[40];
		snprintf(ptr, sizeof ptr, "/werkgebieden/%zu", i);
		kp_problem_add_invalid_param(*problem, ptr, "Dit werkgebied bestaat niet.");
	}
	return SQLITE_OK;
}

/*
 * Ends a write whose statement step gave rc: answers the problem (409 for
 * a name in use, else a database error) after rolling back. Returns true
 * when rc was fine and the write goes on.
 */
static bool write_ok(struct kp_request *req, struct kp_conn *w, int rc)
{
	if (rc == SQLITE_DONE || rc == SQLITE_OK)
		return true;
	kp_db_write_rollback(kp_req_server(req)->db, w);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		kp_reply_problem(req, KP_P_CONFLICT, "Er is al een programma met deze naam.");
	else
		kp_reply_db_error(req);
	return false;
}

/*
 * Offers the programme where body says, audits actie and answers with the
 * programme read on the writer (status 201 adds Location), committing.
 */
static void finish_write(struct kp_request *req, struct kp_conn *w, int64_t id, const json_t *body, const char *actie,
			 unsigned status)
{
	json_t *problem = NULL;
	int rc = offer(w, id, body, &problem);
	if (!write_ok(req, w, rc)) {
		json_decref(problem);
		return;
	}
	if (problem) {
		kp_db_write_rollback(kp_req_server(req)->db, w);
		kp_reply_problem_json(req, problem);
		return;
	}
	int64_t versie = 0;
	json_t *j = kp_req_audit(req, w, actie, "programma", id, NULL) == SQLITE_OK ? programma_json(w, NULL, id, &versie) : NULL;
	if (!kp_req_commit(req, w, j))
		return;
	if (status == 201) {
		char loc[64];
		snprintf(loc, sizeof loc, "/api/v1/programmas/%lld", (long long)id);
		kp_reply_header(req, MHD_HTTP_HEADER_LOCATION, loc);
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, status, j);
}

void api_programmas_post(struct kp_request *req)
{
	json_t *body = kp_req_body(req);
	char *koers = NULL;
	json_t *problem = validate(body, false, &koers);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w) {
		free(koers);
		return;
	}
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(w,
		"INSERT INTO programmas(naam, rollen, bedenktijd_dagen, proef_maanden, proef_weken, evaluatie_maanden, "
		"voortgangsgesprekken, max_maanden, vog_geldigheid_maanden, vog_vrijgestelde_rollen, estafette_vog_vrijgesteld, "
		"max_afstand_km, verlenging_toegestaan, gearchiveerd, gewichten, wachttijd_prioriteit, koers, aangemaakt_op, "
		"gewijzigd_op, woord_steun, woord_vraag, kandidaten) "
		"VALUES (:naam, :rollen, coalesce(:bedenktijdDagen, 7), coalesce(:proefMaanden, 0), coalesce(:proefWeken, 0), "
		"coalesce(:evaluatieMaanden, 0), coalesce(:voortgangsgesprekken, 0), :maxMaanden, "
		"coalesce(:vogGeldigheidMaanden, 36), coalesce(:vogVrijgesteldeRollen, '[]'), "
		"EXISTS (SELECT 1 FROM json_each(coalesce(:vogVrijgesteldeRollen, '[]')) WHERE value = 'estafettegezin'), "
		":maxAfstandKm, coalesce(:verlengingToegestaan, 0), coalesce(:gearchiveerd, 0), :gewichten, "
		"coalesce(:wachttijdPrioriteit, 0), :koers, :nu, :nu, "
		"coalesce(json_extract(:woorden, '$.steun'), json_extract(:rollen, '$[0]'), 'steungezin'), "
		"coalesce(json_extract(:woorden, '$.vraag'), 'vraaggezin'), coalesce(:kandidaten, 1))");
	int rc = st ? bind_body(st, body) : SQLITE_ERROR;
	if (rc == SQLITE_OK)
		rc = bind_koers(st, body, koers);
	free(koers);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":nu"), now, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (st)
		sqlite3_reset(st);
	if (!write_ok(req, w, rc))
		return;
	finish_write(req, w, sqlite3_last_insert_rowid(kp_conn_handle(w)), body, "aanmaken", 201);
}

void api_programmas_patch(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body = kp_req_body(req);
	char *koers = NULL;
	json_t *problem = validate(body, true, &koers);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w) {
		free(koers);
		return;
	}
	char now[32], versies[KP_IF_MATCH_JSON_LEN];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE programmas SET naam = coalesce(:naam, naam), rollen = coalesce(:rollen, rollen), "
		"bedenktijd_dagen = coalesce(:bedenktijdDagen, bedenktijd_dagen), proef_maanden = coalesce(:proefMaanden, proef_maanden), "
		"proef_weken = coalesce(:proefWeken, proef_weken), evaluatie_maanden = coalesce(:evaluatieMaanden, evaluatie_maanden), "
		"voortgangsgesprekken = coalesce(:voortgangsgesprekken, voortgangsgesprekken), "
		"max_maanden = coalesce(:maxMaanden, max_maanden), "
		"vog_geldigheid_maanden = coalesce(:vogGeldigheidMaanden, vog_geldigheid_maanden), "
		"vog_vrijgestelde_rollen = coalesce(:vogVrijgesteldeRollen, vog_vrijgestelde_rollen), "
		"estafette_vog_vrijgesteld = EXISTS (SELECT 1 FROM json_each(coalesce(:vogVrijgesteldeRollen, vog_vrijgestelde_rollen)) "
		"WHERE value = 'estafettegezin'), "
		"max_afstand_km = CASE WHEN :maxAfstandKmGezet = 1 THEN :maxAfstandKm ELSE max_afstand_km END, "
		"verlenging_toegestaan = coalesce(:verlengingToegestaan, verlenging_toegestaan), "
		"gearchiveerd = coalesce(:gearchiveerd, gearchiveerd), kandidaten = coalesce(:kandidaten, kandidaten), "
		"gewichten = CASE WHEN :gewichten IS NULL THEN gewichten ELSE json_patch(coalesce(gewichten, '{}'), :gewichten) END, "
		"wachttijd_prioriteit = coalesce(:wachttijdPrioriteit, wachttijd_prioriteit), "
		"koers = CASE WHEN :koersGezet = 1 THEN :koers ELSE koers END, "
		"woord_steun = coalesce(json_extract(:woorden, '$.steun'), woord_steun), "
		"woord_vraag = coalesce(json_extract(:woorden, '$.vraag'), woord_vraag), versie = versie + 1, gewijzigd_op = :nu "
		"WHERE id = :id AND (:versies IS NULL OR versie IN (SELECT value FROM json_each(:versies)))");
	int rc = st ? bind_body(st, body) : SQLITE_ERROR;
	if (rc == SQLITE_OK)
		rc = bind_koers(st, body, koers);
	free(koers);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":nu"), now, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":id"), id);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":versies"), kp_if_match_json(&im, versies, sizeof versies),
				       -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (st)
		sqlite3_reset(st);
	if (!write_ok(req, w, rc))
		return;
	if (sqlite3_changes(kp_conn_handle(w)) == 0) {
		int64_t cur;
		json_t *exists = programma_json(w, NULL, id, &cur);
		kp_db_write_rollback(srv->db, w);
		if (exists)
			kp_reply_problem(req, KP_P_PRECONDITION_FAILED, "Iemand anders heeft dit programma intussen gewijzigd. Laad opnieuw.");
		else
			kp_reply_problem(req, KP_P_NOT_FOUND, "Dit programma bestaat niet.");
		json_decref(exists);
		return;
	}
	finish_write(req, w, id, body, "wijzigen", 200);
}

void api_programmas_delete(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT EXISTS (SELECT 1 FROM koppelingen WHERE programma_id = ?1) "
					   "OR EXISTS (SELECT 1 FROM matchrondes WHERE programma_id = ?1) FROM programmas WHERE id = ?1");
	int rc = st ? sqlite3_bind_int64(st, 1, id) : SQLITE_ERROR;
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	bool used = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	if (st)
		sqlite3_reset(st);
	if (rc == SQLITE_DONE || used) {
		kp_db_write_rollback(srv->db, w);
		if (used)
			kp_reply_problem(req, KP_P_CONFLICT,
					 "Dit programma is gebruikt voor een koppeling of matchronde en kan niet weg: archiveer het.");
		else
			kp_reply_problem(req, KP_P_NOT_FOUND, "Dit programma bestaat niet.");
		return;
	}
	if (rc != SQLITE_ROW) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	/* The programme's cost settings for the effect report and its targets go with it. */
	static const char *const deletes[] = { "DELETE FROM werkgebied_programmas WHERE programma_id = ?1",
					       "DELETE FROM programma_kosten WHERE programma_id = ?1",
					       "DELETE FROM doelen WHERE programma_id = ?1",
					       "DELETE FROM programmas WHERE id = ?1" };
	rc = SQLITE_DONE;
	for (size_t i = 0; i < sizeof deletes / sizeof deletes[0] && rc == SQLITE_DONE; i++) {
		st = kp_conn_stmt(w, deletes[i]);
		rc = st ? sqlite3_bind_int64(st, 1, id) : SQLITE_ERROR;
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		if (st)
			sqlite3_reset(st);
	}
	if (rc != SQLITE_DONE || kp_req_audit(req, w, "verwijderen", "programma", id, NULL) != SQLITE_OK) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	if (kp_db_write_commit(srv->db, w) != SQLITE_OK) {
		kp_reply_db_error(req);
		return;
	}
	kp_reply_static(req, 204, NULL, "", 0);
}

/* This file's request specs, for the body fuzz target (json_spec.h). */
const struct kp_spec kp_specs_programmas[] = {
	KP_SPEC(programma_spec),
	{ NULL, NULL, 0 },
};
