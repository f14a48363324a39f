/*
 * api_wachtlijst.c - a vraaggezin on the wachtlijst: its urgency, the named
 * contact person while it waits and the moments it was told about its wait.
 *
 *   GET  /api/v1/gezinnen/{id}/wachten            urgency, contact person, the "geïnformeerd" log,
 *                                                 the flag and the possible contact persons (audited)
 *   PUT  /api/v1/gezinnen/{id}/wachten            urgency and contact person; If-Match once set -> 200, ETag
 *   POST /api/v1/gezinnen/{id}/wachten/berichten  "told about the wait": op, wijze, notitie -> 201
 *
 * Visible like every part of a gezin (scope.h): another werkgebied's ids
 * answer 404 like ids that do not exist, decided in the statements that read
 * and write. The contact person must be a user who can see the family (an
 * active coordinator of its werkgebied or a beheerder), checked in the
 * statement that stores it; otherwise 422 naming /contactpersoon. The rules
 * (urgencies, order, flag) live in wachtlijst.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "db.h"
#include "http.h"
#include "json_spec.h"
#include "problem.h"
#include "scope.h"
#include "server.h"
#include "util.h"
#include "wachtlijst.h"

#define WACHTEND_STATUS "('aangemeld', 'intake', 'wachtend')"

static const struct kp_field wachten_spec[] = {
	{ .name = "urgentie", .type = KP_F_STRING, .required = true, .one_of = kp_wacht_urgenties_codes },
	{ .name = "contactpersoon", .type = KP_F_INTEGER, .required = true, .nullable = true, .min = 1, .max = INT64_MAX },
};

static const struct kp_field bericht_spec[] = {
	{ .name = "op", .type = KP_F_STRING, .required = true, .check = kp_check_date },
	{ .name = "wijze", .type = KP_F_STRING, .required = true, .one_of = kp_wacht_wijzen_codes },
	{ .name = "notitie", .type = KP_F_STRING, .nullable = true, .max_len = 500 },
};

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* The told-about-the-wait moments of gezin id, newest first; NULL on a database error. */
static json_t *berichten_json(struct kp_conn *c, int64_t id)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT id, op, wijze, notitie, gebruikersnaam, aangemaakt_op "
					   "FROM wachtlijst_berichten WHERE gezin_id = ?1 ORDER BY op DESC, id DESC");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	json_t *arr = json_array();
	int rc;
	while (arr && (rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s}", "id",
						     (json_int_t)sqlite3_column_int64(st, 0), "op", col(st, 1), "wijze",
						     col(st, 2), "notitie", col(st, 3), "door", col(st, 4), "vastgelegdOp",
						     col(st, 5)));
	sqlite3_reset(st);
	if (arr && rc != SQLITE_DONE) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* The users who may be gezin id's contact person ({id, naam}, by name); NULL on a database error. */
static json_t *kandidaten_json(struct kp_conn *c, int64_t id)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT u.id, u.naam FROM gebruikers u, gezinnen g WHERE g.id = ?1 AND "
					   KP_SQL_WACHT_CONTACT_GELDIG("u.id", "g.werkgebied_id")
					   " ORDER BY u.naam COLLATE NOCASE, u.id");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	json_t *arr = json_array();
	int rc;
	while (arr && (rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr, json_pack("{s:I, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0), "naam",
						     col(st, 1)));
	sqlite3_reset(st);
	if (arr && rc != SQLITE_DONE) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* What wachten_json found. */
struct wachten {
	bool gevonden;     /* visible to the caller */
	bool vraaggezin;
	int64_t versie;    /* 0: no urgency or contact person set yet */
};

/*
 * The wachten resource of gezin id as principal p (NULL: everything) sees
 * it on date today, visibility in the same statement. Returns the object,
 * or NULL with w->gevonden false (not visible or no such gezin) or, when
 * w->gevonden is true, on a database error; *db_error tells the two apart.
 */
static json_t *wachten_json(struct kp_conn *c, const struct kp_principal *p, int64_t id, const char *today,
			    struct wachten *w, bool *db_error)
{
	memset(w, 0, sizeof *w);
	*db_error = false;
	sqlite3_stmt *st = kp_scope_stmt(
		c,
		"SELECT g.rol, g.status IN " WACHTEND_STATUS ", g.aangemeld_op, coalesce(wl.urgentie, '"
		KP_WACHT_URGENTIE_STANDAARD "'), wl.contactpersoon_id, cp.naam, coalesce(wl.versie, 0), wl.gewijzigd_op, "
		"wl.contactpersoon_id IS NOT NULL AND " KP_SQL_WACHT_CONTACT_GELDIG("wl.contactpersoon_id", "g.werkgebied_id") ", "
		"(SELECT max(b.op) FROM wachtlijst_berichten b WHERE b.gezin_id = g.id), "
		"CAST(julianday(?2) - julianday(g.aangemeld_op) AS INTEGER) "
		"FROM gezinnen g LEFT JOIN wachtlijst wl ON wl.gezin_id = g.id LEFT JOIN gebruikers cp ON cp.id = wl.contactpersoon_id "
		"WHERE g.id = ?1 AND " KP_SQL_GEZIN_ZICHTBAAR("g"),
		p);
	if (!st) {
		*db_error = true;
		return NULL;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		*db_error = rc != SQLITE_DONE;
		return NULL;
	}
	w->gevonden = true;
	w->vraaggezin = strcmp(col(st, 0), "vraaggezin") == 0;
	w->versie = sqlite3_column_int64(st, 6);
	const char *urgentie = col(st, 3), *laatst = col(st, 9);
	bool wacht = w->vraaggezin && sqlite3_column_int(st, 1);
	json_t *contact = sqlite3_column_type(st, 4) == SQLITE_NULL
				  ? json_null()
				  : json_pack("{s:I, s:s?}", "id", (json_int_t)sqlite3_column_int64(st, 4), "naam", col(st, 5));
	enum kp_wacht_signaal s = kp_wacht_signaal(sqlite3_column_int(st, 8) != 0, laatst, col(st, 2), today);
	json_t *o = json_pack("{s:I, s:b, s:s, s:s, s:o, s:s?, s:s?, s:I, s:I, s:s?}", "gezin", (json_int_t)id, "wacht",
			      wacht, "urgentie", urgentie, "urgentieNaam", kp_vocab_naam(&kp_wacht_urgenties, urgentie),
			      "contactpersoon", contact ? contact : json_null(), "laatstGeinformeerdOp", laatst, "signaal",
			      wacht ? kp_wacht_signaal_code(s) : NULL, "wachtdagen", (json_int_t)sqlite3_column_int64(st, 10),
			      "versie", (json_int_t)w->versie, "gewijzigdOp", col(st, 7));
	sqlite3_reset(st);
	json_t *berichten = o ? berichten_json(c, id) : NULL;
	json_t *kandidaten = berichten ? kandidaten_json(c, id) : NULL;
	if (!kandidaten) {
		json_decref(o);
		json_decref(berichten);
		*db_error = true;
		return NULL;
	}
	json_object_set_new(o, "berichten", berichten);
	json_object_set_new(o, "contactpersonen", kandidaten);
	return o;
}

void api_wachten_get(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	char t[16];
	kp_today(t);
	struct wachten w;
	bool dberr;
	json_t *o = wachten_json(c, kp_req_principal(req), id, t, &w, &dberr);
	kp_db_read_end(srv->db, c);
	if (!o) {
		if (dberr)
			kp_reply_db_error(req);
		else
			kp_reply_problem(req, KP_P_NOT_FOUND, "Dit gezin bestaat niet.");
		return;
	}
	if (w.versie > 0)
		kp_reply_etag(req, w.versie);
	kp_reply_json(req, 200, o);
	kp_req_audit_read(req, "lezen", "wachten", id, NULL);
}

/*
 * The checks every write shares, inside the write transaction w: the gezin
 * visible, a vraaggezin, not anonymised. Fills *s and returns 0, or answers
 * (404, 409, 503) and returns the status after rolling w back.
 */
static int write_checks(struct kp_request *req, struct kp_conn *w, int64_t id, const char *today, struct wachten *s)
{
	struct kp_server *srv = kp_req_server(req);
	bool dberr;
	json_t *o = wachten_json(w, kp_req_principal(req), id, today, s, &dberr);
	json_decref(o);
	int status = 0;
	if (!o && dberr) {
		kp_reply_db_error(req);
		status = 503;
	} else if (!o) {
		kp_reply_problem(req, KP_P_NOT_FOUND, "Dit gezin bestaat niet.");
		status = 404;
	} else if (!s->vraaggezin) {
		kp_reply_problem(req, KP_P_CONFLICT, "Alleen een vraaggezin staat op de wachtlijst.");
		status = 409;
	} else {
		int anon = kp_gezin_geanonimiseerd(w, id);
		if (anon < 0) {
			kp_reply_db_error(req);
			status = 503;
		} else if (anon > 0) {
			kp_reply_problem(req, KP_P_CONFLICT, KP_GEANONIMISEERD);
			status = 409;
		}
	}
	if (status)
		kp_db_write_rollback(srv->db, w);
	return status;
}

/* Reads the wachten resource back inside w, commits and answers it with status and its ETag. */
static void answer_written(struct kp_request *req, struct kp_conn *w, int64_t id, const char *today, int status)
{
	struct wachten s;
	bool dberr;
	json_t *o = wachten_json(w, NULL, id, today, &s, &dberr);
	if (!kp_req_commit(req, w, o))
		return;
	if (status == 201) {
		char loc[80];
		snprintf(loc, sizeof loc, "/api/v1/gezinnen/%lld/wachten", (long long)id);
		kp_reply_header(req, "Location", loc);
	}
	if (s.versie > 0)
		kp_reply_etag(req, s.versie);
	kp_reply_json(req, status, o);
}

void api_wachten_put(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	/* If-Match is needed once urgency and contact person are set; before that it may be absent */
	struct kp_if_match im;
	bool has_im = kp_req_header(req, "If-Match") != NULL;
	if (has_im && !kp_req_if_match(req, &im))
		return;
	json_t *body;
	struct kp_conn *w = kp_req_write_body(req, wachten_spec, sizeof wachten_spec / sizeof wachten_spec[0], false, &body);
	if (!w)
		return;
	struct kp_server *srv = kp_req_server(req);
	char t[16], now[32];
	kp_today(t);
	kp_format_time(kp_now(), now);
	struct wachten s;
	if (write_checks(req, w, id, t, &s) != 0)
		return;
	if (s.versie > 0 && !has_im) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_PRECONDITION_REQUIRED,
				 "Stuur de versie mee die je hebt gelezen (If-Match met de ETag), zodat je geen "
				 "wijziging van een ander overschrijft.");
		return;
	}
	if (has_im && (s.versie == 0 ? !im.any && im.n > 0 : !kp_if_match_ok(&im, s.versie))) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_PRECONDITION_FAILED,
				 "Iemand anders heeft de wachtlijstgegevens van dit gezin intussen gewijzigd. Laad opnieuw "
				 "en probeer het nog eens.");
		return;
	}
	/* visibility, the contact person's right to see the family and the version in the statement that writes */
	json_t *cp = json_object_get(body, "contactpersoon");
	sqlite3_stmt *st = kp_scope_stmt(
		w,
		"INSERT INTO wachtlijst(gezin_id, urgentie, contactpersoon_id, versie, gewijzigd_op, gebruikersnaam) "
		"SELECT g.id, ?2, ?3, 1, ?4, ?5 FROM gezinnen g WHERE g.id = ?1 AND g.rol = 'vraaggezin' AND "
		KP_SQL_GEZIN_ZICHTBAAR("g") " AND (?3 IS NULL OR " KP_SQL_WACHT_CONTACT_GELDIG("?3", "g.werkgebied_id") ") "
		"ON CONFLICT(gezin_id) DO UPDATE SET urgentie = excluded.urgentie, "
		"contactpersoon_id = excluded.contactpersoon_id, versie = wachtlijst.versie + 1, "
		"gewijzigd_op = excluded.gewijzigd_op, gebruikersnaam = excluded.gebruikersnaam WHERE wachtlijst.versie = :versie",
		kp_req_principal(req));
	int rc = SQLITE_ERROR, changed = 0;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, json_string_value(json_object_get(body, "urgentie")), -1, SQLITE_TRANSIENT);
		if (json_is_integer(cp))
			sqlite3_bind_int64(st, 3, json_integer_value(cp));
		sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
		struct kp_actor actor = kp_req_actor(req);
		sqlite3_bind_text(st, 5, actor.gebruikersnaam, -1, SQLITE_TRANSIENT);
		/* named: a numbered parameter after the scope fragment would share the index of :kp_alles */
		sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":versie"), s.versie);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		changed = sqlite3_changes(kp_conn_handle(w));
		sqlite3_reset(st);
	}
	if (rc != SQLITE_OK) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	if (changed != 1) { /* visible and at this version (checked above): the contact person may not see the family */
		kp_db_write_rollback(srv->db, w);
		json_t *pr = kp_problem_json(KP_P_UNPROCESSABLE, "Kies een contactpersoon die dit gezin kan zien.");
		kp_problem_add_invalid_param(pr, "/contactpersoon",
					     "Kies een coördinator van het werkgebied van dit gezin (of een beheerder).");
		kp_reply_problem_json(req, pr);
		return;
	}
	json_t *d = json_pack("{s:s, s:b}", "urgentie", json_string_value(json_object_get(body, "urgentie")),
			      "contactpersoon", json_is_integer(cp));
	char *details = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	rc = details ? kp_req_audit(req, w, s.versie ? "wijzigen" : "aanmaken", "wachten", id, details) : SQLITE_NOMEM;
	free(details);
	if (rc != SQLITE_OK) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	answer_written(req, w, id, t, 200);
}

void api_wachten_bericht_post(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	json_t *body;
	struct kp_conn *w = kp_req_write_body(req, bericht_spec, sizeof bericht_spec / sizeof bericht_spec[0], false, &body);
	if (!w)
		return;
	struct kp_server *srv = kp_req_server(req);
	char t[16], now[32];
	kp_today(t);
	kp_format_time(kp_now(), now);
	const char *op = json_string_value(json_object_get(body, "op"));
	if (strcmp(op, t) > 0) {
		kp_db_write_rollback(srv->db, w);
		json_t *pr = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
		kp_problem_add_invalid_param(pr, "/op", "Ligt in de toekomst.");
		kp_reply_problem_json(req, pr);
		return;
	}
	struct wachten s;
	if (write_checks(req, w, id, t, &s) != 0)
		return;
	struct kp_actor actor = kp_req_actor(req);
	sqlite3_stmt *st = kp_scope_stmt(w,
					 "INSERT INTO wachtlijst_berichten(gezin_id, op, wijze, notitie, gebruiker_id, "
					 "gebruikersnaam, aangemaakt_op) SELECT g.id, ?2, ?3, ?4, ?5, ?6, ?7 FROM gezinnen g "
					 "WHERE g.id = ?1 AND g.rol = 'vraaggezin' AND " KP_SQL_GEZIN_ZICHTBAAR("g"),
					 kp_req_principal(req));
	int rc = SQLITE_ERROR;
	if (st) {
		const char *notitie = json_string_value(json_object_get(body, "notitie"));
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, op, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, json_string_value(json_object_get(body, "wijze")), -1, SQLITE_TRANSIENT);
		if (notitie && *notitie)
			sqlite3_bind_text(st, 4, notitie, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, actor.gebruiker_id);
		sqlite3_bind_text(st, 6, actor.gebruikersnaam, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, now, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(kp_conn_handle(w)) == 1 ? SQLITE_OK : SQLITE_ERROR;
		sqlite3_reset(st);
	}
	int64_t bid = sqlite3_last_insert_rowid(kp_conn_handle(w));
	char details[96];
	snprintf(details, sizeof details, "{\"bericht\":%lld}", (long long)bid);
	if (rc == SQLITE_OK)
		rc = kp_req_audit(req, w, "aanmaken", "wachten", id, details);
	if (rc != SQLITE_OK) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	answer_written(req, w, id, t, 201);
}

json_t *kp_wachten_inzage_json(struct kp_conn *c, int64_t id, const char *today)
{
	struct wachten s;
	bool dberr;
	json_t *o = wachten_json(c, NULL, id, today, &s, &dberr);
	if (o)
		json_object_del(o, "contactpersonen"); /* the coordinators who could be named are not the family's data */
	return o;
}

/* This file's request specs, for the body fuzz target (json_spec.h). */
const struct kp_spec kp_specs_wachtlijst[] = {
	KP_SPEC(wachten_spec),
	KP_SPEC(bericht_spec),
	{ NULL, NULL, 0 },
};
