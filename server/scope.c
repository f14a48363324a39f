/*
 * scope.c - binds a caller's scope to the statements that use the
 * visibility fragments of scope.h. See scope.h for the rule.
 */
#include "scope.h"

#include <assert.h>
#include <stdlib.h>

sqlite3_stmt *kp_scope_stmt(struct kp_conn *c, const char *sql, const struct kp_principal *p)
{
	sqlite3_stmt *st = kp_conn_stmt(c, sql);
	if (!st)
		return NULL;
	int alles = sqlite3_bind_parameter_index(st, ":kp_alles");
	int wg = sqlite3_bind_parameter_index(st, ":kp_werkgebieden");
	int coach = sqlite3_bind_parameter_index(st, ":kp_coach");
	assert(alles > 0 && "a scoped statement must say what the caller may see");
	if (alles == 0)
		return NULL;
	bool all = !p || p->rol == KP_ROLE_BEHEERDER;
	if (sqlite3_bind_int(st, alles, all) != SQLITE_OK)
		return NULL;
	if (wg > 0) {
		char *ids = p ? kp_principal_werkgebieden_json(p) : NULL;
		if (p && !ids)
			return NULL;
		int rc = sqlite3_bind_text(st, wg, ids ? ids : "[]", -1, SQLITE_TRANSIENT);
		free(ids);
		if (rc != SQLITE_OK)
			return NULL;
	}
	/* left NULL (cleared) for everyone but a gezinscoach */
	if (coach > 0 && p && p->rol == KP_ROLE_GEZINSCOACH && sqlite3_bind_int64(st, coach, p->gebruiker_id) != SQLITE_OK)
		return NULL;
	return st;
}

int kp_scope_gezin_zichtbaar(struct kp_conn *c, const struct kp_principal *p, int64_t id)
{
	sqlite3_stmt *st = kp_scope_stmt(c, "SELECT 1 FROM gezinnen g WHERE g.id = ?1 AND " KP_SQL_GEZIN_ZICHTBAAR("g"), p);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
