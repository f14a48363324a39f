/*
 * matching.h - who fits whom: the pure scorer and the assignment for a
 * whole waiting list. No SQL, no HTTP, no allocation in the scoring loop:
 * callers fill plain structs (profiles as bit sets and small arrays) and
 * pass arrays for the results.
 *
 * A candidate is either excluded, with every hard rule it breaks, or gets
 * a score from 0 to 100: the weighted mean of one score per criterion, each
 * in [0, 1], where a criterion without information scores a neutral 0.5
 * (and its sentence says so). Risks are flagged beside the score. Waiting
 * time is not part of a pair's score; the assignment can give it priority.
 *
 * The assignment maximises the total score over a set of vraaggezinnen and
 * supporters with capacities, never using an excluded pair (Hungarian
 * method on the supporters' free places; exact, tested against brute force).
 */
#ifndef KOPPEL_MATCHING_H
#define KOPPEL_MATCHING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KP_MATCH_MAX 8 /* children, languages, themes, interests per profile */

enum kp_crit {
	KP_CRIT_AFSTAND,
	KP_CRIT_STEUNVORMEN,
	KP_CRIT_DAGDELEN,
	KP_CRIT_FREQUENTIE,
	KP_CRIT_LEEFTIJD,
	KP_CRIT_TAAL,
	KP_CRIT_WENSEN,
	KP_CRIT_ERVARING,
	KP_CRIT_INTERESSES,
	KP_CRIT_STEUNSTIJL,
	KP_CRIT_COUNT
};

/* Hard rules, as bits of kp_match_uitkomst.uitgesloten. */
enum {
	KP_HARD_NIET_BESCHIKBAAR = 1u << 0,
	KP_HARD_GEEN_VOG = 1u << 1,
	KP_HARD_VOL = 1u << 2,
	KP_HARD_ROL = 1u << 3,
	KP_HARD_GESTOPT = 1u << 4,
	KP_HARD_UITGESLOTEN = 1u << 5,
	KP_HARD_TE_VER = 1u << 6,
	KP_HARD_ZELF = 1u << 7, /* the candidate is the vraaggezin itself (a family that asks and gives at once) */
};
#define KP_HARD_COUNT 8

/* Risks, as bits of kp_match_uitkomst.risico. */
enum {
	KP_RISICO_BIJNA_VOL = 1u << 0,
	KP_RISICO_VOG_VERLOOPT = 1u << 1,
	KP_RISICO_VER = 1u << 2,
	KP_RISICO_WENS = 1u << 3,
};
#define KP_RISICO_COUNT 4

/* Small texts (languages, themes, interests, levensbeschouwing) are compared by a 32-bit hash. */
uint32_t kp_match_hash(const char *s);

struct kp_match_vraag {
	int64_t id; /* the vraaggezin's gezin id: a candidate with this id is never paired with it; 0: unknown */
	bool has_coord;
	double lat, lon;
	uint16_t steunvormen;  /* bit i: kp_steunvormen code i */
	uint32_t dagdelen;     /* bit i: kp_dagdelen code i */
	int8_t frequentie;     /* index in kp_frequenties, -1 unknown */
	uint8_t n_kinderen;
	uint8_t leeftijden[KP_MATCH_MAX];
	uint8_t n_talen;
	uint32_t talen[KP_MATCH_MAX];
	bool wil_man, geen_huisdieren, niet_roken;
	uint32_t levensbeschouwing; /* 0: no wish */
	uint8_t n_themas;
	uint32_t themas[KP_MATCH_MAX];
	uint8_t n_interesses;
	uint32_t interesses[KP_MATCH_MAX];
	int8_t steunstijl;     /* wished: 0 activerend, 1 afwisselend, 2 overnemend, -1 none */
};

struct kp_match_steun {
	int64_t id;
	uint8_t rol;           /* index in kp_rollen */
	/* vog_geldig and vog_verloopt: the programme's VOG rule as kp_regels_check judges the members */
	bool beschikbaar, vog_geldig, vog_verloopt, gestopt_paar, uitgesloten;
	uint8_t capaciteit, actief;
	bool has_coord;
	double lat, lon;
	uint16_t max_km;       /* 0: not given */
	uint16_t steunvormen;
	uint32_t dagdelen;
	int8_t frequentie;
	uint8_t leeftijd_van, leeftijd_tot;
	uint8_t n_talen;
	uint32_t talen[KP_MATCH_MAX];
	bool man, huisdieren, rookt;
	uint32_t levensbeschouwing;
	uint8_t n_themas;
	uint32_t themas[KP_MATCH_MAX];
	uint8_t n_interesses;
	uint32_t interesses[KP_MATCH_MAX];
	int8_t steunstijl;
};

struct kp_match_regels {
	/* rollen and max_km are the programme's hard rules (struct kp_regels), checked through regels.h */
	uint8_t rollen;                      /* bit per kp_rollen index the programme takes */
	uint16_t max_km;                     /* programme maximum, 0: none */
	uint8_t gewicht[KP_CRIT_COUNT];      /* relative weights, 0-100 */
};

/* Documented default weights; estafette programmes weigh lived experience heavily. */
void kp_match_default_regels(struct kp_match_regels *r, bool estafette);

struct kp_match_uitkomst {
	uint8_t uitgesloten;          /* KP_HARD_* bits; 0: a candidate */
	uint8_t risico;               /* KP_RISICO_* bits */
	uint8_t score;                /* 0-100 */
	float deel[KP_CRIT_COUNT];    /* each criterion's score in [0, 1] */
	float afstand_km;             /* -1 when unknown */
};

/* Scores one pair. */
void kp_match_score(const struct kp_match_vraag *v, const struct kp_match_steun *s, const struct kp_match_regels *r,
		    struct kp_match_uitkomst *out);

/*
 * Scores n candidates into out[n] and writes into order[] the indices of
 * the candidates that are not excluded, best first (equal scores by id),
 * returning how many. No allocation.
 */
size_t kp_match_rank(const struct kp_match_vraag *v, const struct kp_match_steun *s, size_t n,
		     const struct kp_match_regels *r, struct kp_match_uitkomst *out, uint32_t *order);

/* The Dutch sentence for one criterion of a scored pair (e.g. "Woont op 2,4 km."). */
void kp_match_zin(enum kp_crit c, const struct kp_match_vraag *v, const struct kp_match_steun *s,
		  const struct kp_match_uitkomst *u, char *buf, size_t len);
/* The Dutch sentence for a hard rule bit or a risk bit. */
const char *kp_match_hard_zin(unsigned bit);
const char *kp_match_risico_zin(unsigned bit);
const char *kp_match_crit_naam(enum kp_crit c);

/*
 * The assignment: score[i * m + j] is the score of vraaggezin i with
 * supporter j, or -1 when excluded; cap[j] the supporter's free places;
 * bonus[i] (may be NULL) is added to every pair of vraaggezin i (priority
 * for waiting time). Writes assign[i] = j or -1 and returns the total of
 * the scores (without bonus) of the assigned pairs. Exact: maximises the
 * total of score + bonus. Returns -1 when out of memory.
 */
long kp_match_assign(const int16_t *score, size_t n, size_t m, const uint8_t *cap, const int16_t *bonus,
		     int32_t *assign);
/* The greedy result for comparison: best pairs first. Same output. */
long kp_match_greedy(const int16_t *score, size_t n, size_t m, const uint8_t *cap, int32_t *assign);

/* Great-circle distance in km. */
double kp_match_km(double lat1, double lon1, double lat2, double lon2);

#endif
