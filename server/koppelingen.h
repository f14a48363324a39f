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

/* Number of started, unfinished koppelingen (kennismaking .. lopend) of a gezin, on either side. */
int kp_gezin_active_koppelingen(struct kp_conn *c, int64_t gezin_id, int64_t *count);

#endif
