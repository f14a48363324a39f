/*
 * static_files.h - the web front end, preloaded from web/ at start-up.
 *
 * Every regular file below the directory is read into memory once and
 * gets a ready-made response (with MIME type, ETag, Cache-Control and the
 * common security headers) plus a ready-made 304 answer. Requests are looked
 * up by exact path in a sorted table, so nothing outside web/ can ever be
 * served: there is no path arithmetic at request time. Hidden files and
 * symbolic links are skipped.
 */
#ifndef KOPPEL_STATIC_FILES_H
#define KOPPEL_STATIC_FILES_H

#include <stddef.h>

struct MHD_Response;
struct kp_static;

struct kp_static_file {
	char *path;        /* "/index.html", "/app.js" */
	const char *mime;  /* "text/html; charset=utf-8" */
	char etag[40];     /* quoted hash of the content */
	unsigned char *data;
	size_t len;
	struct MHD_Response *ok;           /* 200 with the body */
	struct MHD_Response *not_modified; /* 304 */
};

/* Limits that keep a mistaken web_dir (say, "/") from eating the machine. */
#define KP_STATIC_MAX_FILES 2000
#define KP_STATIC_MAX_FILE_BYTES (16u << 20)
#define KP_STATIC_MAX_TOTAL_BYTES (64u << 20)
#define KP_STATIC_MAX_DEPTH 8

/*
 * Loads every file below dir. dir must contain index.html. Returns 0, or -1
 * with a message in err.
 */
int kp_static_load(struct kp_static **out, const char *dir, char *err, size_t errlen);
void kp_static_free(struct kp_static *st);

/* The file at exactly this path ("/" means "/index.html"), or NULL. */
const struct kp_static_file *kp_static_lookup(const struct kp_static *st, const char *path);
/* index.html: the answer for unknown non-API paths (client-side routes). */
const struct kp_static_file *kp_static_index(const struct kp_static *st);
size_t kp_static_count(const struct kp_static *st);

/* MIME type for a file name, by extension; application/octet-stream if unknown. */
const char *kp_static_mime(const char *name);

#endif
