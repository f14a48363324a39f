/*
 * slowpool.h - a few threads for CPU- and memory-heavy work (argon2id
 * password hashing: ~80 ms and 64 MiB each), so that HTTP threads never
 * stall and a burst of logins cannot exhaust memory: at most `threads`
 * jobs run at once and at most `queue_max` wait; beyond that, submit
 * refuses and the caller answers 503 at once.
 *
 * The HTTP layer suspends the connection, submits the job, and the job's
 * done callback resumes it (see kp_req_offload in http.h).
 */
#ifndef KOPPEL_SLOWPOOL_H
#define KOPPEL_SLOWPOOL_H

struct kp_slowpool;

typedef void (*kp_slow_fn)(void *arg);

/* Starts threads workers. Returns 0, or -1. */
int kp_slowpool_start(struct kp_slowpool **out, unsigned threads, unsigned queue_max);

/*
 * Queues work(arg), after which done(arg) is called on the same worker
 * thread. Returns 0, or -1 (queue full or stopping: nothing will run).
 */
int kp_slowpool_submit(struct kp_slowpool *p, kp_slow_fn work, kp_slow_fn done, void *arg);

/* Runs what is queued, then joins the workers and frees the pool. */
void kp_slowpool_stop(struct kp_slowpool *p);

#endif
