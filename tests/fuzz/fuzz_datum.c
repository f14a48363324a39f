/*
 * fuzz_datum.c - libFuzzer target: date parsing and arithmetic (datum.c,
 * and the date checks of util.c and json_spec.c). The input is a date text
 * followed by three numbers; the properties checked are that both parsers
 * agree, that format(parse(s)) == s, that month and day arithmetic stays a
 * real date and is exact in whole months and days, and that nothing
 * overflows for any int (UBSan watches the arithmetic).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datum.h"
#include "json_spec.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True when d is a real calendar date (any year). */
static bool real_date(struct kp_date d)
{
	return d.m >= 1 && d.m <= 12 && d.d >= 1 && d.d <= kp_date_days_in_month(d.y, d.m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int32_t months = 0, days = 0;
	int64_t unix_t = 0;
	if (size >= 16) {
		memcpy(&months, data, 4);
		memcpy(&days, data + 4, 4);
		memcpy(&unix_t, data + 8, 8);
		data += 16;
		size -= 16;
	}
	char s[32];
	size_t n = size < sizeof s - 1 ? size : sizeof s - 1;
	memcpy(s, data, n);
	s[n] = '\0';

	struct kp_date d;
	int y, m, dd;
	bool a = kp_date_parse(s, &d), b = kp_parse_date(s, &y, &m, &dd);
	if (a != b || (a && (d.y != y || d.m != m || d.d != dd)))
		abort();
	if (a != (kp_check_date(s) == NULL))
		abort();
	if (!a && kp_check_past_date(s) == NULL)
		abort();

	struct kp_date t = kp_date_from_unix(unix_t);
	(void)t;
	if (!a)
		return 0;
	char out[11];
	kp_date_format(d, out);
	if (strcmp(out, s) != 0)
		abort();

	struct kp_date am = kp_date_add_months(d, months);
	if (!real_date(am))
		abort();
	if ((int64_t)am.y * 12 + am.m - 1 != (int64_t)d.y * 12 + d.m - 1 + months)
		abort();
	if (am.d > d.d || (am.d < d.d && am.d != kp_date_days_in_month(am.y, am.m)))
		abort();

	/* days: within about 5000 years either way, so years stay in int */
	int k = days % 1800000;
	struct kp_date ad = kp_date_add_days(d, k);
	if (!real_date(ad) || kp_date_to_days(ad) - kp_date_to_days(d) != k)
		abort();
	int c = kp_date_cmp(ad, d);
	if ((k > 0) != (c > 0) || (k == 0) != (c == 0))
		abort();
	if (kp_age_years(d, ad) < 0 || (k < 0 && kp_age_years(d, ad) != 0))
		abort();
	return 0;
}
