/*
 * fuzz_router.c - libFuzzer target: the real route table (kp_routes) against
 * any method and path, both as sent and after the strict percent-decoding
 * http.c applies. Checks what the router promises: a match names a route
 * of that method (GET serving HEAD), its placeholders are non-empty
 * segments without '/', and the Allow text always fits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "routes.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Matches path and checks the answer; aborts on a broken promise. */
static void route(enum kp_method method, const char *path)
{
	struct kp_route_match m;
	memset(&m, 0xA5, sizeof m);
	int rc = kp_route_match(kp_routes, kp_routes_count, method, path, &m);
	char allow[64];
	kp_allow_header(m.allowed, allow, sizeof allow);
	if (strlen(allow) >= sizeof allow)
		abort();
	if (rc != 0) {
		if (m.route)
			abort();
		return;
	}
	if (!m.route || m.n_params > KP_ROUTE_MAX_PARAMS)
		abort();
	if (m.route->method != method && !(method == KP_HEAD && m.route->method == KP_GET))
		abort();
	for (size_t i = 0; i < m.n_params; i++) {
		const char *v = m.params[i].value;
		size_t n = strnlen(v, KP_ROUTE_PARAM_MAX);
		if (n == 0 || n >= KP_ROUTE_PARAM_MAX || strchr(v, '/'))
			abort();
		char name[64];
		if (m.params[i].name_len >= sizeof name)
			abort();
		memcpy(name, m.params[i].name, m.params[i].name_len);
		name[m.params[i].name_len] = '\0';
		if (kp_route_param(&m, name) == NULL)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum kp_method methods[] = { KP_GET, KP_HEAD, KP_POST, KP_PUT, KP_PATCH, KP_DELETE, KP_OTHER };
	if (size < 1)
		return 0;
	enum kp_method method = methods[data[0] % (sizeof methods / sizeof methods[0])];
	size_t n = size - 1;
	char *path = malloc(n + 1), *decoded = malloc(n + 1);
	if (!path || !decoded)
		abort();
	memcpy(path, data + 1, n);
	path[n] = '\0'; /* an embedded NUL just ends the path, as in a C string from MHD */
	route(method, path);
	size_t len;
	if (kp_percent_decode(path, strlen(path), decoded, &len, true) == KP_PCT_OK) {
		if (len != strlen(decoded) || kp_utf8_valid_prefix(decoded, len) != len)
			abort();
		route(method, decoded);
	}
	free(path);
	free(decoded);
	return 0;
}
