/*
 * demo_effecten.h - worked examples of the effectencalculator for `koppel
 * demo` (issue 14): the tariff list of config/tarieven-voorbeeld.csv and
 * reference scenarios with outcomes for a few demo vraaggezinnen, so a
 * newcomer opens a filled effect report.
 */
#ifndef KOPPEL_DEMO_EFFECTEN_H
#define KOPPEL_DEMO_EFFECTEN_H

#include <stddef.h>

struct kp_conn;
struct kp_actor;

/*
 * Inside the demo's write transaction w (actor: the demo beheerder, today
 * "YYYY-MM-DD"): writes the example tariffs (the figures of
 * config/tarieven-voorbeeld.csv) and, for up to four vraaggezinnen that
 * have a koppeling dated on or before today (two per werkgebied where
 * possible), a reference scenario starting on that date, each item checked
 * by the same rules the API applies (effecten.h): one with a waiting-time
 * chain, one for two children, one with an unknown quantity and a range,
 * one with a capped admission. Each of those families gets one item of
 * formal help with its outcome. Every write is audited as the API would.
 * Returns 0, or -1 with a message in err (the caller rolls back).
 */
int kp_demo_effecten(struct kp_conn *w, const struct kp_actor *actor, const char *today, char *err, size_t errlen);

#endif
