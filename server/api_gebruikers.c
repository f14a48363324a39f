/*
 * api_gebruikers.c - users, managed by the beheerder.
 *
 *   GET   /api/v1/gebruikers/mij    the current user (every role)
 *   GET   /api/v1/gebruikers        all users
 *   POST  /api/v1/gebruikers        {"gebruikersnaam","naam","rol","werkgebieden","wachtwoord"} -> 201
 *   GET   /api/v1/gebruikers/{id}   one user, with ETag
 *   PATCH /api/v1/gebruikers/{id}   If-Match; any of naam, rol, werkgebieden, actief, leidinggevende, wachtwoord
 *
 * Users are never deleted (the audit log refers to them): they are
 * disabled, which ends their sessions and stops their API tokens. There is
 * always at least one active beheerder. Coordinators and rapportage users
 * need at least one werkgebied. New passwords follow the policy (password.h)
 * and are hashed on the slow pool.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "auth.h"
#include "db.h"
#include "gebruikers.h"
#include "http.h"
#include "json_spec.h"
#include "password.h"
#include "server.h"
#include "util.h"

static const char *const rollen[] = { "beheerder", "coordinator", "rapportage", "gezinscoach", NULL };

static const struct kp_field gebruiker_spec[] = {
	{ .name = "gebruikersnaam", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = KP_USERNAME_MAX,
	  .check = kp_gebruikersnaam_check },
	{ .name = "naam", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = KP_NAAM_MAX },
	{ .name = "rol", .type = KP_F_STRING, .required = true, .one_of = rollen },
	{ .name = "werkgebieden", .type = KP_F_STRING_ARRAY, .max_items = KP_MAX_WERKGEBIEDEN, .min_len = 1,
	  .max_len = 32, .check = kp_werkgebied_code_check },
	{ .name = "actief", .type = KP_F_BOOLEAN },
	/* follows up the zorgsignalen of the user's werkgebieden (a beheerder: of all); not for rapportage */
	{ .name = "leidinggevende", .type = KP_F_BOOLEAN },
	{ .name = "wachtwoord", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = KP_PASSWORD_MAX_BYTES },
};
#define N_SPEC (sizeof gebruiker_spec / sizeof gebruiker_spec[0])
#define LEIDINGGEVENDE_ROL "Alleen een coördinator of beheerder kan leidinggevende zijn."

/* Work shared by create and update: the body, and the new password's hash. */
struct change {
	int64_t id;     /* update: the user */
	struct kp_if_match im; /* update: If-Match */
	json_t *body;
	char wachtwoord[KP_PASSWORD_MAX_BYTES + 1];
	char hash[KP_PASSWORD_HASH_MAX];
	int hash_rc;
};

static void change_free(void *p)
{
	struct change *ch = p;
	if (!ch)
		return;
	json_decref(ch->body);
	sodium_memzero(ch, sizeof *ch);
	free(ch);
}

static void hash_work(struct kp_request *req, void *ctx)
{
	(void)req;
	struct change *ch = ctx;
	ch->hash_rc = kp_password_hash(ch->wachtwoord, ch->hash);
}

/* Answers 400 naming one field. */
static void invalid_field(struct kp_request *req, const char *pointer, const char *reason)
{
	json_t *p = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
	kp_problem_add_invalid_param(p, pointer, reason);
	kp_reply_problem_json(req, p);
}

/* Answers 200/201 with the user read on the writer, then commits. */
static void reply_user(struct kp_request *req, struct kp_conn *w, int64_t id, unsigned status)
{
	int64_t versie = 0;
	json_t *j = kp_gebruiker_json(w, id, &versie);
	if (!kp_req_commit(req, w, j))
		return;
	if (status == 201) {
		char loc[64];
		snprintf(loc, sizeof loc, "/api/v1/gebruikers/%lld", (long long)id);
		kp_reply_header(req, MHD_HTTP_HEADER_LOCATION, loc);
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, status, j);
}

void api_gebruikers_mij_get(struct kp_request *req)
{
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_db_read_begin(srv->db);
	json_t *j = c ? kp_gebruiker_json(c, kp_req_principal(req)->gebruiker_id, NULL) : NULL;
	if (c)
		kp_db_read_end(srv->db, c);
	if (!j) {
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, j);
}

void api_gebruikers_list(struct kp_request *req)
{
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_db_read_begin(srv->db);
	json_t *arr = c ? kp_gebruikers_json(c) : NULL;
	if (c)
		kp_db_read_end(srv->db, c);
	if (!arr) {
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, json_pack("{s:o}", "gebruikers", arr));
}

void api_gebruikers_get(struct kp_request *req)
{
	int64_t id, versie = 0;
	if (!kp_req_id(req, "id", &id))
		return;
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	json_t *j = kp_gebruiker_json(c, id, &versie);
	kp_db_read_end(srv->db, c);
	if (!j) {
		kp_reply_problem(req, KP_P_NOT_FOUND, "Deze gebruiker bestaat niet.");
		return;
	}
	kp_reply_etag(req, versie);
	kp_reply_json(req, 200, j);
}

/* True when a user with this role needs werkgebieden and codes has none. */
static bool lacks_werkgebied(const char *rol, size_t n_codes)
{
	return strcmp(rol, "beheerder") != 0 && n_codes == 0;
}

static void create_finish(struct kp_request *req, void *ctx)
{
	struct change *ch = ctx;
	struct kp_server *srv = kp_req_server(req);
	if (ch->hash_rc != 0) {
		kp_reply_problem(req, KP_P_INTERNAL, "Het wachtwoord kon niet worden opgeslagen.");
		return;
	}
	json_t *b = ch->body;
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	int64_t id = 0;
	const char *bad = NULL;
	const char *rol = json_string_value(json_object_get(b, "rol"));
	enum kp_gebruiker_error e = kp_gebruiker_insert(
		w, json_string_value(json_object_get(b, "gebruikersnaam")), json_string_value(json_object_get(b, "naam")),
		kp_role_parse(rol), ch->hash, json_object_get(b, "werkgebieden"), &id, &bad);
	if (e == KP_GB_OK && !json_is_true(json_object_get(b, "actief")) && json_object_get(b, "actief")) {
		sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE gebruikers SET actief = 0 WHERE id = ?1");
		if (st)
			sqlite3_bind_int64(st, 1, id);
		if (!st || sqlite3_step(st) != SQLITE_DONE)
			e = KP_GB_DB;
	}
	if (e == KP_GB_OK && json_is_true(json_object_get(b, "leidinggevende"))) {
		sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE gebruikers SET leidinggevende = 1 WHERE id = ?1");
		if (st)
			sqlite3_bind_int64(st, 1, id);
		if (!st || sqlite3_step(st) != SQLITE_DONE)
			e = KP_GB_DB;
	}
	char details[64];
	snprintf(details, sizeof details, "{\"rol\":\"%s\"}", rol);
	if (e == KP_GB_OK && kp_req_audit(req, w, "aanmaken", "gebruiker", id, details) != SQLITE_OK)
		e = KP_GB_DB;
	if (e != KP_GB_OK) {
		kp_db_write_rollback(srv->db, w);
		if (e == KP_GB_NAME_TAKEN)
			kp_reply_problem(req, KP_P_CONFLICT, "Deze gebruikersnaam is al in gebruik.");
		else if (e == KP_GB_UNKNOWN_WERKGEBIED) {
			char reason[96];
			snprintf(reason, sizeof reason, "Onbekend werkgebied: %s.", bad);
			invalid_field(req, "/werkgebieden", reason);
		} else
			kp_reply_db_error(req);
		return;
	}
	reply_user(req, w, id, 201);
}

/* Whether problem (may be NULL) already names pointer in its invalidParams. */
static bool problem_names(const json_t *problem, const char *pointer)
{
	size_t i;
	json_t *param;
	json_array_foreach(json_object_get(problem, "invalidParams"), i, param) {
		const char *name = json_string_value(json_object_get(param, "name"));
		if (name && strcmp(name, pointer) == 0)
			return true;
	}
	return false;
}

/*
 * Adds {pointer, reason} to *problem, creating the 400 first when there is
 * none yet (*problem stays NULL only when out of memory). Returns true.
 */
static bool add_invalid(json_t **problem, const char *pointer, const char *reason)
{
	if (!*problem)
		*problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
	if (*problem)
		kp_problem_add_invalid_param(*problem, pointer, reason);
	return true;
}

/*
 * The rules of a new user that span fields or need more than the spec:
 * the password policy, a werkgebied for a coordinator or rapportage user,
 * no leidinggevende with rol rapportage. Each is checked only when the
 * fields it reads passed the spec (they are not named in *problem yet), and
 * what it finds is added to *problem (created when NULL), so one answer
 * names every invalid field. Returns whether a rule was broken.
 */
static bool check_new_user_rules(const json_t *body, json_t **problem)
{
	bool broken = false;
	const char *naam = json_string_value(json_object_get(body, "gebruikersnaam"));
	const char *pw = json_string_value(json_object_get(body, "wachtwoord"));
	const char *rol = problem_names(*problem, "/rol") ? NULL : json_string_value(json_object_get(body, "rol"));
	if (pw && !problem_names(*problem, "/wachtwoord")) {
		const char *why = kp_password_policy(naam ? naam : "", pw);
		if (why)
			broken = add_invalid(problem, "/wachtwoord", why);
	}
	if (rol && !problem_names(*problem, "/werkgebieden") &&
	    lacks_werkgebied(rol, json_array_size(json_object_get(body, "werkgebieden"))))
		broken = add_invalid(problem, "/werkgebieden",
				     "Een coördinator of rapportagegebruiker heeft minstens één werkgebied.");
	if (rol && json_is_true(json_object_get(body, "leidinggevende")) && strcmp(rol, "rapportage") == 0)
		broken = add_invalid(problem, "/leidinggevende", LEIDINGGEVENDE_ROL);
	return broken;
}

void api_gebruikers_post(struct kp_request *req)
{
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, gebruiker_spec, N_SPEC, false);
	bool broken = check_new_user_rules(body, &problem);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	if (broken) { /* the problem could not be built */
		kp_reply_problem(req, KP_P_INTERNAL, "Onvoldoende geheugen.");
		return;
	}
	const char *pw = json_string_value(json_object_get(body, "wachtwoord"));
	struct change *ch = calloc(1, sizeof *ch);
	if (!ch) {
		kp_reply_problem(req, KP_P_INTERNAL, "Onvoldoende geheugen.");
		return;
	}
	ch->body = json_incref(body);
	snprintf(ch->wachtwoord, sizeof ch->wachtwoord, "%s", pw);
	kp_req_offload(req, hash_work, create_finish, ch, change_free);
}

/* The update, in one write transaction: version check, rules, audit. */
static void update_finish(struct kp_request *req, void *ctx)
{
	struct change *ch = ctx;
	struct kp_server *srv = kp_req_server(req);
	json_t *b = ch->body;
	if (ch->wachtwoord[0] && ch->hash_rc != 0) {
		kp_reply_problem(req, KP_P_INTERNAL, "Het wachtwoord kon niet worden opgeslagen.");
		return;
	}
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	sqlite3_stmt *st = kp_conn_stmt(w, "SELECT versie, rol, actief, "
					   "(SELECT count(*) FROM gebruiker_werkgebieden WHERE gebruiker_id = ?1) "
					   "FROM gebruikers WHERE id = ?1");
	if (!st) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	sqlite3_bind_int64(st, 1, ch->id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_NOT_FOUND, "Deze gebruiker bestaat niet.");
		return;
	}
	int64_t versie = sqlite3_column_int64(st, 0);
	char old_rol[16];
	snprintf(old_rol, sizeof old_rol, "%s", (const char *)sqlite3_column_text(st, 1));
	bool old_actief = sqlite3_column_int(st, 2) != 0;
	size_t old_n = (size_t)sqlite3_column_int64(st, 3);
	sqlite3_reset(st);
	if (!kp_if_match_ok(&ch->im, versie)) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_problem(req, KP_P_PRECONDITION_FAILED,
				 "Iemand anders heeft deze gebruiker intussen gewijzigd. Laad opnieuw en probeer het nog eens.");
		return;
	}
	const char *rol = json_object_get(b, "rol") ? json_string_value(json_object_get(b, "rol")) : old_rol;
	bool actief = json_object_get(b, "actief") ? json_is_true(json_object_get(b, "actief")) : old_actief;
	json_t *codes = json_object_get(b, "werkgebieden");
	size_t n_codes = codes ? json_array_size(codes) : old_n;
	if (lacks_werkgebied(rol, n_codes)) {
		kp_db_write_rollback(srv->db, w);
		invalid_field(req, "/werkgebieden", "Een coördinator of rapportagegebruiker heeft minstens één werkgebied.");
		return;
	}
	if (json_is_true(json_object_get(b, "leidinggevende")) && strcmp(rol, "rapportage") == 0) {
		kp_db_write_rollback(srv->db, w);
		invalid_field(req, "/leidinggevende", LEIDINGGEVENDE_ROL);
		return;
	}
	if (strcmp(old_rol, "beheerder") == 0 && old_actief && (strcmp(rol, "beheerder") != 0 || !actief)) {
		int64_t others = 0;
		if (kp_gebruikers_active_beheerders(w, ch->id, &others) != SQLITE_OK) {
			kp_db_write_rollback(srv->db, w);
			kp_reply_db_error(req);
			return;
		}
		if (others == 0) {
			kp_db_write_rollback(srv->db, w);
			kp_reply_problem(req, KP_P_CONFLICT,
					 "Er moet altijd een actieve beheerder zijn. Maak eerst iemand anders beheerder.");
			return;
		}
	}
	char now[32];
	kp_format_time(kp_now(), now);
	/* a rapportage user is never leidinggevende */
	st = kp_conn_stmt(w, "UPDATE gebruikers SET naam = coalesce(?2, naam), rol = ?3, actief = ?4, "
			     "wachtwoord_hash = coalesce(?5, wachtwoord_hash), versie = versie + 1, gewijzigd_op = ?6, "
			     "leidinggevende = CASE WHEN ?3 = 'rapportage' THEN 0 ELSE coalesce(?7, leidinggevende) END "
			     "WHERE id = ?1");
	int rc = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_int64(st, 1, ch->id);
		sqlite3_bind_text(st, 2, json_string_value(json_object_get(b, "naam")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, rol, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 4, actief);
		if (ch->wachtwoord[0])
			sqlite3_bind_text(st, 5, ch->hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
		if (json_object_get(b, "leidinggevende"))
			sqlite3_bind_int(st, 7, json_is_true(json_object_get(b, "leidinggevende")));
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	const char *bad = NULL;
	enum kp_gebruiker_error e = KP_GB_OK;
	if (rc == SQLITE_OK && codes) {
		e = kp_gebruiker_set_werkgebieden(w, ch->id, codes, &bad);
		if (e != KP_GB_OK)
			rc = SQLITE_ERROR;
	}
	if (rc == SQLITE_OK && (!actief || ch->wachtwoord[0]))
		rc = kp_gebruiker_end_sessions(w, ch->id);
	if (rc == SQLITE_OK) {
		/* which fields changed, never their values */
		json_t *velden = json_array();
		const char *key;
		json_t *v;
		json_object_foreach(b, key, v)
			json_array_append_new(velden, json_string(key));
		json_t *d = json_pack("{s:o}", "velden", velden);
		char *details = d ? json_dumps(d, JSON_COMPACT) : NULL;
		json_decref(d);
		rc = details ? kp_req_audit(req, w, "wijzigen", "gebruiker", ch->id, details) : SQLITE_NOMEM;
		free(details);
	}
	if (rc != SQLITE_OK) {
		kp_db_write_rollback(srv->db, w);
		if (e == KP_GB_UNKNOWN_WERKGEBIED) {
			char reason[96];
			snprintf(reason, sizeof reason, "Onbekend werkgebied: %s.", bad);
			invalid_field(req, "/werkgebieden", reason);
		} else {
			kp_reply_db_error(req);
		}
		return;
	}
	reply_user(req, w, ch->id, 200);
}

void api_gebruikers_patch(struct kp_request *req)
{
	int64_t id;
	struct kp_if_match im;
	if (!kp_req_id(req, "id", &id) || !kp_req_if_match(req, &im))
		return;
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, gebruiker_spec, N_SPEC, true);
	if (!problem && json_object_get(body, "gebruikersnaam")) {
		problem = kp_problem_json(KP_P_INVALID_INPUT, "Controleer de gemarkeerde velden.");
		kp_problem_add_invalid_param(problem, "/gebruikersnaam", "Een gebruikersnaam kan niet veranderen.");
	}
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct kp_server *srv = kp_req_server(req);
	const char *pw = json_string_value(json_object_get(body, "wachtwoord"));
	if (pw) {
		char naam[KP_USERNAME_MAX + 1] = "";
		struct kp_conn *c = kp_db_read_single(srv->db);
		sqlite3_stmt *st = kp_conn_stmt(c, "SELECT gebruikersnaam FROM gebruikers WHERE id = ?1");
		if (st) {
			sqlite3_bind_int64(st, 1, id);
			if (sqlite3_step(st) == SQLITE_ROW)
				snprintf(naam, sizeof naam, "%s", (const char *)sqlite3_column_text(st, 0));
		}
		kp_db_read_end(srv->db, c);
		if (!naam[0]) {
			kp_reply_problem(req, KP_P_NOT_FOUND, "Deze gebruiker bestaat niet.");
			return;
		}
		const char *why = kp_password_policy(naam, pw);
		if (why) {
			invalid_field(req, "/wachtwoord", why);
			return;
		}
	}
	struct change *ch = calloc(1, sizeof *ch);
	if (!ch) {
		kp_reply_problem(req, KP_P_INTERNAL, "Onvoldoende geheugen.");
		return;
	}
	ch->id = id;
	ch->im = im;
	ch->body = json_incref(body);
	if (pw) {
		snprintf(ch->wachtwoord, sizeof ch->wachtwoord, "%s", pw);
		kp_req_offload(req, hash_work, update_finish, ch, change_free);
		return;
	}
	update_finish(req, ch);
	change_free(ch);
}

/* This file's request specs, for the body fuzz target (json_spec.h). */
const struct kp_spec kp_specs_gebruikers[] = {
	KP_SPEC(gebruiker_spec),
	{ NULL, NULL, 0 },
};
