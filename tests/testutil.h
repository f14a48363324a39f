/*
 * testutil.h - small helpers shared by the check test programs: temporary
 * directories that clean up after themselves, and reading a whole file.
 */
#ifndef KOPPEL_TESTUTIL_H
#define KOPPEL_TESTUTIL_H

#include <stddef.h>

/* Creates a fresh directory under $TMPDIR (or /tmp); returns a malloc'ed path. */
char *tu_tempdir(void);
/* Removes path and everything below it. */
void tu_rmtree(const char *path);
/* Joins dir and name into a malloc'ed path. */
char *tu_path(const char *dir, const char *name);
/* Writes data to path (creating or truncating); returns 0 or -1. */
int tu_write_file(const char *path, const char *data, size_t len);
/* Reads a whole file; returns malloc'ed, NUL-terminated data or NULL. */
char *tu_read_file(const char *path, size_t *len);

#endif
