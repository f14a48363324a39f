/*
 * problem.h - the one registry of error kinds Koppel answers with, as
 * application/problem+json (RFC 9457).
 *
 * Every error response goes through this table, so a kind has exactly one
 * status, one "type" URI and one Dutch title everywhere. "detail" says what
 * went wrong with this request, in Dutch, for the coordinator's screen.
 * Validation problems may carry "invalidParams": [{name, reason}] naming the
 * offending field as a JSON pointer into the request ("/leden/0/geboortedatum")
 * or as a query parameter or header name.
 */
#ifndef KOPPEL_PROBLEM_H
#define KOPPEL_PROBLEM_H

#include <jansson.h>

enum kp_problem {
	KP_P_BAD_REQUEST,            /* 400 malformed request */
	KP_P_INVALID_JSON,           /* 400 body is not valid JSON */
	KP_P_INVALID_INPUT,          /* 400 a field has a wrong value */
	KP_P_UNAUTHORIZED,           /* 401 not logged in */
	KP_P_FORBIDDEN,              /* 403 logged in, not allowed */
	KP_P_NOT_FOUND,              /* 404 */
	KP_P_METHOD_NOT_ALLOWED,     /* 405, with Allow */
	KP_P_NOT_ACCEPTABLE,         /* 406 Accept excludes what the route answers with */
	KP_P_CONFLICT,               /* 409 state does not allow this */
	KP_P_PRECONDITION_FAILED,    /* 412 stale If-Match */
	KP_P_PAYLOAD_TOO_LARGE,      /* 413 */
	KP_P_UNSUPPORTED_MEDIA_TYPE, /* 415 */
	KP_P_UNPROCESSABLE,          /* 422 valid input that breaks a rule */
	KP_P_PRECONDITION_REQUIRED,  /* 428 If-Match missing */
	KP_P_TOO_MANY_REQUESTS,      /* 429, with Retry-After */
	KP_P_INTERNAL,               /* 500 */
	KP_P_UNAVAILABLE,            /* 503 */
	KP_P_COUNT
};

struct kp_problem_info {
	unsigned status;
	const char *slug;  /* last part of the type URI */
	const char *title; /* Dutch, the same for every occurrence */
};

/* The registry entry of p; p must be < KP_P_COUNT. */
const struct kp_problem_info *kp_problem_info(enum kp_problem p);

/* The type URI prefix (a URN: nothing to dereference); type = prefix + slug. */
#define KP_PROBLEM_TYPE_PREFIX "urn:koppel:probleem:"

/*
 * Builds {"type","title","status","detail"} for p. Returns a new reference,
 * or NULL when out of memory.
 */
json_t *kp_problem_json(enum kp_problem p, const char *detail);

/* Appends {"name","reason"} to the problem's invalidParams array. */
int kp_problem_add_invalid_param(json_t *problem, const char *name, const char *reason);

#endif
