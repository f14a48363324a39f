/*
 * api_health.c - GET /api/v1/health: is this koppel up, can it read its
 * database and can it write it? Used by the web app's footer, the Docker
 * HEALTHCHECK (koppel health) and load balancers. Answers 200
 * {"status":"ok","version","schemaVersion"} after a real read of the
 * database, or 503 with the reason as the problem's detail when that read
 * fails, finds a schema other than the one this binary migrated to (another
 * process changed it), or the database cannot be written (kp_db_writable:
 * read-only or full file system, no write permission or an immutable file,
 * or the last write failed; checked without a write and cached for a few
 * seconds).
 */
#include <stdio.h>

#include "api.h"
#include "db.h"
#include "http.h"
#include "server.h"

void api_health_get(struct kp_request *req)
{
	struct kp_server *srv = kp_req_server(req);
	struct kp_conn *c = kp_db_read_single(srv->db);
	int version = -1;
	sqlite3_stmt *st = kp_conn_stmt(c, "PRAGMA user_version");
	if (st && sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	kp_db_read_end(srv->db, c);
	if (version < 0) {
		kp_reply_problem(req, KP_P_UNAVAILABLE, "De database is niet leesbaar.");
		return;
	}
	if (version != kp_db_schema_latest()) {
		kp_reply_problem(req, KP_P_UNAVAILABLE, "De database heeft schemaversie %d; deze Koppel werkt met versie %d.",
				 version, kp_db_schema_latest());
		return;
	}
	char reason[256];
	if (!kp_db_writable(srv->db, reason, sizeof reason)) {
		kp_reply_problem(req, KP_P_UNAVAILABLE, "De database is niet schrijfbaar. %s", reason);
		return;
	}
	/* A fixed shape with no user data: formatted directly, because load
	 * balancers and health checks call this all day. */
	char body[96];
	int n = snprintf(body, sizeof body, "{\"status\":\"ok\",\"version\":\"%s\",\"schemaVersion\":%d}",
			 KOPPEL_VERSION, version);
	kp_reply_copy(req, 200, "application/json", body, (size_t)n);
}
