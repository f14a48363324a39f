/*
 * gezinnen.h - gezinnen in the database: the request shape and its rules,
 * and the SQL that the API (api_gezinnen.c) and the demo command share.
 *
 * A write is one document: POST sends a whole gezin; a PATCH is merged onto
 * the current document (top-level members replaced whole) and the merged
 * document then passes the same checks as a new one. kp_gezin_write does
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

#include "auth.h"
#include "json_spec.h"

struct kp_conn;
struct kp_principal;


/* The request shape of a gezin, for kp_json_validate. */
extern const struct kp_field kp_gezin_spec[];
extern const size_t kp_gezin_spec_count;

/* Months a VOG stays valid (until programmes set their own). */
#define KP_VOG_GELDIG_MAANDEN 36

/*
 * The full API view of gezin id (see the OpenAPI document), or NULL when
 * there is none. *versie and *werkgebied_id are set when not NULL. today is
 * "YYYY-MM-DD" for ages, VOG validity and waiting days.
 */
json_t *kp_gezin_json(struct kp_conn *c, int64_t id, const char *today, int64_t *versie, int64_t *werkgebied_id);

/*
 * Creates (id == 0) or updates gezin id from doc, a validated request body
 * (for an update: the patch; expected_versie is the If-Match version).
 * On success returns 0 and sets *out_id. Otherwise returns the HTTP status
 * to answer (400, 404, 409, 412, 422) with *problem set, or 503 on a
 * database error (problem NULL).
 */
int kp_gezin_write(struct kp_conn *w, const struct kp_actor *actor, int64_t id, int64_t expected_versie,
		   const json_t *doc, const char *today, int64_t *out_id, json_t **problem);

/* The consents of a gezin as an API array. */
json_t *kp_toestemmingen_json(struct kp_conn *c, int64_t gezin_id);

#endif
