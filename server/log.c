/*
 * log.c - see log.h. Formats a record into a stack buffer and writes it
 * with one write(2); no locks, no allocation.
 */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const level_names[] = { "error", "warn", "info", "debug" };

int kp_log_level_parse(const char *s, enum kp_log_level *out)
{
	for (int i = 0; i < 4; i++) {
		if (strcmp(s, level_names[i]) == 0) {
			*out = (enum kp_log_level)i;
			return 0;
		}
	}
	return -1;
}

const char *kp_log_level_name(enum kp_log_level level)
{
	return (unsigned)level < 4 ? level_names[level] : "?";
}

/* Formats and writes one record; the level filter is the caller's. */
static void vlog(const struct kp_log *log, enum kp_log_level level, const char *fmt, va_list ap)
{
	char buf[1280];
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	int k = snprintf(buf + n, sizeof buf - n, ".%03ldZ %s ", ts.tv_nsec / 1000000L,
			 kp_log_level_name(level));
	if (k > 0)
		n += (size_t)k;
	k = vsnprintf(buf + n, sizeof buf - n - 1, fmt, ap);
	if (k > 0)
		n += (size_t)k < sizeof buf - n - 1 ? (size_t)k : sizeof buf - n - 2;
	buf[n++] = '\n';
	ssize_t w = write(log ? log->fd : 2, buf, n);
	(void)w; /* nowhere left to report a failed log write */
}

void kp_log(const struct kp_log *log, enum kp_log_level level, const char *fmt, ...)
{
	if (log && level > log->level)
		return;
	va_list ap;
	va_start(ap, fmt);
	vlog(log, level, fmt, ap);
	va_end(ap);
}

void kp_log_always(const struct kp_log *log, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(log, KP_LOG_INFO, fmt, ap);
	va_end(ap);
}
