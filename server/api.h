/*
 * api.h - the request handlers, one group per api_<resource>.c file.
 * Each is referenced from exactly one row of the route table (routes.c).
 */
#ifndef KOPPEL_API_H
#define KOPPEL_API_H

struct kp_request;

/* api_health.c */
void api_health_get(struct kp_request *req);

/* api_openapi.c */
void api_openapi_get(struct kp_request *req);

#endif
