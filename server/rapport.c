/*
 * rapport.c - see rapport.h.
 */
#include "rapport.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_buf_append(struct kp_buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *grown = realloc(b->data, cap);
		if (!grown) {
			b->failed = true;
			return;
		}
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void kp_buf_puts(struct kp_buf *b, const char *s)
{
	kp_buf_append(b, s, strlen(s));
}

void kp_buf_free(struct kp_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

void kp_csv_begin(struct kp_buf *b)
{
	kp_buf_append(b, "\xEF\xBB\xBF", 3);
}

void kp_csv_field(struct kp_buf *b, const char *s, bool last)
{
	if (!s)
		s = "";
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
	bool quote = formula || strpbrk(s, ";\"\r\n") != NULL;
	if (quote)
		kp_buf_append(b, "\"", 1);
	if (formula)
		kp_buf_append(b, "'", 1);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			kp_buf_append(b, "\"\"", 2);
		else
			kp_buf_append(b, p, 1);
	}
	if (quote)
		kp_buf_append(b, "\"", 1);
	kp_buf_append(b, last ? "\r\n" : ";", last ? 2 : 1);
}

void kp_csv_number(struct kp_buf *b, double v, int decimals, bool last)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%.*f", decimals, v);
	char *dot = strchr(buf, '.');
	if (dot)
		*dot = ',';
	kp_buf_puts(b, buf);
	kp_buf_append(b, last ? "\r\n" : ";", last ? 2 : 1);
}

void kp_csv_date(struct kp_buf *b, const char *iso, bool last)
{
	char buf[16];
	if (iso && strlen(iso) >= 10 && iso[4] == '-' && iso[7] == '-') {
		snprintf(buf, sizeof buf, "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
		kp_csv_field(b, buf, last);
	} else {
		kp_csv_field(b, iso, last);
	}
}

/*
 * Appends line with CRLF, folded so no line exceeds 75 octets. A fold never
 * splits a UTF-8 sequence; when a piece has no character boundary at all
 * (a run of continuation bytes, i.e. not valid UTF-8) it is cut at the full
 * width, so every piece makes progress and the output is bounded by
 * strlen(line) * 78 / 74 + 2 octets.
 */
void kp_ical_line(struct kp_buf *b, const char *line)
{
	size_t n = strlen(line), pos = 0, width = 75;
	while (n - pos > width) {
		size_t cut = pos + width;
		while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--; /* do not split a character */
		if (cut == pos)
			cut = pos + width; /* no boundary: invalid UTF-8, cut at the width */
		kp_buf_append(b, line + pos, cut - pos);
		kp_buf_append(b, "\r\n ", 3);
		pos = cut;
		width = 74; /* continuation lines start with a space */
	}
	kp_buf_append(b, line + pos, n - pos);
	kp_buf_append(b, "\r\n", 2);
}

void kp_ical_text(struct kp_buf *b, const char *name, const char *value)
{
	struct kp_buf t = { 0 };
	kp_buf_puts(&t, name);
	kp_buf_append(&t, ":", 1);
	for (const char *p = value ? value : ""; *p; p++) {
		switch (*p) {
		case '\\':
			kp_buf_append(&t, "\\\\", 2);
			break;
		case ';':
			kp_buf_append(&t, "\\;", 2);
			break;
		case ',':
			kp_buf_append(&t, "\\,", 2);
			break;
		case '\n':
			kp_buf_append(&t, "\\n", 2);
			break;
		case '\r':
			break;
		default:
			if ((unsigned char)*p >= 0x20 || *p == '\t')
				kp_buf_append(&t, p, 1);
		}
	}
	if (t.failed) {
		b->failed = true;
	} else if (t.data) {
		kp_ical_line(b, t.data);
	}
	kp_buf_free(&t);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double kp_percentile(double *v, size_t n, int p)
{
	if (n == 0)
		return -1;
	qsort(v, n, sizeof *v, cmp_double);
	if (p == 50 && n % 2 == 0)
		return (v[n / 2 - 1] + v[n / 2]) / 2.0; /* the usual median of an even count */
	size_t rank = (size_t)ceil((double)p / 100.0 * (double)n);
	if (rank < 1)
		rank = 1;
	return v[rank - 1];
}

int64_t kp_round5(int64_t count)
{
	if (count <= 0)
		return 0;
	return (count + KP_DISCLOSE_ROUND / 2) / KP_DISCLOSE_ROUND * KP_DISCLOSE_ROUND;
}

void kp_kwartaal_disclose(const struct kp_kwartaal *raw, bool exact, struct kp_kwartaal *shown)
{
	*shown = *raw;
	if (shown->n_redenen > KP_KWARTAAL_MAX_REDENEN)
		shown->n_redenen = KP_KWARTAAL_MAX_REDENEN;
	shown->afgerond_op_vijf = !exact;
	if (!exact) {
		int64_t *counts[] = { &shown->aanmeldingen, &shown->intakes,	&shown->nieuw,	      &shown->afgerond,
				      &shown->actief,	    &shown->kinderen,	&shown->wacht_aantal, &shown->contact_ja,
				      &shown->contact_bekend, &shown->gehouden, &shown->gepland };
		for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
			*counts[i] = kp_round5(*counts[i]);
		for (size_t i = 0; i < shown->n_redenen; i++)
			shown->redenen[i] = kp_round5(shown->redenen[i]);
	}
	/* totals from the (shown) parts */
	shown->gestopt = 0;
	for (size_t i = 0; i < shown->n_redenen; i++)
		shown->gestopt += shown->redenen[i];
	shown->totaal = shown->afgerond + shown->gestopt;
	if (exact) {
		shown->aandeel = raw->contact_bekend > 0 ? (double)raw->contact_ja / (double)raw->contact_bekend : NAN;
		if (raw->wacht_aantal <= 0)
			shown->mediaan = shown->p90 = NAN;
		return;
	}
	if (raw->wacht_aantal < KP_DISCLOSE_MIN_BASE)
		shown->mediaan = shown->p90 = NAN;
	shown->aandeel = shown->contact_bekend >= KP_DISCLOSE_MIN_BASE
				 ? (double)shown->contact_ja / (double)shown->contact_bekend
				 : NAN;
}
