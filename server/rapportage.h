/*
 * rapportage.h - the pure part of the period report (GET
 * /api/v1/rapportages/periode): the period a request names, the figures of
 * one group (a gemeente or the whole selection) from the plain values the
 * SQL layer hands over, the disclosure-control scheme of rapport.h applied
 * to every count, the pace a year target needs, and the comparison of a
 * frozen report (vaststelling) with its regeneration. No SQL, no HTTP.
 */
#ifndef KOPPEL_RAPPORTAGE_H
#define KOPPEL_RAPPORTAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "datum.h"
#include "rapport.h"

/* --- the period ---------------------------------------------------------------- */

enum kp_periode_soort { KP_PERIODE_JAAR, KP_PERIODE_HALFJAAR, KP_PERIODE_KWARTAAL, KP_PERIODE_VRIJ };

struct kp_periode {
	enum kp_periode_soort soort;
	int jaar;     /* the year of tot */
	int nummer;   /* the quarter or half-year; 0 otherwise */
	char van[11]; /* inclusive, YYYY-MM-DD */
	char tot[11]; /* inclusive */
};

/* The longest free period in days (ten years). */
#define KP_PERIODE_MAX_DAGEN 3660

/*
 * Reads the period from the query parameters (each may be NULL): jaar
 * (2000-2100) with at most one of kwartaal (1-4) and halfjaar (1-2), or
 * van and tot (dates, van <= tot, at most KP_PERIODE_MAX_DAGEN days).
 * Returns NULL and fills *out, or the name of the first parameter at fault
 * with a Dutch reason in *reden.
 */
const char *kp_periode_parse(const char *jaar, const char *kwartaal, const char *halfjaar, const char *van,
			     const char *tot, struct kp_periode *out, const char **reden);

/* "jaar", "halfjaar", "kwartaal" or "vrij". */
const char *kp_periode_soort_naam(enum kp_periode_soort s);

/* --- a growable list of values ------------------------------------------------- */

struct kp_reeks {
	double *v;
	size_t n, cap;
	bool failed; /* an allocation failed: a value is missing */
};
void kp_reeks_add(struct kp_reeks *r, double x);
void kp_reeks_free(struct kp_reeks *r);

/* --- one group's raw values ---------------------------------------------------- */

#define KP_RAP_MAX_REDENEN KP_KWARTAAL_MAX_REDENEN

/*
 * What the SQL layer counted for one group, exact. Zero-initialise, fill
 * with the kp_groep_* calls, release with kp_groep_free.
 */
struct kp_groep {
	int64_t gez_nieuw, gez_lopend, kind_nieuw, kind_lopend;
	int64_t kop_nieuw, kop_lopend, kop_afgerond;
	int64_t redenen[KP_RAP_MAX_REDENEN]; /* gestopt, per reason (index into the caller's list) */
	struct kp_reeks wacht_aanmelding, wacht_intake, duur;
	int64_t ev_gehouden, ev_gepland;
	double tevr_vraag_som, tevr_steun_som;
	int64_t tevr_vraag_n, tevr_steun_n;
	double doel_start_som, doel_laatst_som;
	int64_t doelen_n;
	int64_t contact_ja, contact_bekend;
	int64_t zorgsignalen;
};
void kp_groep_free(struct kp_groep *g);
/* Adds b's counts and values to a (for a total over groups). */
void kp_groep_merge(struct kp_groep *a, const struct kp_groep *b);

/* --- the figures as shown -------------------------------------------------------- */

/*
 * The <cijfers> object of the report. Doubles are NAN when not given;
 * counts are rounded (0 meaning "<5") when afgerond_op_vijf.
 */
struct kp_cijfers {
	int64_t gez_nieuw, gez_lopend, gez_bereikt;
	int64_t kind_nieuw, kind_lopend, kind_bereikt;
	int64_t kop_nieuw, kop_lopend, kop_afgerond, kop_gestopt;
	size_t n_redenen;
	int64_t redenen[KP_RAP_MAX_REDENEN];
	double wacht_aanm_mediaan, wacht_aanm_p90, wacht_intake_mediaan, wacht_intake_p90;
	double duur_mediaan, duur_p90;
	int64_t ev_gehouden, ev_gepland;
	double tevr_vraag, tevr_steun;
	int64_t doelen_n;
	double doel_start, doel_laatst;
	double contact_aandeel;
	int64_t contact_ja, contact_van; /* koppelingen afgerond with contact afterwards, of those where it is known */
	int64_t zorgsignalen;
	bool afgerond_op_vijf;
};

/*
 * The figures of group g (its value lists are sorted in place), n_redenen
 * reasons. exact: the counts as they are. Otherwise the scheme of rapport.h
 * on every count: rounded to the nearest five (a count that rounds to 0 is
 * shown as "<5"), a total the sum of its rounded parts (bereikt = nieuw +
 * lopend, gestopt = the sum of the reasons), medians, percentiles and
 * averages only over at least KP_DISCLOSE_MIN_BASE values, the share of
 * contact after the end from the rounded counts and only on a rounded base
 * of at least KP_DISCLOSE_MIN_BASE.
 */
void kp_cijfers_bereken(struct kp_groep *g, size_t n_redenen, bool exact, struct kp_cijfers *out);

/*
 * The total of several groups under disclosure control: every count the
 * sum of the parts' shown (rounded) counts, so the total tells nothing the
 * parts do not; the medians and averages those of the merged raw values
 * `alle` (sorted in place) under the same minimum base. For the exact view
 * use kp_cijfers_bereken on the merged group.
 */
void kp_cijfers_som(const struct kp_cijfers *parts, size_t n, struct kp_groep *alle, size_t n_redenen,
		    struct kp_cijfers *out);

/*
 * The <cijfers> JSON object of c; redenen names the reasons (n_redenen of
 * them, in c's order). A count is an integer, or "<5" in the rounded view.
 */
json_t *kp_cijfers_json(const struct kp_cijfers *c, const char *const *redenen);

/* A shown count: "<5" for 0 in the rounded view, else the integer. */
json_t *kp_cijfers_count_json(int64_t n, bool afgerond_op_vijf);

/* --- the pace towards a year target ---------------------------------------------- */

struct kp_doel_tempo {
	int64_t verwacht_nu; /* the share of the minimum the elapsed part of the year asks for, rounded */
	int64_t nog_nodig;   /* minimum - realised, at least 0 */
	double per_maand;    /* nog_nodig per remaining month (one decimal); NAN: the year is over */
};

/*
 * The pace for a target of `minimum` in year jaar with `gerealiseerd`
 * reached by peil (inclusive). Before the year: nothing expected yet; on
 * or after 31 December: the whole minimum expected and no months left.
 */
void kp_doel_tempo_bereken(int64_t minimum, int64_t gerealiseerd, int jaar, struct kp_date peil,
			   struct kp_doel_tempo *out);

/* --- comparing a frozen report with a regeneration ------------------------------- */

/*
 * Appends to out (an array) the JSON pointer (RFC 6901) of every place
 * where a and b differ, below prefix ("" for the root): a member present in
 * one only, array elements by index (the extra ones of a longer array), and
 * differing leaves. Members are visited in sorted order. Returns the number
 * appended.
 */
size_t kp_json_verschillen(json_t *a, json_t *b, const char *prefix, json_t *out);

#endif
