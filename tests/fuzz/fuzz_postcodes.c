/*
 * fuzz_postcodes.c - libFuzzer target: the PC4 CSV import
 * (kp_postcodes_import, postcodes.c) on a scratch database, the input
 * written to a file as an operator's CSV would be. Checks that an import
 * either refuses the file with a reason (and reports bad rows) or imports
 * rows that all lie in the accepted ranges.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"
#include "postcodes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kp_db *db;
static char dir[] = "/tmp/koppel-fuzz-postcodes-XXXXXX";
static char csv_path[128], db_path[128];

/* Removes the scratch files at exit. */
static void cleanup(void)
{
	if (db)
		kp_db_close(db);
	char p[160];
	static const char *const suffix[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", db_path, suffix[i]);
		unlink(p);
	}
	unlink(csv_path);
	rmdir(dir);
}

/* Creates and migrates the scratch database once. */
static void setup(void)
{
	if (!mkdtemp(dir))
		abort();
	snprintf(db_path, sizeof db_path, "%s/koppel.db", dir);
	snprintf(csv_path, sizeof csv_path, "%s/pc4.csv", dir);
	kp_db_library_init();
	struct kp_db_options opt = { .busy_timeout_ms = 1000, .readers = 1 };
	char err[512];
	int from, to;
	if (kp_db_migrate(db_path, &opt, &from, &to, err, sizeof err) != 0 ||
	    kp_db_open(&db, db_path, &opt, err, sizeof err) != 0) {
		fprintf(stderr, "fuzz_postcodes: %s\n", err);
		abort();
	}
	atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db)
		setup();
	FILE *f = fopen(csv_path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	FILE *errors = fopen("/dev/null", "w");
	struct kp_postcodes_result res;
	char err[512] = "";
	int rc = kp_postcodes_import(db, csv_path, errors, &res, err, sizeof err);
	if (errors)
		fclose(errors);
	if (rc == 0 && (res.bad != 0 || err[0]))
		abort();
	if (rc != 0 && !err[0])
		abort();
	if (rc == 0) {
		/* what was imported is in range */
		sqlite3 *h;
		if (sqlite3_open_v2(db_path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
			abort();
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(h,
				       "SELECT count(*) FROM postcodes WHERE pc4 NOT BETWEEN 1000 AND 9999 OR lat NOT BETWEEN "
				       "49 AND 54 OR lon NOT BETWEEN 3 AND 7.5 OR length(plaats) NOT BETWEEN 1 AND 100",
				       -1, &st, NULL) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 0)
			abort();
		sqlite3_finalize(st);
		sqlite3_close(h);
	}
	return 0;
}
