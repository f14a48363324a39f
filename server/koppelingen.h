/*
 * koppelingen.h - koppelingen in the database, shared by the writes
 * (koppeling_write.c) and the API files (api_koppelingen.c,
 * api_evaluaties.c): the full view, the programme rhythm, planning
 * evaluations from the phase dates, and what a phase change does to both
 * gezinnen's statuses. Every function works inside the caller's
 * transaction; writes expect the writer.
 */
#ifndef KOPPEL_KOPPELINGEN_H
#define KOPPEL_KOPPELINGEN_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "fasen.h"
#include "koers.h"
#include "regels.h"
#include "steun.h"

struct kp_conn;
struct kp_actor;

/*
 * The rhythm of programma id, and its hard rules into *hard when not NULL
 * (through kp_regels_load, matchdata.h). Returns SQLITE_OK, SQLITE_DONE
 * (no such programme) or an error.
 */
int kp_programma_load(struct kp_conn *c, int64_t id, struct kp_programma_ritme *r, struct kp_regels *hard);

/*
 * The course of koppeling id's programme into *k and, when d is not NULL,
 * the dates it counts from (phase starts, the latest extension). SQLITE_OK,
 * SQLITE_DONE (no such koppeling) or an error.
 */
int kp_koppeling_koers(struct kp_conn *c, int64_t id, struct kp_koers *k, struct kp_koers_data *d);

/*
 * The API view of koppeling id, or NULL. *werkgebied_id and *versie are set
 * when not NULL. today is "YYYY-MM-DD" (for overdue evaluations).
 */
json_t *kp_koppeling_json(struct kp_conn *c, int64_t id, const char *today, int64_t *werkgebied_id, int64_t *versie);

/*
 * Brings the planned evaluations of koppeling id in line with its phase
 * dates, extensions and its programme's course (koers.h): adds what is
 * due, moves what was planned by Koppel (never what a person moved or
 * cancelled, or what was held), marks what Koppel planned and the course
 * no longer plans as no longer due, and the rest of a finished koppeling
 * too. Returns SQLITE_OK or an error.
 */
int kp_koppeling_plan(struct kp_conn *w, int64_t id);

/*
 * Sets the status of gezin id to status, dated datum, as part of a phase
 * change (history row, version bump). No-op when it already has it.
 */
int kp_gezin_set_status(struct kp_conn *w, int64_t gezin_id, const char *status, const char *datum,
			const struct kp_actor *actor);

/*
 * Number of started, unfinished koppelingen (kennismaking .. lopend) of a
 * gezin on side kant: as vraaggezin (KP_KANT_VRAAG) or as supporter
 * (KP_KANT_AANBOD). A family that asks and gives at once counts each side
 * apart: its own koppeling does not fill its places as a supporter.
 */
int kp_gezin_active_koppelingen(struct kp_conn *c, int64_t gezin_id, enum kp_kant kant, int64_t *count);

/*
 * SQL: the role in which gezin alias g supports (a koppeling's steungezin):
 * its primary role, or for a vraaggezin its running supporting role (else
 * its latest ended one).
 */
#define KP_SQL_STEUN_ROL(g)                                                                                              \
	"CASE WHEN " g ".rol != 'vraaggezin' THEN " g ".rol ELSE coalesce((SELECT r.rol FROM gezin_rollen r "             \
	"WHERE r.gezin_id = " g ".id AND r.rol != 'vraaggezin' ORDER BY r.tot IS NULL DESC, r.id DESC LIMIT 1), " g ".rol) END"

/*
 * The supporting role of gezin id: its primary role when that is a
 * supporting one, else (a vraaggezin that also gives support, schema 0016)
 * its running supporting role period. Writes that role into rol and its
 * status into status (both at least 32 bytes) and sets *primair. Returns
 * SQLITE_OK, SQLITE_NOTFOUND when the gezin does not exist or has no
 * running supporting role, or an error.
 */
int kp_gezin_steunrol(struct kp_conn *c, int64_t gezin_id, char *rol, char *status, bool *primair);

/*
 * Sets the status of gezin id's supporting role (kp_gezin_steunrol) to
 * status, dated datum, as part of a phase change: through
 * kp_gezin_set_status when it is the primary role, else on that role
 * period with its own history row (rol named) and a new version of the
 * gezin, leaving the primary role's status alone. No-op when it already
 * has it; SQLITE_NOTFOUND when there is no supporting role.
 */
int kp_gezin_steun_set_status(struct kp_conn *w, int64_t gezin_id, const char *status, const char *datum,
			      const struct kp_actor *actor);

#endif
