/*
 * overzichten.h - helpers shared by the overview handlers
 * (api_overzichten.c and api_kwartaal.c).
 */
#ifndef KOPPEL_OVERZICHTEN_H
#define KOPPEL_OVERZICHTEN_H

#include <stdbool.h>

struct kp_request;

/* True when the request's Accept header asks for text/csv. */
bool kp_overzicht_wants_csv(struct kp_request *req);

#endif
