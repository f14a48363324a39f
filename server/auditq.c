/*
 * auditq.c - see auditq.h. A FIFO of copied entries under one mutex; the
 * thread takes up to BATCH_MAX at a time and appends them in one write
 * transaction through kp_audit_append.
 */
#include "auditq.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "db.h"
#include "log.h"

/* Entries per transaction: bounds how long one commit holds the writer. */
#define BATCH_MAX 256
#define LINGER_NS (200L * 1000L) /* 0.2 ms */

struct job {
	struct job *next;
	struct kp_audit_entry e; /* its strings live in text[] below */
	kp_auditq_done_fn done;
	void *arg;
	char tijd[32]; /* when the read happened, not when it was written */
	char text[];
};

struct kp_auditq {
	struct kp_db *db;
	const struct kp_log *log;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping;
	unsigned count, max;
	struct job *head, *tail;
	pthread_t thread;
};

/* Copies s (may be NULL) to *pos, returns the copy and advances *pos. */
static const char *copy_text(char **pos, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	memcpy(*pos, s, n);
	const char *out = *pos;
	*pos += n;
	return out;
}

static size_t text_size(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

/* One job holding a deep copy of e; NULL when out of memory. */
static struct job *job_new(const struct kp_audit_entry *e, kp_auditq_done_fn done, void *arg)
{
	size_t n = text_size(e->gebruikersnaam) + text_size(e->actie) + text_size(e->object_soort) +
		   text_size(e->object_id) + text_size(e->client) + text_size(e->details);
	struct job *j = malloc(sizeof *j + n);
	if (!j)
		return NULL;
	char *pos = j->text;
	j->next = NULL;
	j->done = done;
	j->arg = arg;
	j->e.gebruiker_id = e->gebruiker_id;
	j->e.gebruikersnaam = copy_text(&pos, e->gebruikersnaam);
	j->e.actie = copy_text(&pos, e->actie);
	j->e.object_soort = copy_text(&pos, e->object_soort);
	j->e.object_id = copy_text(&pos, e->object_id);
	j->e.client = copy_text(&pos, e->client);
	j->e.details = copy_text(&pos, e->details);
	if (e->tijd)
		snprintf(j->tijd, sizeof j->tijd, "%s", e->tijd);
	j->e.tijd = j->tijd;
	return j;
}

/* Appends the n jobs from batch in one transaction; true when committed. */
static bool write_batch(struct kp_auditq *q, struct job *batch, unsigned n)
{
	const struct kp_audit_entry *entries[BATCH_MAX];
	unsigned k = 0;
	for (struct job *j = batch; j && k < BATCH_MAX; j = j->next)
		entries[k++] = &j->e;
	struct kp_conn *w = kp_db_write_begin(q->db);
	if (!w) {
		kp_log_error(q->log, "audit: cannot begin a write for %u read entries", n);
		return false;
	}
	int rc = kp_audit_append_all(w, entries, k);
	if (rc != SQLITE_OK) {
		kp_log_error(q->log, "audit: appending %u read entries failed: %s", n, sqlite3_errstr(rc));
		kp_db_write_rollback(q->db, w);
		return false;
	}
	rc = kp_db_write_commit(q->db, w);
	if (rc != SQLITE_OK) {
		kp_log_error(q->log, "audit: committing %u read entries failed: %s", n, sqlite3_errstr(rc));
		return false;
	}
	return true;
}

static void *writer(void *arg)
{
	struct kp_auditq *q = arg;
	bool linger = false;
	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (!q->head && !q->stopping)
			pthread_cond_wait(&q->wake, &q->lock);
		if (!q->head)
			break; /* stopping and nothing left */
		if (linger && !q->stopping && q->count < BATCH_MAX) {
			/* under load (the last batch had company), linger so that
			 * reads arriving meanwhile share this commit */
			struct timespec until;
			clock_gettime(CLOCK_MONOTONIC, &until);
			until.tv_nsec += LINGER_NS;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			while (!q->stopping && q->count < BATCH_MAX &&
			       pthread_cond_timedwait(&q->wake, &q->lock, &until) == 0)
				;
		}
		struct job *batch = q->head, *last = batch;
		unsigned n = 1;
		while (last->next && n < BATCH_MAX) {
			last = last->next;
			n++;
		}
		q->head = last->next;
		if (!q->head)
			q->tail = NULL;
		last->next = NULL;
		q->count -= n;
		pthread_mutex_unlock(&q->lock);

		bool ok = write_batch(q, batch, n);
		linger = n > 1;
		while (batch) {
			struct job *next = batch->next;
			batch->done(batch->arg, ok);
			free(batch);
			batch = next;
		}
		pthread_mutex_lock(&q->lock);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

int kp_auditq_start(struct kp_auditq **out, struct kp_db *db, const struct kp_log *log, unsigned queue_max)
{
	struct kp_auditq *q = calloc(1, sizeof *q);
	if (!q)
		return -1;
	q->db = db;
	q->log = log;
	q->max = queue_max ? queue_max : 1;
	pthread_mutex_init(&q->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&q->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&q->thread, NULL, writer, q) != 0) {
		pthread_mutex_destroy(&q->lock);
		pthread_cond_destroy(&q->wake);
		free(q);
		return -1;
	}
	*out = q;
	return 0;
}

int kp_auditq_submit(struct kp_auditq *q, const struct kp_audit_entry *e, kp_auditq_done_fn done, void *arg)
{
	struct job *j = job_new(e, done, arg);
	if (!j)
		return -1;
	pthread_mutex_lock(&q->lock);
	if (q->stopping || q->count == q->max) {
		pthread_mutex_unlock(&q->lock);
		free(j);
		return -1;
	}
	if (!e->tijd)
		kp_audit_now(j->tijd); /* under the lock: times follow the order of the log */
	if (q->tail)
		q->tail->next = j;
	else
		q->head = j;
	q->tail = j;
	q->count++;
	/* wake the thread for the first entry, or when a batch is full; in
	 * between it lingers without being woken for every entry */
	if (q->count == 1 || q->count == BATCH_MAX)
		pthread_cond_signal(&q->wake);
	pthread_mutex_unlock(&q->lock);
	return 0;
}

void kp_auditq_stop(struct kp_auditq *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	q->stopping = true;
	pthread_cond_broadcast(&q->wake);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->wake);
	free(q);
}
