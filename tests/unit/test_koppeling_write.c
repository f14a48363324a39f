/*
 * test_koppeling_write.c - the koppeling writes of koppeling_write.c called
 * directly on a plain database connection, without HTTP: a proposal, a
 * phase move, a move refused for a stale version, the consent gate of a
 * kennismaking refused without consent and passed with an audited
 * override, and a coordinator of another werkgebied who cannot see the
 * koppeling. Gezinnen are made with kp_gezin_write, the HTTP-free gezin
 * write.
 */
#include <check.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "datum.h"
#include "db.h"
#include "gezinnen.h"
#include "koppeling_write.h"
#include "routes.h"
#include "testutil.h"
#include "util.h"

static char *dir;
static struct kp_db *db;
static struct kp_principal coord_ams, coord_zst;
static struct kp_actor actor_ams, actor_zst;
static char today[16];
static const struct kp_db_options opt = { .busy_timeout_ms = 2000, .synchronous_full = false, .readers = 1 };

/* Runs sql on the writer in its own transaction; returns the last row id. */
static int64_t exec(const char *sql)
{
	struct kp_conn *w = kp_db_write_begin(db);
	ck_assert_ptr_nonnull(w);
	char *err = NULL;
	int rc = sqlite3_exec(kp_conn_handle(w), sql, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		ck_abort_msg("%s: %s", sql, err ? err : "?");
	int64_t id = sqlite3_last_insert_rowid(kp_conn_handle(w));
	ck_assert_int_eq(kp_db_write_commit(db, w), 0);
	return id;
}

/* The first column of the first row of sql as an integer (0 when no row). */
static int64_t query_int(const char *sql)
{
	struct kp_conn *w = kp_db_write_begin(db);
	ck_assert_ptr_nonnull(w);
	sqlite3_stmt *st = kp_conn_stmt(w, sql);
	ck_assert_ptr_nonnull(st);
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	kp_db_write_rollback(db, w);
	return v;
}

/* The first column of the first row of sql as text into buf ("" when no row). */
static const char *query_text(const char *sql, char *buf, size_t len)
{
	struct kp_conn *w = kp_db_write_begin(db);
	ck_assert_ptr_nonnull(w);
	sqlite3_stmt *st = kp_conn_stmt(w, sql);
	ck_assert_ptr_nonnull(st);
	snprintf(buf, len, "%s", sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_reset(st);
	kp_db_write_rollback(db, w);
	return buf;
}

/* A coordinator principal for werkgebied wg, user id uid. */
static void coordinator(struct kp_principal *p, struct kp_actor *a, int64_t uid, const char *naam, int64_t wg)
{
	memset(p, 0, sizeof *p);
	p->gebruiker_id = uid;
	snprintf(p->gebruikersnaam, sizeof p->gebruikersnaam, "%s", naam);
	p->rol = KP_ROLE_COORDINATOR;
	p->werkgebieden[0] = wg;
	p->n_werkgebieden = 1;
	*a = (struct kp_actor){ .gebruiker_id = uid, .gebruikersnaam = p->gebruikersnaam, .client = "test", .principal = p };
}

static void setup(void)
{
	dir = tu_tempdir();
	ck_assert_ptr_nonnull(dir);
	char *path = tu_path(dir, "k.db");
	int from, to;
	char err[512];
	kp_db_library_init();
	ck_assert_msg(kp_db_migrate(path, &opt, &from, &to, err, sizeof err) == 0, "%s", err);
	ck_assert_msg(kp_db_open(&db, path, &opt, err, sizeof err) == 0, "%s", err);
	free(path);
	int64_t ams = exec("INSERT INTO werkgebieden(code, naam, aangemaakt_op, gewijzigd_op) "
			   "VALUES ('AMS', 'AMS', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
	int64_t zst = exec("INSERT INTO werkgebieden(code, naam, aangemaakt_op, gewijzigd_op) "
			   "VALUES ('ZST', 'ZST', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
	exec("INSERT INTO werkgebied_programmas(werkgebied_id, programma_id) SELECT w.id, p.id FROM werkgebieden w, programmas p");
	char sql[512];
	const char *users[2] = { "coord-ams", "coord-zst" };
	int64_t uid[2];
	for (int i = 0; i < 2; i++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO gebruikers(gebruikersnaam, naam, rol, wachtwoord_hash, aangemaakt_op, gewijzigd_op) "
			 "VALUES ('%s', '%s', 'coordinator', '$argon2id$x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
			 users[i], users[i]);
		uid[i] = exec(sql);
		snprintf(sql, sizeof sql, "INSERT INTO gebruiker_werkgebieden(gebruiker_id, werkgebied_id) VALUES (%lld, %lld)",
			 (long long)uid[i], (long long)(i ? zst : ams));
		exec(sql);
	}
	coordinator(&coord_ams, &actor_ams, uid[0], users[0], ams);
	coordinator(&coord_zst, &actor_zst, uid[1], users[1], zst);
	kp_today(today);
}

static void teardown(void)
{
	kp_db_close(db);
	db = NULL;
	tu_rmtree(dir);
	free(dir);
}

/*
 * Makes a gezin in AMS through kp_gezin_write: a vraaggezin, or a
 * beschikbaar steungezin whose adult has a VOG of six months ago; with or
 * without consent to share contact details.
 */
static int64_t make_gezin(bool vraag, bool contact)
{
	char vog[11];
	kp_date_format(kp_date_add_months(kp_date_from_unix(kp_now()), -6), vog);
	json_t *doc = json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:s?}, {s:s, s:s, s:s}], s:[{s:s, s:s, s:s}]}", "naam",
				vraag ? "Gezin Vraag" : "Gezin Steun", "rol", vraag ? "vraaggezin" : "steungezin", "werkgebied",
				"AMS", "leden", "soort", "volwassene", "voornaam", "Ouder", "vogDatum", vraag ? NULL : vog,
				"soort", "kind", "voornaam", "Kind", "geboortedatum", "2019-01-01", "toestemmingen", "doel",
				"registratie", "gegevenOp", "2026-01-01", "gegevenDoor", "Ouder");
	ck_assert_ptr_nonnull(doc);
	if (vraag)
		json_object_set_new(doc, "vraag", json_pack("{s:s}", "tekst", "Even lucht"));
	else
		json_object_set_new(doc, "aanbod", json_pack("{s:i}", "capaciteit", 1));
	if (contact)
		json_array_append_new(json_object_get(doc, "toestemmingen"),
				      json_pack("{s:s, s:s, s:s}", "doel", "contactgegevens-delen", "gegevenOp", "2026-01-01",
						"gegevenDoor", "Ouder"));
	struct kp_conn *w = kp_db_write_begin(db);
	ck_assert_ptr_nonnull(w);
	int64_t id = 0;
	json_t *problem = NULL;
	int status = kp_gezin_write(w, &actor_ams, 0, NULL, doc, today, &id, &problem);
	json_decref(doc);
	if (status != 0) {
		char *p = problem ? json_dumps(problem, JSON_COMPACT) : NULL;
		ck_abort_msg("gezin: %d %s", status, p ? p : "");
	}
	ck_assert_int_eq(kp_db_write_commit(db, w), 0);
	if (!vraag) {
		/* a supporter is linked only when beschikbaar: a merge patch of its status */
		char sql[96];
		snprintf(sql, sizeof sql, "SELECT versie FROM gezinnen WHERE id = %lld", (long long)id);
		struct kp_if_match im = kp_if_match_versie(query_int(sql));
		json_t *patch = json_pack("{s:s}", "status", "beschikbaar");
		w = kp_db_write_begin(db);
		ck_assert_ptr_nonnull(w);
		int64_t same = 0;
		ck_assert_int_eq(kp_gezin_write(w, &actor_ams, id, &im, patch, today, &same, &problem), 0);
		json_decref(patch);
		ck_assert_int_eq(kp_db_write_commit(db, w), 0);
	}
	return id;
}

/* Proposes vraag with steun in programme 1 (Buurtgezinnen) as actor a; returns the status, *id the koppeling. */
static int propose(const struct kp_actor *a, int64_t vraag, int64_t steun, int64_t *id, struct kp_koppeling_uitkomst *u)
{
	struct kp_voorstel v = { .vraaggezin = vraag, .steungezinnen = { steun }, .n_steungezinnen = 1, .programma = 1 };
	struct kp_conn *w = kp_db_write_begin(db);
	ck_assert_ptr_nonnull(w);
	int status = kp_koppeling_voorstellen(w, a, &v, today, id, u);
	ck_assert_int_eq(status, u->status);
	if (status == 0)
		ck_assert_int_eq(kp_db_write_commit(db, w), 0);
	else
		kp_db_write_rollback(db, w);
	return status;
}

/* Moves koppeling id to naar as actor a under If-Match version versie (override: a reason or NULL). */
static int move(const struct kp_actor *a, int64_t id, int64_t versie, enum kp_fase naar, const char *override,
		struct kp_koppeling_uitkomst *u)
{
	struct kp_if_match im = kp_if_match_versie(versie);
	struct kp_overgang o = { .naar = naar, .override_reden = override };
	struct kp_conn *w = kp_db_write_begin(db);
	ck_assert_ptr_nonnull(w);
	int status = kp_koppeling_overgang(w, a, id, &im, &o, today, u);
	ck_assert_int_eq(status, u->status);
	if (status == 0)
		ck_assert_int_eq(kp_db_write_commit(db, w), 0);
	else
		kp_db_write_rollback(db, w);
	return status;
}

static int64_t versie(int64_t id)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT versie FROM koppelingen WHERE id = %lld", (long long)id);
	return query_int(sql);
}

static const char *fase(int64_t id, char buf[32])
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT fase FROM koppelingen WHERE id = %lld", (long long)id);
	return query_text(sql, buf, 32);
}

/* Audit entries of actie on koppeling id. */
static int64_t audits(const char *actie, int64_t id)
{
	char sql[192];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE actie = '%s' AND object_soort = 'koppeling' "
		 "AND object_id = '%lld'", actie, (long long)id);
	return query_int(sql);
}

START_TEST(propose_move_and_a_stale_version)
{
	int64_t vraag = make_gezin(true, true), steun = make_gezin(false, true), id = 0;
	struct kp_koppeling_uitkomst u;
	char buf[32], sql[128];
	ck_assert_int_eq(propose(&actor_ams, vraag, steun, &id, &u), 0);
	ck_assert_int_gt(id, 0);
	ck_assert_str_eq(fase(id, buf), "voorstel");
	ck_assert_int_eq(audits("aanmaken", id), 1);
	/* the proposing coordinator is responsible when none is named */
	snprintf(sql, sizeof sql, "SELECT coordinator_id FROM koppelingen WHERE id = %lld", (long long)id);
	ck_assert_int_eq(query_int(sql), coord_ams.gebruiker_id);
	int64_t v0 = versie(id);
	ck_assert_int_eq(move(&actor_ams, id, v0, KP_FASE_KENNISMAKING, NULL, &u), 0);
	ck_assert_str_eq(fase(id, buf), "kennismaking");
	ck_assert_int_eq(versie(id), v0 + 1);
	ck_assert_int_eq(audits("faseovergang", id), 1);
	ck_assert_int_eq(audits("toestemming-overschreven", id), 0);
	snprintf(sql, sizeof sql, "SELECT status FROM gezinnen WHERE id = %lld", (long long)vraag);
	ck_assert_str_eq(query_text(sql, buf, sizeof buf), "gekoppeld");
	snprintf(sql, sizeof sql, "SELECT count(*) FROM evaluaties WHERE koppeling_id = %lld", (long long)id);
	ck_assert_int_gt(query_int(sql), 0); /* planned from the phase dates */
	/* the version read before the move is stale now: refused, nothing changes */
	ck_assert_int_eq(move(&actor_ams, id, v0, KP_FASE_GESTOPT, NULL, &u), 412);
	ck_assert_int_eq(u.soort, KP_P_PRECONDITION_FAILED);
	ck_assert_ptr_null(u.veld);
	ck_assert_str_eq(u.reden, "Iemand anders heeft deze koppeling intussen gewijzigd. Laad opnieuw.");
	ck_assert_str_eq(fase(id, buf), "kennismaking");
	ck_assert_int_eq(versie(id), v0 + 1);
	/* a move the course does not have: 409 naming where it can go */
	ck_assert_int_eq(move(&actor_ams, id, v0 + 1, KP_FASE_LOPEND, NULL, &u), 409);
	ck_assert_int_eq(u.soort, KP_P_CONFLICT);
	ck_assert_ptr_nonnull(strstr(u.reden, "Van kennismaking kan alleen naar: "));
	/* a coordinator of another werkgebied does not see it: 404, as if it did not exist */
	ck_assert_int_eq(move(&actor_zst, id, v0 + 1, KP_FASE_GESTOPT, NULL, &u), 404);
	ck_assert_int_eq(u.soort, KP_P_NOT_FOUND);
	ck_assert_int_eq(propose(&actor_zst, vraag, steun, &id, &u), 400);
	ck_assert_str_eq(u.veld, "/vraaggezin");
}
END_TEST

START_TEST(consent_gate_refuses_then_an_override_passes)
{
	/* the vraaggezin consented to sharing contact details, the supporter did not */
	int64_t vraag = make_gezin(true, true), steun = make_gezin(false, false), id = 0;
	struct kp_koppeling_uitkomst u;
	char buf[32];
	ck_assert_int_eq(propose(&actor_ams, vraag, steun, &id, &u), 0);
	int64_t v0 = versie(id);
	ck_assert_int_eq(move(&actor_ams, id, v0, KP_FASE_KENNISMAKING, NULL, &u), 422);
	ck_assert_int_eq(u.soort, KP_P_UNPROCESSABLE);
	ck_assert(u.toestemming.geweigerd);
	ck_assert(!u.toestemming.mist[0]);
	ck_assert(u.toestemming.mist[1]);
	ck_assert_int_eq(u.toestemming.gezin[1], steun);
	ck_assert_str_eq(fase(id, buf), "voorstel");
	ck_assert_int_eq(versie(id), v0);
	ck_assert_int_eq(audits("toestemming-overschreven", id), 0);
	/* the problem the handler answers names the supporter and the override */
	json_t *p = kp_toestemming_probleem(&u.toestemming);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(json_integer_value(json_object_get(p, "status")), 422);
	json_t *params = json_object_get(p, "invalidParams");
	ck_assert_int_eq(json_array_size(params), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(params, 0), "name")), "/toestemmingen/steungezin");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(params, 1), "name")), "/toestemmingOverride");
	json_decref(p);
	/* with a reason it goes on, and the override is in the audit log with who lacked it */
	ck_assert_int_eq(move(&actor_ams, id, v0, KP_FASE_KENNISMAKING, "Telefonisch akkoord, formulier volgt.", &u), 0);
	ck_assert(!u.toestemming.geweigerd);
	ck_assert(u.toestemming.overschreven);
	ck_assert_str_eq(fase(id, buf), "kennismaking");
	ck_assert_int_eq(audits("toestemming-overschreven", id), 1);
	char sql[192], details[256];
	snprintf(sql, sizeof sql, "SELECT details FROM audit_log WHERE actie = 'toestemming-overschreven' AND object_id = '%lld'",
		 (long long)id);
	query_text(sql, details, sizeof details);
	json_t *d = json_loads(details, 0, NULL);
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(json_string_value(json_object_get(d, "reden")), "Telefonisch akkoord, formulier volgt.");
	ck_assert_int_eq(json_array_size(json_object_get(d, "zonderToestemming")), 1);
	ck_assert_int_eq(json_integer_value(json_array_get(json_object_get(d, "zonderToestemming"), 0)), steun);
	json_decref(d);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("koppeling_write");
	TCase *tc = tcase_create("writes");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, propose_move_and_a_stale_version);
	tcase_add_test(tc, consent_gate_refuses_then_an_override_passes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
