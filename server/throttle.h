/*
 * throttle.h - counting login attempts per key (an account, a client
 * address) in a fixed-size table, with no SQL and no clock of its own: the
 * caller passes the time, so tests drive it with plain numbers.
 *
 * An attempt counts from the moment it starts: kp_throttle_begin reserves
 * a place (an attempt "in flight") before the password is verified, and
 * refuses once failures plus attempts in flight reach max_failures, so a
 * burst of any size gets at most max_failures verifications. When the
 * attempt is over, kp_throttle_end turns the reservation into a failure,
 * gives it back (the attempt did not count: a success, or work that never
 * ran), or clears the key's failures (a successful login for an account).
 *
 * A key's window opens at its first attempt and lasts window_s seconds;
 * with max_failures failures inside it, the key is blocked until the window
 * closes. The table has a fixed number of slots; when a key's neighbourhood
 * is full, the slot that matters least is reused (never one with an attempt
 * in flight; a blocked key only when nothing else is left, the oldest
 * first), so memory stays bounded whatever an attacker sends. Keys are
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
	uint32_t in_flight;   /* attempts begun and not yet ended */
};

struct kp_throttle {
	unsigned max_failures;
	int64_t window_s;
	unsigned char seed[16];
	struct kp_throttle_slot slots[KP_THROTTLE_SLOTS];
};

/* How an attempt that kp_throttle_begin admitted ended. */
enum kp_throttle_outcome {
	KP_THROTTLE_FAILED,   /* counts as a failure in the key's window */
	KP_THROTTLE_RELEASED, /* does not count (the place is given back) */
	KP_THROTTLE_CLEARED,  /* does not count, and the key's failures are forgotten */
};

/* Empties t; seed may be NULL for a random one. */
void kp_throttle_init(struct kp_throttle *t, unsigned max_failures, int64_t window_s, const unsigned char seed[16]);

/* 0 when key may try now, else the number of seconds until it may (at least 1). */
int64_t kp_throttle_wait(const struct kp_throttle *t, const char *key, int64_t now);

/*
 * Starts an attempt for key: returns 0 and reserves a place (end it with
 * kp_throttle_end), or the seconds to wait (nothing reserved) when the key
 * is blocked, all its places are in flight, or no slot is free.
 */
int64_t kp_throttle_begin(struct kp_throttle *t, const char *key, int64_t now);

/* Ends an attempt that kp_throttle_begin admitted. */
void kp_throttle_end(struct kp_throttle *t, const char *key, int64_t now, enum kp_throttle_outcome outcome);

/* Records one failure without a reservation (begin and end at once). */
void kp_throttle_failure(struct kp_throttle *t, const char *key, int64_t now);

/* Forgets key's failures (attempts in flight stay reserved). */
void kp_throttle_success(struct kp_throttle *t, const char *key);

#endif
