/*
 * api_werkgebieden.c - the regions/municipalities an organisation works in.
 *
 *   GET   /api/v1/werkgebieden        all werkgebieden (every role: names are not personal data)
 *   POST  /api/v1/werkgebieden        {"code","naam","gemeenten"?} -> 201 (beheerder)
 *   GET   /api/v1/werkgebieden/{id}   one, with ETag
 *   PATCH /api/v1/werkgebieden/{id}   If-Match; {"naam"?, "gemeenten"?} (beheerder; the code never changes)
 *
 * "gemeenten" is the list of gemeenten the werkgebied covers (gemeenten.h):
 * its families pick their gemeente from it. A write replaces the list; a
 * gemeente dropped from it while families of the werkgebied live there is
 * refused with 409 naming it.
 */
#include <stdio.h>

#include "api.h"
#include "db.h"
#include "gemeenten.h"
#include "gebruikers.h"
#include "http.h"
#include "json_spec.h"
#include "server.h"
#include "util.h"

static const struct kp_field werkgebied_spec[] = {
	{ .name = "code", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = 32,
	  .check = kp_werkgebied_code_check },
	{ .name = "naam", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = KP_NAAM_MAX },
	{ .name = "gemeenten", .type = KP_F_STRING_ARRAY, .min_len = 1, .max_len = KP_GEMEENTE_MAX, .max_items = 200 },
};
static const struct kp_field rename_spec[] = {
	{ .name = "naam", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = KP_NAAM_MAX },
	{ .name = "gemeenten", .type = KP_F_STRING_ARRAY, .min_len = 1, .max_len = KP_GEMEENTE_MAX, .max_items = 200 },
};

/* Adds werkgebied object j's "gemeenten" (its list) read on c; false on an error. */
static bool add_gemeenten(struct kp_conn *c, json_t *j)
{
	json_int_t id = json_integer_value(json_object_get(j, "id"));
	json_t *g = kp_werkgebied_gemeenten_json(c, (int64_t)id);
	return g && json_object_set_new(j, "gemeenten", g) == 0;
}

void api_werkgebieden_list(struct kp_request *req)
{
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_db_read_begin(srv->db);
	json_t *arr = c ? kp_werkgebieden_json(c) : NULL;
	size_t i;
	json_t *wg;
	json_array_foreach(arr, i, wg) if (!add_gemeenten(c, wg)) {
		json_decref(arr);
		arr = NULL;
		break;
	}
	if (c)
		kp_db_read_end(srv->db, c);
	if (!arr) {
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, json_pack("{s:o}", "werkgebieden", arr));
}

void api_werkgebieden_get(struct kp_request *req)
{
	int64_t id, versie = 0;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	json_t *j = kp_werkgebied_json(c, id, &versie);
	if (j && !add_gemeenten(c, j)) {
		json_decref(j);
		kp_db_read_end(srv->db, c);
		kp_reply_db_error(req);
		return;
	}
	kp_db_read_end(srv->db, c);
	if (!j) {
		kp_reply_problem(req, KP_P_NOT_FOUND, "Dit werkgebied bestaat niet.");
		return;
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, 200, j);
}

/* Reads werkgebied id on the writer, commits, answers with it. */
static void reply_werkgebied(struct kp_request *req, struct kp_conn *w, int64_t id, unsigned status)
{
	int64_t versie = 0;
	json_t *j = kp_werkgebied_json(w, id, &versie);
	if (j && !add_gemeenten(w, j)) {
		json_decref(j);
		j = NULL;
	}
	if (!kp_req_commit(req, w, j))
		return;
	if (status == 201) {
		char loc[64];
		snprintf(loc, sizeof loc, "/api/v1/werkgebieden/%lld", (long long)id);
		kp_reply_header(req, MHD_HTTP_HEADER_LOCATION, loc);
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, status, j);
}

void api_werkgebieden_post(struct kp_request *req)
{
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, werkgebied_spec, sizeof werkgebied_spec / sizeof werkgebied_spec[0], false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	int64_t id = 0;
	enum kp_gebruiker_error e = kp_werkgebied_insert(w, json_string_value(json_object_get(body, "code")),
							 json_string_value(json_object_get(body, "naam")), &id);
	const json_t *gemeenten = json_object_get(body, "gemeenten");
	json_t *gp = NULL;
	if (e == KP_GB_OK && gemeenten && kp_werkgebied_gemeenten_set(w, id, gemeenten, &gp) != 0)
		e = KP_GB_DB; /* a new werkgebied has no families: only a database error */
	json_decref(gp);
	if (e == KP_GB_OK && kp_req_audit(req, w, "aanmaken", "werkgebied", id, NULL) != SQLITE_OK)
		e = KP_GB_DB;
	if (e != KP_GB_OK) {
		kp_db_write_rollback(srv->db, w);
		if (e == KP_GB_NAME_TAKEN)
			kp_reply_problem(req, KP_P_CONFLICT, "Er is al een werkgebied met deze code.");
		else
			kp_reply_db_error(req);
		return;
	}
	reply_werkgebied(req, w, id, 201);
}

void api_werkgebieden_patch(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, rename_spec, sizeof rename_spec / sizeof rename_spec[0], true);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE werkgebieden SET naam = coalesce(?3, naam), versie = versie + 1, "
					   "gewijzigd_op = ?4 WHERE id = ?1 "
					   "AND (?2 IS NULL OR versie IN (SELECT value FROM json_each(?2)))");
	if (!st) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	char versies[KP_IF_MATCH_JSON_LEN];
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, kp_if_match_json(&im, versies, sizeof versies), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, json_string_value(json_object_get(body, "naam")), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	if (sqlite3_changes(kp_conn_handle(w)) == 0) {
		bool exists = kp_werkgebied_json(w, id, NULL) != NULL;
		kp_db_write_rollback(srv->db, w);
		if (exists)
			kp_reply_problem(req, KP_P_PRECONDITION_FAILED,
					 "Iemand anders heeft dit werkgebied intussen gewijzigd. Laad opnieuw.");
		else
			kp_reply_problem(req, KP_P_NOT_FOUND, "Dit werkgebied bestaat niet.");
		return;
	}
	const json_t *gemeenten = json_object_get(body, "gemeenten");
	if (gemeenten) {
		json_t *gp = NULL;
		int st_g = kp_werkgebied_gemeenten_set(w, id, gemeenten, &gp);
		if (st_g != 0) {
			kp_db_write_rollback(srv->db, w);
			if (gp)
				kp_reply_problem_json(req, gp);
			else
				kp_reply_db_error(req);
			return;
		}
	}
	bool naam = json_object_get(body, "naam") != NULL;
	const char *velden = naam && gemeenten ? "{\"velden\":[\"naam\",\"gemeenten\"]}"
				: gemeenten    ? "{\"velden\":[\"gemeenten\"]}"
					       : "{\"velden\":[\"naam\"]}";
	if (kp_req_audit(req, w, "wijzigen", "werkgebied", id, velden) != SQLITE_OK) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	reply_werkgebied(req, w, id, 200);
}

/* This file's request specs, for the body fuzz target (json_spec.h). */
const struct kp_spec kp_specs_werkgebieden[] = {
	KP_SPEC(werkgebied_spec),
	KP_SPEC(rename_spec),
	{ NULL, NULL, 0 },
};
