/*
 * embedded.h - files compiled into the koppel binary.
 *
 * generated/embedded.c is written at build time by server/embed.cmake from
 * schema/NNNN-*.sql (the migrations, in order, numbered 1..count without
 * gaps), server/openapi.json (the API description served at
 * /api/v1/openapi.json) and server/common-passwords.txt. Every array is NUL-terminated; the lengths exclude
 * that NUL.
 */
#ifndef KOPPEL_EMBEDDED_H
#define KOPPEL_EMBEDDED_H

#include <stddef.h>

struct kp_migration {
	int version;      /* 1, 2, 3, ... equal to its index + 1 */
	const char *name; /* file name, e.g. "0001-schema-migrations.sql" */
	const char *sql;  /* the whole script, NUL-terminated */
};

extern const struct kp_migration kp_migrations[];
extern const int kp_migrations_count;

extern const unsigned char kp_openapi_json[];
extern const size_t kp_openapi_json_len;

/* Passwords refused by the policy: lowercase, one per line (server/common-passwords.txt). */
extern const unsigned char kp_common_passwords[];

#endif
