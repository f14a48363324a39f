/*
 * matchdata.h - fills the structs of matching.h from the database, so the
 * scorer itself never sees SQL: a vraaggezin's question, the supporting
 * gezinnen of a werkgebied with their offer, capacity, VOG state and
 * koppelingen, the pairs that stopped before or were excluded by hand, and
 * a programme's rules and weights. The hard rules of a programme
 * (regels.h) and a supporter's members are loaded here for every caller:
 * the gezin status rule, linking, suggestions and match rounds.
 */
#ifndef KOPPEL_MATCHDATA_H
#define KOPPEL_MATCHDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "matching.h"
#include "regels.h"

struct kp_conn;

/* What the API shows of a candidate beside its score. */
struct kp_match_meta {
	int64_t id;
	char naam[201];
	char rol[24];
	char plaats[101];
};

struct kp_match_set {
	struct kp_match_steun *steun;
	struct kp_match_meta *meta;
	size_t n;
};

/*
 * The hard rules of programma (roles, VOG validity, roles exempt from the
 * VOG, maximum distance) into *r. *gearchiveerd (may be NULL) tells whether
 * it is archived. Returns SQLITE_OK, SQLITE_DONE (no such programme) or an
 * error. Reads the columns of migration 0009 when present, otherwise the
 * older estafette_vog_vrijgesteld flag.
 */
int kp_regels_load(struct kp_conn *c, int64_t programma, struct kp_regels *r, bool *gearchiveerd);

/* A programme with its hard rules. */
struct kp_programma_regels {
	int64_t id;
	char naam[201];
	struct kp_regels regels;
};

/*
 * The programmes that are not archived and are offered in werkgebied (by
 * id), or every programme that is not archived when none is offered there
 * yet, ordered by id, into out[max]. Sets *n. Returns SQLITE_OK or an error.
 */
int kp_regels_load_werkgebied(struct kp_conn *c, int64_t werkgebied, struct kp_programma_regels *out, size_t max,
			      size_t *n);
#define KP_PROGRAMMAS_MAX 64

/* The members of one gezin as facts for regels.h, with their names (voornaam achternaam). */
#define KP_LEDEN_MAX 20
struct kp_regels_leden {
	struct kp_regels_lid lid[KP_LEDEN_MAX];
	char naam[KP_LEDEN_MAX][202];
	size_t n;
};
/* Loads the members of gezin id into *out. Returns SQLITE_OK or an error. */
int kp_regels_load_leden(struct kp_conn *c, int64_t gezin_id, struct kp_regels_leden *out);
/* Fills l from a "leden" member of the gezin API document; naam points into the document. */
void kp_regels_lid_from_json(const json_t *lid, struct kp_regels_lid *l);

/* A programme's rules (roles, weights, maximum distance), its hard rules and waiting-time priority. */
int kp_match_load_regels(struct kp_conn *c, int64_t programma, struct kp_match_regels *r, struct kp_regels *hard,
			 int *prioriteit);

/*
 * Loads vraaggezin id. Returns SQLITE_OK, SQLITE_DONE when it is not a
 * vraaggezin (or does not exist), or an error. *werkgebied, *wachtdagen and
 * *status (at least 16 bytes) are set.
 */
int kp_match_load_vraag(struct kp_conn *c, int64_t id, const char *today, struct kp_match_vraag *v, int64_t *werkgebied,
			int64_t *wachtdagen, char *status);

/*
 * Loads every supporting gezin of werkgebied (only beschikbaar ones when
 * only_beschikbaar), its VOG state judged by kp_regels_check under hard.
 * When vraag_id is not 0, the pair flags (stopped before, excluded by hand)
 * are set for that vraaggezin. Returns SQLITE_OK or an error.
 */
int kp_match_load_steun(struct kp_conn *c, int64_t werkgebied, int64_t vraag_id, const char *today,
			const struct kp_regels *hard, bool only_beschikbaar, struct kp_match_set *out);
void kp_match_set_free(struct kp_match_set *s);

/* Sets the pair flags of every candidate in s for vraaggezin vraag_id. */
int kp_match_pair_flags(struct kp_conn *c, int64_t vraag_id, struct kp_match_set *s);

#endif
