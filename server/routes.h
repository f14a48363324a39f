/*
 * routes.h - the API route table and how a request path finds its route.
 *
 * Every API endpoint is one row of kp_routes[] (routes.c), declared with
 * designated initialisers: method, path template, handler and who may call
 * it. Templates are literal segments and {name} placeholders that match one
 * non-empty segment ("/api/v1/gezinnen/{id}"). HEAD is answered wherever GET
 * is. A path that exists under another method gives 405 with an Allow header
 * built from the table; a path matching no row gives 404. A route is either
 * public or names its roles: the HTTP layer answers 401 and 403 from this
 * table before the handler runs, so no handler can forget access control.
 */
#ifndef KOPPEL_ROUTES_H
#define KOPPEL_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

enum kp_method {
	KP_GET = 1u << 0,
	KP_HEAD = 1u << 1,
	KP_POST = 1u << 2,
	KP_PUT = 1u << 3,
	KP_PATCH = 1u << 4,
	KP_DELETE = 1u << 5,
	KP_OTHER = 1u << 6, /* anything else: never routed */
};

/*
 * Roles, as a bit set: a route lists the roles that may call it. Which
 * werkgebieden a user may see is checked per record by the handler (with
 * kp_principal_sees, auth.h); which roles may call a route at all is checked
 * here, before any handler runs.
 */
enum kp_role {
	KP_ROLE_BEHEERDER = 1u << 0,   /* everything, including users and settings */
	KP_ROLE_COORDINATOR = 1u << 1, /* families and koppelingen of own werkgebieden */
	KP_ROLE_RAPPORTAGE = 1u << 2,  /* aggregated reports only */
	KP_ROLE_GEZINSCOACH = 1u << 3, /* own trajectories and their families (README), no other route */
};
/* the office roles; a gezinscoach is named on each route it may use */
#define KP_ROLES_ALL (KP_ROLE_BEHEERDER | KP_ROLE_COORDINATOR | KP_ROLE_RAPPORTAGE)

struct kp_request;
typedef void (*kp_handler)(struct kp_request *req);

struct kp_route {
	enum kp_method method; /* exactly one method; GET also serves HEAD */
	const char *path;      /* template, see above */
	kp_handler handler;
	bool public;           /* no credentials needed (health, API description, login) */
	unsigned roles;        /* otherwise: the roles that may call it (never 0) */
	bool query_token;      /* a calendar feed: the only routes open to an agenda token, also as ?token= (auth.h) */
};

/* The production table (routes.c). */
extern const struct kp_route kp_routes[];
extern const size_t kp_routes_count;

#define KP_ROUTE_MAX_PARAMS 4
#define KP_ROUTE_PARAM_MAX 128 /* longest accepted placeholder value, bytes */

struct kp_route_param {
	const char *name; /* points into the template, not NUL-terminated at '}' */
	size_t name_len;
	char value[KP_ROUTE_PARAM_MAX];
};

struct kp_route_match {
	const struct kp_route *route; /* NULL when nothing matched */
	unsigned allowed;             /* methods the path supports (for 405) */
	size_t n_params;
	struct kp_route_param params[KP_ROUTE_MAX_PARAMS];
};

/* Maps "GET", "POST", ... to enum kp_method (KP_OTHER for the rest). */
enum kp_method kp_method_parse(const char *s);

/*
 * Finds the route for method and path (no query string). Returns 0 and fills
 * m->route and m->params when found; returns -1 otherwise, with m->allowed
 * the set of methods the path does support (0: no such path -> 404).
 * Placeholder values longer than KP_ROUTE_PARAM_MAX-1 bytes never match.
 */
int kp_route_match(const struct kp_route *routes, size_t n, enum kp_method method, const char *path,
		   struct kp_route_match *m);

/* The value of placeholder name in a match, or NULL. */
const char *kp_route_param(const struct kp_route_match *m, const char *name);

/* Writes "GET, HEAD, POST" style text for an Allow header. */
void kp_allow_header(unsigned allowed, char *buf, size_t len);

#endif
