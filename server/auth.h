/*
 * auth.h - who is making a request: sessions (a cookie set at login, with
 * a CSRF token for every state-changing request) and API tokens (an
 * Authorization: Bearer header, for scripts and calendar feeds), both
 * resolved to a struct kp_principal that carries the user's role and
 * werkgebieden.
 *
 * Secrets never reach the database: session and API tokens are 32 random
 * bytes (libsodium), stored as their BLAKE2b-256 hash and compared by hash
 * lookup. A session ends after session_idle_timeout seconds without use or
 * session_lifetime seconds after login, whichever comes first; a disabled
 * user's sessions and tokens stop working at once.
 */
#ifndef KOPPEL_AUTH_H
#define KOPPEL_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "routes.h"

struct kp_server;
struct kp_conn;
struct kp_config;

#define KP_SESSION_COOKIE "koppel_sessie"
#define KP_CSRF_HEADER "X-CSRF-Token"
#define KP_TOKEN_PREFIX "kp_"
#define KP_SECRET_MAX 64 /* room for a token or CSRF string and its NUL */
#define KP_MAX_WERKGEBIEDEN 64
#define KP_USERNAME_MAX 64

enum kp_auth_via { KP_VIA_NONE, KP_VIA_SESSION, KP_VIA_TOKEN };

struct kp_principal {
	int64_t gebruiker_id;
	char gebruikersnaam[KP_USERNAME_MAX + 1];
	enum kp_role rol;
	int64_t werkgebieden[KP_MAX_WERKGEBIEDEN];
	size_t n_werkgebieden;
	enum kp_auth_via via;
	int64_t sessie_id;            /* via session */
	char csrf[KP_SECRET_MAX];     /* via session */
	int64_t verloopt_op;          /* via session: absolute end, unix seconds */
	int64_t token_id;             /* via token */
};

/* Who writes: for audit entries and werkgebied checks (principal NULL: no limits, e.g. the command line). */
struct kp_actor {
	int64_t gebruiker_id;
	const char *gebruikersnaam;
	const char *client;
	const struct kp_principal *principal;
};

enum kp_auth_result {
	KP_AUTH_OK,
	KP_AUTH_NONE,    /* no credentials sent */
	KP_AUTH_INVALID, /* unknown, expired or revoked credentials, or a disabled user */
	KP_AUTH_ERROR,   /* the database could not be read */
};

/* "beheerder", "coordinator", "rapportage"; 0 for anything else. */
enum kp_role kp_role_parse(const char *s);
const char *kp_role_name(enum kp_role r);

/*
 * Resolves the credentials of a request: cookie is the value of the
 * session cookie (or NULL), authorization the Authorization header (or
 * NULL; a Bearer token wins over a cookie). Expired sessions are deleted;
 * the last-use time of sessions and tokens is refreshed at most once a
 * minute.
 */
enum kp_auth_result kp_auth_request(struct kp_server *srv, const char *cookie, const char *authorization,
				    struct kp_principal *out);

/* True when p may see records of werkgebied_id (beheerders see all). */
bool kp_principal_sees(const struct kp_principal *p, int64_t werkgebied_id);

/*
 * The werkgebied ids p may see as a JSON array text ("[1,3]"), for SQL's
 * json_each; malloc'ed, NULL when out of memory.
 */
char *kp_principal_werkgebieden_json(const struct kp_principal *p);

/* BLAKE2b-256 of a token string, as stored in the database. */
void kp_auth_token_hash(const char *token, unsigned char out[32]);

/*
 * Creates a session for gebruiker_id on the writer, inside the caller's
 * transaction. Fills the cookie token, the CSRF token and the absolute end.
 */
int kp_session_create(struct kp_conn *w, const struct kp_config *cfg, int64_t gebruiker_id, int64_t now,
		      char token[KP_SECRET_MAX], char csrf[KP_SECRET_MAX], int64_t *verloopt_op, int64_t *sessie_id);

/* Loads the werkgebied ids of a user into p (from any connection). Returns SQLITE_OK or an error. */
int kp_auth_load_werkgebieden(struct kp_conn *c, int64_t gebruiker_id, struct kp_principal *p);

#endif
