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

/* The Dutch label of a phase ("Proefperiode"), as the web app shows it. */
const char *kp_fase_label(enum kp_fase f);

/*
 * Reasons for ending early, in the field's words. The table in fasen.c is
 * the only place they are written down: the API accepts its codes, the
 * quarterly report counts them and /keuzelijsten serves them with their
 * labels. A label may hold "{steun}" or "{vraag}": the programme's word for
 * the supporter or the asking family (kp_stopreden_naam fills them in).
 */
enum kp_stop_kant {
	KP_STOP_BEIDE, /* about the pair or the koppeling itself */
	KP_STOP_VRAAG, /* from the asking family's side */
	KP_STOP_STEUN, /* from the supporter's side */
};
struct kp_stopreden {
	const char *code;
	const char *label; /* may contain {steun} / {vraag} */
	enum kp_stop_kant kant;
};
extern const struct kp_stopreden kp_stopreden_tabel[];
extern const size_t kp_stopreden_aantal;
extern const char *const kp_stopredenen[]; /* NULL-terminated codes, in the table's order */
bool kp_stopreden_valid(const char *code);
/* The reason with this code, or NULL. */
const struct kp_stopreden *kp_stopreden_vind(const char *code);
/* "vraag", "steun" or "beide". */
const char *kp_stop_kant_name(enum kp_stop_kant k);
/*
 * The label of r with {steun} and {vraag} replaced by the given words
 * (the word at the start of the label with a capital), into buf of len
 * bytes (truncated when too small). Returns buf.
 */
char *kp_stopreden_naam(const struct kp_stopreden *r, const char *steun, const char *vraag, char *buf, size_t len);
/*
 * The reason "niet-gekozen": the asking family chose another candidate of
 * the same proposal. A pair that ended with it did not stop together and
 * may be proposed again.
 */
#define KP_STOPREDEN_NIET_GEKOZEN "niet-gekozen"
/* True for a supporter-side stop after which the supporter pauses (overload, illness) instead of being available. */
bool kp_stopreden_steun_pauze(const char *code);

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
#define KP_EVAL_SOORT_COUNT 5
const char *kp_evaluatie_soort_name(enum kp_evaluatie_soort s);
/* The Dutch label of a kind ("Evaluatie proefperiode"), as the web app shows it. */
const char *kp_evaluatie_soort_label(enum kp_evaluatie_soort s);

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
