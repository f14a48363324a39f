/*
 * gezinsplan.h - the gezinsplan of a vraaggezin, "één gezin, één plan"
 * (issue 19; schema 0026): goals in the family's own words, each with an
 * owner (the family, someone of its network, a partner organisation), an
 * optional theme, a start score and the latest score on a 1-10 scale with
 * the date of that score, and a status; plus the plan's own fields (the day
 * it was drawn up, who sat at the table, the agreements, an internal note).
 *
 * This module is pure: it checks a plan sent by a client against the
 * current one and makes the document that is stored as a new version,
 * applies an evaluation (new latest scores), sums up the progress and makes
 * the anonymised copy. The database and HTTP live in api_gezinsplan.c.
 *
 * The stored document: {"opgesteldOp", "aanwezig": [..], "afspraken",
 * "notitie", "doelen": [{"id", "doel", "eigenaar": {"soort", "naam"},
 * "domein", "startScore", "laatsteScore", "laatsteScoreOp", "status"}]};
 * absent optional values are null, goals keep their id across versions.
 */
#ifndef KOPPEL_GEZINSPLAN_H
#define KOPPEL_GEZINSPLAN_H

#include <stddef.h>

#include <jansson.h>

#include "json_spec.h"

#define KP_GEZINSPLAN_MAX_DOELEN 30
#define KP_GEZINSPLAN_MAX_AANWEZIG 20
#define KP_GEZINSPLAN_SCORE_MIN 1
#define KP_GEZINSPLAN_SCORE_MAX 10

/* The request shapes: a whole plan (PUT) and an evaluation (POST .../evaluaties). */
#define KP_GEZINSPLAN_VELDEN 5
#define KP_GEZINSPLAN_EVALUATIE_VELDEN 2
extern const struct kp_field kp_gezinsplan_spec[KP_GEZINSPLAN_VELDEN];
extern const size_t kp_gezinsplan_spec_count;
extern const struct kp_field kp_gezinsplan_evaluatie_spec[KP_GEZINSPLAN_EVALUATIE_VELDEN];
extern const size_t kp_gezinsplan_evaluatie_spec_count;

/* The request specs by name, for the body fuzzer (json_spec.h; api_gezinsplan.c). */
extern const struct kp_spec kp_specs_gezinsplan[];

/*
 * The document to store for body, a plan valid against kp_gezinsplan_spec,
 * replacing vorige (the current stored document, NULL when there is none)
 * on today ("YYYY-MM-DD"). Checks what the spec cannot: at least one goal;
 * a goal's id must name a goal of vorige and appear once (new goals have
 * none and get the next free id); a latest score comes with its date and
 * the other way round; no date lies after today; a latest score's date is
 * not before opgesteldOp. Returns a new document, or NULL with *problem a
 * new 400 problem naming every offending field (/doelen/3/laatsteScoreOp);
 * NULL with *problem NULL when out of memory.
 */
json_t *kp_gezinsplan_maak(const json_t *body, const json_t *vorige, const char *today, json_t **problem);

/*
 * The document after an evaluation body (valid against
 * kp_gezinsplan_evaluatie_spec) of the stored document huidig on today:
 * each listed goal gets its score as laatsteScore and datum as
 * laatsteScoreOp (and its status when given). datum may not lie after
 * today nor before opgesteldOp; each doel must name a goal of huidig, once.
 * Returns a new document or NULL with *problem as kp_gezinsplan_maak.
 */
json_t *kp_gezinsplan_evalueer(const json_t *huidig, const json_t *body, const char *today, json_t **problem);

/*
 * The progress of a stored document: {"doelen": n, "gemeten": goals with a
 * latest score, "vooruit", "gelijk", "achteruit": of those, the latest score
 * against the start score, "behaald", "gestopt": by status,
 * "gemiddeldeVerandering": the mean of latest minus start over the measured
 * goals rounded to one decimal, null when none is measured}. NULL when out
 * of memory.
 */
json_t *kp_gezinsplan_voortgang(const json_t *plan);

/*
 * The anonymised copy of a stored document: dates, scores, statuses, goal
 * ids, owner kinds and themes stay; the goal texts become "Doel <n>", owner
 * names, who sat at the table, the agreements and the note are removed.
 * NULL when out of memory.
 */
json_t *kp_gezinsplan_anoniem(const json_t *plan);

#endif
