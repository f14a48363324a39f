/*
 * config.c - defaults, validation and the three sources of settings
 * (file, environment, flags) described in config.h. Keys are a table: adding
 * a setting means one row here, one field in struct kp_config and one
 * paragraph in config/koppel.conf.example.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

enum value_kind { V_STRING, V_OPTIONAL_STRING, V_UINT, V_SIZE, V_LISTEN, V_LOGLEVEL, V_SYNC, V_CIDRS };

struct key {
	const char *name;
	enum value_kind kind;
	size_t offset;         /* of the field in struct kp_config */
	size_t size;           /* buffer size for V_STRING */
	unsigned long long lo; /* bounds for V_UINT / V_SIZE */
	unsigned long long hi;
};

#define FIELD(f) offsetof(struct kp_config, f)

static const struct key keys[] = {
	{ "listen", V_LISTEN, 0, 0, 0, 0 },
	{ "database", V_STRING, FIELD(database), KP_CONFIG_PATH_MAX, 0, 0 },
	{ "web_dir", V_STRING, FIELD(web_dir), KP_CONFIG_PATH_MAX, 0, 0 },
	{ "threads", V_UINT, FIELD(threads), 0, 1, 64 },
	{ "max_body_bytes", V_SIZE, FIELD(max_body_bytes), 0, 1024, 64ull << 20 },
	{ "connection_limit", V_UINT, FIELD(connection_limit), 0, 1, 100000 },
	{ "connection_timeout", V_UINT, FIELD(connection_timeout), 0, 1, 3600 },
	{ "connection_memory_limit", V_SIZE, FIELD(connection_memory_limit), 0, 8192, 16ull << 20 },
	{ "log_level", V_LOGLEVEL, FIELD(log_level), 0, 0, 0 },
	{ "busy_timeout_ms", V_UINT, FIELD(busy_timeout_ms), 0, 0, 60000 },
	{ "synchronous", V_SYNC, FIELD(synchronous_full), 0, 0, 0 },
	{ "shutdown_grace", V_UINT, FIELD(shutdown_grace), 0, 0, 300 },
	{ "session_idle_timeout", V_UINT, FIELD(session_idle_timeout), 0, 60, 86400 },
	{ "session_lifetime", V_UINT, FIELD(session_lifetime), 0, 300, 604800 },
	{ "hash_threads", V_UINT, FIELD(hash_threads), 0, 1, 16 },
	{ "tls_cert", V_OPTIONAL_STRING, FIELD(tls_cert), KP_CONFIG_PATH_MAX, 0, 0 },
	{ "tls_key", V_OPTIONAL_STRING, FIELD(tls_key), KP_CONFIG_PATH_MAX, 0, 0 },
	{ "trusted_proxies", V_CIDRS, FIELD(trusted_proxies), 0, 0, 0 },
	{ "bewaartermijn_maanden", V_UINT, FIELD(bewaartermijn_maanden), 0, 1, 1200 },
};
#define N_KEYS (sizeof keys / sizeof keys[0])

void kp_config_defaults(struct kp_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	snprintf(cfg->listen_host, sizeof cfg->listen_host, "127.0.0.1");
	cfg->listen_port = 8080;
	snprintf(cfg->database, sizeof cfg->database, "data/koppel.db");
	snprintf(cfg->web_dir, sizeof cfg->web_dir, "web");
	cfg->threads = 2;
	cfg->max_body_bytes = 1u << 20;
	cfg->connection_limit = 1024;
	cfg->connection_timeout = 30;
	cfg->connection_memory_limit = 32u << 10;
	cfg->log_level = KP_LOG_INFO;
	cfg->busy_timeout_ms = 5000;
	cfg->synchronous_full = false;
	cfg->shutdown_grace = 10;
	cfg->session_idle_timeout = 1800;
	cfg->session_lifetime = 43200;
	cfg->hash_threads = 2;
	cfg->bewaartermijn_maanden = 24;
}

size_t kp_config_key_count(void)
{
	return N_KEYS;
}

const char *kp_config_key_name(size_t i)
{
	return i < N_KEYS ? keys[i].name : NULL;
}

int kp_config_parse_listen(const char *value, char *host, size_t hostlen, uint16_t *port)
{
	const char *colon;
	const char *h = value;
	size_t hl;
	if (value[0] == '[') {
		const char *close = strchr(value, ']');
		if (!close || close[1] != ':')
			return -1;
		h = value + 1;
		hl = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(value, ':');
		if (!colon)
			return -1;
		hl = (size_t)(colon - value);
		if (memchr(value, ':', hl))
			return -1; /* bare IPv6 needs brackets */
	}
	if (hl >= hostlen)
		return -1;
	const char *p = colon + 1;
	if (*p == '\0' || strlen(p) > 5)
		return -1;
	unsigned long n = 0;
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		n = n * 10 + (unsigned long)(*p - '0');
	}
	if (n > 65535)
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	if (hl == 0)
		snprintf(host, hostlen, "0.0.0.0");
	*port = (uint16_t)n;
	return 0;
}

/* Parses one "ADDRESS" or "ADDRESS/BITS" of len bytes into *out. Returns 0 or -1. */
static int parse_cidr(const char *s, size_t len, struct kp_cidr *out)
{
	char text[INET6_ADDRSTRLEN + 8];
	if (len == 0 || len >= sizeof text)
		return -1;
	memcpy(text, s, len);
	text[len] = '\0';
	char *slash = strchr(text, '/');
	unsigned long bits = 0;
	bool has_bits = slash != NULL;
	if (slash) {
		*slash = '\0';
		const char *b = slash + 1;
		if (*b == '\0' || strlen(b) > 3)
			return -1;
		for (; *b; b++) {
			if (!isdigit((unsigned char)*b))
				return -1;
			bits = bits * 10 + (unsigned long)(*b - '0');
		}
	}
	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, text, out->addr) == 1) {
		out->family = 4;
		if (!has_bits)
			bits = 32;
		if (bits > 32)
			return -1;
	} else if (inet_pton(AF_INET6, text, out->addr) == 1) {
		out->family = 6;
		if (!has_bits)
			bits = 128;
		if (bits > 128)
			return -1;
	} else {
		return -1;
	}
	out->bits = (uint8_t)bits;
	size_t total = out->family == 4 ? 4 : 16;
	for (size_t i = 0; i < total; i++) {
		unsigned keep = bits >= 8 * (i + 1) ? 8u : bits > 8 * i ? (unsigned)(bits - 8 * i) : 0u;
		out->addr[i] &= (unsigned char)(0xffu << (8 - keep));
	}
	return 0;
}

int kp_cidr_parse_list(const char *value, struct kp_cidr *out, size_t max)
{
	size_t n = 0;
	const char *p = value;
	for (;;) {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			return (int)n;
		const char *end = p;
		while (*end && *end != ',' && !isspace((unsigned char)*end))
			end++;
		if (n == max || parse_cidr(p, (size_t)(end - p), &out[n]) != 0)
			return -1;
		n++;
		p = end;
	}
}

/* True when the first bits bits of a and b are equal. */
static bool prefix_equal(const unsigned char *a, const unsigned char *b, unsigned bits)
{
	size_t whole = bits / 8;
	if (memcmp(a, b, whole) != 0)
		return false;
	unsigned rest = bits % 8;
	if (rest == 0)
		return true;
	unsigned char mask = (unsigned char)(0xffu << (8 - rest));
	return (a[whole] & mask) == (b[whole] & mask);
}

bool kp_cidr_contains(const struct kp_cidr *ranges, size_t n, const char *addr)
{
	unsigned char a4[4], a6[16];
	bool is4 = inet_pton(AF_INET, addr, a4) == 1;
	bool is6 = !is4 && inet_pton(AF_INET6, addr, a6) == 1;
	if (!is4 && !is6)
		return false;
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	if (is6 && memcmp(a6, mapped, sizeof mapped) == 0) {
		memcpy(a4, a6 + 12, 4); /* ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket */
		is4 = true;
	}
	for (size_t i = 0; i < n; i++) {
		const struct kp_cidr *r = &ranges[i];
		if (r->family == 4 && is4 && prefix_equal(a4, r->addr, r->bits))
			return true;
		if (r->family == 6 && is6 && prefix_equal(a6, r->addr, r->bits))
			return true;
	}
	return false;
}

/* Parses a decimal number with an optional K/M suffix (binary units). */
static int parse_number(const char *s, unsigned long long *out)
{
	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	char *end;
	unsigned long long n = strtoull(s, &end, 10);
	if (errno)
		return -1;
	if (*end == 'K' || *end == 'k') {
		if (n > (ULLONG_MAX >> 10))
			return -1;
		n <<= 10;
		end++;
	} else if (*end == 'M' || *end == 'm') {
		if (n > (ULLONG_MAX >> 20))
			return -1;
		n <<= 20;
		end++;
	}
	if (*end != '\0')
		return -1;
	*out = n;
	return 0;
}

int kp_config_set(struct kp_config *cfg, const char *key, const char *value, char *err, size_t errlen)
{
	const struct key *k = NULL;
	for (size_t i = 0; i < N_KEYS; i++) {
		if (strcmp(keys[i].name, key) == 0) {
			k = &keys[i];
			break;
		}
	}
	if (!k) {
		snprintf(err, errlen, "unknown setting '%s'", key);
		return -1;
	}
	char *base = (char *)cfg;
	unsigned long long n;
	switch (k->kind) {
	case V_STRING:
		if (value[0] == '\0' || strlen(value) >= k->size) {
			snprintf(err, errlen, "%s: must be between 1 and %zu characters", key, k->size - 1);
			return -1;
		}
		memcpy(base + k->offset, value, strlen(value) + 1);
		return 0;
	case V_OPTIONAL_STRING:
		if (strlen(value) >= k->size) {
			snprintf(err, errlen, "%s: must be at most %zu characters", key, k->size - 1);
			return -1;
		}
		memcpy(base + k->offset, value, strlen(value) + 1);
		return 0;
	case V_UINT:
	case V_SIZE:
		if (parse_number(value, &n) != 0 || n < k->lo || n > k->hi) {
			snprintf(err, errlen, "%s: '%s' is not a number from %llu to %llu", key, value, k->lo, k->hi);
			return -1;
		}
		if (k->kind == V_UINT)
			*(unsigned *)(void *)(base + k->offset) = (unsigned)n;
		else
			*(size_t *)(void *)(base + k->offset) = (size_t)n;
		return 0;
	case V_LISTEN:
		if (kp_config_parse_listen(value, cfg->listen_host, sizeof cfg->listen_host, &cfg->listen_port) != 0) {
			snprintf(err, errlen, "listen: '%s' is not HOST:PORT (e.g. 127.0.0.1:8080, [::1]:8080, :8080)", value);
			return -1;
		}
		return 0;
	case V_LOGLEVEL:
		if (kp_log_level_parse(value, &cfg->log_level) != 0) {
			snprintf(err, errlen, "log_level: '%s' is not one of error, warn, info, debug", value);
			return -1;
		}
		return 0;
	case V_CIDRS: {
		struct kp_cidr parsed[KP_TRUSTED_PROXIES_MAX];
		int count = kp_cidr_parse_list(value, parsed, KP_TRUSTED_PROXIES_MAX);
		if (count < 0) {
			snprintf(err, errlen,
				 "%s: '%s' is not a list of at most %d addresses or ranges (e.g. 10.0.0.0/8, ::1/128)", key,
				 value, KP_TRUSTED_PROXIES_MAX);
			return -1;
		}
		memset(cfg->trusted_proxies, 0, sizeof cfg->trusted_proxies);
		memcpy(cfg->trusted_proxies, parsed, (size_t)count * sizeof parsed[0]);
		cfg->n_trusted_proxies = (size_t)count;
		return 0;
	}
	case V_SYNC:
		if (strcmp(value, "normal") == 0)
			cfg->synchronous_full = false;
		else if (strcmp(value, "full") == 0)
			cfg->synchronous_full = true;
		else {
			snprintf(err, errlen, "synchronous: '%s' is not 'normal' or 'full'", value);
			return -1;
		}
		return 0;
	}
	snprintf(err, errlen, "%s: unsupported setting", key);
	return -1;
}

/* Trims ASCII white space at both ends, in place. */
static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

int kp_config_load_file(struct kp_config *cfg, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char line[2048];
	unsigned lineno = 0;
	int rc = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s:%u: line too long", path, lineno);
			rc = -1;
			break;
		}
		char *s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%u: expected 'key = value'", path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		char *key = trim(s);
		char *value = trim(eq + 1);
		char msg[512];
		if (kp_config_set(cfg, key, value, msg, sizeof msg) != 0) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, msg);
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		rc = -1;
	}
	fclose(f);
	return rc;
}

int kp_config_load_env(struct kp_config *cfg, const char *(*get)(const char *name), char *err, size_t errlen)
{
	for (size_t i = 0; i < N_KEYS; i++) {
		char name[64] = "KOPPEL_";
		size_t n = strlen(name);
		for (const char *p = keys[i].name; *p && n + 1 < sizeof name; p++)
			name[n++] = (char)toupper((unsigned char)*p);
		name[n] = '\0';
		const char *v = get(name);
		if (!v)
			continue;
		char msg[512];
		if (kp_config_set(cfg, keys[i].name, v, msg, sizeof msg) != 0) {
			snprintf(err, errlen, "%s: %s", name, msg);
			return -1;
		}
	}
	return 0;
}
