/*
 * postcodes.h - the PC4 table: four-digit postcode areas with a place name
 * and a centroid, which give a gezin its coordinates for distances.
 * Loaded from CSV with columns pc4,place,lat,lon (a header line first), as
 * published for the Dutch PC4 areas.
 */
#ifndef KOPPEL_POSTCODES_H
#define KOPPEL_POSTCODES_H

#include <stddef.h>
#include <stdio.h>

struct kp_db;

struct kp_postcodes_result {
	size_t rows;      /* areas imported */
	size_t bad;       /* rows refused (then nothing is imported) */
	size_t gezinnen;  /* gezinnen whose coordinates were (re)computed */
};

/*
 * Imports path into the postcodes table in one transaction, replacing
 * areas with the same pc4. Every bad row is reported on errors as
 * "FILE:LINE: reason" (at most 50 lines); if any row is bad, nothing is
 * imported. Afterwards the coordinates of gezinnen are recomputed from
 * their postcodes. Returns 0, or -1 (see errors / err).
 */
int kp_postcodes_import(struct kp_db *db, const char *path, FILE *errors, struct kp_postcodes_result *res, char *err,
			size_t errlen);

#endif
