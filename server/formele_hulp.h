/*
 * formele_hulp.h - the formal help a gezin already receives, as a list with
 * history (schema 0016, table formele_hulp): which help (a kind from the
 * fixed list formeleHulpSoorten), voluntary or court-ordered (kader), its
 * extent (omvang, short free text such as "2 uur per week"), the
 * organisation or contact person, and the period van..tot. Never a
 * diagnosis. An item is ended by setting tot and is never deleted; every
 * change keeps the earlier values in formele_hulp_historie (a trigger).
 *
 * No HTTP here: the handlers (api_formele_hulp.c) parse and answer; this
 * module reads, checks the rules and writes inside the caller's
 * transaction, with visibility in the same statements (scope.h) and an
 * audit entry per write.
 */
#ifndef KOPPEL_FORMELE_HULP_H
#define KOPPEL_FORMELE_HULP_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "auth.h"
#include "json_spec.h"
#include "versie.h"

struct kp_conn;

/* The request shape of an item (POST whole, PATCH partial). */
#define KP_FORMELE_HULP_VELDEN 7
extern const struct kp_field kp_formele_hulp_spec[KP_FORMELE_HULP_VELDEN];
extern const size_t kp_formele_hulp_spec_count;

/*
 * The items of gezin id, oldest first (by van, then id), each with its
 * earlier versions under "geschiedenis" and "lopend" (running on today,
 * "YYYY-MM-DD"). NULL on a database error. No visibility check: the caller
 * has checked the gezin.
 */
json_t *kp_formele_hulp_json(struct kp_conn *c, int64_t gezin_id, const char *today);

/*
 * One item of gezin gezin_id as in the list, visible to p (NULL: all) in
 * the same statement, or NULL when there is none (also not visible) or on a
 * database error (*db_error set). *versie gets its version.
 */
json_t *kp_formele_hulp_item_json(struct kp_conn *c, const struct kp_principal *p, int64_t gezin_id, int64_t item_id,
				  const char *today, int64_t *versie, bool *db_error);

/*
 * Creates (item_id 0, im ignored) or changes (item_id, im: the item's
 * version) an item of gezin gezin_id from body, a request body validated
 * against kp_formele_hulp_spec (whole for a create, partial for a change;
 * null clears an optional member, tot: null reopens). Inside the caller's
 * write transaction. Returns 0 with *out_id set, or the HTTP status (400,
 * 404, 409, 412) with *problem set, or 503 on a database error.
 */
int kp_formele_hulp_write(struct kp_conn *w, const struct kp_actor *actor, int64_t gezin_id, int64_t item_id,
			  const struct kp_if_match *im, const json_t *body, const char *today, int64_t *out_id,
			  json_t **problem);

/*
 * The shortcut of older clients: vraag.formeleHulp {soort: geen |
 * vrijwillig | gedwongen, tekst} in a gezin document. For vrijwillig or
 * gedwongen it opens an item (soort "overig", that kader, the text as
 * toelichting, from van) unless a running item with the same kader and
 * toelichting exists; geen does nothing. Inside the caller's transaction,
 * audited. Returns SQLITE_OK or an error.
 */
int kp_formele_hulp_uit_vraag(struct kp_conn *w, const struct kp_actor *actor, int64_t gezin_id, const json_t *oud,
			      const char *van);

#endif
