/*
 * datum.c - see datum.h. Day numbers use the civil-from-days algorithm on
 * the proleptic Gregorian calendar.
 */
#include "datum.h"

#include <stdio.h>
#include <string.h>

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int kp_date_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool kp_date_parse(const char *s, struct kp_date *out)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int v[3] = { 0, 0, 0 };
	const int start[3] = { 0, 5, 8 }, len[3] = { 4, 2, 2 };
	for (int f = 0; f < 3; f++)
		for (int i = 0; i < len[f]; i++) {
			char c = s[start[f] + i];
			if (c < '0' || c > '9')
				return false;
			v[f] = v[f] * 10 + (c - '0');
		}
	if (v[0] < 1900 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > kp_date_days_in_month(v[0], v[1]))
		return false;
	*out = (struct kp_date){ v[0], v[1], v[2] };
	return true;
}

void kp_date_format(struct kp_date d, char out[11])
{
	unsigned y = (unsigned)d.y % 10000u, m = (unsigned)d.m % 100u, day = (unsigned)d.d % 100u;
	snprintf(out, 11, "%04u-%02u-%02u", y, m, day);
}

int64_t kp_date_to_days(struct kp_date d)
{
	int64_t y = d.y - (d.m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static struct kp_date from_days(int64_t z)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	return (struct kp_date){ (int)(y + (m <= 2)), m, d };
}

struct kp_date kp_date_from_unix(int64_t t)
{
	/* floor division without t - 86399, which overflows for the smallest t */
	int64_t days = t / 86400;
	if (t % 86400 < 0)
		days--;
	return from_days(days);
}

int kp_date_cmp(struct kp_date a, struct kp_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	return a.d == b.d ? 0 : (a.d < b.d ? -1 : 1);
}

/*
 * Counts months from year 0 in 64 bits (no overflow for any int n) and
 * splits with floor division: C's / and % truncate toward zero, which for a
 * negative total would give a month of 0 or less (and days[-1] above).
 */
struct kp_date kp_date_add_months(struct kp_date d, int n)
{
	int64_t total = (int64_t)d.y * 12 + (d.m - 1) + n;
	int64_t y = total / 12, mi = total % 12;
	if (mi < 0) {
		mi += 12;
		y--;
	}
	int m = (int)mi + 1;
	int last = kp_date_days_in_month((int)y, m);
	return (struct kp_date){ (int)y, m, d.d > last ? last : d.d };
}

struct kp_date kp_date_add_days(struct kp_date d, int n)
{
	return from_days(kp_date_to_days(d) + n);
}

int kp_age_years(struct kp_date birth, struct kp_date on)
{
	if (kp_date_cmp(on, birth) < 0)
		return 0;
	int age = on.y - birth.y;
	if (on.m < birth.m || (on.m == birth.m && on.d < birth.d))
		age--;
	return age;
}
