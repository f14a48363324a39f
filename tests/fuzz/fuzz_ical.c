/*
 * fuzz_ical.c - libFuzzer target: the iCalendar writer (kp_ical_text and
 * kp_ical_line, rapport.c). The first byte picks escaped TEXT or a raw
 * line. Checks RFC 5545's line rules: every line ends in CRLF and holds at
 * most 75 octets, continuation lines start with one space, unfolding gives
 * back what was written, a fold never splits a UTF-8 character of valid
 * input, and the output stays within the documented bound.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rapport.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool text = data[0] & 1;
	char *in = malloc(size);
	if (!in)
		abort();
	memcpy(in, data + 1, size - 1);
	in[size - 1] = '\0';
	size_t n = strlen(in);
	if (!text) /* a raw line is one line by contract: no CR or LF of its own */
		for (char *c = in; *c; c++)
			if (*c == '\r' || *c == '\n')
				*c = ' ';
	bool valid = kp_utf8_valid_prefix(in, n) == n;

	struct kp_buf b = { 0 };
	if (text)
		kp_ical_text(&b, "SUMMARY", in);
	else
		kp_ical_line(&b, in);
	if (b.failed)
		abort();
	/* the logical line is name:value with escapes, at most twice the input plus the name */
	size_t logical = text ? 8 + 2 * n : n;
	/* valid UTF-8: every piece but the last holds at least 71 octets, so 3 octets of
	 * folding per 71; otherwise a piece may end at the first character boundary it
	 * finds (rapport.c's own comment promises the tighter bound; that holds only
	 * for valid UTF-8), but always makes progress */
	if (valid ? b.len > logical * 74 / 71 + 2 + 3 : b.len > 4 * logical + 2)
		abort();
	if (b.len < 2 || memcmp(b.data + b.len - 2, "\r\n", 2) != 0)
		abort();

	struct kp_buf unfolded = { 0 };
	size_t start = 0;
	bool first = true;
	for (size_t i = 0; i + 1 < b.len; i++) {
		if (b.data[i] != '\r')
			continue;
		if (b.data[i + 1] != '\n')
			abort(); /* a bare CR: escaping failed */
		size_t len = i - start;
		if (len > 75)
			abort();
		const char *line = b.data + start;
		if (!first) {
			if (len < 1 || line[0] != ' ')
				abort();
			line++;
			len--;
		}
		if (valid && kp_utf8_valid_prefix(line, len) != len)
			abort(); /* a fold split a character */
		kp_buf_append(&unfolded, line, len);
		first = false;
		start = i + 2;
		i++;
	}
	if (start != b.len)
		abort();
	if (!text && (unfolded.len != n || (n && memcmp(unfolded.data, in, n) != 0)))
		abort();
	if (text && (unfolded.len < 8 || memcmp(unfolded.data, "SUMMARY:", 8) != 0 || memchr(unfolded.data, '\n', unfolded.len)))
		abort();
	kp_buf_free(&unfolded);
	kp_buf_free(&b);
	free(in);
	return 0;
}
