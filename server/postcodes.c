/*
 * postcodes.c - see postcodes.h. A small CSV reader (RFC 4180 quoting,
 * CRLF or LF, optional UTF-8 BOM) with strict checks per field.
 */
#include "postcodes.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

#define MAX_FIELDS 8
#define MAX_LINE 4096
#define MAX_REPORTED 50

/* Splits one CSV line in place into fields; returns the count, or -1 on bad quoting. */
static int split_csv(char *line, char *fields[MAX_FIELDS])
{
	int n = 0;
	char *p = line;
	for (;;) {
		if (n == MAX_FIELDS)
			return -1;
		char *out = p;
		fields[n++] = p;
		if (*p == '"') {
			char *r = p + 1;
			for (;;) {
				if (*r == '\0')
					return -1;
				if (*r == '"') {
					if (r[1] == '"') {
						*out++ = '"';
						r += 2;
						continue;
					}
					r++;
					break;
				}
				*out++ = *r++;
			}
			if (*r != ',' && *r != '\0')
				return -1;
			char next = *r;
			*out = '\0';
			if (next == '\0')
				return n;
			p = r + 1;
		} else {
			char *comma = strchr(p, ',');
			if (!comma)
				return n;
			*comma = '\0';
			p = comma + 1;
		}
	}
}

/* Parses a finite decimal number in [lo, hi]. */
static bool parse_coord(const char *s, double lo, double hi, double *out)
{
	if (!*s)
		return false;
	errno = 0;
	char *end;
	double v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

int kp_postcodes_import(struct kp_db *db, const char *path, FILE *errors, struct kp_postcodes_result *res, char *err,
			size_t errlen)
{
	memset(res, 0, sizeof *res);
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct kp_conn *w = kp_db_write_begin(db);
	if (!w) {
		fclose(f);
		snprintf(err, errlen, "cannot write the database");
		return -1;
	}
	sqlite3_stmt *ins = kp_conn_stmt(w, "INSERT INTO postcodes(pc4, plaats, lat, lon) VALUES (?1, ?2, ?3, ?4) "
					    "ON CONFLICT(pc4) DO UPDATE SET plaats = excluded.plaats, lat = excluded.lat, "
					    "lon = excluded.lon");
	char line[MAX_LINE + 2];
	size_t lineno = 0;
	bool header = false, db_error = !ins;
#define BAD(...)                                                                                  \
	do {                                                                                      \
		if (res->bad++ < MAX_REPORTED && errors) {                                        \
			fprintf(errors, "%s:%zu: ", path, lineno);                                \
			fprintf(errors, __VA_ARGS__);                                             \
			fputc('\n', errors);                                                      \
		}                                                                                 \
	} while (0)
	while (!db_error && fgets(line, sizeof line, f)) {
		lineno++;
		size_t n = strlen(line);
		if (n && line[n - 1] != '\n' && !feof(f)) {
			BAD("line longer than %d characters", MAX_LINE);
			int c;
			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			continue;
		}
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		char *s = line;
		if (lineno == 1 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF)
			s += 3;
		if (!header) {
			if (strcmp(s, "pc4,place,lat,lon") != 0) {
				BAD("expected the header line 'pc4,place,lat,lon'");
				break;
			}
			header = true;
			continue;
		}
		if (*s == '\0')
			continue;
		char *fld[MAX_FIELDS];
		int nf = split_csv(s, fld);
		if (nf != 4) {
			BAD("expected 4 fields (pc4,place,lat,lon), found %s", nf < 0 ? "bad quoting" : "another number");
			continue;
		}
		char *end;
		long pc4 = strtol(fld[0], &end, 10);
		double lat, lon;
		if (strlen(fld[0]) != 4 || *end || pc4 < 1000 || pc4 > 9999)
			BAD("pc4 '%.20s' is not a four-digit postcode from 1000 to 9999", fld[0]);
		else if (!fld[1][0] || strlen(fld[1]) > 100)
			BAD("place must be 1 to 100 characters");
		else if (!parse_coord(fld[2], 49.0, 54.0, &lat))
			BAD("lat '%.30s' is not a latitude around the Netherlands (49 to 54)", fld[2]);
		else if (!parse_coord(fld[3], 3.0, 7.5, &lon))
			BAD("lon '%.30s' is not a longitude in the Netherlands (3 to 7.5)", fld[3]);
		else if (res->bad == 0) {
			sqlite3_reset(ins);
			sqlite3_bind_int(ins, 1, (int)pc4);
			sqlite3_bind_text(ins, 2, fld[1], -1, SQLITE_TRANSIENT);
			sqlite3_bind_double(ins, 3, lat);
			sqlite3_bind_double(ins, 4, lon);
			if (sqlite3_step(ins) != SQLITE_DONE)
				db_error = true;
			else
				res->rows++;
		}
	}
#undef BAD
	bool read_error = ferror(f);
	fclose(f);
	if (!header && res->bad == 0 && !db_error) {
		snprintf(err, errlen, "%s: empty file", path);
		kp_db_write_rollback(db, w);
		return -1;
	}
	if (db_error || read_error || res->bad) {
		kp_db_write_rollback(db, w);
		if (res->bad)
			snprintf(err, errlen, "%zu bad row%s in %s: nothing imported", res->bad, res->bad == 1 ? "" : "s", path);
		else
			snprintf(err, errlen, read_error ? "%s: read error" : "%s: cannot write the database", path);
		return -1;
	}
	sqlite3_stmt *upd = kp_conn_stmt(w, "UPDATE gezinnen SET lat = p.lat, lon = p.lon FROM postcodes p "
					    "WHERE p.pc4 = gezinnen.pc4 AND (gezinnen.lat IS NOT p.lat OR gezinnen.lon IS NOT p.lon)");
	if (!upd || sqlite3_step(upd) != SQLITE_DONE) {
		kp_db_write_rollback(db, w);
		snprintf(err, errlen, "cannot update the coordinates of gezinnen");
		return -1;
	}
	res->gezinnen = (size_t)sqlite3_changes(kp_conn_handle(w));
	if (kp_db_write_commit(db, w) != SQLITE_OK) {
		snprintf(err, errlen, "cannot commit the import");
		return -1;
	}
	return 0;
}
