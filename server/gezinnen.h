/*
 * gezinnen.h - gezinnen in the database: the request shape and its rules,
 * and the SQL that the API (api_gezinnen.c) and the demo command share.
 *
 * A write is one document: POST sends a whole gezin; a PATCH is a JSON merge
 * patch (RFC 7396) applied to the current document: nested objects (vraag,
 * aanbod, adres, wensen, ...) are merged member by member, null removes a
 * member, an absent member is kept and arrays (leden, themas, ...) are
 * replaced whole. The merged document then passes the same checks as a new
 * one. kp_gezin_write does
 * everything in the caller's write transaction: rows, leden (kept by id),
 * role and status history, consents, coordinates from the postcode, the
 * search index and the audit entry.
 */
#ifndef KOPPEL_GEZINNEN_H
#define KOPPEL_GEZINNEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "versie.h"

#include "auth.h"
#include "json_spec.h"

struct kp_conn;
struct kp_principal;


/* The request shape of a gezin, for kp_json_validate. */
extern const struct kp_field kp_gezin_spec[];
extern const size_t kp_gezin_spec_count;

/* Months a VOG is shown as valid in a member's view; whether a gezin may be beschikbaar is each programme's rule (regels.h). */
#define KP_VOG_GELDIG_MAANDEN 36
/* From this age a member entered as kind may have a VOG date (one is needed from 18). */
#define KP_VOG_VANAF_LEEFTIJD 16
/* An expected child's verwachtOp lies at most this many months after today. */
#define KP_VERWACHT_MAANDEN 10

struct kp_date;

/*
 * Writes "verwacht in <maand> <jaar>" (e.g. "verwacht in maart 2027") for
 * the expected birth date verwacht into out (at least 32 bytes). Pure.
 */
void kp_verwacht_tekst(struct kp_date verwacht, char *out, size_t len);

/*
 * Applies the JSON merge patch patch (RFC 7396) to the object target in
 * place: a null member removes it, an object member is merged into the
 * target's object (created when absent or not an object, nulls dropped),
 * anything else (also an array) replaces. Returns 0, or -1 when out of
 * memory (target then partly patched). Pure.
 */
int kp_merge_patch(json_t *target, const json_t *patch);

/*
 * The full API view of gezin id (see the OpenAPI document), or NULL when
 * there is none. *versie and *werkgebied_id are set when not NULL. today is
 * "YYYY-MM-DD" for ages, VOG validity and waiting days.
 */
json_t *kp_gezin_json(struct kp_conn *c, int64_t id, const char *today, int64_t *versie, int64_t *werkgebied_id);

/*
 * 1 when user may be responsible for records of werkgebied wg (an active
 * beheerder, or an active coordinator of wg), 0 when not (also when the
 * user does not exist: callers answer both the same way, with
 * KP_COORDINATOR_NIET_TOEGESTAAN), -1 on a database error.
 */
int kp_coordinator_allowed(struct kp_conn *w, int64_t user, int64_t wg);
#define KP_COORDINATOR_NIET_TOEGESTAAN "Kies een actieve coördinator of beheerder van dit werkgebied."

/*
 * Creates (id == 0) or updates gezin id from doc, a validated request body
 * (for an update: the patch; im is the If-Match, checked against the
 * current version in this transaction; NULL only for a create).
 * On success returns 0 and sets *out_id. Otherwise returns the HTTP status
 * to answer (400, 404, 409, 412, 422) with *problem set, or 503 on a
 * database error (problem NULL).
 */
int kp_gezin_write(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
		   const json_t *doc, const char *today, int64_t *out_id, json_t **problem);

/*
 * Roles as periods. A gezin holds one running role per side: gezinnen.rol
 * is the primary one (the vraaggezin role while it runs), and a vraaggezin
 * may also support another family (buddy, steunmaatje, ...), a second
 * running period in gezin_rollen with its own status and the gezin's
 * aanbod. Adding or ending a role never removes a profile: an ended period
 * keeps a copy of its vraag or aanbod (schema 0016).
 *
 * kp_gezin_rol_add: body {rol, vraag | aanbod} (validated against
 * kp_gezin_rol_spec); im is the gezin's version. Sets *rol_id. Returns 0,
 * or the status (400, 404, 409, 412, 422) with *problem, or 503.
 *
 * kp_gezin_rol_patch: body {status?, statusDatum?, tot?} for running period
 * rol_id: a status of that role (beschikbaar by the programmes' rules), or
 * its end on tot; never while a koppeling runs in that role (409 naming
 * /tot); the last running role does not end (422). Ending the primary role
 * makes the other running one primary.
 */
#define KP_GEZIN_ROL_VELDEN 3
#define KP_GEZIN_ROL_WIJZIGING_VELDEN 3
extern const struct kp_field kp_gezin_rol_spec[KP_GEZIN_ROL_VELDEN];
extern const struct kp_field kp_gezin_rol_wijziging_spec[KP_GEZIN_ROL_WIJZIGING_VELDEN];
int kp_gezin_rol_add(struct kp_conn *w, const struct kp_actor *actor, int64_t id, const struct kp_if_match *im,
		     const json_t *body, const char *today, int64_t *rol_id, json_t **problem);
int kp_gezin_rol_patch(struct kp_conn *w, const struct kp_actor *actor, int64_t id, int64_t rol_id,
		       const struct kp_if_match *im, const json_t *body, const char *today, json_t **problem);

/* The consents of a gezin as an API array. */
json_t *kp_toestemmingen_json(struct kp_conn *c, int64_t gezin_id);

#endif
