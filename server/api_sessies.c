/*
 * api_sessies.c - logging in and out of the web app.
 *
 *   POST   /api/v1/sessies          {"gebruikersnaam","wachtwoord"} -> 201
 *          {"gebruiker","csrfToken","verlooptOp","inactiefNaSeconden",
 *          "inactiefMargeSeconden"} and an HttpOnly,
 *          SameSite=Strict session cookie (Secure over HTTPS)
 *   GET    /api/v1/sessies/huidig   the same view of the current session,
 *          so the web app finds its CSRF token again after a reload
 *   DELETE /api/v1/sessies/huidig   log out -> 204
 *
 * A login takes its places in the throttles (throttle.h) before any
 * password work, under one lock, so an attempt counts from the moment it
 * starts and a burst of any size verifies at most the allowed number of
 * guesses; then it verifies the password on the slow pool (argon2id, never
 * on an HTTP thread). Unknown user, disabled user and wrong password get
 * the same answer after the same amount of work; each failure is audited
 * with its real reason. A hash made with older parameters is replaced on
 * successful login.
 *
 * The scheme (README, "Access and the audit log"):
 *   - per user name, existing or not: 5 attempts per 15 minutes, counted
 *     from their start; a successful login forgets the name's failures;
 *   - per client address: 20 attempts per 15 minutes at names that exist
 *     (wrong passwords and disabled accounts count, a success does not).
 *     Attempts at names that do not exist are not counted per address, so
 *     made-up names from an address everybody shares (a reverse proxy)
 *     lock nobody out; when an address is blocked, every attempt from it
 *     is refused alike, so the refusal tells nothing about which names
 *     exist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "gebruikers.h"
#include "http.h"
#include "json_spec.h"
#include "password.h"
#include "server.h"
#include "util.h"

static const char wrong_login[] = "Gebruikersnaam of wachtwoord onjuist.";

struct login {
	struct kp_server *srv;
	bool holds_account, holds_client; /* places taken in the throttles, until ended */
	char gebruikersnaam[KP_USERNAME_MAX + 1];
	char wachtwoord[4 * KP_PASSWORD_MAX_BYTES + 1]; /* up to 1024 characters of UTF-8, never truncated */
	char account_key[KP_USERNAME_MAX + 4];
	char client_key[80];
	bool found, actief;
	int64_t id;
	enum kp_role rol;
	char hash[KP_PASSWORD_HASH_MAX];
	enum kp_password_result result;
	bool rehashed;
	char new_hash[KP_PASSWORD_HASH_MAX];
};

/*
 * Ends the login's throttle places with outcome (for the account; the
 * client's place is a failure when the account's is, else given back).
 * Account CLEARED on success. Safe to call twice: the second does nothing.
 */
static void login_throttle_end(struct login *l, enum kp_throttle_outcome outcome)
{
	struct kp_server *srv = l->srv;
	int64_t now = kp_now();
	pthread_mutex_lock(&srv->throttle_lock);
	if (l->holds_account)
		kp_throttle_end(&srv->login_by_account, l->account_key, now, outcome);
	if (l->holds_client)
		kp_throttle_end(&srv->login_by_client, l->client_key, now,
				outcome == KP_THROTTLE_FAILED ? KP_THROTTLE_FAILED : KP_THROTTLE_RELEASED);
	l->holds_account = l->holds_client = false;
	pthread_mutex_unlock(&srv->throttle_lock);
}

/* Frees a login; places it still holds (the work never ran) are given back. */
static void login_free(void *p)
{
	struct login *l = p;
	if (l) {
		login_throttle_end(l, KP_THROTTLE_RELEASED);
		sodium_memzero(l, sizeof *l);
		free(l);
	}
}

/* On the slow pool: the argon2id work, and nothing else. */
static void login_work(struct kp_request *req, void *ctx)
{
	(void)req;
	struct login *l = ctx;
	if (!l->found) {
		kp_password_verify_dummy(l->wachtwoord);
		l->result = KP_PASSWORD_WRONG;
		return;
	}
	l->result = kp_password_verify(l->hash, l->wachtwoord);
	if (l->result == KP_PASSWORD_OK_REHASH && l->actief)
		l->rehashed = kp_password_hash(l->wachtwoord, l->new_hash) == 0;
}

/* Records a failed login: throttles, audit, generic 401. */
static void login_failed(struct kp_request *req, struct login *l, const char *reason)
{
	struct kp_server *srv = kp_req_server(req);
	login_throttle_end(l, KP_THROTTLE_FAILED);

	struct kp_conn *w = kp_db_write_begin(srv->db);
	if (w) {
		char details[64];
		snprintf(details, sizeof details, "{\"reden\":\"%s\"}", reason);
		struct kp_audit_entry e = { .gebruiker_id = l->found ? l->id : 0,
					    .gebruikersnaam = l->gebruikersnaam,
					    .actie = "inloggen-mislukt",
					    .object_soort = "sessie",
					    .client = kp_req_client(req),
					    .details = details };
		if (kp_audit_append(w, &e) == SQLITE_OK)
			kp_db_write_commit(srv->db, w);
		else
			kp_db_write_rollback(srv->db, w);
	}
	kp_reply_problem(req, KP_P_UNAUTHORIZED, "%s", wrong_login);
}

/*
 * Builds {"gebruiker","csrfToken","verlooptOp","inactiefNaSeconden",
 * "inactiefMargeSeconden"}; NULLs and a zero verloopt_op (no session: an
 * API token) become JSON null. The idle fields tell the web app when to
 * warn: the session ends idle_timeout seconds after its recorded last use,
 * which the server notes at most every KP_TOUCH_EVERY seconds, so it may
 * end that much sooner after the last request.
 */
static json_t *session_view(json_t *gebruiker, const char *csrf, int64_t verloopt_op, unsigned idle_timeout)
{
	char until[32];
	if (verloopt_op)
		kp_format_time(verloopt_op, until);
	json_t *view = json_pack("{s:o, s:s?, s:s?}", "gebruiker", gebruiker, "csrfToken", csrf, "verlooptOp",
				 verloopt_op ? until : NULL);
	if (!view)
		return NULL;
	unsigned marge = idle_timeout < KP_TOUCH_EVERY ? idle_timeout : KP_TOUCH_EVERY;
	if (json_object_set_new(view, "inactiefNaSeconden", verloopt_op ? json_integer(idle_timeout) : json_null())
	    || json_object_set_new(view, "inactiefMargeSeconden", verloopt_op ? json_integer(marge) : json_null())) {
		json_decref(view);
		return NULL;
	}
	return view;
}

/* Back on an HTTP thread: start the session or refuse. */
static void login_finish(struct kp_request *req, void *ctx)
{
	struct login *l = ctx;
	struct kp_server *srv = kp_req_server(req);
	if (!l->found) {
		login_failed(req, l, "onbekende-gebruiker");
		return;
	}
	if (l->result == KP_PASSWORD_WRONG) {
		login_failed(req, l, "wachtwoord");
		return;
	}
	if (!l->actief) {
		login_failed(req, l, "uitgeschakeld");
		return;
	}
	login_throttle_end(l, KP_THROTTLE_CLEARED);

	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	char token[KP_SECRET_MAX], csrf[KP_SECRET_MAX];
	int64_t verloopt_op, sessie_id;
	int rc = SQLITE_OK;
	if (l->rehashed) {
		sqlite3_stmt *st = kp_conn_stmt(w, "UPDATE gebruikers SET wachtwoord_hash = ?2, hash_vernieuwd = hash_vernieuwd + 1 WHERE id = ?1");
		if (st) {
			sqlite3_bind_int64(st, 1, l->id);
			sqlite3_bind_text(st, 2, l->new_hash, -1, SQLITE_TRANSIENT);
		}
		rc = st && sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	if (rc == SQLITE_OK)
		rc = kp_session_create(w, &srv->cfg, l->id, kp_now(), token, csrf, &verloopt_op, &sessie_id);
	if (rc == SQLITE_OK) {
		/* the audit entry names the user, who is not yet the request's principal */
		struct kp_audit_entry e = { .gebruiker_id = l->id,
					    .gebruikersnaam = l->gebruikersnaam,
					    .actie = "inloggen",
					    .object_soort = "sessie",
					    .client = kp_req_client(req),
					    .details = l->rehashed ? "{\"wachtwoordHashVernieuwd\":true}" : NULL };
		char sid[24];
		snprintf(sid, sizeof sid, "%lld", (long long)sessie_id);
		e.object_id = sid;
		rc = kp_audit_append(w, &e);
	}
	json_t *gebruiker = rc == SQLITE_OK ? kp_gebruiker_json(w, l->id, NULL) : NULL;
	if (!gebruiker || kp_db_write_commit(srv->db, w) != SQLITE_OK) {
		if (!gebruiker)
			kp_db_write_rollback(srv->db, w);
		json_decref(gebruiker);
		sodium_memzero(token, sizeof token);
		kp_reply_db_error(req);
		return;
	}
	char cookie[160];
	snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s", KP_SESSION_COOKIE, token,
		 kp_req_secure(req) ? "; Secure" : "");
	sodium_memzero(token, sizeof token);
	kp_reply_header(req, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	sodium_memzero(cookie, sizeof cookie);
	kp_reply_json(req, 201, session_view(gebruiker, csrf, verloopt_op, srv->cfg.session_idle_timeout));
}

static const struct kp_field login_spec[] = {
	{ .name = "gebruikersnaam", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = KP_USERNAME_MAX },
	{ .name = "wachtwoord", .type = KP_F_STRING, .required = true, .min_len = 1, .max_len = KP_PASSWORD_MAX_BYTES },
};

void api_sessies_post(struct kp_request *req)
{
	struct kp_server *srv = kp_req_server(req);
	json_t *body = kp_req_body(req);
	json_t *problem = kp_json_validate(body, login_spec, sizeof login_spec / sizeof login_spec[0], false);
	if (problem) {
		kp_reply_problem_json(req, problem);
		return;
	}
	struct login *l = calloc(1, sizeof *l);
	if (!l) {
		kp_reply_problem(req, KP_P_INTERNAL, "Onvoldoende geheugen.");
		return;
	}
	snprintf(l->gebruikersnaam, sizeof l->gebruikersnaam, "%s", json_string_value(json_object_get(body, "gebruikersnaam")));
	kp_ascii_lower(l->gebruikersnaam);
	snprintf(l->wachtwoord, sizeof l->wachtwoord, "%s", json_string_value(json_object_get(body, "wachtwoord")));
	snprintf(l->account_key, sizeof l->account_key, "g:%s", l->gebruikersnaam);
	snprintf(l->client_key, sizeof l->client_key, "c:%s", kp_req_client(req));

	l->srv = srv;

	/* who it is first: only names that exist count per address */
	struct kp_conn *c = kp_db_read_begin(srv->db);
	if (!c) {
		login_free(l);
		kp_reply_db_error(req);
		return;
	}
	int rc = kp_gebruiker_find(c, l->gebruikersnaam, &l->id, &l->rol, &l->actief, l->hash, sizeof l->hash);
	kp_db_read_end(srv->db, c);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		login_free(l);
		kp_reply_db_error(req);
		return;
	}
	l->found = rc == SQLITE_ROW;

	/* both places at once, before any password work */
	int64_t now = kp_now();
	pthread_mutex_lock(&srv->throttle_lock);
	int64_t wait = kp_throttle_wait(&srv->login_by_client, l->client_key, now);
	if (wait == 0) {
		wait = kp_throttle_begin(&srv->login_by_account, l->account_key, now);
		l->holds_account = wait == 0;
	}
	if (wait == 0 && l->found) {
		wait = kp_throttle_begin(&srv->login_by_client, l->client_key, now);
		l->holds_client = wait == 0;
	}
	pthread_mutex_unlock(&srv->throttle_lock);
	if (wait > 0) {
		login_throttle_end(l, KP_THROTTLE_RELEASED); /* an account place taken before the address refused */
		struct kp_conn *w = kp_db_write_begin(srv->db);
		if (w) {
			struct kp_audit_entry e = { .gebruikersnaam = l->gebruikersnaam,
						    .actie = "inloggen-mislukt",
						    .object_soort = "sessie",
						    .client = kp_req_client(req),
						    .details = "{\"reden\":\"te-veel-pogingen\"}" };
			if (kp_audit_append(w, &e) == SQLITE_OK)
				kp_db_write_commit(srv->db, w);
			else
				kp_db_write_rollback(srv->db, w);
		}
		login_free(l);
		char retry[24];
		snprintf(retry, sizeof retry, "%lld", (long long)wait);
		kp_reply_header(req, "Retry-After", retry);
		kp_reply_problem(req, KP_P_TOO_MANY_REQUESTS,
				 "Te veel mislukte pogingen om in te loggen. Probeer het over %lld minuten opnieuw.",
				 (long long)(wait + 59) / 60);
		return;
	}
	kp_req_offload(req, login_work, login_finish, l, login_free);
}

void api_sessies_huidig_get(struct kp_request *req)
{
	struct kp_server *srv = kp_req_server(req);
	const struct kp_principal *p = kp_req_principal(req);
	struct kp_conn *c = kp_db_read_begin(srv->db);
	json_t *gebruiker = c ? kp_gebruiker_json(c, p->gebruiker_id, NULL) : NULL;
	if (c)
		kp_db_read_end(srv->db, c);
	if (!gebruiker) {
		kp_reply_db_error(req);
		return;
	}
	bool session = p->via == KP_VIA_SESSION;
	kp_reply_json(req, 200, session_view(gebruiker, session ? p->csrf : NULL, session ? p->verloopt_op : 0,
						 srv->cfg.session_idle_timeout));
}

void api_sessies_huidig_delete(struct kp_request *req)
{
	struct kp_server *srv = kp_req_server(req);
	const struct kp_principal *p = kp_req_principal(req);
	if (p->via != KP_VIA_SESSION) {
		kp_reply_problem(req, KP_P_CONFLICT,
				 "Dit verzoek gebruikt een API-token, geen sessie. Trek het token in via /api-tokens.");
		return;
	}
	struct kp_conn *w = kp_req_write_begin(req);
	if (!w)
		return;
	sqlite3_stmt *st = kp_conn_stmt(w, "DELETE FROM sessies WHERE id = ?1");
	if (st)
		sqlite3_bind_int64(st, 1, p->sessie_id);
	if (!st || sqlite3_step(st) != SQLITE_DONE || kp_req_audit(req, w, "uitloggen", "sessie", p->sessie_id, NULL) != SQLITE_OK) {
		kp_db_write_rollback(srv->db, w);
		kp_reply_db_error(req);
		return;
	}
	if (kp_db_write_commit(srv->db, w) != SQLITE_OK) {
		kp_reply_db_error(req);
		return;
	}
	char cookie[128];
	snprintf(cookie, sizeof cookie, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s", KP_SESSION_COOKIE,
		 kp_req_secure(req) ? "; Secure" : "");
	kp_reply_header(req, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	kp_reply_static(req, 204, NULL, "", 0);
}

/* This file's request specs, for the body fuzz target (json_spec.h). */
const struct kp_spec kp_specs_sessies[] = {
	KP_SPEC(login_spec),
	{ NULL, NULL, 0 },
};
