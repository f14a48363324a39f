/*
 * demo.h - a fictional organisation to try Koppel with: `koppel demo`
 * fills a fresh database with two werkgebieden (Zaanstad and Purmerend),
 * a beheerder and two coordinators, some eighty gezinnen on both sides
 * and their koppelingen with a year of history, so that a new user sees
 * a living practice instead of empty lists.
 *
 * Every gezin is written through kp_gezin_write with a body checked
 * against kp_gezin_spec, exactly as the API would receive it, so the demo
 * data obeys the same rules (VOG rule, consents, vocabularies) as real data.
 */
#ifndef KOPPEL_DEMO_H
#define KOPPEL_DEMO_H

#include <stddef.h>
#include <stdio.h>

struct kp_db;
struct kp_db_options;

/* The password of every demo user. For trying Koppel out only. */
#define KP_DEMO_WACHTWOORD "demo-wachtwoord-koppel"

/*
 * Fills db (open and fully migrated) with the demo organisation.
 *
 * Refuses, writing nothing, when the database already holds a gezin, so
 * demo data never mixes with real data. Otherwise it first imports the PC4
 * areas of pc4_csv (columns pc4,place,lat,lon) with kp_postcodes_import in
 * that import's own transaction (bad rows are reported on stderr), then
 * writes everything else in one write transaction: the werkgebieden
 * ZAANSTAD and PUR, the users "beheer" (beheerder), "coord-zaanstad" and
 * "coord-purmerend" (coordinators) with password KP_DEMO_WACHTWOORD, and
 * 40 vraaggezinnen and 40 supporting gezinnen whose postcodes lie in real
 * PC4 areas of their werkgebied, written as the user "beheer"; then, through
 * the same koppeling writes the API uses (koppeling_write.h), koppelingen
 * in every phase each programme's course uses, koppelingen that ended
 * (afgerond, or gestopt with a reason) in earlier quarters, evaluations
 * held on their dates, one planned conversation per werkgebied gone by
 * without being logged (te laat) and an open zorgsignaal in each. On any
 * failure that transaction is rolled back (the imported postcode areas
 * stay) and err names the step or the gezin that failed, with the problem
 * document kp_gezin_write answered.
 *
 * The data depends only on seed, the CSV and today's date (registration,
 * birth and VOG dates are relative to today): the same seed on the same
 * day gives the same organisation. No global state is used.
 *
 * Prints a short summary with the demo logins on out (nothing when out is
 * NULL). Returns 0, or -1 with a message in err.
 */
int kp_demo_fill(struct kp_db *db, const char *pc4_csv, unsigned seed, FILE *out, char *err, size_t errlen);

/*
 * Makes a new database at path holding the demo organisation: what
 * `koppel demo` runs. Refuses, creating nothing, when path (or a -wal or
 * -journal file beside it) already exists, so it never touches a database
 * that may be in use. Otherwise it builds the database in a temporary file
 * beside path (path.demo-XXXXXX, mode 0600): migrates it, fills it with
 * kp_demo_fill, closes it (the WAL checkpointed into the file), fsyncs it
 * and only then moves it to path, never replacing a file that appeared
 * there meanwhile. On any failure the temporary file and its -wal/-shm are
 * removed, so a failed demo leaves nothing behind. A process killed while
 * building can leave the temporary file, never a file under path.
 *
 * The summary with the demo logins goes to out (when not NULL) only after
 * the database is in place. Returns 0, or -1 with a message in err.
 */
int kp_demo_create(const char *path, const struct kp_db_options *opt, const char *pc4_csv, unsigned seed, FILE *out,
		   char *err, size_t errlen);

#endif
