/*
 * toestemmingen.h - consent enforced where data is used.
 *
 * A gezin's consents (toestemmingen) are rows per purpose (doel, the codes
 * of kp_toestemming_doelen in steun.h), each given on a date and perhaps
 * withdrawn on a later one; a purpose given again after a withdrawal is a
 * new row, so the rows are the consent history. The pure part answers
 * whether a purpose is valid on a day and whether the registration consent
 * is gone (the removal procedure); the gate that the start of a kennismaking
 * passes (contactgegevens-delen from both gezinnen, or a reasoned override
 * that the koppeling write records in the audit log) is a function of the
 * connection, the two gezinnen and the override, without HTTP.
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

/* The outcome of the consent gate of a kennismaking (kp_toestemming_kennismaking). */
struct kp_toestemming_poort {
	int64_t gezin[2];  /* the vraaggezin and the supporting gezin */
	bool mist[2];      /* each: no valid contactgegevens-delen on the day */
	bool geweigerd;    /* one lacks it and no override reason was given */
	bool overschreven; /* one lacks it and the override's reason lets it pass */
};

/*
 * The consent gate of the start of a kennismaking between vraaggezin and
 * steungezin on day op, read on c (no writes, no visibility: the caller
 * checked the koppeling): both gezinnen need a valid contactgegevens-delen.
 * When one lacks it, a reason (override_reden, the request's
 * toestemmingOverride.reden, may be NULL) lets it pass as overschreven;
 * without one it is geweigerd. Fills *r. Returns 1 when the start may go
 * on, 0 when refused, -1 on a database error.
 */
int kp_toestemming_kennismaking(struct kp_conn *c, int64_t vraaggezin, int64_t steungezin, struct kp_date op,
				const char *override_reden, struct kp_toestemming_poort *r);

/*
 * The audit details of an override that r passed (which gezinnen lacked
 * the consent and the reason), as JSON text without personal data beyond
 * the reason the user typed; malloc'ed, NULL when out of memory. The
 * caller records it as actie "toestemming-overschreven" on the koppeling.
 */
char *kp_toestemming_override_details(const struct kp_toestemming_poort *r, const char *reden);

/*
 * The 422 problem of a refused gate r: detail naming who lacks the
 * consent, invalidParams /toestemmingen/vraaggezin and/or
 * /toestemmingen/steungezin (with the gezin's id) and /toestemmingOverride.
 * New reference, NULL when out of memory.
 */
json_t *kp_toestemming_probleem(const struct kp_toestemming_poort *r);

#endif
