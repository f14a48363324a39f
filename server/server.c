/*
 * server.c - life cycle of the server context (see server.h): everything
 * that must be ready before the first request and torn down after the last.
 */
#include "server.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "db.h"
#include "embedded.h"
#include "http.h"
#include "static_files.h"

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

	struct kp_db_options o = db_options(cfg);
	int from, to;
	if (kp_db_migrate(cfg->database, &o, &from, &to, err, errlen) != 0)
		return -1;
	if (from != to)
		kp_log_info(&srv->log, "database %s migrated from schema %d to %d", cfg->database, from, to);
	if (kp_db_open(&srv->db, cfg->database, &o, err, errlen) != 0)
		return -1;
	if (kp_static_load(&srv->web, cfg->web_dir, err, errlen) != 0) {
		kp_db_close(srv->db);
		srv->db = NULL;
		return -1;
	}
	return 0;
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
	kp_log_buffer_stop(&srv->log);
}
