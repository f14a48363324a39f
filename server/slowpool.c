/*
 * slowpool.c - see slowpool.h. A ring buffer of jobs under one mutex.
 */
#include "slowpool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct job {
	kp_slow_fn work;
	kp_slow_fn done;
	void *arg;
};

struct kp_slowpool {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping;
	unsigned head, count, cap;
	struct job *jobs;
	unsigned n_threads;
	pthread_t *threads;
};

static void *worker(void *arg)
{
	struct kp_slowpool *p = arg;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->count == 0 && !p->stopping)
			pthread_cond_wait(&p->wake, &p->lock);
		if (p->count == 0)
			break; /* stopping and nothing left */
		struct job j = p->jobs[p->head];
		p->head = (p->head + 1) % p->cap;
		p->count--;
		pthread_mutex_unlock(&p->lock);
		j.work(j.arg);
		j.done(j.arg);
		pthread_mutex_lock(&p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

int kp_slowpool_start(struct kp_slowpool **out, unsigned threads, unsigned queue_max)
{
	struct kp_slowpool *p = calloc(1, sizeof *p);
	if (!p)
		return -1;
	p->cap = queue_max ? queue_max : 1;
	p->jobs = calloc(p->cap, sizeof *p->jobs);
	p->threads = calloc(threads ? threads : 1, sizeof *p->threads);
	if (!p->jobs || !p->threads) {
		free(p->jobs);
		free(p->threads);
		free(p);
		return -1;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	for (unsigned i = 0; i < (threads ? threads : 1); i++) {
		if (pthread_create(&p->threads[i], NULL, worker, p) != 0)
			break;
		p->n_threads++;
	}
	if (p->n_threads == 0) {
		kp_slowpool_stop(p);
		return -1;
	}
	*out = p;
	return 0;
}

int kp_slowpool_submit(struct kp_slowpool *p, kp_slow_fn work, kp_slow_fn done, void *arg)
{
	pthread_mutex_lock(&p->lock);
	if (p->stopping || p->count == p->cap) {
		pthread_mutex_unlock(&p->lock);
		return -1;
	}
	p->jobs[(p->head + p->count) % p->cap] = (struct job){ work, done, arg };
	p->count++;
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
	return 0;
}

void kp_slowpool_stop(struct kp_slowpool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->lock);
	for (unsigned i = 0; i < p->n_threads; i++)
		pthread_join(p->threads[i], NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->wake);
	free(p->jobs);
	free(p->threads);
	free(p);
}
