/*
 * throttle.c - see throttle.h. Open addressing with a short linear probe.
 */
#include "throttle.h"

#include <stdbool.h>
#include <string.h>

#include <sodium.h>

void kp_throttle_init(struct kp_throttle *t, unsigned max_failures, int64_t window_s, const unsigned char seed[16])
{
	memset(t, 0, sizeof *t);
	t->max_failures = max_failures;
	t->window_s = window_s;
	if (seed)
		memcpy(t->seed, seed, sizeof t->seed);
	else
		randombytes_buf(t->seed, sizeof t->seed);
}

static uint64_t key_hash(const struct kp_throttle *t, const char *key)
{
	unsigned char h[8];
	crypto_generichash(h, sizeof h, (const unsigned char *)key, strlen(key), t->seed, sizeof t->seed);
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = (v << 8) | h[i];
	return v ? v : 1; /* 0 marks an empty slot */
}

static bool expired(const struct kp_throttle *t, const struct kp_throttle_slot *s, int64_t now)
{
	return s->key == 0 || now - s->window_start >= t->window_s;
}

/* The slot holding hk, or NULL. */
static const struct kp_throttle_slot *find(const struct kp_throttle *t, uint64_t hk)
{
	for (unsigned i = 0; i < KP_THROTTLE_PROBE; i++) {
		const struct kp_throttle_slot *s = &t->slots[(hk + i) % KP_THROTTLE_SLOTS];
		if (s->key == hk)
			return s;
	}
	return NULL;
}

int64_t kp_throttle_wait(const struct kp_throttle *t, const char *key, int64_t now)
{
	const struct kp_throttle_slot *s = find(t, key_hash(t, key));
	if (!s || expired(t, s, now) || s->failures < t->max_failures)
		return 0;
	return s->window_start + t->window_s - now;
}

void kp_throttle_failure(struct kp_throttle *t, const char *key, int64_t now)
{
	uint64_t hk = key_hash(t, key);
	struct kp_throttle_slot *s = (struct kp_throttle_slot *)(uintptr_t)find(t, hk);
	if (!s) {
		/* a free or expired slot in the neighbourhood, else the oldest window */
		struct kp_throttle_slot *oldest = NULL;
		for (unsigned i = 0; i < KP_THROTTLE_PROBE; i++) {
			struct kp_throttle_slot *c = &t->slots[(hk + i) % KP_THROTTLE_SLOTS];
			if (expired(t, c, now)) {
				s = c;
				break;
			}
			if (!oldest || c->window_start < oldest->window_start)
				oldest = c;
		}
		if (!s)
			s = oldest;
		s->key = hk;
		s->failures = 0;
		s->window_start = now;
	} else if (expired(t, s, now)) {
		s->failures = 0;
		s->window_start = now;
	}
	if (s->failures < UINT32_MAX)
		s->failures++;
}

void kp_throttle_success(struct kp_throttle *t, const char *key)
{
	struct kp_throttle_slot *s = (struct kp_throttle_slot *)(uintptr_t)find(t, key_hash(t, key));
	if (s)
		memset(s, 0, sizeof *s);
}
