/*
 * programma_koers.h - a programme's course (koers.h) as the API and the
 * database hold it: JSON in programmas.koers, or, where that is NULL, the
 * course the first model's columns describe. The only place that turns
 * the JSON into the plain struct the pure module works on, and back.
 *
 * The JSON (lowerCamelCase, Dutch):
 *   {"proefperiode": {"aantal": 2, "eenheid": "maanden"} | null,
 *    "afspraken": "getekend" | "niet-getekend" | "geen",
 *    "proefevaluatieVereist": bool,
 *    "bedenktijd": duur, "maximaleDuur": duur,
 *    "maximaleDuurVanaf": "kennismaking" | "lopend",
 *    "verlenging": bool,
 *    "ritme": [{"soort", "vanaf": "kennismaking" | "proefperiode" | "lopend",
 *               "eerste": duur, "elke": duur | null,
 *               "deelname": "samen" | "apart", "hoogstens": 0..}]}
 */
#ifndef KOPPEL_PROGRAMMA_KOERS_H
#define KOPPEL_PROGRAMMA_KOERS_H

#include <jansson.h>

#include "db.h"
#include "koers.h"

/* The course as JSON (a new reference; NULL when out of memory). */
json_t *kp_koers_json(const struct kp_koers *k);

/*
 * Reads a course from JSON into *out. Returns NULL when it is a sound
 * course, else a new 400 problem naming every invalid member below
 * `prefix` (e.g. "/koers").
 */
json_t *kp_koers_from_json(const json_t *j, const char *prefix, struct kp_koers *out);

/*
 * Loads programme id's course on c: its koers column, or the course of its
 * first-model columns. SQLITE_OK, SQLITE_DONE when there is no such
 * programme, or an error.
 */
int kp_koers_load(struct kp_conn *c, int64_t programma, struct kp_koers *out);

#endif
