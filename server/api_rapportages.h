/*
 * api_rapportages.h - the handlers of the period report and its
 * vaststellingen (api_rapportages.c), and the request-body specs they use
 * (for the body fuzzer).
 */
#ifndef KOPPEL_API_RAPPORTAGES_H
#define KOPPEL_API_RAPPORTAGES_H

#include <stdbool.h>

#include "json_spec.h"

struct kp_request;

void api_rapportage_periode_get(struct kp_request *req);
void api_vaststellingen_post(struct kp_request *req);
void api_vaststellingen_list(struct kp_request *req);
void api_vaststellingen_get(struct kp_request *req);

extern const struct kp_spec kp_specs_rapportages[];

/*
 * One report computation runs at a time in the server (others get 503 with
 * Retry-After) and is interrupted after a deadline (default 60 000 ms; a
 * negative value: none). begin takes the one slot (false when it is taken),
 * einde gives it back; the deadline setter is for the daemon's
 * configuration and tests.
 */
void kp_rapportages_deadline(long ms);
bool kp_rapportages_rekenen_begin(void);
void kp_rapportages_rekenen_einde(void);

#endif
