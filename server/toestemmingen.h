/*
 * toestemmingen.h - consent enforced where data is used.
 *
 * A gezin's consents (toestemmingen) are rows per purpose (doel, the codes
 * of kp_toestemming_doelen in steun.h), each given on a date and perhaps
 * withdrawn on a later one; a purpose given again after a withdrawal is a
 * new row, so the rows are the consent history. The pure part answers
 * whether a purpose is valid on a day and whether the registration consent
 * is gone (the removal procedure); the request part is the gate that the
 * start of a kennismaking passes (contactgegevens-delen from both gezinnen,
 * or a reasoned override that is audited).
 */
#ifndef KOPPEL_TOESTEMMINGEN_H
#define KOPPEL_TOESTEMMINGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "datum.h"
#include "json_spec.h"

struct kp_conn;
struct kp_request;

/* The purposes the code enforces (steun.h has the full list with names). */
#define KP_DOEL_REGISTRATIE "registratie"
#define KP_DOEL_CONTACTGEGEVENS "contactgegevens-delen"
#define KP_DOEL_ANONIEME_RAPPORTAGE "anonieme-rapportage"

/* One consent row. */
struct kp_toestemming {
	const char *doel;
	struct kp_date gegeven;
	bool ingetrokken;
	struct kp_date ingetrokken_op;
};

/* At most this many rows of one gezin are considered. */
#define KP_TOESTEMMINGEN_MAX 64

/*
 * True when one of the n rows for doel was given on or before op and not
 * withdrawn on or before op (a withdrawal counts from its date on). Pure.
 */
bool kp_toestemming_geldig(const struct kp_toestemming *rows, size_t n, const char *doel, struct kp_date op);

/*
 * The removal procedure: true when the gezin once gave doel "registratie"
 * and no such row is valid on today; *op is then the latest withdrawal
 * date (the day removal was asked for). False when registration is valid
 * or was never recorded. Pure.
 */
bool kp_toestemming_verwijdering(const struct kp_toestemming *rows, size_t n, struct kp_date today,
				 struct kp_date *op);

/*
 * The same as kp_toestemming_verwijdering in SQL, for gezin row alias g and
 * the SQL expression today ("YYYY-MM-DD"): the date removal was asked for,
 * or NULL.
 */
#define KP_SQL_VERWIJDERING_AANGEVRAAGD(g, today)                                                             \
	"(SELECT max(vt.ingetrokken_op) FROM toestemmingen vt WHERE vt.gezin_id = " g ".id AND vt.doel = 'registratie' " \
	"AND NOT EXISTS (SELECT 1 FROM toestemmingen vr WHERE vr.gezin_id = " g ".id AND vr.doel = 'registratie' "   \
	"AND vr.gegeven_op <= " today " AND (vr.ingetrokken_op IS NULL OR vr.ingetrokken_op > " today ")))"

/*
 * Fills rows (up to max) from an API array as kp_toestemmingen_json gives
 * ([{doel, gegevenOp, ingetrokkenOp?}]); rows point into arr. Returns the
 * count; rows with unreadable dates are skipped. Pure.
 */
size_t kp_toestemmingen_from_json(const json_t *arr, struct kp_toestemming *rows, size_t max);

/* The request member of an override: {"reden": "..."} (1 to 1000 characters). */
extern const struct kp_field kp_toestemming_override_spec[];
#define KP_TOESTEMMING_OVERRIDE_VELD                                                                         \
	{ .name = "toestemmingOverride", .type = KP_F_OBJECT, .fields = kp_toestemming_override_spec, .n_fields = 1 }

/*
 * The consent gate of the start of a kennismaking for koppeling id, in the
 * caller's write transaction w: both gezinnen need a valid
 * contactgegevens-delen on today. When one lacks it and override (the
 * request's toestemmingOverride, may be NULL) gives a reason, the override
 * is recorded in the audit log (actie "toestemming-overschreven", object
 * the koppeling, details: which gezinnen lacked it and the reason) and the
 * gate passes. Returns true to go on; false after rolling w back and
 * answering (422 naming /toestemmingOverride and each gezin that lacks the
 * consent, or 503).
 */
bool kp_toestemming_kennismaking(struct kp_request *req, struct kp_conn *w, int64_t id, const json_t *override);

#endif
