/*
 * scope.h - what a caller may see, written once and used inside the SQL of
 * every query that takes an id, a cursor or a filter from a request.
 *
 * The rule (README, "Access and the audit log"):
 *   - a gezin is visible when its current werkgebied is one of the caller's;
 *   - a koppeling, and everything recorded under it (evaluaties, afspraken,
 *     verloop, phase history, agenda entries, caseload rows), is visible
 *     only when BOTH its gezinnen are visible. A family moved to another
 *     werkgebied therefore takes its koppelingen out of the old werkgebied
 *     at once, and the new werkgebied does not see the supporter it left
 *     behind; the beheerder sees both;
 *   - a gezinscoach, within its werkgebieden, sees only the trajectories it
 *     coaches (koppelingen.coach_id) and their vraaggezinnen: no informal
 *     koppeling and no supporting gezin;
 *   - the beheerder sees everything.
 * Visibility is always derived from the gezinnen's current werkgebied in the
 * same statement; no stored copy of it is ever consulted.
 *
 * Use: put KP_SQL_GEZIN_ZICHTBAAR("g") or KP_SQL_KOPPELING_ZICHTBAAR("k") in
 * the WHERE clause and prepare the statement with kp_scope_stmt, which binds
 * the caller's scope to the named parameters :kp_alles, :kp_werkgebieden and
 * :kp_coach. A statement that uses KP_SQL_SCOPE_WG on its own (not through
 * these fragments) must not be reachable by a gezinscoach.
 */
#ifndef KP_SCOPE_H
#define KP_SCOPE_H

#include <sqlite3.h>

#include "auth.h"
#include "db.h"

/* The caller's werkgebieden as a table (non-correlated: computed once per statement). */
#define KP_SQL_SCOPE_WG "(SELECT value FROM json_each(:kp_werkgebieden))"

/*
 * For a gezinscoach (:kp_coach is its user id; NULL for every other caller):
 * true when the gezin with id expression e is the vraaggezin of one of the
 * coach's open trajectories (an ended one, afronding or gestopt, no longer
 * counts). Always true for any other caller.
 */
#define KP_SQL_COACH_GEZIN(e)                                                                                \
	"(:kp_coach IS NULL OR EXISTS (SELECT 1 FROM koppelingen zc WHERE zc.coach_id = :kp_coach AND "        \
	"zc.vraaggezin_id = " e " AND zc.fase NOT IN ('afronding', 'gestopt')))"

/* True when gezin row alias g is visible to the caller. */
#define KP_SQL_GEZIN_ZICHTBAAR(g)                                                                            \
	"(:kp_alles = 1 OR (" g ".werkgebied_id IN " KP_SQL_SCOPE_WG " AND " KP_SQL_COACH_GEZIN(g ".id") "))"

/* True when the gezin with id expression e (e.g. "k.steungezin_id") is visible. */
#define KP_SQL_GEZIN_ID_ZICHTBAAR(e)                                                                         \
	"(:kp_alles = 1 OR ((SELECT zg.werkgebied_id FROM gezinnen zg WHERE zg.id = " e ") IN " KP_SQL_SCOPE_WG  \
	" AND " KP_SQL_COACH_GEZIN(e) "))"

/*
 * True when koppeling row alias k is visible: both its gezinnen are (a
 * trajectory has only its vraaggezin), and for a gezinscoach it is one of
 * the coach's own trajectories.
 */
#define KP_SQL_KOPPELING_ZICHTBAAR(k)                                                                        \
	"(" KP_SQL_GEZIN_ID_ZICHTBAAR(k ".vraaggezin_id") " AND (" k ".steungezin_id IS NULL OR "               \
	KP_SQL_GEZIN_ID_ZICHTBAAR(k ".steungezin_id") ") AND (:kp_coach IS NULL OR " k ".coach_id = :kp_coach))"

/*
 * Prepares sql on c (from its statement cache, bindings cleared) and binds
 * the scope of principal p (NULL: an internal caller that sees everything)
 * to :kp_alles, :kp_werkgebieden and (for a gezinscoach) :kp_coach. The statement must use the scope: a
 * statement without :kp_alles is a programming error (asserted; NULL in a
 * release build). Returns NULL on a prepare or memory error.
 */
sqlite3_stmt *kp_scope_stmt(struct kp_conn *c, const char *sql, const struct kp_principal *p);

/*
 * 1 when gezin id exists and p (NULL: everything) may see it, 0 when not
 * (both answered alike by callers), -1 on a database error. One scoped
 * statement; c stays the caller's.
 */
int kp_scope_gezin_zichtbaar(struct kp_conn *c, const struct kp_principal *p, int64_t id);

#endif
