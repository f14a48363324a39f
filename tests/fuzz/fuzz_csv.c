/*
 * fuzz_csv.c - libFuzzer target: the CSV writer for Dutch Excel
 * (kp_csv_field, kp_csv_number, kp_csv_date in rapport.c). The input is
 * split at NUL bytes into fields; the writer's output is read back with an
 * RFC 4180 reader (';' separated) and must give exactly the fields, with an
 * apostrophe before any field Excel would run as a formula.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FIELDS 16

/*
 * Reads one CSV field at *p (up to end); appends it to out; returns the
 * separator that ended it (';', '\n' for CRLF) or 0 on malformed input.
 */
static char read_field(const char **p, const char *end, struct kp_buf *out)
{
	const char *s = *p;
	if (s < end && *s == '"') {
		s++;
		for (;;) {
			if (s >= end)
				return 0;
			if (*s == '"') {
				if (s + 1 < end && s[1] == '"') {
					kp_buf_append(out, "\"", 1);
					s += 2;
					continue;
				}
				s++;
				break;
			}
			kp_buf_append(out, s++, 1);
		}
	} else {
		while (s < end && *s != ';' && *s != '\r' && *s != '\n' && *s != '"')
			kp_buf_append(out, s++, 1);
	}
	if (s < end && *s == ';') {
		*p = s + 1;
		return ';';
	}
	if (end - s >= 2 && s[0] == '\r' && s[1] == '\n') {
		*p = s + 2;
		return '\n';
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *fields[MAX_FIELDS];
	size_t nf = 0;
	char *copy = malloc(size + 1);
	if (!copy)
		abort();
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (size_t i = 0; nf < MAX_FIELDS;) {
		fields[nf++] = copy + i;
		i += strlen(copy + i) + 1;
		if (i > size)
			break;
	}

	struct kp_buf b = { 0 };
	kp_csv_begin(&b);
	for (size_t i = 0; i < nf; i++)
		kp_csv_field(&b, fields[i], i + 1 == nf);
	if (b.failed || b.len < 3 || memcmp(b.data, "\xEF\xBB\xBF", 3) != 0)
		abort();
	const char *p = b.data + 3, *end = b.data + b.len;
	for (size_t i = 0; i < nf; i++) {
		struct kp_buf f = { 0 };
		kp_buf_append(&f, "", 0);
		char sep = read_field(&p, end, &f);
		if (sep != (i + 1 == nf ? '\n' : ';'))
			abort();
		const char *s = fields[i];
		bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
		const char *got = f.data;
		if (formula) {
			if (got[0] != '\'')
				abort();
			got++;
		}
		if (strcmp(got, s) != 0)
			abort();
		kp_buf_free(&f);
	}
	if (p != end)
		abort();
	kp_buf_free(&b);

	/* numbers and dates from the same bytes: never more than one line, never a formula */
	double v = 0;
	int decimals = 0;
	if (size >= 9) {
		memcpy(&v, data, 8);
		decimals = data[8] % 12;
	}
	struct kp_buf nb = { 0 };
	kp_csv_number(&nb, v, decimals, false);
	kp_csv_date(&nb, copy, true);
	if (nb.failed || !nb.len)
		abort();
	if (isfinite(v) && (nb.data[0] == '=' || nb.data[0] == '@'))
		abort();
	kp_buf_free(&nb);
	free(copy);
	return 0;
}
