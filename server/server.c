/*
 * server.c - life cycle of the server context (see server.h): everything
 * that must be ready before the first request and torn down after the last.
 */
#include "server.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "db.h"
#include "embedded.h"
#include "http.h"
#include "static_files.h"
#include "zoeken.h"

/* Failed logins allowed per account and per client address in the window. */
#define LOGIN_FAILURES_PER_ACCOUNT 5
#define LOGIN_FAILURES_PER_CLIENT 20
#define LOGIN_WINDOW_SECONDS (15 * 60)

/* Reads a whole PEM file (at most 1 MiB) into a new NUL-terminated buffer. */
static char *read_pem(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	char *buf = malloc((1u << 20) + 1);
	size_t n = buf ? fread(buf, 1, 1u << 20, f) : 0;
	bool too_big = buf && n == (1u << 20);
	fclose(f);
	if (!buf || n == 0 || too_big) {
		free(buf);
		snprintf(err, errlen, "%s: empty, unreadable or too large", path);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

static struct kp_db_options db_options(const struct kp_config *cfg)
{
	struct kp_db_options o = {
		.busy_timeout_ms = cfg->busy_timeout_ms,
		.synchronous_full = cfg->synchronous_full,
		.readers = cfg->threads,
	};
	return o;
}

int kp_server_open(struct kp_server *srv, const struct kp_config *cfg, char *err, size_t errlen)
{
	srv->cfg = *cfg;
	srv->log.level = cfg->log_level;
	if (srv->log.fd == 0)
		srv->log.fd = 2;
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium could not be initialised");
		return -1;
	}
	json_object_seed(0); /* before any thread: jansson's hash seed */
	kp_db_library_init();

	unsigned char hash[12];
	char hex[2 * sizeof hash + 1];
	crypto_generichash(hash, sizeof hash, kp_openapi_json, kp_openapi_json_len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	snprintf(srv->openapi_etag, sizeof srv->openapi_etag, "\"%s\"", hex);

	if (cfg->tls_cert[0] || cfg->tls_key[0]) {
		if (!cfg->tls_cert[0] || !cfg->tls_key[0]) {
			snprintf(err, errlen, "tls_cert and tls_key go together: set both or neither");
			return -1;
		}
		srv->tls_cert_pem = read_pem(cfg->tls_cert, err, errlen);
		srv->tls_key_pem = srv->tls_cert_pem ? read_pem(cfg->tls_key, err, errlen) : NULL;
		if (!srv->tls_key_pem) {
			free(srv->tls_cert_pem);
			srv->tls_cert_pem = NULL;
			return -1;
		}
	}
	pthread_mutex_init(&srv->throttle_lock, NULL);
	kp_throttle_init(&srv->login_by_account, LOGIN_FAILURES_PER_ACCOUNT, LOGIN_WINDOW_SECONDS, NULL);
	kp_throttle_init(&srv->login_by_client, LOGIN_FAILURES_PER_CLIENT, LOGIN_WINDOW_SECONDS, NULL);

	/* one daemon per database: taken before the migration touches it,
	 * held by the database until kp_db_close */
	int lock_fd;
	long holder;
	if (kp_db_lock(cfg->database, &lock_fd, &holder, err, errlen) != 0)
		goto fail;
	struct kp_db_options o = db_options(cfg);
	int from, to;
	if (kp_db_migrate(cfg->database, &o, &from, &to, err, errlen) != 0) {
		kp_db_unlock(lock_fd);
		goto fail;
	}
	if (from != to)
		kp_log_info(&srv->log, "database %s migrated from schema %d to %d", cfg->database, from, to);
	if (kp_db_open(&srv->db, cfg->database, &o, err, errlen) != 0) {
		kp_db_unlock(lock_fd);
		goto fail;
	}
	kp_db_adopt_lock(srv->db, lock_fd);
	/* search rows and sort keys still to fill: once after migration 0021, or rows written by plain SQL */
	int64_t zoek_n = 0;
	if (kp_zoek_bijwerken_waar_nodig(srv->db, &zoek_n) != 0) {
		snprintf(err, errlen, "cannot build the search index of the gezinnen");
		goto fail;
	}
	if (zoek_n > 0) {
		kp_log_info(&srv->log, "search index and sort keys of %lld gezinnen rebuilt", (long long)zoek_n);
#ifdef __GLIBC__
		/* the rebuild's page cache (64 MiB) and folding buffers are freed, but glibc keeps the pages of
		 * its heap: give them back, or the daemon starts with some 75 MB resident it never uses again */
		malloc_trim(0);
#endif
	}
	if (kp_static_load(&srv->web, cfg->web_dir, err, errlen) != 0)
		goto fail;
	return 0;
fail:
	kp_server_close(srv);
	return -1;
}

int kp_server_start(struct kp_server *srv, const struct kp_route *routes, size_t n_routes, char *err, size_t errlen)
{
	srv->routes = routes;
	srv->n_routes = n_routes;
	atomic_store(&srv->stopping, false);
	if (!srv->log.buffer && kp_log_buffer_start(&srv->log) != 0)
		kp_log_warn(&srv->log, "cannot start the log writer thread; logging unbuffered");
	return kp_http_start(srv, err, errlen);
}

void kp_server_stop(struct kp_server *srv)
{
	kp_http_stop(srv);
}

void kp_server_close(struct kp_server *srv)
{
	kp_db_close(srv->db);
	srv->db = NULL;
	kp_static_free(srv->web);
	srv->web = NULL;
	free(srv->tls_cert_pem);
	free(srv->tls_key_pem);
	srv->tls_cert_pem = srv->tls_key_pem = NULL;
	kp_log_buffer_stop(&srv->log);
}
