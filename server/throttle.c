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

static bool window_over(const struct kp_throttle *t, const struct kp_throttle_slot *s, int64_t now)
{
	return now - s->window_start >= t->window_s;
}

/* True when the slot holds nothing that still matters. */
static bool reusable(const struct kp_throttle *t, const struct kp_throttle_slot *s, int64_t now)
{
	return s->key == 0 || (s->in_flight == 0 && window_over(t, s, now));
}

/* The slot holding hk, or NULL. */
static struct kp_throttle_slot *find(const struct kp_throttle *t, uint64_t hk)
{
	for (unsigned i = 0; i < KP_THROTTLE_PROBE; i++) {
		const struct kp_throttle_slot *s = &t->slots[(hk + i) % KP_THROTTLE_SLOTS];
		if (s->key == hk)
			return (struct kp_throttle_slot *)(uintptr_t)s;
	}
	return NULL;
}

/*
 * A slot for the new key hk in its neighbourhood, emptied and owned by hk:
 * a free or expired one; else the oldest that is neither blocked nor in
 * flight; else the oldest that is not in flight. NULL when every slot
 * there has an attempt in flight (the caller then refuses or drops).
 */
static struct kp_throttle_slot *claim(struct kp_throttle *t, uint64_t hk, int64_t now)
{
	struct kp_throttle_slot *open = NULL, *blocked = NULL, *pick = NULL;
	for (unsigned i = 0; i < KP_THROTTLE_PROBE && !pick; i++) {
		struct kp_throttle_slot *c = &t->slots[(hk + i) % KP_THROTTLE_SLOTS];
		if (reusable(t, c, now))
			pick = c;
		else if (c->in_flight > 0)
			continue;
		else if (c->failures < t->max_failures) {
			if (!open || c->window_start < open->window_start)
				open = c;
		} else if (!blocked || c->window_start < blocked->window_start) {
			blocked = c;
		}
	}
	if (!pick)
		pick = open ? open : blocked;
	if (pick) {
		memset(pick, 0, sizeof *pick);
		pick->key = hk;
		pick->window_start = now;
	}
	return pick;
}

/* Starts a new window when the slot's one is over. */
static void roll(const struct kp_throttle *t, struct kp_throttle_slot *s, int64_t now)
{
	if (window_over(t, s, now)) {
		s->failures = 0;
		s->window_start = now;
	}
}

/* Seconds until a slot that is full may try again (at least 1). */
static int64_t wait_for(const struct kp_throttle *t, const struct kp_throttle_slot *s, int64_t now)
{
	if (s->failures < t->max_failures)
		return 1; /* full only with attempts in flight: they end within seconds */
	int64_t w = s->window_start + t->window_s - now;
	return w > 0 ? w : 1;
}

int64_t kp_throttle_wait(const struct kp_throttle *t, const char *key, int64_t now)
{
	const struct kp_throttle_slot *s = find(t, key_hash(t, key));
	if (!s || reusable(t, s, now))
		return 0;
	uint64_t failures = window_over(t, s, now) ? 0 : s->failures;
	if (failures + s->in_flight < t->max_failures)
		return 0;
	return failures >= t->max_failures ? wait_for(t, s, now) : 1;
}

int64_t kp_throttle_begin(struct kp_throttle *t, const char *key, int64_t now)
{
	uint64_t hk = key_hash(t, key);
	struct kp_throttle_slot *s = find(t, hk);
	if (!s) {
		s = claim(t, hk, now);
		if (!s)
			return 1;
	} else {
		roll(t, s, now);
	}
	if ((uint64_t)s->failures + s->in_flight >= t->max_failures)
		return wait_for(t, s, now);
	if (s->failures == 0 && s->in_flight == 0)
		s->window_start = now; /* the window opens at the first attempt */
	s->in_flight++;
	return 0;
}

void kp_throttle_end(struct kp_throttle *t, const char *key, int64_t now, enum kp_throttle_outcome outcome)
{
	uint64_t hk = key_hash(t, key);
	struct kp_throttle_slot *s = find(t, hk);
	if (!s)
		return; /* cannot happen: a slot with an attempt in flight is never reused */
	if (s->in_flight > 0)
		s->in_flight--;
	roll(t, s, now);
	switch (outcome) {
	case KP_THROTTLE_FAILED:
		if (s->failures < UINT32_MAX)
			s->failures++;
		break;
	case KP_THROTTLE_CLEARED:
		s->failures = 0;
		break;
	case KP_THROTTLE_RELEASED:
		break;
	}
	if (s->failures == 0 && s->in_flight == 0)
		memset(s, 0, sizeof *s);
}

void kp_throttle_failure(struct kp_throttle *t, const char *key, int64_t now)
{
	uint64_t hk = key_hash(t, key);
	struct kp_throttle_slot *s = find(t, hk);
	if (!s)
		s = claim(t, hk, now);
	else
		roll(t, s, now);
	if (s && s->failures < UINT32_MAX)
		s->failures++;
}

void kp_throttle_success(struct kp_throttle *t, const char *key)
{
	struct kp_throttle_slot *s = find(t, key_hash(t, key));
	if (!s)
		return;
	s->failures = 0;
	if (s->in_flight == 0)
		memset(s, 0, sizeof *s);
}
