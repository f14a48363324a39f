/*
 * fasen.h - the phases of a koppeling and the dates they imply. Pure: no
 * SQL, no HTTP, no clock; callers pass facts and dates in.
 *
 * Phases, in order: voorstel -> kennismaking -> proefperiode -> contract ->
 * lopend -> afronding; gestopt (ended early, with a reason) can follow any
 * open phase. afronding and gestopt are final. The allowed moves are one
 * table (fasen.c); kp_fase_check adds the conditions a move needs:
 *   contract   a signing date and at least one agreement;
 *   lopend     the trial evaluation has been held;
 *   gestopt    a reason from the fixed list (and an explanation for "anders").
 *
 * Due dates follow from the programme and the phase dates with
 * calendar-correct month arithmetic (datum.h): the end of bedenktijd, the
 * trial evaluation, the evaluations while lopend, and the closing
 * conversation at the maximum duration counted from the koppeling date.
 */
#ifndef KOPPEL_FASEN_H
#define KOPPEL_FASEN_H

#include <stdbool.h>
#include <stddef.h>

#include "datum.h"

enum kp_fase {
	KP_FASE_VOORSTEL,
	KP_FASE_KENNISMAKING,
	KP_FASE_PROEFPERIODE,
	KP_FASE_CONTRACT,
	KP_FASE_LOPEND,
	KP_FASE_AFRONDING,
	KP_FASE_GESTOPT,
	KP_FASE_COUNT
};

/* "voorstel" ... "gestopt"; false for anything else. */
bool kp_fase_parse(const char *s, enum kp_fase *out);
const char *kp_fase_name(enum kp_fase f);
/* True for afronding and gestopt. */
bool kp_fase_final(enum kp_fase f);

/* True when the table allows from -> to (conditions aside). */
bool kp_fase_allowed(enum kp_fase from, enum kp_fase to);
/* The phases reachable from `from`, in order; returns how many (<= KP_FASE_COUNT). */
size_t kp_fase_next(enum kp_fase from, enum kp_fase out[KP_FASE_COUNT]);

/* Reasons for ending early, in the field's words. */
extern const char *const kp_stopredenen[]; /* NULL-terminated codes */
bool kp_stopreden_valid(const char *code);

/* What a move may depend on. */
struct kp_fase_feiten {
	bool contract_getekend;   /* a signing date is known */
	size_t afspraken;         /* agreements recorded */
	bool proefevaluatie_gehouden;
	const char *reden;        /* for gestopt */
	const char *toelichting;  /* required with reden "anders" */
};

enum kp_fase_uitkomst {
	KP_FASE_OK,
	KP_FASE_NIET_TOEGESTAAN, /* not in the table (409) */
	KP_FASE_VOORWAARDE,      /* a condition is not met (422) */
};

/*
 * Checks from -> to against the table and the facts. On failure *reden is
 * a Dutch sentence for the coordinator (and *veld the request field it
 * concerns, or NULL).
 */
enum kp_fase_uitkomst kp_fase_check(enum kp_fase from, enum kp_fase to, const struct kp_fase_feiten *f,
				    const char **reden, const char **veld);

/* What a programme fixes about timing. */
struct kp_programma_ritme {
	int bedenktijd_dagen;        /* after the kennismaking, default 7 */
	int proef_maanden;           /* trial length in months (0 when given in weeks) */
	int proef_weken;             /* trial length in weeks (estafette), 0 when in months */
	int evaluatie_maanden;       /* rhythm while lopend: 6 (tussentijdse evaluatie), 1 (voortgangsgesprek) */
	bool voortgangsgesprekken;   /* the rhythm's conversations are voortgangsgesprekken */
	int max_maanden;             /* maximum duration from the koppeling date, default 24 */
};

enum kp_evaluatie_soort {
	KP_EVAL_KENNISMAKINGSGESPREK,
	KP_EVAL_PROEFPERIODE,
	KP_EVAL_TUSSENTIJDS,
	KP_EVAL_VOORTGANG,
	KP_EVAL_AFSLUITEND,
};
const char *kp_evaluatie_soort_name(enum kp_evaluatie_soort s);

struct kp_planning {
	enum kp_evaluatie_soort soort;
	struct kp_date datum;
};

/* Dates known about a koppeling; has_* false when that phase has not started. */
struct kp_fase_data {
	bool has_kennismaking, has_proef, has_lopend;
	struct kp_date kennismaking, proef, lopend;
	struct kp_date koppeling; /* the koppeling date (start of kennismaking, or the proposal) */
};

/* The last day of bedenktijd after the kennismaking. */
struct kp_date kp_bedenktijd_einde(const struct kp_programma_ritme *r, struct kp_date kennismaking);
/* When the trial ends (and its evaluation is due). */
struct kp_date kp_proef_einde(const struct kp_programma_ritme *r, struct kp_date proef_start);
/* The maximum end date of a koppeling. */
struct kp_date kp_max_einde(const struct kp_programma_ritme *r, struct kp_date koppeling);

/*
 * Plans the evaluations of a koppeling from its phase dates, in date order:
 * the trial evaluation once the trial has started; while lopend, one every
 * evaluatie_maanden months counted from the start of lopend, strictly
 * before the maximum end; and the closing conversation at the maximum end.
 * Writes at most max entries and returns how many were planned (the full
 * count, which may exceed max).
 */
size_t kp_plan_evaluaties(const struct kp_programma_ritme *r, const struct kp_fase_data *d, struct kp_planning *out,
			  size_t max);

#endif
