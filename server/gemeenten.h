/*
 * gemeenten.h - gemeenten as data (schema 0019).
 *
 * A werkgebied lists the gemeenten it covers (werkgebied_gemeenten); a
 * family's gemeente is one of its werkgebied's list, stored in the list's
 * spelling, or empty ("gemeente onbekend"). Where a family lived and which
 * werkgebied held it is kept as dated rows in gezin_gemeenten, written here
 * in the caller's write transaction whenever a create or an update changes
 * either; reports over a past period read those rows.
 *
 * The API files: api_gemeenten.c (GET /gemeenten), api_werkgebieden.c (the
 * werkgebied's "gemeenten" member) and api_doelen.c (targets per year,
 * gemeente, programme and unit).
 */
#ifndef KOPPEL_GEMEENTEN_H
#define KOPPEL_GEMEENTEN_H

#include <stdint.h>

#include <jansson.h>

#include "json_spec.h"

struct kp_conn;
struct kp_request;

/* The longest gemeente name, in characters. */
#define KP_GEMEENTE_MAX 100

/*
 * Checks the gemeente of a family's address object adres (the member
 * "gemeente"; adres may be NULL) for a family in werkgebied wg, on the
 * writer w. id is the family (0: a new one): a family whose gemeente and
 * werkgebied both stay as they are passes as it is. An absent, null or
 * blank gemeente is "onbekend" and allowed (the member is then removed). A
 * name in wg's list in another case or with surrounding blanks is replaced
 * by the list's spelling. Returns 0 (adres possibly changed), 422 with
 * *problem set (naming /adres/gemeente, the allowed names in its detail),
 * or 503 on a database error.
 */
int kp_gemeente_check(struct kp_conn *w, int64_t id, int64_t wg, json_t *adres, json_t **problem);

/*
 * Records, on the writer w in the caller's transaction, that family id
 * lives in gemeente (NULL: onbekend) and is held by werkgebied wg from
 * datum ("YYYY-MM-DD") on. Without an open row, one opens on datum (a new
 * family: its registration date). When the open row already says so,
 * nothing is written. Otherwise the open row ends on datum and a new one
 * opens on datum; when the open row began on datum or later (a second
 * change that day), it is rewritten instead, and dropped in favour of the
 * row before it when that one says the same and ended on its start.
 * Returns SQLITE_OK or an error.
 */
int kp_gemeente_historie(struct kp_conn *w, int64_t id, const char *gemeente, int64_t wg, const char *datum);

/*
 * The gemeenten werkgebied wg lists, as a new JSON array of names in
 * alphabetical order; NULL on an error.
 */
json_t *kp_werkgebied_gemeenten_json(struct kp_conn *c, int64_t wg);

/*
 * Makes werkgebied wg list exactly the names in the JSON array namen, on
 * the writer w. A name that wg or another werkgebied already lists (case
 * and surrounding blanks ignored) keeps that spelling; repeats are listed
 * once. A gemeente dropped from the list while a family of wg still lives
 * there is refused: returns 409 with *problem naming /gemeenten and the
 * gemeente(n). Returns 0, 409, or 503 on a database error.
 */
int kp_werkgebied_gemeenten_set(struct kp_conn *w, int64_t wg, const json_t *namen, json_t **problem);

/* The request specs of api_doelen.c, for the body fuzz target. */
extern const struct kp_spec kp_specs_doelen[];

/* api_gemeenten.c */
void api_gemeenten_list(struct kp_request *req);

/* api_doelen.c */
void api_doelen_list(struct kp_request *req);
void api_doelen_post(struct kp_request *req);
void api_doelen_get(struct kp_request *req);
void api_doelen_patch(struct kp_request *req);
void api_doelen_delete(struct kp_request *req);

#endif
