/*
 * throttle.h - counting failed logins per key (an account, a client
 * address) in a fixed-size table, with no SQL and no clock of its own: the
 * caller passes the time, so tests drive it with plain numbers.
 *
 * A key's window opens at its first failure and lasts window_s seconds; with
 * max_failures failures inside it, the key is blocked until the window
 * closes. A success clears the key. The table has a fixed number of slots;
 * when a key's neighbourhood is full, the slot with the oldest window is
 * reused, so memory stays bounded whatever an attacker sends. Keys are
 * hashed with a secret seed so nobody can aim collisions at an account.
 *
 * Not thread-safe: the server holds a mutex around it.
 */
#ifndef KOPPEL_THROTTLE_H
#define KOPPEL_THROTTLE_H

#include <stdint.h>

#define KP_THROTTLE_SLOTS 4096
#define KP_THROTTLE_PROBE 8

struct kp_throttle_slot {
	uint64_t key;         /* 0: empty */
	int64_t window_start; /* unix seconds */
	uint32_t failures;
};

struct kp_throttle {
	unsigned max_failures;
	int64_t window_s;
	unsigned char seed[16];
	struct kp_throttle_slot slots[KP_THROTTLE_SLOTS];
};

/* Empties t; seed may be NULL for a random one. */
void kp_throttle_init(struct kp_throttle *t, unsigned max_failures, int64_t window_s, const unsigned char seed[16]);

/* 0 when key may try now, else the number of seconds until it may. */
int64_t kp_throttle_wait(const struct kp_throttle *t, const char *key, int64_t now);
void kp_throttle_failure(struct kp_throttle *t, const char *key, int64_t now);
void kp_throttle_success(struct kp_throttle *t, const char *key);

#endif
