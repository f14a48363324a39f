/*
 * api_gezinsplan.c - the gezinsplan of a vraaggezin (gezinsplan.h, schema 0026).
 *
 *   GET  /api/v1/gezinnen/{id}/gezinsplan                  the current plan (plan null before the first), ETag,
 *                                                         its progress and the list of versions
 *   PUT  /api/v1/gezinnen/{id}/gezinsplan                  the whole plan as a new version; If-Match once a plan
 *                                                         exists (428 without, 412 on a stale version)
 *   POST /api/v1/gezinnen/{id}/gezinsplan/evaluaties       If-Match; new latest scores as a new version
 *   GET  /api/v1/gezinnen/{id}/gezinsplan/versies          every version: who stored it, when, why
 *   GET  /api/v1/gezinnen/{id}/gezinsplan/versies/{n}      one version as it was stored
 *
 * Visible like every part of a gezin, in the same statement (scope.h): a
 * gezin of another werkgebied, or one that was never a vraaggezin, answers
 * 404 like an id that does not exist. Every read and write is audited with
 * the gezin's id in its details, so the family's inzage lists it. A version
 * is never changed or deleted (the triggers of 0026), except by
 * anonymisation (kp_gezinsplan_wis).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "db.h"
#include "gezinsplan.h"
#include "http.h"
#include "scope.h"
#include "server.h"
#include "util.h"

#define NIET_GEVONDEN "Dit vraaggezin bestaat niet."

/* One version (or the absence of a plan) as read by lees_versie. */
struct versie_rij {
	bool gezin;      /* the gezin exists, is visible and is (or was) a vraaggezin */
	bool anoniem;    /* the gezin is anonymised */
	int64_t versie;  /* 0: no such version (or no plan yet) */
	json_t *plan;    /* the stored document (new reference), NULL when versie is 0 */
	json_t *meta;    /* {versie, soort, vastgelegdOp, door} (new reference), NULL when versie is 0 */
};

static void versie_rij_free(struct versie_rij *r)
{
	json_decref(r->plan);
	json_decref(r->meta);
	r->plan = r->meta = NULL;
}

/*
 * Reads version n (0: the current one) of gezin id's plan on c, visible to
 * p (NULL: all) in the same statement. Returns SQLITE_OK with *out filled
 * (out->gezin false when the gezin is not there for p), or an error.
 */
static int lees_versie(struct kp_conn *c, const struct kp_principal *p, int64_t id, int64_t n, struct versie_rij *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = kp_scope_stmt(
		c,
		"SELECT g.geanonimiseerd_op IS NOT NULL, v.versie, v.soort, v.plan, v.gebruikersnaam, v.tijd "
		"FROM gezinnen g LEFT JOIN gezinsplan_versies v ON v.gezin_id = g.id AND v.versie = "
		"CASE WHEN :n > 0 THEN :n ELSE (SELECT max(m.versie) FROM gezinsplan_versies m WHERE m.gezin_id = g.id) END "
		"WHERE g.id = :id AND " KP_SQL_GEZIN_ZICHTBAAR("g") " AND (g.rol = 'vraaggezin' OR EXISTS "
		"(SELECT 1 FROM gezin_rollen r WHERE r.gezin_id = g.id AND r.rol = 'vraaggezin'))",
		p);
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":id"), id);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":n"), n);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->gezin = true;
		out->anoniem = sqlite3_column_int(st, 0) != 0;
		if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
			out->versie = sqlite3_column_int64(st, 1);
			out->plan = json_loads((const char *)sqlite3_column_text(st, 3), 0, NULL);
			out->meta = json_pack("{s:I, s:s, s:s, s:s?}", "versie", (json_int_t)out->versie, "soort",
					      (const char *)sqlite3_column_text(st, 2), "vastgelegdOp",
					      (const char *)sqlite3_column_text(st, 5), "door",
					      (const char *)sqlite3_column_text(st, 4));
		}
		rc = SQLITE_DONE;
		if (out->versie && (!out->plan || !out->meta))
			rc = SQLITE_NOMEM;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		versie_rij_free(out);
		return rc == SQLITE_NOMEM ? rc : SQLITE_ERROR;
	}
	return SQLITE_OK;
}

/*
 * Every version of gezin id's plan, oldest first, as {versie, soort,
 * vastgelegdOp, door}, visible to p in the same statement. Returns the
 * array, or NULL with *seen 0 when the gezin is not there for p, or NULL
 * with *seen -1 on an error.
 */
static json_t *versies_json(struct kp_conn *c, const struct kp_principal *p, int64_t id, int *seen)
{
	*seen = -1;
	sqlite3_stmt *st = kp_scope_stmt(
		c,
		"SELECT v.versie, v.soort, v.tijd, v.gebruikersnaam FROM gezinnen g "
		"LEFT JOIN gezinsplan_versies v ON v.gezin_id = g.id "
		"WHERE g.id = :id AND " KP_SQL_GEZIN_ZICHTBAAR("g") " AND (g.rol = 'vraaggezin' OR EXISTS "
		"(SELECT 1 FROM gezin_rollen r WHERE r.gezin_id = g.id AND r.rol = 'vraaggezin')) ORDER BY v.versie",
		p);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":id"), id);
	json_t *arr = json_array();
	bool rij = false;
	int rc;
	while (arr && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rij = true;
		if (sqlite3_column_type(st, 0) == SQLITE_NULL)
			continue;
		if (json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s?}", "versie",
							 (json_int_t)sqlite3_column_int64(st, 0), "soort",
							 (const char *)sqlite3_column_text(st, 1), "vastgelegdOp",
							 (const char *)sqlite3_column_text(st, 2), "door",
							 (const char *)sqlite3_column_text(st, 3))) != 0)
			rc = SQLITE_NOMEM;
	}
	sqlite3_reset(st);
	if (!arr || rc != SQLITE_DONE) {
		json_decref(arr);
		return NULL;
	}
	if (!rij) {
		json_decref(arr);
		*seen = 0;
		return NULL;
	}
	*seen = 1;
	return arr;
}

/* A version's answer: its meta members, "gezin", "plan" and "voortgang". Takes nothing; NULL when out of memory. */
static json_t *versie_body(int64_t id, const struct versie_rij *r)
{
	json_t *o = r->meta ? json_deep_copy(r->meta)
			    : json_pack("{s:I, s:s?, s:s?, s:s?}", "versie", (json_int_t)0, "soort", NULL, "vastgelegdOp",
					NULL, "door", NULL);
	json_t *voortgang = r->plan ? kp_gezinsplan_voortgang(r->plan) : json_null();
	if (!o || !voortgang || json_object_set_new(o, "gezin", json_integer(id)) != 0 ||
	    json_object_set(o, "plan", r->plan ? r->plan : json_null()) != 0 ||
	    json_object_set_new(o, "voortgang", voortgang) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The audit details naming gezin id (and version n when not 0), as a new string or NULL. */
static char *details(int64_t id, int64_t n, const char *soort)
{
	json_t *d = json_pack("{s:I}", "gezin", (json_int_t)id);
	if (d && n)
		json_object_set_new(d, "versie", json_integer(n));
	if (d && soort)
		json_object_set_new(d, "soort", json_string(soort));
	char *s = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	return s;
}

/* Records the audited read of gezin id's plan (version n, 0: current) after the answer. */
static void audit_read(struct kp_request *req, int64_t id, int64_t n)
{
	char *d = details(id, n, NULL);
	kp_req_audit_read(req, "lezen", "gezinsplan", id, d);
	free(d);
}

void api_gezinsplan_get(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	struct versie_rij r;
	int rc = lees_versie(c, kp_req_principal(req), id, 0, &r);
	int seen = 0;
	json_t *versies = rc == SQLITE_OK && r.gezin ? versies_json(c, NULL, id, &seen) : NULL;
	kp_db_read_end(srv->db, c);
	if (rc == SQLITE_OK && !r.gezin) {
		kp_reply_problem(req, KP_P_NOT_FOUND, NIET_GEVONDEN);
		return;
	}
	json_t *body = rc == SQLITE_OK && versies ? versie_body(id, &r) : NULL;
	versie_rij_free(&r);
	if (!body || json_object_set_new(body, "versies", versies) != 0) {
		if (!body)
			json_decref(versies);
		json_decref(body);
		kp_reply_db_error(req);
		return;
	}
	kp_reply_etag(req, json_integer_value(json_object_get(body, "versie")));
	kp_reply_json(req, 200, body);
	audit_read(req, id, 0);
}

void api_gezinsplan_versies_list(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	int seen = -1;
	json_t *versies = versies_json(c, kp_req_principal(req), id, &seen);
	kp_db_read_end(srv->db, c);
	if (!versies) {
		if (seen == 0)
			kp_reply_problem(req, KP_P_NOT_FOUND, NIET_GEVONDEN);
		else
			kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, json_pack("{s:I, s:o}", "gezin", (json_int_t)id, "versies", versies));
	audit_read(req, id, 0);
}

void api_gezinsplan_versie_get(struct kp_request *req)
{
	int64_t id, n;
	if (!kp_req_id(req, "id", &id) || !kp_req_id(req, "n", &n))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	struct versie_rij r;
	int rc = lees_versie(c, kp_req_principal(req), id, n, &r);
	kp_db_read_end(srv->db, c);
	if (rc != SQLITE_OK) {
		kp_reply_db_error(req);
		return;
	}
	if (!r.gezin || !r.versie) {
		kp_reply_problem(req, KP_P_NOT_FOUND, r.gezin ? "Deze versie van het gezinsplan bestaat niet." : NIET_GEVONDEN);
		versie_rij_free(&r);
		return;
	}
	json_t *body = versie_body(id, &r);
	versie_rij_free(&r);
	if (!body) {
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, body);
	audit_read(req, id, n);
}

enum schrijf_soort { SCHRIJF_PLAN, SCHRIJF_EVALUATIE };

/*
 * Stores a new version of gezin id's plan from the request body: the whole
 * plan (PUT) or an evaluation (POST .../evaluaties). Answers it as the GET
 * does, or the problem.
 */
static void schrijf(struct kp_request *req, enum schrijf_soort soort)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_if_match im;
	bool heeft_im = kp_req_header(req, "If-Match") != NULL;
	if (heeft_im && !kp_req_if_match(req, &im))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = soort == SCHRIJF_PLAN
				  ? kp_json_validate(body, kp_gezinsplan_spec, kp_gezinsplan_spec_count, false)
				  : kp_json_validate(body, kp_gezinsplan_evaluatie_spec, kp_gezinsplan_evaluatie_spec_count,
						     false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	struct versie_rij r;
	if (lees_versie(w, kp_req_principal(req), id, 0, &r) != SQLITE_OK) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	enum kp_problem fout = KP_P_COUNT;
	const char *waarom = NULL;
	if (!r.gezin) {
		fout = KP_P_NOT_FOUND;
		waarom = NIET_GEVONDEN;
	} else if (r.anoniem) {
		fout = KP_P_CONFLICT;
		waarom = KP_GEANONIMISEERD;
	} else if (soort == SCHRIJF_EVALUATIE && r.versie == 0) {
		fout = KP_P_CONFLICT;
		waarom = "Dit gezin heeft nog geen gezinsplan; stel eerst een plan op.";
	} else if (r.versie > 0 && !heeft_im) {
		fout = KP_P_PRECONDITION_REQUIRED;
		waarom = "Stuur de versie die je las mee (If-Match), zodat geen wijziging van een ander verloren gaat.";
	} else if (heeft_im && (r.versie == 0 ? !im.any : !kp_if_match_ok(&im, r.versie))) {
		fout = KP_P_PRECONDITION_FAILED;
		waarom = "Iemand anders heeft dit gezinsplan intussen gewijzigd. Laad opnieuw en probeer het nog eens.";
	}
	if (fout != KP_P_COUNT) {
		versie_rij_free(&r);
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, fout, "%s", waarom);
		return;
	}
	char t[16], now[32];
	kp_today(t);
	kp_format_time(kp_now(), now);
	json_t *doc = soort == SCHRIJF_PLAN ? kp_gezinsplan_maak(body, r.plan, t, &problem)
					    : kp_gezinsplan_evalueer(r.plan, body, t, &problem);
	int64_t nieuw = r.versie + 1;
	versie_rij_free(&r);
	if (!doc) {
		kp_db_write_rollback(srv->db, w);
		if (problem)
			kp_reply_problem_json(req, problem);
		else
			kp_reply_db_error(req);
		return;
	}
	const char *wat = soort == SCHRIJF_EVALUATIE ? "evaluatie" : nieuw == 1 ? "opgesteld" : "gewijzigd";
	char *tekst = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	struct kp_actor actor = kp_req_actor(req);
	sqlite3_stmt *st = tekst ? kp_conn_stmt(w, "INSERT INTO gezinsplan_versies(gezin_id, versie, soort, plan, "
						   "gebruikersnaam, tijd) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
				 : NULL;
	int rc = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, nieuw);
		sqlite3_bind_text(st, 3, wat, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, tekst, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, actor.gebruikersnaam, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		sqlite3_reset(st);
	}
	free(tekst);
	char *d = rc == SQLITE_OK ? details(id, nieuw, wat) : NULL;
	if (rc == SQLITE_OK)
		rc = d ? kp_req_audit(req, w, nieuw == 1 ? "aanmaken" : "wijzigen", "gezinsplan", id, d) : SQLITE_NOMEM;
	free(d);
	json_t *out = NULL;
	int seen = 0;
	json_t *versies = NULL;
	if (rc == SQLITE_OK && lees_versie(w, NULL, id, 0, &r) == SQLITE_OK) {
		versies = versies_json(w, NULL, id, &seen);
		out = versies ? versie_body(id, &r) : NULL;
		versie_rij_free(&r);
		if (out && json_object_set_new(out, "versies", versies) != 0) {
			json_decref(out);
			out = NULL;
		} else if (!out) {
			json_decref(versies);
		}
	}
	/* out is NULL after any failure above: kp_req_commit then rolls back and answers 503 */
	if (!kp_req_commit(req, w, out))
		return;
	kp_reply_etag(req, nieuw);
	kp_reply_json(req, nieuw == 1 ? 201 : 200, out);
}

void api_gezinsplan_put(struct kp_request *req)
{
	schrijf(req, SCHRIJF_PLAN);
}

void api_gezinsplan_evaluatie_post(struct kp_request *req)
{
	schrijf(req, SCHRIJF_EVALUATIE);
}

int kp_gezinsplan_wis(struct kp_conn *w, int64_t gezin_id)
{
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT id, plan FROM gezinsplan_versies WHERE gezin_id = ?1 ORDER BY id");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, gezin_id);
	/* collect first: the update below uses the connection's statements too */
	json_t *rijen = json_array();
	int rc;
	while (rijen && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *plan = json_loads((const char *)sqlite3_column_text(st, 1), 0, NULL);
		json_t *anon = plan ? kp_gezinsplan_anoniem(plan) : NULL;
		json_decref(plan);
		char *tekst = anon ? json_dumps(anon, JSON_COMPACT) : NULL;
		json_decref(anon);
		if (!tekst || json_array_append_new(rijen, json_pack("{s:I, s:s}", "id",
								     (json_int_t)sqlite3_column_int64(st, 0), "plan",
								     tekst)) != 0)
			rc = SQLITE_NOMEM;
		free(tekst);
		if (rc == SQLITE_NOMEM)
			break;
	}
	sqlite3_reset(st);
	if (!rijen || rc != SQLITE_DONE) {
		json_decref(rijen);
		return rc == SQLITE_DONE ? SQLITE_NOMEM : rc;
	}
	rc = SQLITE_OK;
	size_t i;
	json_t *rij;
	json_array_foreach(rijen, i, rij)
	{
		st = kp_conn_stmt(w, "UPDATE gezinsplan_versies SET plan = ?2 WHERE id = ?1");
		if (!st) {
			rc = SQLITE_ERROR;
			break;
		}
		sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(rij, "id")));
		sqlite3_bind_text(st, 2, json_string_value(json_object_get(rij, "plan")), -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		sqlite3_reset(st);
		if (rc != SQLITE_OK)
			break;
	}
	json_decref(rijen);
	return rc;
}

const struct kp_spec kp_specs_gezinsplan[] = {
	{ "gezinsplan", kp_gezinsplan_spec, KP_GEZINSPLAN_VELDEN },
	{ "gezinsplan_evaluatie", kp_gezinsplan_evaluatie_spec, KP_GEZINSPLAN_EVALUATIE_VELDEN },
	{ NULL, NULL, 0 },
};
