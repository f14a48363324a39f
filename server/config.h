/*
 * config.h - the settings of `koppel serve`, and where they come from.
 *
 * Precedence, lowest first: built-in defaults, the config file (--config or
 * KOPPEL_CONFIG), KOPPEL_* environment variables, command-line flags. Every
 * source goes through kp_config_set(), so a value is validated the same way
 * wherever it comes from. The file format is "key = value" lines; '#'
 * starts a comment line. config/koppel.conf.example documents every key.
 */
#ifndef KOPPEL_CONFIG_H
#define KOPPEL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "log.h"

#define KP_CONFIG_PATH_MAX 1024
#define KP_CONFIG_HOST_MAX 256
#define KP_TRUSTED_PROXIES_MAX 32

/* An address range: IPv4 (family 4) or IPv6 (family 6), host bits zero. */
struct kp_cidr {
	unsigned char addr[16]; /* network byte order; IPv4 uses the first 4 */
	uint8_t family;         /* 4 or 6 */
	uint8_t bits;           /* prefix length: 0..32 or 0..128 */
};

struct kp_config {
	char listen_host[KP_CONFIG_HOST_MAX]; /* numeric address or host name */
	uint16_t listen_port;                 /* 0 picks a free port */
	char database[KP_CONFIG_PATH_MAX];    /* SQLite file */
	char web_dir[KP_CONFIG_PATH_MAX];     /* static front end */
	unsigned threads;                     /* HTTP worker threads */
	size_t max_body_bytes;                /* request body cap (413 above) */
	unsigned connection_limit;            /* simultaneous connections */
	unsigned connection_timeout;          /* seconds of inactivity */
	size_t connection_memory_limit;       /* per-connection buffer (headers) */
	enum kp_log_level log_level;
	unsigned busy_timeout_ms;             /* SQLite busy_timeout */
	bool synchronous_full;                /* PRAGMA synchronous=FULL */
	unsigned shutdown_grace;              /* seconds to finish requests on stop */
	unsigned session_idle_timeout;        /* seconds a session survives unused */
	unsigned session_lifetime;            /* seconds a session lasts at most */
	unsigned hash_threads;                /* password hashes computed at once */
	char tls_cert[KP_CONFIG_PATH_MAX];    /* PEM certificate; empty: plain HTTP */
	char tls_key[KP_CONFIG_PATH_MAX];     /* PEM private key */
	/* reverse proxies whose X-Forwarded-For names the client (empty: none) */
	struct kp_cidr trusted_proxies[KP_TRUSTED_PROXIES_MAX];
	size_t n_trusted_proxies;
	unsigned bewaartermijn_maanden;       /* months after the end before a gezin is a candidate for anonymisation */
};

/* Fills *cfg with the built-in defaults. */
void kp_config_defaults(struct kp_config *cfg);

/*
 * Sets one setting by its file key ("listen", "database", ...). Returns 0,
 * or -1 with a lowercase message in err naming the key and what is wrong.
 */
int kp_config_set(struct kp_config *cfg, const char *key, const char *value, char *err, size_t errlen);

/*
 * Reads a config file. Returns 0, or -1 with "FILE:LINE: message" in err;
 * unknown keys are errors so a typo never goes unnoticed.
 */
int kp_config_load_file(struct kp_config *cfg, const char *path, char *err, size_t errlen);

/*
 * Applies KOPPEL_<KEY> variables (key upper-cased: KOPPEL_LISTEN,
 * KOPPEL_DATABASE, KOPPEL_WEB_DIR, ...) read through get, normally getenv.
 */
int kp_config_load_env(struct kp_config *cfg, const char *(*get)(const char *name), char *err, size_t errlen);

/* Parses "HOST:PORT", "[IPv6]:PORT" or ":PORT" into host and port. */
int kp_config_parse_listen(const char *value, char *host, size_t hostlen, uint16_t *port);

/*
 * Parses a list of address ranges separated by commas and/or white space
 * ("10.0.0.0/8, 192.168.1.7 ::1/128"); an address without "/bits" is one
 * host. Host bits set below the prefix are cleared. Returns the number of
 * ranges (0 for an empty list), or -1 when an entry is malformed or there
 * are more than max.
 */
int kp_cidr_parse_list(const char *value, struct kp_cidr *out, size_t max);

/*
 * True when the textual address addr (IPv4, IPv6, or IPv4-mapped IPv6) lies
 * in one of the n ranges. False for text that is not an address.
 */
bool kp_cidr_contains(const struct kp_cidr *ranges, size_t n, const char *addr);

/* Number of keys and the i-th key name, for help texts and tests. */
size_t kp_config_key_count(void);
const char *kp_config_key_name(size_t i);

#endif
