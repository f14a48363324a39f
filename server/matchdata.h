/*
 * matchdata.h - fills the structs of matching.h from the database, so the
 * scorer itself never sees SQL: a vraaggezin's question, the supporting
 * gezinnen of a werkgebied with their offer, capacity, VOG state and
 * koppelingen, the pairs that stopped before or were excluded by hand, and
 * a programme's rules and weights.
 */
#ifndef KOPPEL_MATCHDATA_H
#define KOPPEL_MATCHDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "matching.h"

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

/* A programme's rules (roles, weights, maximum distance), VOG validity and waiting-time priority. */
int kp_match_load_regels(struct kp_conn *c, int64_t programma, struct kp_match_regels *r, int *vog_maanden,
			 bool *estafette_vrij, int *prioriteit);

/*
 * Loads vraaggezin id. Returns SQLITE_OK, SQLITE_DONE when it is not a
 * vraaggezin (or does not exist), or an error. *werkgebied, *wachtdagen and
 * *status (at least 16 bytes) are set.
 */
int kp_match_load_vraag(struct kp_conn *c, int64_t id, const char *today, struct kp_match_vraag *v, int64_t *werkgebied,
			int64_t *wachtdagen, char *status);

/*
 * Loads every supporting gezin of werkgebied (only beschikbaar ones when
 * only_beschikbaar). When vraag_id is not 0, the pair flags (stopped before,
 * excluded by hand) are set for that vraaggezin. Returns SQLITE_OK or an error.
 */
int kp_match_load_steun(struct kp_conn *c, int64_t werkgebied, int64_t vraag_id, const char *today, int vog_maanden,
			bool estafette_vrij, bool only_beschikbaar, struct kp_match_set *out);
void kp_match_set_free(struct kp_match_set *s);

/* Sets the pair flags of every candidate in s for vraaggezin vraag_id. */
int kp_match_pair_flags(struct kp_conn *c, int64_t vraag_id, struct kp_match_set *s);

#endif
