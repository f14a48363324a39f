/*
 * api_effecten.h - the effectencalculator's request handlers (issue 14):
 * tariffs and their CSV import (api_tarieven.c), the reference scenario
 * and formal-help outcomes per vraaggezin and the effect report
 * (api_effecten.c). Each handler is referenced from one row of the route
 * table (routes.c); the arithmetic lives in effecten.c.
 */
#ifndef KOPPEL_API_EFFECTEN_H
#define KOPPEL_API_EFFECTEN_H

#include <stdbool.h>
#include <stdint.h>

#include "effecten.h"
#include "json_spec.h"

struct kp_request;
struct kp_conn;

/* api_tarieven.c */
void api_tarieven_list(struct kp_request *req);
void api_tarieven_post(struct kp_request *req);
void api_tarieven_get(struct kp_request *req);
void api_tarieven_patch(struct kp_request *req);
void api_tarief_imports_post(struct kp_request *req);
void api_effect_instellingen_get(struct kp_request *req);
void api_effect_instellingen_put(struct kp_request *req);

/* api_effecten.c */
void api_referentiescenario_get(struct kp_request *req);
void api_referentiescenario_put(struct kp_request *req);
void api_rapportage_effecten_get(struct kp_request *req);

/* The request-body specs of both files, for the body fuzz target. */
extern const struct kp_spec kp_specs_tarieven[], kp_specs_effecten[];

/* A tariff version as the calculation needs it. */
struct kp_tarief {
	int64_t id;
	int64_t bedrag_cent;
	enum kp_eff_eenheid eenheid;
	char betaler[32];
	char omschrijving[201];
};

/*
 * The version of tariff code valid on date datum ("YYYY-MM-DD") into *t.
 * 1 when found, 0 when code has no version valid on that date (or no
 * versions at all), -1 on a database error.
 */
int kp_tarief_op(struct kp_conn *c, const char *code, const char *datum, struct kp_tarief *t);

#endif
