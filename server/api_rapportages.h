/*
 * api_rapportages.h - the handlers of the period report and its
 * vaststellingen (api_rapportages.c), and the request-body specs they use
 * (for the body fuzzer).
 */
#ifndef KOPPEL_API_RAPPORTAGES_H
#define KOPPEL_API_RAPPORTAGES_H

#include "json_spec.h"

struct kp_request;

void api_rapportage_periode_get(struct kp_request *req);
void api_vaststellingen_post(struct kp_request *req);
void api_vaststellingen_list(struct kp_request *req);
void api_vaststellingen_get(struct kp_request *req);

extern const struct kp_spec kp_specs_rapportages[];

#endif
