/*
 * api_formele_hulp.c - the formal help of a gezin, as a list with history.
 *
 *   GET   /api/v1/gezinnen/{id}/formele-hulp         the items, oldest first (the read is audited)
 *   POST  /api/v1/gezinnen/{id}/formele-hulp         add an item -> 201, Location, ETag
 *   GET   /api/v1/gezinnen/{id}/formele-hulp/{fid}   one item with its earlier versions, ETag
 *   PATCH /api/v1/gezinnen/{id}/formele-hulp/{fid}   If-Match; change or end (tot) an item
 *
 * Visible like every part of a gezin (scope.h): another werkgebied's ids
 * answer 404 like ids that do not exist. The rules live in formele_hulp.c.
 */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "db.h"
#include "formele_hulp.h"
#include "http.h"
#include "scope.h"
#include "server.h"
#include "util.h"

void api_formele_hulp_list(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	int seen = kp_scope_gezin_zichtbaar(c, kp_req_principal(req), id);
	char t[16];
	kp_today(t);
	json_t *arr = seen == 1 ? kp_formele_hulp_json(c, id, t) : NULL;
	kp_db_read_end(srv->db, c);
	if (seen == 0) {
		kp_reply_problem(req, KP_P_NOT_FOUND, "Dit gezin bestaat niet.");
		return;
	}
	if (!arr) {
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, json_pack("{s:o}", "formeleHulp", arr));
	kp_req_audit_read(req, "lezen", "formele-hulp", id, NULL);
}

void api_formele_hulp_get(struct kp_request *req)
{
	int64_t id, fid;
	if (!kp_req_id(req, "id", &id) || !kp_req_id(req, "fid", &fid))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	char t[16];
	kp_today(t);
	int64_t versie = 0;
	bool dberr = false;
	json_t *o = kp_formele_hulp_item_json(c, kp_req_principal(req), id, fid, t, &versie, &dberr);
	kp_db_read_end(srv->db, c);
	if (!o) {
		if (dberr)
			kp_reply_db_error(req);
		else
			kp_reply_problem(req, KP_P_NOT_FOUND, "Deze formele hulp bestaat niet bij dit gezin.");
		return;
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, 200, o);
	kp_req_audit_read(req, "lezen", "formele-hulp", id, NULL);
}

/* Writes an item (fid 0: new) from the request body and answers it as written, or the problem. */
static void write_item(struct kp_request *req, int64_t id, int64_t fid, const struct kp_if_match *im)
{
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, kp_formele_hulp_spec, kp_formele_hulp_spec_count, fid != 0);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	struct kp_actor actor = kp_req_actor(req);
	char t[16];
	kp_today(t);
	int64_t out = 0;
	int status = kp_formele_hulp_write(w, &actor, id, fid, im, body, t, &out, &problem);
	if (status != 0) {
		kp_db_write_rollback(srv->db, w);
		if (problem)
			kp_reply_problem_json(req, problem);
		else
			kp_reply_db_error(req);
		return;
	}
	int64_t versie = 0;
	bool dberr = false;
	json_t *o = kp_formele_hulp_item_json(w, NULL, id, out, t, &versie, &dberr);
	if (!kp_req_commit(req, w, o))
		return;
	if (fid == 0) {
		char loc[96];
		snprintf(loc, sizeof loc, "/api/v1/gezinnen/%lld/formele-hulp/%lld", (long long)id, (long long)out);
		kp_reply_header(req, "Location", loc);
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, fid == 0 ? 201 : 200, o);
}

void api_formele_hulp_post(struct kp_request *req)
{
	int64_t id;
	if (!kp_req_id(req, "id", &id))
		return;
	write_item(req, id, 0, NULL);
}

void api_formele_hulp_patch(struct kp_request *req)
{
	int64_t id, fid;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_id(req, "fid", &fid) || !kp_req_if_match(req, &im))
		return;
	write_item(req, id, fid, &im);
}
