/*
 * rapport.h - the pure pieces of overviews and exports: CSV that opens
 * correctly in Dutch Excel, iCalendar (RFC 5545) text, small-cell
 * suppression for funder reports, and medians and percentiles. No SQL, no
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

/*
 * Small-cell suppression: a count from 1 to 4 is never shown. Returns the
 * text to show: the number, or "<5". 0 shows as "0".
 */
const char *kp_suppress(int64_t count, char buf[24]);
/* True when a count would be suppressed. */
bool kp_suppressed(int64_t count);

#endif
