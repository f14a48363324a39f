/*
 * log.c - see log.h. A record is formatted into a stack buffer; unbuffered
 * it goes out with one write(2), buffered it is appended under a mutex. The
 * flusher thread and any thread that finds the buffer full or logs a
 * warning write the buffer while holding that mutex, which keeps records in
 * order without a second lock.
 */
#include "log.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct kp_log_buffer {
	pthread_mutex_t lock;
	pthread_cond_t wake; /* signalled to stop the flusher */
	pthread_t thread;
	bool stop;
	int fd;
	size_t len;
	char data[KP_LOG_BUFFER_BYTES];
};

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

/* Writes all of buf to fd; gives up silently on error (nowhere to report it). */
static void write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		buf += w;
		n -= (size_t)w;
	}
}

/* Writes out the buffer; b->lock must be held. */
static void flush_locked(struct kp_log_buffer *b)
{
	write_all(b->fd, b->data, b->len);
	b->len = 0;
}

static void *flusher(void *arg)
{
	struct kp_log_buffer *b = arg;
	pthread_mutex_lock(&b->lock);
	while (!b->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += KP_LOG_FLUSH_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec += until.tv_nsec / 1000000000L;
			until.tv_nsec %= 1000000000L;
		}
		pthread_cond_timedwait(&b->wake, &b->lock, &until);
		if (b->len)
			flush_locked(b);
	}
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

int kp_log_buffer_start(struct kp_log *log)
{
	struct kp_log_buffer *b = malloc(sizeof *b);
	if (!b)
		return -1;
	b->stop = false;
	b->len = 0;
	b->fd = log->fd;
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->wake, NULL);
	if (pthread_create(&b->thread, NULL, flusher, b) != 0) {
		pthread_mutex_destroy(&b->lock);
		pthread_cond_destroy(&b->wake);
		free(b);
		return -1;
	}
	log->buffer = b;
	return 0;
}

void kp_log_buffer_stop(struct kp_log *log)
{
	struct kp_log_buffer *b = log->buffer;
	if (!b)
		return;
	pthread_mutex_lock(&b->lock);
	b->stop = true;
	pthread_cond_signal(&b->wake);
	pthread_mutex_unlock(&b->lock);
	pthread_join(b->thread, NULL);
	flush_locked(b); /* the flusher is gone: no lock needed */
	log->buffer = NULL;
	pthread_mutex_destroy(&b->lock);
	pthread_cond_destroy(&b->wake);
	free(b);
}

/*
 * Formats and emits one record; the level filter is the caller's. An urgent
 * record is written out at once, together with everything buffered before it.
 */
__attribute__((format(printf, 4, 0)))
static void vlog(const struct kp_log *log, enum kp_log_level level, bool urgent, const char *fmt, va_list ap)
{
	char buf[1280];
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	int k = snprintf(buf + n, sizeof buf - n, ".%03ldZ %s ", ts.tv_nsec / 1000000L, kp_log_level_name(level));
	if (k > 0)
		n += (size_t)k;
	k = vsnprintf(buf + n, sizeof buf - n - 1, fmt, ap);
	if (k > 0)
		n += (size_t)k < sizeof buf - n - 1 ? (size_t)k : sizeof buf - n - 2;
	buf[n++] = '\n';

	struct kp_log_buffer *b = log ? log->buffer : NULL;
	if (!b) {
		write_all(log ? log->fd : 2, buf, n);
		return;
	}
	pthread_mutex_lock(&b->lock);
	if (b->len + n > sizeof b->data)
		flush_locked(b);
	memcpy(b->data + b->len, buf, n);
	b->len += n;
	if (urgent)
		flush_locked(b);
	pthread_mutex_unlock(&b->lock);
}

void kp_log(const struct kp_log *log, enum kp_log_level level, const char *fmt, ...)
{
	if (log && level > log->level)
		return;
	va_list ap;
	va_start(ap, fmt);
	vlog(log, level, level <= KP_LOG_WARN, fmt, ap);
	va_end(ap);
}

void kp_log_always(const struct kp_log *log, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(log, KP_LOG_INFO, true, fmt, ap);
	va_end(ap);
}
