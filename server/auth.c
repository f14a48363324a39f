/*
 * auth.c - see auth.h.
 */
#include "auth.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <jansson.h>
#include <microhttpd.h>
#include <sodium.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "server.h"
#include "util.h"

#define TOUCH_EVERY KP_TOUCH_EVERY /* seconds between last-use updates */
#define SESSION_CACHE_SLOTS 1024 /* direct-mapped by the token hash */

/* One remembered session: valid only under the generation it was read in. */
struct cached_session {
	bool used;
	unsigned char hash[32];
	int64_t generatie;
	int64_t last; /* laatst_actief_op as last read or written */
	struct kp_principal p;
};

struct kp_session_cache {
	pthread_mutex_t lock;
	struct cached_session slots[SESSION_CACHE_SLOTS];
};

struct kp_session_cache *kp_session_cache_new(void)
{
	struct kp_session_cache *sc = calloc(1, sizeof *sc);
	if (sc && pthread_mutex_init(&sc->lock, NULL) != 0) {
		free(sc);
		return NULL;
	}
	return sc;
}

void kp_session_cache_free(struct kp_session_cache *sc)
{
	if (!sc)
		return;
	pthread_mutex_destroy(&sc->lock);
	sodium_memzero(sc->slots, sizeof sc->slots); /* CSRF tokens */
	free(sc);
}

/* The slot a token hash maps to. */
static struct cached_session *cache_slot(struct kp_session_cache *sc, const unsigned char hash[32])
{
	uint32_t k;
	memcpy(&k, hash, sizeof k);
	return &sc->slots[k % SESSION_CACHE_SLOTS];
}

/*
 * Looks the session with token hash up in sc: true, with *p and *last
 * filled, when an entry exists that was read under generation generatie.
 */
static bool cache_get(struct kp_session_cache *sc, const unsigned char hash[32], int64_t generatie,
		      struct kp_principal *p, int64_t *last)
{
	if (!sc)
		return false;
	bool hit = false;
	pthread_mutex_lock(&sc->lock);
	struct cached_session *e = cache_slot(sc, hash);
	if (e->used && e->generatie == generatie && sodium_memcmp(e->hash, hash, 32) == 0) {
		*p = e->p;
		*last = e->last;
		hit = true;
	}
	pthread_mutex_unlock(&sc->lock);
	return hit;
}

/* Remembers p for token hash, read under generatie (replaces what the slot held). */
static void cache_put(struct kp_session_cache *sc, const unsigned char hash[32], int64_t generatie,
		      const struct kp_principal *p, int64_t last)
{
	if (!sc)
		return;
	pthread_mutex_lock(&sc->lock);
	struct cached_session *e = cache_slot(sc, hash);
	e->used = true;
	memcpy(e->hash, hash, 32);
	e->generatie = generatie;
	e->last = last;
	e->p = *p;
	pthread_mutex_unlock(&sc->lock);
}

/* After a last-use refresh was written: the entry of hash (if still there) knows it. */
static void cache_touched(struct kp_session_cache *sc, const unsigned char hash[32], int64_t last)
{
	if (!sc)
		return;
	pthread_mutex_lock(&sc->lock);
	struct cached_session *e = cache_slot(sc, hash);
	if (e->used && sodium_memcmp(e->hash, hash, 32) == 0 && e->last < last)
		e->last = last;
	pthread_mutex_unlock(&sc->lock);
}

/* The auth_generatie counter as c's snapshot sees it, or -1 on an error. */
static int64_t read_generatie(struct kp_conn *c)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT n FROM auth_generatie WHERE id = 1");
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return -1;
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

enum kp_role kp_role_parse(const char *s)
{
	if (strcmp(s, "beheerder") == 0)
		return KP_ROLE_BEHEERDER;
	if (strcmp(s, "coordinator") == 0)
		return KP_ROLE_COORDINATOR;
	if (strcmp(s, "rapportage") == 0)
		return KP_ROLE_RAPPORTAGE;
	if (strcmp(s, "gezinscoach") == 0)
		return KP_ROLE_GEZINSCOACH;
	return 0;
}

const char *kp_role_name(enum kp_role r)
{
	switch (r) {
	case KP_ROLE_BEHEERDER:
		return "beheerder";
	case KP_ROLE_COORDINATOR:
		return "coordinator";
	case KP_ROLE_RAPPORTAGE:
		return "rapportage";
	case KP_ROLE_GEZINSCOACH:
		return "gezinscoach";
	}
	return "?";
}

enum kp_token_soort kp_token_soort_parse(const char *s)
{
	if (strcmp(s, "api") == 0)
		return KP_TOKEN_API;
	if (strcmp(s, "agenda") == 0)
		return KP_TOKEN_AGENDA;
	return 0;
}

const char *kp_token_soort_name(enum kp_token_soort s)
{
	return s == KP_TOKEN_AGENDA ? "agenda" : "api";
}

bool kp_principal_sees(const struct kp_principal *p, int64_t werkgebied_id)
{
	if (p->rol == KP_ROLE_BEHEERDER)
		return true;
	for (size_t i = 0; i < p->n_werkgebieden; i++)
		if (p->werkgebieden[i] == werkgebied_id)
			return true;
	return false;
}

char *kp_principal_werkgebieden_json(const struct kp_principal *p)
{
	json_t *ids = json_array();
	for (size_t i = 0; ids && i < p->n_werkgebieden; i++)
		json_array_append_new(ids, json_integer(p->werkgebieden[i]));
	char *text = ids ? json_dumps(ids, JSON_COMPACT) : NULL;
	json_decref(ids);
	return text;
}

void kp_auth_token_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

int kp_auth_load_werkgebieden(struct kp_conn *c, int64_t gebruiker_id, struct kp_principal *p)
{
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT werkgebied_id FROM gebruiker_werkgebieden "
					   "WHERE gebruiker_id = ?1 ORDER BY werkgebied_id");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, gebruiker_id);
	p->n_werkgebieden = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (p->n_werkgebieden < KP_MAX_WERKGEBIEDEN)
			p->werkgebieden[p->n_werkgebieden++] = sqlite3_column_int64(st, 0);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Copies the user columns (id, gebruikersnaam, rol) at col.. into p. */
static void fill_user(sqlite3_stmt *st, int col, struct kp_principal *p)
{
	p->gebruiker_id = sqlite3_column_int64(st, col);
	snprintf(p->gebruikersnaam, sizeof p->gebruikersnaam, "%s", (const char *)sqlite3_column_text(st, col + 1));
	p->rol = kp_role_parse((const char *)sqlite3_column_text(st, col + 2));
}

/* Runs one UPDATE/DELETE with up to two integer parameters (extra ones are
 * ignored) in its own write transaction; failures only cost a refresh. It
 * never waits for the writer: while another thread holds it (a long report)
 * the housekeeping is left to a later request instead of stalling this one,
 * which may be a read. Returns true when committed. */
static bool write_small(struct kp_server *srv, const char *sql, int64_t a, int64_t b)
{
	struct kp_conn *w = kp_db_write_try_begin(srv->db);
	if (!w)
		return false;
	sqlite3_stmt *st = kp_conn_stmt(w, sql);
	if (st) {
		sqlite3_bind_int64(st, 1, a);
		sqlite3_bind_int64(st, 2, b);
		if (sqlite3_step(st) == SQLITE_DONE)
			return kp_db_write_commit(srv->db, w) == SQLITE_OK;
	}
	kp_db_write_rollback(srv->db, w);
	return false;
}

static enum kp_auth_result auth_token(struct kp_server *srv, const char *token, struct kp_principal *p)
{
	unsigned char hash[32];
	kp_auth_token_hash(token, hash);
	struct kp_conn *c = kp_db_read_begin(srv->db);
	if (!c)
		return KP_AUTH_ERROR;
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT t.id, t.laatst_gebruikt_op, g.id, g.gebruikersnaam, g.rol, g.actief, "
					   "t.soort FROM api_tokens t JOIN gebruikers g ON g.id = t.gebruiker_id "
					   "WHERE t.token_hash = ?1 AND t.ingetrokken_op IS NULL");
	if (!st) {
		kp_db_read_end(srv->db, c);
		return KP_AUTH_ERROR;
	}
	sqlite3_bind_blob(st, 1, hash, sizeof hash, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		kp_db_read_end(srv->db, c);
		return rc == SQLITE_DONE ? KP_AUTH_INVALID : KP_AUTH_ERROR;
	}
	bool actief = sqlite3_column_int(st, 5) != 0;
	p->token_id = sqlite3_column_int64(st, 0);
	p->token_soort = kp_token_soort_parse((const char *)sqlite3_column_text(st, 6));
	char now_s[32];
	kp_format_time(kp_now() - TOUCH_EVERY, now_s);
	const char *last = (const char *)sqlite3_column_text(st, 1);
	bool touch = !last || strcmp(last, now_s) < 0;
	fill_user(st, 2, p);
	rc = actief ? kp_auth_load_werkgebieden(c, p->gebruiker_id, p) : SQLITE_OK;
	kp_db_read_end(srv->db, c);
	if (rc != SQLITE_OK)
		return KP_AUTH_ERROR;
	if (!actief)
		return KP_AUTH_INVALID;
	if (touch) {
		struct kp_conn *w = kp_db_write_try_begin(srv->db); /* as write_small: never waits */
		if (w) {
			char now_iso[32];
			kp_format_time(kp_now(), now_iso);
			sqlite3_stmt *u = kp_conn_stmt(w, "UPDATE api_tokens SET laatst_gebruikt_op = ?2 WHERE id = ?1");
			if (u) {
				sqlite3_bind_int64(u, 1, p->token_id);
				sqlite3_bind_text(u, 2, now_iso, -1, SQLITE_TRANSIENT);
			}
			if (u && sqlite3_step(u) == SQLITE_DONE)
				kp_db_write_commit(srv->db, w);
			else
				kp_db_write_rollback(srv->db, w);
		}
	}
	p->via = KP_VIA_TOKEN;
	return KP_AUTH_OK;
}

/*
 * The time limits of a session of an active user p (from the database or
 * the cache), last used at last: deletes it when it has ended, refreshes
 * its last-use time at most once every TOUCH_EVERY seconds.
 */
static enum kp_auth_result session_checked(struct kp_server *srv, const unsigned char hash[32],
					   struct kp_principal *p, int64_t last, int64_t now)
{
	if (now >= p->verloopt_op || now - last >= (int64_t)srv->cfg.session_idle_timeout) {
		write_small(srv, "DELETE FROM sessies WHERE id = ?1", p->sessie_id, 0);
		return KP_AUTH_INVALID;
	}
	if (now - last >= TOUCH_EVERY &&
	    write_small(srv, "UPDATE sessies SET laatst_actief_op = ?2 WHERE id = ?1", p->sessie_id, now))
		cache_touched(srv->sessions, hash, now);
	p->via = KP_VIA_SESSION;
	return KP_AUTH_OK;
}

static enum kp_auth_result auth_session(struct kp_server *srv, const char *token, struct kp_principal *p)
{
	unsigned char hash[32];
	kp_auth_token_hash(token, hash);
	struct kp_conn *c = kp_db_read_begin(srv->db);
	if (!c)
		return KP_AUTH_ERROR;
	int64_t now = kp_now(), last;
	/* the cache's check and the handler's reads share this snapshot (db.h: kp_db_share_begin) */
	int64_t generatie = read_generatie(c);
	if (generatie < 0) {
		kp_db_read_end(srv->db, c);
		return KP_AUTH_ERROR;
	}
	if (cache_get(srv->sessions, hash, generatie, p, &last)) {
		kp_db_read_end(srv->db, c);
		return session_checked(srv, hash, p, last, now);
	}
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT s.id, s.csrf_token, s.laatst_actief_op, s.verloopt_op, "
					   "g.id, g.gebruikersnaam, g.rol, g.actief "
					   "FROM sessies s JOIN gebruikers g ON g.id = s.gebruiker_id "
					   "WHERE s.token_hash = ?1");
	if (!st) {
		kp_db_read_end(srv->db, c);
		return KP_AUTH_ERROR;
	}
	sqlite3_bind_blob(st, 1, hash, sizeof hash, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		kp_db_read_end(srv->db, c);
		return rc == SQLITE_DONE ? KP_AUTH_INVALID : KP_AUTH_ERROR;
	}
	p->sessie_id = sqlite3_column_int64(st, 0);
	snprintf(p->csrf, sizeof p->csrf, "%s", (const char *)sqlite3_column_text(st, 1));
	last = sqlite3_column_int64(st, 2);
	p->verloopt_op = sqlite3_column_int64(st, 3);
	bool actief = sqlite3_column_int(st, 7) != 0;
	fill_user(st, 4, p);
	sqlite3_reset(st);
	rc = actief ? kp_auth_load_werkgebieden(c, p->gebruiker_id, p) : SQLITE_OK;
	kp_db_read_end(srv->db, c);
	if (rc != SQLITE_OK)
		return KP_AUTH_ERROR;
	if (!actief) {
		write_small(srv, "DELETE FROM sessies WHERE id = ?1", p->sessie_id, 0);
		return KP_AUTH_INVALID;
	}
	p->via = KP_VIA_SESSION;
	cache_put(srv->sessions, hash, generatie, p, last);
	return session_checked(srv, hash, p, last, now);
}

/* The token in an Authorization header value ("Bearer kp_..."), or NULL when it is not one. */
static const char *bearer_token(const char *authorization)
{
	if (strncasecmp(authorization, "Bearer ", 7) != 0)
		return NULL;
	const char *t = authorization + 7;
	while (*t == ' ')
		t++;
	return t;
}

/* True when t has the shape of one of our tokens. */
static bool token_shaped(const char *t)
{
	return strlen(t) < KP_SECRET_MAX && strncmp(t, KP_TOKEN_PREFIX, strlen(KP_TOKEN_PREFIX)) == 0;
}

enum kp_auth_result kp_auth_request(struct kp_server *srv, const struct kp_route *route, const char *cookie,
				    const char *authorization, const char *query_token, struct kp_principal *out)
{
	memset(out, 0, sizeof *out);
	bool feed = route && route->query_token; /* the only routes an agenda token opens */
	if (authorization) {
		const char *t = bearer_token(authorization);
		if (!t || !token_shaped(t))
			return KP_AUTH_INVALID;
		enum kp_auth_result r = auth_token(srv, t, out);
		if (r == KP_AUTH_OK && out->token_soort == KP_TOKEN_AGENDA && !feed)
			return KP_AUTH_INVALID;
		return r;
	}
	if (query_token && feed) {
		if (!token_shaped(query_token))
			return KP_AUTH_INVALID;
		enum kp_auth_result r = auth_token(srv, query_token, out);
		/* a URL ends up in logs and on calendar servers: only the read-only kind goes there */
		if (r == KP_AUTH_OK && out->token_soort != KP_TOKEN_AGENDA)
			return KP_AUTH_INVALID;
		return r;
	}
	if (cookie && *cookie) {
		if (strlen(cookie) >= KP_SECRET_MAX)
			return KP_AUTH_INVALID;
		return auth_session(srv, cookie, out);
	}
	return KP_AUTH_NONE;
}

/*
 * Parses one X-Forwarded-For entry of len bytes (white space around it,
 * an IPv6 address optionally in brackets) into normalised text. Returns
 * false when it is not an address.
 */
static bool forwarded_entry(const char *s, size_t len, char out[INET6_ADDRSTRLEN])
{
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	char text[INET6_ADDRSTRLEN];
	if (len == 0 || len >= sizeof text)
		return false;
	memcpy(text, s, len);
	text[len] = '\0';
	unsigned char bin[16];
	if (inet_pton(AF_INET, text, bin) == 1)
		return inet_ntop(AF_INET, bin, out, INET6_ADDRSTRLEN) != NULL;
	if (inet_pton(AF_INET6, text, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, INET6_ADDRSTRLEN) != NULL;
	return false;
}

void kp_client_address_pick(const struct kp_config *cfg, const char *peer, const char *xff, char *out, size_t len)
{
	snprintf(out, len, "%s", peer);
	if (!xff || !kp_cidr_contains(cfg->trusted_proxies, cfg->n_trusted_proxies, peer))
		return;
	/* from the right: each entry was added by the hop after it, trusted so far */
	const char *end = xff + strlen(xff);
	for (;;) {
		const char *start = end;
		while (start > xff && start[-1] != ',')
			start--;
		char addr[INET6_ADDRSTRLEN];
		if (!forwarded_entry(start, (size_t)(end - start), addr))
			return; /* not an address: believe nothing further left */
		snprintf(out, len, "%s", addr);
		if (!kp_cidr_contains(cfg->trusted_proxies, cfg->n_trusted_proxies, addr) || start == xff)
			return;
		end = start - 1;
	}
}

/* The X-Forwarded-For lines of a request, in order, joined with commas. */
struct forwarded {
	char *text;
	size_t len, cap;
	bool failed;
};

/* MHD header iterator: appends an X-Forwarded-For line to the struct forwarded in cls. */
static enum MHD_Result collect_forwarded(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct forwarded *f = cls;
	if (!key || !value || strcasecmp(key, "X-Forwarded-For") != 0 || f->failed)
		return MHD_YES;
	size_t add = strlen(value);
	if (f->len + add + 2 > f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 256;
		while (cap < f->len + add + 2)
			cap *= 2;
		char *grown = realloc(f->text, cap);
		if (!grown) {
			f->failed = true;
			return MHD_YES;
		}
		f->text = grown;
		f->cap = cap;
	}
	if (f->len)
		f->text[f->len++] = ',';
	memcpy(f->text + f->len, value, add);
	f->len += add;
	f->text[f->len] = '\0';
	return MHD_YES;
}

void kp_auth_client_address(const struct kp_config *cfg, struct MHD_Connection *conn, char *out, size_t len)
{
	char peer[INET6_ADDRSTRLEN] = "?";
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, peer, sizeof peer);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, peer, sizeof peer);
	if (!kp_cidr_contains(cfg->trusted_proxies, cfg->n_trusted_proxies, peer)) {
		snprintf(out, len, "%s", peer);
		return;
	}
	struct forwarded f = { 0 };
	MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_forwarded, &f);
	/* out of memory: the proxy's own address, never a guess */
	kp_client_address_pick(cfg, peer, f.failed ? NULL : f.text, out, len);
	free(f.text);
}

int kp_session_create(struct kp_conn *w, const struct kp_config *cfg, int64_t gebruiker_id, int64_t now,
		      char token[KP_SECRET_MAX], char csrf[KP_SECRET_MAX], int64_t *verloopt_op, int64_t *sessie_id)
{
	if (kp_random_token("", 32, token, KP_SECRET_MAX) != 0 || kp_random_token("", 32, csrf, KP_SECRET_MAX) != 0)
		return SQLITE_ERROR;
	unsigned char hash[32];
	kp_auth_token_hash(token, hash);
	*verloopt_op = now + (int64_t)cfg->session_lifetime;
	sqlite3_stmt *st = kp_conn_stmt(w, "INSERT INTO sessies(token_hash, gebruiker_id, csrf_token, aangemaakt_op, "
					   "laatst_actief_op, verloopt_op) VALUES (?1, ?2, ?3, ?4, ?4, ?5)");
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_blob(st, 1, hash, sizeof hash, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, gebruiker_id);
	sqlite3_bind_text(st, 3, csrf, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, *verloopt_op);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		return rc;
	*sessie_id = sqlite3_last_insert_rowid(kp_conn_handle(w));
	/* housekeeping: sessions that ended long ago */
	st = kp_conn_stmt(w, "DELETE FROM sessies WHERE verloopt_op < ?1");
	if (st) {
		sqlite3_bind_int64(st, 1, now);
		sqlite3_step(st);
	}
	return SQLITE_OK;
}
