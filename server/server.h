/*
 * server.h - the server context: the one place that holds Koppel's mutable
 * state (settings, logger, database pool, preloaded web files, the HTTP
 * daemon and its counters). Everything a handler needs is reached from here
 * through kp_req_server(); there are no other globals.
 *
 * Life cycle: kp_server_open (migrate, open the database, load web/) ->
 * kp_server_start (listen) -> kp_server_stop (drain and stop listening) ->
 * kp_server_close (checkpoint the WAL, free everything).
 */
#ifndef KOPPEL_SERVER_H
#define KOPPEL_SERVER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pthread.h>

#include "config.h"
#include "log.h"
#include "routes.h"
#include "throttle.h"

struct kp_db;
struct kp_static;
struct kp_slowpool;
struct kp_auditq;
struct MHD_Daemon;

struct kp_server {
	struct kp_config cfg;
	struct kp_log log;
	struct kp_db *db;
	struct kp_static *web;
	const struct kp_route *routes;
	size_t n_routes;
	char openapi_etag[40];
	char *tls_cert_pem;       /* loaded from cfg.tls_cert, or NULL */
	char *tls_key_pem;
	struct kp_slowpool *slow; /* password hashing, while serving */
	struct kp_auditq *auditq; /* audit entries of reads, while serving */
	struct kp_session_cache *sessions; /* auth.h; while serving, NULL: no cache */
	pthread_mutex_t throttle_lock;
	struct kp_throttle login_by_account; /* failed logins per user name */
	struct kp_throttle login_by_client;  /* failed logins per client address */

	struct MHD_Daemon *daemon;
	uint16_t port;            /* the bound port, also when cfg asked for 0 */
	atomic_uint in_flight;    /* requests begun and not yet completed */
	_Atomic int64_t last_trim_s; /* CLOCK_MONOTONIC second of the last heap trim (http.c) */
	atomic_bool stopping;     /* set by kp_http_stop: answer with Connection: close */
	atomic_ulong handler_leaks; /* handlers that left a transaction open */
};

/*
 * Migrates and opens the database named in cfg and preloads cfg->web_dir.
 * Returns 0, or -1 with a message in err (nothing is left open).
 */
int kp_server_open(struct kp_server *srv, const struct kp_config *cfg, char *err, size_t errlen);

/* Starts serving routes (normally kp_routes) on cfg's address. */
int kp_server_start(struct kp_server *srv, const struct kp_route *routes, size_t n_routes, char *err,
		    size_t errlen);

/* Stops accepting, lets in-flight requests finish (bounded), stops the daemon. */
void kp_server_stop(struct kp_server *srv);

/* Closes the database (checkpointing the WAL) and frees the web files. */
void kp_server_close(struct kp_server *srv);

#endif
