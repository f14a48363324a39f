/*
 * koers.h - the course a programme's koppelingen walk, as data. Pure: no
 * SQL, no HTTP, no clock; callers pass the definition and the dates in.
 *
 * Every programme picks its course from one catalogue of phases with fixed
 * meanings (fasen.h): voorstel, kennismaking, proefperiode, contract (the
 * afspraken, signed or not), lopend, afronding, and gestopt from any open
 * phase. voorstel, kennismaking, lopend, afronding and gestopt are always
 * part of a course; proefperiode and contract are the programme's choice.
 * A move goes to the next phase the course uses, or to gestopt.
 *
 * Durations are counted in days, weeks or calendar months (31 January + 1
 * month = 28/29 February). Repeats are counted from their start, not
 * chained, so a monthly rhythm from 31 January stays on the last day of
 * each month.
 *
 * The evaluation rhythm is a list of rules: a kind of conversation, the
 * phase whose start it counts from, the first one after a duration, then
 * one every duration (or only once), with both families together or with
 * each side separately (two conversations, one with the vraaggezin and
 * one with the supporter). The closing conversation always falls on the
 * maximum end date, counted from the koppeling date (the start of the
 * kennismaking) or from the start of lopend; an extension (verlenging)
 * moves that end.
 */
#ifndef KOPPEL_KOERS_H
#define KOPPEL_KOERS_H

#include <stdbool.h>
#include <stddef.h>

#include "datum.h"
#include "fasen.h"

enum kp_eenheid { KP_EENHEID_DAGEN, KP_EENHEID_WEKEN, KP_EENHEID_MAANDEN };

/* "dagen", "weken", "maanden". */
const char *kp_eenheid_name(enum kp_eenheid e);
bool kp_eenheid_parse(const char *s, enum kp_eenheid *out);

/* A duration; aantal 0 means none. */
struct kp_duur {
	int aantal;
	enum kp_eenheid eenheid;
};

/* d plus k times du, counted from d (months calendar-correct, not chained). */
struct kp_date kp_duur_na(struct kp_date d, struct kp_duur du, int k);

/* Who takes part in the conversations of a rule. */
enum kp_deelname {
	KP_DEELNAME_SAMEN,	/* both families (and the coordinator) together */
	KP_DEELNAME_APART,	/* each side on its own: one with the vraaggezin, one with the supporter */
};

/* One rule of the evaluation rhythm. */
struct kp_ritme_regel {
	enum kp_evaluatie_soort soort;
	enum kp_fase vanaf;     /* counted from the start of this phase (kennismaking, proefperiode or lopend) */
	struct kp_duur eerste;  /* the first one this long after that start */
	struct kp_duur elke;    /* then one every so long; aantal 0: only the first */
	enum kp_deelname deelname;
	int hoogstens;          /* at most this many (0: until the end) */
};

#define KP_KOERS_MAX_REGELS 8

struct kp_koers {
	bool proefperiode;           /* the course has a trial period */
	bool contract;               /* the course has an afspraken phase before lopend */
	bool afspraken_getekend;     /* ... whose agreements both families sign (a signing date is required) */
	bool proefevaluatie_vereist; /* lopend only after the trial evaluation was held */
	struct kp_duur bedenktijd;   /* after the kennismaking */
	struct kp_duur proef;        /* the trial's length: its evaluation is due at its end */
	struct kp_duur max;          /* the maximum duration */
	enum kp_fase max_vanaf;      /* KP_FASE_KENNISMAKING (the koppeling date) or KP_FASE_LOPEND */
	bool verlenging;             /* the maximum may be extended */
	size_t n_regels;
	struct kp_ritme_regel regels[KP_KOERS_MAX_REGELS];
};

/* True when the course uses phase f (the fixed phases always). */
bool kp_koers_gebruikt(const struct kp_koers *k, enum kp_fase f);

/* The phases reachable from `from` in this course, in order; returns how many. */
size_t kp_koers_volgende(const struct kp_koers *k, enum kp_fase from, enum kp_fase out[KP_FASE_COUNT]);

/*
 * Checks from -> to against the course and the facts, as kp_fase_check
 * does for the fixed table: 409 kind (KP_FASE_NIET_TOEGESTAAN) when the
 * course has no such move, 422 kind (KP_FASE_VOORWAARDE) when a condition
 * of the course is not met: the afspraken phase needs an agreement, and a
 * signing date when the course says they are signed; lopend needs the
 * trial evaluation held when the course requires it; gestopt a reason.
 */
enum kp_fase_uitkomst kp_koers_check(const struct kp_koers *k, enum kp_fase from, enum kp_fase to,
				     const struct kp_fase_feiten *f, const char **reden, const char **veld);

/*
 * Checks a course definition for contradictions a beheerder can make.
 * Returns NULL when it is sound, else a Dutch reason and *veld the JSON
 * pointer (below "/koers") it concerns.
 */
const char *kp_koers_valideer(const struct kp_koers *k, const char **veld);

/* Dates known about a koppeling; has_* false when that phase has not started. */
struct kp_koers_data {
	struct kp_date koppeling; /* the koppeling date: the start of kennismaking */
	bool has_kennismaking, has_proef, has_lopend, has_verlenging;
	struct kp_date kennismaking, proef, lopend;
	struct kp_date verlengd_tot; /* the end date of the latest extension */
};

/* The last day of bedenktijd after the kennismaking. */
struct kp_date kp_koers_bedenktijd_einde(const struct kp_koers *k, struct kp_date kennismaking);

/*
 * The maximum end date: the latest extension's date when there is one,
 * else the maximum duration from the koppeling date or from the start of
 * lopend (when lopend has not started yet, that end is not known: false).
 */
bool kp_koers_einde(const struct kp_koers *k, const struct kp_koers_data *d, struct kp_date *out);

/* Who a planned conversation is with. */
enum kp_met { KP_MET_BEIDE, KP_MET_VRAAGGEZIN, KP_MET_STEUNGEZIN };
const char *kp_met_name(enum kp_met m); /* "beide", "vraaggezin", "steungezin" */

struct kp_koers_planning {
	enum kp_evaluatie_soort soort;
	enum kp_met met;
	int volgnummer;     /* 1, 2, ... per kind and side */
	struct kp_date datum;
};

/*
 * Plans the conversations of a koppeling from the course and its dates, in
 * date order (ties: rule order): for each rule whose phase has started,
 * the first after its duration and then every repeat, strictly before the
 * maximum end (a rule counted from proefperiode ends with the trial: at
 * most its length); and the closing conversation on the maximum end once
 * it is known. Writes at most max entries and returns the full count.
 */
size_t kp_koers_plan(const struct kp_koers *k, const struct kp_koers_data *d, struct kp_koers_planning *out,
		     size_t max);

/*
 * The stable key of a planned conversation, by which a new plan finds the
 * row of an earlier one: "<soort>#<n>" for both families (the keys existing
 * koppelingen already have) and "<soort>@<met>#<n>" for one side.
 */
void kp_koers_sleutel(const struct kp_koers_planning *p, char *buf, size_t len);

/*
 * The course the settings of a programme of the first model (one rhythm,
 * a trial in months or weeks, every phase, signed agreements) describe;
 * its plan equals what that model planned, so existing koppelingen keep
 * every date.
 */
struct kp_koers kp_koers_uit_ritme(const struct kp_programma_ritme *r);

#endif
