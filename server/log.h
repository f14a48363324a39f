/*
 * log.h - one-line log records on a file descriptor (stderr by default).
 *
 * A logger is a small value owned by the server context; there is no global
 * logger. Records are written whole, so lines from different threads never
 * interleave. Koppel never logs request bodies or personal data: callers
 * pass route templates ("/api/v1/gezinnen/{id}"), not URLs.
 *
 * While the server runs, the logger is buffered (kp_log_buffer_start):
 * records collect in memory and a background thread writes them every
 * KP_LOG_FLUSH_MS, or as soon as the buffer is full, so a request does not
 * pay for a write(2) of its access line. A warning or error flushes the
 * buffer at once, with everything before it, so order is kept and a problem
 * is never held back.
 */
#ifndef KOPPEL_LOG_H
#define KOPPEL_LOG_H

#include <stdbool.h>

enum kp_log_level { KP_LOG_ERROR = 0, KP_LOG_WARN, KP_LOG_INFO, KP_LOG_DEBUG };

#define KP_LOG_FLUSH_MS 200
#define KP_LOG_BUFFER_BYTES (64 * 1024)

struct kp_log_buffer;

struct kp_log {
	enum kp_log_level level;       /* records above this level are dropped */
	int fd;                        /* where records go, normally 2 */
	struct kp_log_buffer *buffer;  /* NULL: each record is written at once */
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

/* Like kp_log at info level, but written whatever the level, and at once (start-up lines). */
void kp_log_always(const struct kp_log *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Starts buffering with a flusher thread. Returns 0, or -1 (then unbuffered). */
int kp_log_buffer_start(struct kp_log *log);
/* Writes what is buffered, stops the flusher thread, and goes unbuffered. */
void kp_log_buffer_stop(struct kp_log *log);

#define kp_log_error(l, ...) kp_log((l), KP_LOG_ERROR, __VA_ARGS__)
#define kp_log_warn(l, ...) kp_log((l), KP_LOG_WARN, __VA_ARGS__)
#define kp_log_info(l, ...) kp_log((l), KP_LOG_INFO, __VA_ARGS__)
#define kp_log_debug(l, ...) kp_log((l), KP_LOG_DEBUG, __VA_ARGS__)

#endif
