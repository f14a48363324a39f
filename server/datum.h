/*
 * datum.h - calendar dates without times or time zones, for ages, VOG
 * validity, waiting days and (later) due dates. Pure: no clock, no SQL;
 * "today" is always passed in.
 *
 * Month arithmetic is calendar-correct: adding months keeps the day of the
 * month where it exists and otherwise takes the month's last day
 * (31 January + 1 month = 28 or 29 February).
 */
#ifndef KOPPEL_DATUM_H
#define KOPPEL_DATUM_H

#include <stdbool.h>
#include <stdint.h>

struct kp_date {
	int y, m, d;
};

/* Parses "YYYY-MM-DD" (a real date, year 1900-9999). */
bool kp_date_parse(const char *s, struct kp_date *out);
/* Writes "YYYY-MM-DD" (11 bytes with the NUL). */
void kp_date_format(struct kp_date d, char out[11]);
/* Today in UTC from unix time t. */
struct kp_date kp_date_from_unix(int64_t t);

int kp_date_days_in_month(int y, int m);
/* Days since 1970-01-01 (negative before). */
int64_t kp_date_to_days(struct kp_date d);
/* Negative, zero or positive as a is before, on or after b. */
int kp_date_cmp(struct kp_date a, struct kp_date b);
/*
 * d (a valid date, as kp_date_parse gives) plus n months, any int n,
 * clamped to the end of the month; years before 1 come out as 0, -1, ...
 * (proleptic, astronomical numbering).
 */
struct kp_date kp_date_add_months(struct kp_date d, int n);
struct kp_date kp_date_add_days(struct kp_date d, int n);
/* Whole years between birth and on (0 if on is before birth). */
int kp_age_years(struct kp_date birth, struct kp_date on);

#endif
