/*
 * rapport.h - the pure pieces of overviews and exports: CSV that opens
 * correctly in Dutch Excel, iCalendar (RFC 5545) text, disclosure
 * control for funder reports, and medians and percentiles. No SQL, no
 * HTTP: writers append to a growable buffer the caller owns.
 */
#ifndef KOPPEL_RAPPORT_H
#define KOPPEL_RAPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer. */
struct kp_buf {
	char *data;
	size_t len, cap;
	bool failed; /* an allocation failed: the contents are incomplete */
};

void kp_buf_append(struct kp_buf *b, const char *s, size_t n);
void kp_buf_puts(struct kp_buf *b, const char *s);
void kp_buf_free(struct kp_buf *b);

/* --- CSV for Dutch Excel --------------------------------------------------- */

/* Starts a CSV document: the UTF-8 byte order mark Excel needs. */
void kp_csv_begin(struct kp_buf *b);
/*
 * Appends one field (then a ';' unless last, else CRLF). Quoted when it
 * holds ';', '"', CR or LF (quotes doubled); a field starting with = + - @
 * (or tab / CR) gets a leading apostrophe so Excel never runs it as a
 * formula. NULL is an empty field.
 */
void kp_csv_field(struct kp_buf *b, const char *s, bool last);
/* A number with a decimal comma ("12,5"), `decimals` after the comma. */
void kp_csv_number(struct kp_buf *b, double v, int decimals, bool last);
/* A date "YYYY-MM-DD" written as dd-mm-jjjj; anything else as is. */
void kp_csv_date(struct kp_buf *b, const char *iso, bool last);

/* --- iCalendar ------------------------------------------------------------- */

/* Appends "NAME:value" with RFC 5545 TEXT escaping and folding at 75 octets. */
void kp_ical_text(struct kp_buf *b, const char *name, const char *value);
/* Appends a raw property line (no escaping), folded. */
void kp_ical_line(struct kp_buf *b, const char *line);

/* --- figures ------------------------------------------------------------------ */

/* The p-th percentile (0-100, nearest rank) of n values (sorted in place); -1 when n == 0. */
double kp_percentile(double *v, size_t n, int p);

/* --- disclosure control for the quarterly report ------------------------------ */

/*
 * The scheme for the rapportage role (README, "Access and the audit log"),
 * built so that no combination of what is shown - two quarters, a total and
 * its parts, several gemeenten - gives back a count exactly:
 *
 *  - every count is rounded to the nearest multiple of 5 (0-2 -> 0,
 *    3-7 -> 5, 8-12 -> 10, ...); a count that rounds to 0 is shown as "<5"
 *    (zero included, so "<5" never tells that somebody is there);
 *  - a total is the sum of its rounded parts, never the rounded raw total,
 *    so it carries nothing the parts do not: gestopt is the sum of the
 *    reasons, beeindigd.totaal that of afgerond and gestopt;
 *  - every reason is always present, zero included;
 *  - the median and 90th percentile of waiting days are given only when at
 *    least KP_DISCLOSE_MIN_BASE families are behind them; the share of
 *    contact after the end is computed from the rounded counts, and only
 *    when the rounded base is at least KP_DISCLOSE_MIN_BASE.
 *
 * The beheerder and coordinator see the exact counts.
 */
#define KP_DISCLOSE_ROUND 5
#define KP_DISCLOSE_MIN_BASE 10
#define KP_KWARTAAL_MAX_REDENEN 16

/* The counts and derived figures of one quarterly report, raw or as shown. */
struct kp_kwartaal {
	int64_t aanmeldingen, intakes, nieuw;
	int64_t afgerond, gestopt, totaal;           /* beeindigd */
	size_t n_redenen;                            /* <= KP_KWARTAAL_MAX_REDENEN */
	int64_t redenen[KP_KWARTAAL_MAX_REDENEN];    /* per stop reason, the caller's order; they sum to gestopt */
	int64_t actief, kinderen;
	int64_t wacht_aantal;                        /* families first linked in the quarter */
	double mediaan, p90;                         /* their waiting days; NAN: not given */
	int64_t contact_ja, contact_bekend;
	double aandeel;                              /* ja / bekend; NAN: not given */
	int64_t gehouden, gepland;
	bool afgerond_op_vijf;                       /* shown: counts are rounded, 0 means "<5" */
};

/* A count rounded to the nearest multiple of KP_DISCLOSE_ROUND (never negative). */
int64_t kp_round5(int64_t count);
/*
 * Fills *shown from *raw (whose totals are ignored and recomputed). exact:
 * the counts as they are (gestopt and totaal still the sums of their parts,
 * the share from the raw counts); otherwise the scheme above. raw->mediaan,
 * p90 are the figures over all wacht_aantal families (NAN when none).
 */
void kp_kwartaal_disclose(const struct kp_kwartaal *raw, bool exact, struct kp_kwartaal *shown);

#endif
