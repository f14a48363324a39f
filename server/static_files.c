/*
 * static_files.c - see static_files.h. Loading walks the directory with
 * openat/fstatat (no symlinks followed), reads each file, hashes it with
 * BLAKE2b (libsodium) for the ETag and builds its two responses. Lookup is a
 * binary search over the paths.
 */
#include "static_files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "http.h"

struct kp_static {
	struct kp_static_file *files; /* sorted by path */
	size_t n, cap;
	size_t total;
	const struct kp_static_file *index;
};

const char *kp_static_mime(const char *name)
{
	static const struct {
		const char *ext;
		const char *mime;
	} types[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".mjs", "text/javascript; charset=utf-8" },
		{ ".json", "application/json" },
		{ ".webmanifest", "application/manifest+json" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".jpg", "image/jpeg" },
		{ ".jpeg", "image/jpeg" },
		{ ".ico", "image/x-icon" },
		{ ".woff2", "font/woff2" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(name, '.');
	const char *slash = strrchr(name, '/');
	if (dot && (!slash || dot > slash)) {
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (strcasecmp(dot, types[i].ext) == 0)
				return types[i].mime;
	}
	return "application/octet-stream";
}

/* Reads an open regular file of known size completely. */
static int read_all(int fd, unsigned char *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t k = read(fd, buf + got, len - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	return 0;
}

/* Builds the 200 and 304 responses of f. */
static int make_responses(struct kp_static_file *f)
{
	f->ok = MHD_create_response_from_buffer(f->len, f->data, MHD_RESPMEM_PERSISTENT);
	f->not_modified = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	if (!f->ok || !f->not_modified)
		return -1;
	struct MHD_Response *both[2] = { f->ok, f->not_modified };
	for (int i = 0; i < 2; i++) {
		if (kp_http_add_common_headers(both[i], true) != 0 ||
		    MHD_add_response_header(both[i], MHD_HTTP_HEADER_ETAG, f->etag) != MHD_YES ||
		    MHD_add_response_header(both[i], MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache") != MHD_YES)
			return -1;
	}
	if (MHD_add_response_header(f->ok, MHD_HTTP_HEADER_CONTENT_TYPE, f->mime) != MHD_YES)
		return -1;
	return 0;
}

/* Loads one regular file (dirfd/name) as web path. */
static int add_file(struct kp_static *st, int dirfd, const char *name, const char *path, char *err, size_t errlen)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "web file %s: %s", path, strerror(errno));
		return -1;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return 0; /* not a regular file after all: skip */
	}
	if ((size_t)sb.st_size > KP_STATIC_MAX_FILE_BYTES || st->total + (size_t)sb.st_size > KP_STATIC_MAX_TOTAL_BYTES ||
	    st->n >= KP_STATIC_MAX_FILES) {
		close(fd);
		snprintf(err, errlen, "web directory too large at %s (limits: %u files, %u bytes)", path,
			 (unsigned)KP_STATIC_MAX_FILES, KP_STATIC_MAX_TOTAL_BYTES);
		return -1;
	}
	if (st->n == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 32;
		struct kp_static_file *grown = realloc(st->files, cap * sizeof *grown);
		if (!grown) {
			close(fd);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		st->files = grown;
		st->cap = cap;
	}
	struct kp_static_file *f = &st->files[st->n];
	memset(f, 0, sizeof *f);
	f->len = (size_t)sb.st_size;
	f->data = malloc(f->len ? f->len : 1);
	f->path = strdup(path);
	if (!f->data || !f->path || read_all(fd, f->data, f->len) != 0) {
		close(fd);
		free(f->data);
		free(f->path);
		snprintf(err, errlen, "web file %s: cannot read", path);
		return -1;
	}
	close(fd);
	st->n++;
	st->total += f->len;
	f->mime = kp_static_mime(path);
	unsigned char hash[12];
	crypto_generichash(hash, sizeof hash, f->data, f->len, NULL, 0);
	char hex[2 * sizeof hash + 1];
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	snprintf(f->etag, sizeof f->etag, "\"%s\"", hex);
	if (make_responses(f) != 0) {
		snprintf(err, errlen, "web file %s: cannot build response", path);
		return -1;
	}
	return 0;
}

/* Walks directory fd (web path prefix) recursively; takes ownership of fd. */
static int walk(struct kp_static *st, int fd, const char *prefix, int depth, char *err, size_t errlen)
{
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		snprintf(err, errlen, "web directory %s: %s", prefix[0] ? prefix : "/", strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue; /* ., .., and hidden files are never served */
		char path[1024];
		int k = snprintf(path, sizeof path, "%s/%s", prefix, e->d_name);
		if (k < 0 || (size_t)k >= sizeof path)
			continue;
		struct stat sb;
		if (fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			if (depth >= KP_STATIC_MAX_DEPTH)
				continue;
			int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0)
				rc = walk(st, sub, path, depth + 1, err, errlen);
		} else if (S_ISREG(sb.st_mode)) {
			rc = add_file(st, dirfd(d), e->d_name, path, err, errlen);
		}
	}
	closedir(d);
	return rc;
}

static int cmp_files(const void *a, const void *b)
{
	return strcmp(((const struct kp_static_file *)a)->path, ((const struct kp_static_file *)b)->path);
}

int kp_static_load(struct kp_static **out, const char *dir, char *err, size_t errlen)
{
	struct kp_static *st = calloc(1, sizeof *st);
	if (!st) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "web directory %s: %s", dir, strerror(errno));
		free(st);
		return -1;
	}
	if (walk(st, fd, "", 0, err, errlen) != 0) {
		kp_static_free(st);
		return -1;
	}
	qsort(st->files, st->n, sizeof *st->files, cmp_files);
	st->index = kp_static_lookup(st, "/index.html");
	if (!st->index) {
		snprintf(err, errlen, "web directory %s has no index.html", dir);
		kp_static_free(st);
		return -1;
	}
	*out = st;
	return 0;
}

void kp_static_free(struct kp_static *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->n; i++) {
		if (st->files[i].ok)
			MHD_destroy_response(st->files[i].ok);
		if (st->files[i].not_modified)
			MHD_destroy_response(st->files[i].not_modified);
		free(st->files[i].data);
		free(st->files[i].path);
	}
	free(st->files);
	free(st);
}

const struct kp_static_file *kp_static_lookup(const struct kp_static *st, const char *path)
{
	if (strcmp(path, "/") == 0)
		path = "/index.html";
	struct kp_static_file key = { .path = (char *)(uintptr_t)path };
	return bsearch(&key, st->files, st->n, sizeof *st->files, cmp_files);
}

const struct kp_static_file *kp_static_index(const struct kp_static *st)
{
	return st->index;
}

size_t kp_static_count(const struct kp_static *st)
{
	return st->n;
}
