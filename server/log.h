/*
 * log.h - one-line log records on a file descriptor (stderr by default).
 *
 * A logger is a small value owned by the server context; there is no global
 * logger. Records are written with a single write(2) so lines from different
 * threads never interleave. Koppel never logs request bodies or personal
 * data: callers pass route templates ("/api/v1/gezinnen/{id}"), not URLs.
 */
#ifndef KOPPEL_LOG_H
#define KOPPEL_LOG_H

enum kp_log_level { KP_LOG_ERROR = 0, KP_LOG_WARN, KP_LOG_INFO, KP_LOG_DEBUG };

struct kp_log {
	enum kp_log_level level; /* records above this level are dropped */
	int fd;                  /* where records go, normally 2 */
};

/* Parses "error", "warn", "info" or "debug"; returns 0 on success, -1 otherwise. */
int kp_log_level_parse(const char *s, enum kp_log_level *out);
const char *kp_log_level_name(enum kp_log_level level);

/*
 * Writes "<UTC timestamp> <level> <message>\n". Messages longer than about
 * 1 KiB are truncated. A NULL logger writes to stderr at every level.
 */
void kp_log(const struct kp_log *log, enum kp_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like kp_log at info level, but written whatever the level (start-up lines). */
void kp_log_always(const struct kp_log *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define kp_log_error(l, ...) kp_log((l), KP_LOG_ERROR, __VA_ARGS__)
#define kp_log_warn(l, ...) kp_log((l), KP_LOG_WARN, __VA_ARGS__)
#define kp_log_info(l, ...) kp_log((l), KP_LOG_INFO, __VA_ARGS__)
#define kp_log_debug(l, ...) kp_log((l), KP_LOG_DEBUG, __VA_ARGS__)

#endif
