/*
 * auditq.h - group commit for the audit entries of reads.
 *
 * Every read of a family's data is audited, and no data leaves the server
 * before its audit entry is committed. Committing one write transaction per
 * read made every GET pay for a commit on the single writer. Instead, a
 * handler that has built its answer hands the entry to this queue and the
 * HTTP layer holds the answer (the connection suspended, the HTTP thread
 * free for others) until done(arg, true) says the entry is committed. One
 * thread appends everything queued in one transaction, so under load one
 * commit covers many reads. The entries keep the hash chain of audit.h.
 *
 * When the entry cannot be written, done(arg, false) is called and the
 * answer must not be sent. Knows nothing of HTTP.
 */
#ifndef KOPPEL_AUDITQ_H
#define KOPPEL_AUDITQ_H

#include <stdbool.h>

struct kp_db;
struct kp_log;
struct kp_audit_entry;
struct kp_auditq;

typedef void (*kp_auditq_done_fn)(void *arg, bool committed);

/*
 * Starts the writer thread. At most queue_max entries wait at once; beyond
 * that kp_auditq_submit refuses (the caller answers 503). Returns 0, or -1.
 */
int kp_auditq_start(struct kp_auditq **out, struct kp_db *db, const struct kp_log *log, unsigned queue_max);

/*
 * Queues a copy of e. done(arg, committed) is called exactly once, on the
 * queue's thread, after the transaction holding the entry committed or
 * failed. Returns 0, or -1 (queue full, out of memory or stopping: done is
 * never called).
 */
int kp_auditq_submit(struct kp_auditq *q, const struct kp_audit_entry *e, kp_auditq_done_fn done, void *arg);

/* Writes what is queued, then stops the thread and frees q. NULL is fine. */
void kp_auditq_stop(struct kp_auditq *q);

#endif
