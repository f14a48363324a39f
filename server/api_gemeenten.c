/*
 * api_gemeenten.c - the gemeenten a caller may pick from.
 *
 *   GET /api/v1/gemeenten   {"gemeenten": [{"naam", "werkgebieden": [id]}]}
 *
 * The caller's gemeenten are those its werkgebieden list (the beheerder:
 * every werkgebied's) plus those its visible families live in (a family
 * registered before gemeenten were lists may name one no list has). Each
 * names the werkgebieden, among the caller's, that list it or hold such a
 * family. Visibility is decided in the one statement (scope.h). Names of
 * gemeenten are not personal data: nothing is audited.
 */
#include "gemeenten.h"

#include "db.h"
#include "http.h"
#include "scope.h"
#include "server.h"

void api_gemeenten_list(struct kp_request *req)
{
	struct kp_conn *c = kp_req_read_begin(req);
	if (!c)
		return;
	/* bron: (name, werkgebied) from the lists (soort 0) and the families (soort 1); the list's spelling first */
	sqlite3_stmt *st = kp_scope_stmt(
		c,
		"WITH bron AS MATERIALIZED (SELECT l.gemeente AS naam, l.werkgebied_id AS wg, 0 AS soort "
		"FROM werkgebied_gemeenten l WHERE (:kp_alles = 1 OR l.werkgebied_id IN " KP_SQL_SCOPE_WG ") "
		"UNION SELECT DISTINCT g.gemeente, g.werkgebied_id, 1 FROM gezinnen g WHERE g.gemeente IS NOT NULL "
		"AND " KP_SQL_GEZIN_ZICHTBAAR("g") ") "
		"SELECT (SELECT b.naam FROM bron b WHERE b.naam = k.sleutel COLLATE NOCASE ORDER BY b.soort, b.naam LIMIT 1), "
		"(SELECT json_group_array(wg) FROM (SELECT DISTINCT b.wg FROM bron b WHERE b.naam = k.sleutel COLLATE NOCASE "
		"ORDER BY b.wg)) "
		"FROM (SELECT DISTINCT naam COLLATE NOCASE AS sleutel FROM bron) k ORDER BY k.sleutel COLLATE NOCASE",
		kp_req_principal(req));
	json_t *arr = st ? json_array() : NULL;
	int rc = SQLITE_DONE;
	while (arr && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *wgs = (const char *)sqlite3_column_text(st, 1);
		json_t *ids = wgs ? json_loads(wgs, 0, NULL) : NULL;
		json_array_append_new(arr, json_pack("{s:s, s:o}", "naam", (const char *)sqlite3_column_text(st, 0), "werkgebieden",
						     ids ? ids : json_array()));
	}
	if (st)
		sqlite3_reset(st);
	kp_db_read_end(kp_req_server(req)->db, c);
	if (!arr || rc != SQLITE_DONE) {
		json_decref(arr);
		kp_reply_db_error(req);
		return;
	}
	kp_reply_json(req, 200, json_pack("{s:o}", "gemeenten", arr));
}
