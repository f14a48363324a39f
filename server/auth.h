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
 * user's sessions and tokens stop working at once, and every token is
 * revoked for good when the user's role, password or active flag changes
 * (schema/0008-tokens.sql).
 *
 * Token kinds: an 'api' token carries the user's rights and is accepted
 * only in an Authorization: Bearer header; an 'agenda' token is accepted
 * only on routes flagged query_token (the calendar feed), as ?token= or as
 * a Bearer header, and is refused everywhere else.
 *
 * Also here: which address a request comes from (trusted_proxies).
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
/* seconds between updates of a session's or token's last use: a session may end
 * this much before session_idle_timeout after its last request */
#define KP_TOUCH_EVERY 60
#define KP_USERNAME_MAX 64

enum kp_auth_via { KP_VIA_NONE, KP_VIA_SESSION, KP_VIA_TOKEN };

/* The kinds of API token (api_tokens.soort). */
enum kp_token_soort {
	KP_TOKEN_API = 1,    /* scripts: the user's rights, Bearer header only */
	KP_TOKEN_AGENDA = 2, /* calendar subscription: the user's agenda.ics only */
};

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
	enum kp_token_soort token_soort; /* via token */
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

/* "beheerder", "coordinator", "rapportage", "gezinscoach"; 0 for anything else. */
enum kp_role kp_role_parse(const char *s);
const char *kp_role_name(enum kp_role r);

/*
 * Resolves the credentials of a request for route: cookie is the value of
 * the session cookie (or NULL), authorization the Authorization header (or
 * NULL), query_token the ?token= parameter (or NULL; only looked at on a
 * route flagged query_token). A Bearer header wins over a query token,
 * which wins over a cookie. A token of the wrong kind for where it was
 * sent (see above) is KP_AUTH_INVALID, like an unknown one. Expired
 * sessions are deleted; the last-use time of sessions and tokens is
 * refreshed at most once a minute.
 */
enum kp_auth_result kp_auth_request(struct kp_server *srv, const struct kp_route *route, const char *cookie,
				    const char *authorization, const char *query_token, struct kp_principal *out);

/*
 * The session cache: the principal of recently used sessions, keyed by the
 * token's hash, each entry stamped with the auth_generatie counter
 * (schema/0022) it was read under. kp_auth_request reads the counter in the
 * request's read snapshot and uses an entry only when the counter is the
 * same, so a logout, an expiry, or a change of a user's name, role,
 * password, active flag or werkgebieden (any path, also the command line)
 * takes effect on the next request. Time limits (idle and absolute) are
 * checked on every request as without the cache. Thread-safe.
 */
struct kp_session_cache;
/* Returns NULL when out of memory (sessions are then looked up every time). */
struct kp_session_cache *kp_session_cache_new(void);
void kp_session_cache_free(struct kp_session_cache *sc);

/* "api" or "agenda" to enum kp_token_soort (0 for anything else), and back. */
enum kp_token_soort kp_token_soort_parse(const char *s);
const char *kp_token_soort_name(enum kp_token_soort s);

/*
 * The client address of a request, given the TCP peer's address as text
 * and the X-Forwarded-For header lines joined with commas (or NULL): the
 * peer itself unless it lies in cfg->trusted_proxies; then the rightmost
 * address of the list that is not itself a trusted proxy (the leftmost one
 * when all are; the nearest trusted hop when an entry is not an address,
 * since nothing to its left can be believed). Written into out
 * (normalised, as inet_ntop writes it).
 */
void kp_client_address_pick(const struct kp_config *cfg, const char *peer, const char *xff, char *out,
			    size_t len);

/* kp_client_address_pick for a libmicrohttpd connection: its peer and every X-Forwarded-For line. */
struct MHD_Connection;
void kp_auth_client_address(const struct kp_config *cfg, struct MHD_Connection *conn, char *out, size_t len);

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
