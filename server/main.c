/*
 * main.c - the koppel command: one binary, git-style subcommands.
 *
 *   koppel serve     run the daemon (migrates the database first)
 *   koppel migrate   apply pending schema migrations and exit
 *   koppel backup    write a consistent copy of the database (server may run),
 *                    optionally encrypted; --decrypt, --genkey
 *   koppel restore   put a backup in place of the database (server stopped)
 *   koppel health    ask the running server at the listen address for its health
 *   koppel user      add users, set passwords, disable users, list them
 *   koppel werkgebied  add and list werkgebieden
 *   koppel audit     verify the audit log's hash chain
 *   koppel postcodes import PC4 postcode areas
 *   koppel demo      make a new database holding a fictional organisation
 *   koppel version   print the version and the schema version it brings
 *
 * Every subcommand answers --help. Settings come from defaults, then the
 * config file, then KOPPEL_* variables, then flags (config.h). Exit status:
 * 0 success, 1 failure, 2 wrong usage.
 */
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "api.h"
#include "audit.h"
#include "auth.h"
#include "backup.h"
#include "config.h"
#include "db.h"
#include "demo.h"
#include "gebruikers.h"
#include "gemeenten.h"
#include "json_spec.h"
#include "log.h"
#include "password.h"
#include "postcodes.h"
#include "routes.h"
#include "server.h"
#include "util.h"

#define EXIT_USAGE 2

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const char common_flags[] =
	"  --config FILE       settings file (also KOPPEL_CONFIG); see config/koppel.conf.example\n"
	"  --db FILE           SQLite database (KOPPEL_DATABASE; default data/koppel.db)\n";

/* A flag given on the command line, applied after the file and environment. */
struct flag_setting {
	const char *key;
	const char *value;
};

struct parsed_args {
	const char *config_path;
	struct flag_setting settings[16];
	size_t n_settings;
	const char *positional[4];
	size_t n_positional;
	bool help;
};

/*
 * Parses flags shared by all subcommands. Flags in allowed (a list of
 * "--flag" names mapping to config keys) are recorded; anything else that
 * starts with "--" is a usage error. Returns 0 or -1 after printing why.
 */
static int parse_args(int argc, char **argv, const char *const (*allowed)[2], size_t n_allowed, struct parsed_args *pa)
{
	memset(pa, 0, sizeof *pa);
	pa->config_path = getenv("KOPPEL_CONFIG");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			pa->help = true;
			continue;
		}
		if (strncmp(a, "--", 2) != 0) {
			if (pa->n_positional == sizeof pa->positional / sizeof pa->positional[0]) {
				fprintf(stderr, "koppel: too many arguments\n");
				return -1;
			}
			pa->positional[pa->n_positional++] = a;
			continue;
		}
		const char *eq = strchr(a, '=');
		size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
		const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[i + 1] : NULL);
		if (nlen == 8 && strncmp(a, "--config", 8) == 0) {
			if (!value) {
				fprintf(stderr, "koppel: --config needs a file\n");
				return -1;
			}
			pa->config_path = value;
			if (!eq)
				i++;
			continue;
		}
		const char *key = NULL;
		for (size_t k = 0; k < n_allowed; k++)
			if (strlen(allowed[k][0]) == nlen && strncmp(a, allowed[k][0], nlen) == 0)
				key = allowed[k][1];
		if (!key) {
			fprintf(stderr, "koppel: unknown option %.*s (see --help)\n", (int)nlen, a);
			return -1;
		}
		if (!value) {
			fprintf(stderr, "koppel: %.*s needs a value\n", (int)nlen, a);
			return -1;
		}
		if (pa->n_settings == sizeof pa->settings / sizeof pa->settings[0]) {
			fprintf(stderr, "koppel: too many options\n");
			return -1;
		}
		pa->settings[pa->n_settings++] = (struct flag_setting){ key, value };
		if (!eq)
			i++;
	}
	return 0;
}

static const char *env_get(const char *name)
{
	return getenv(name);
}

/* Builds the effective configuration: defaults, file, environment, flags. */
static int load_config(const struct parsed_args *pa, struct kp_config *cfg)
{
	char err[1024];
	kp_config_defaults(cfg);
	if (pa->config_path && kp_config_load_file(cfg, pa->config_path, err, sizeof err) != 0) {
		fprintf(stderr, "koppel: %s\n", err);
		return -1;
	}
	if (kp_config_load_env(cfg, env_get, err, sizeof err) != 0) {
		fprintf(stderr, "koppel: %s\n", err);
		return -1;
	}
	for (size_t i = 0; i < pa->n_settings; i++) {
		if (kp_config_set(cfg, pa->settings[i].key, pa->settings[i].value, err, sizeof err) != 0) {
			fprintf(stderr, "koppel: %s\n", err);
			return -1;
		}
	}
	return 0;
}

/* Creates the directories above path (like mkdir -p on its dirname), private to the owner. */
static int make_parent_dirs(const char *path)
{
	char dir[KP_CONFIG_PATH_MAX];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

/*
 * Logs the audit chain head (last id and hash), so that removing entries
 * at the end of the log can be noticed by comparing with these lines.
 */
static void log_audit_head(struct kp_server *srv, const char *when)
{
	struct kp_conn *c = kp_db_read_begin(srv->db);
	if (!c)
		return;
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT id, hex(hash) FROM audit_log ORDER BY id DESC LIMIT 1");
	if (st && sqlite3_step(st) == SQLITE_ROW)
		kp_log_info(&srv->log, "audit log head at %s: entry %lld, hash %s", when,
			    (long long)sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1));
	kp_db_read_end(srv->db, c);
}

/* On a database without users, says how to create the first beheerder. */
static void hint_first_user(struct kp_server *srv)
{
	struct kp_conn *c = kp_db_read_begin(srv->db);
	if (!c)
		return;
	sqlite3_stmt *st = kp_conn_stmt(c, "SELECT count(*) FROM gebruikers");
	bool none = st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) == 0;
	kp_db_read_end(srv->db, c);
	if (none)
		kp_log_always(&srv->log,
			      "no users yet: create the first beheerder with: koppel user add NAME --role beheerder "
			      "--db %s",
			      srv->cfg.database);
}

static const char *const serve_flags[][2] = {
	{ "--db", "database" },	    { "--listen", "listen" },	       { "--web", "web_dir" },
	{ "--threads", "threads" }, { "--log-level", "log_level" },
};

static int cmd_serve(int argc, char **argv)
{
	struct parsed_args pa;
	if (parse_args(argc, argv, serve_flags, sizeof serve_flags / sizeof serve_flags[0], &pa) != 0)
		return EXIT_USAGE;
	if (pa.help || pa.n_positional) {
		fprintf(pa.help ? stdout : stderr,
			"usage: koppel serve [options]\n\n"
			"Runs the Koppel daemon: migrates the database, then serves the API under /api/v1\n"
			"and the web front end at /. SIGTERM or SIGINT stops it gracefully.\n\n"
			"options:\n%s"
			"  --listen HOST:PORT  address to listen on (KOPPEL_LISTEN; default 127.0.0.1:8080;\n"
			"                      port 0 picks a free port, logged as 'listening on ...')\n"
			"  --web DIR           web front end directory (KOPPEL_WEB_DIR; default web)\n"
			"  --threads N         HTTP worker threads (KOPPEL_THREADS; default 2)\n"
			"  --log-level LEVEL   error, warn, info or debug (KOPPEL_LOG_LEVEL; default info)\n",
			common_flags);
		return pa.help ? 0 : EXIT_USAGE;
	}
	struct kp_config cfg;
	if (load_config(&pa, &cfg) != 0)
		return EXIT_USAGE;

	umask(077); /* the database holds personal data: owner only */
	signal(SIGPIPE, SIG_IGN);
	sigset_t stop_signals;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	/* Block before any thread starts so only sigwait below sees them. */
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);

	struct kp_server srv = { .log = { .level = cfg.log_level, .fd = 2 } };
	char err[1024];
	if (make_parent_dirs(cfg.database) != 0) {
		kp_log_error(&srv.log, "cannot create the directory for %s: %s", cfg.database, strerror(errno));
		return 1;
	}
	if (kp_server_open(&srv, &cfg, err, sizeof err) != 0) {
		kp_log_error(&srv.log, "%s", err);
		return 1;
	}
	if (kp_server_start(&srv, kp_routes, kp_routes_count, err, sizeof err) != 0) {
		kp_log_error(&srv.log, "%s", err);
		kp_server_close(&srv);
		return 1;
	}
	log_audit_head(&srv, "start");
	hint_first_user(&srv);
	bool v6 = strchr(cfg.listen_host, ':') != NULL;
	kp_log_always(&srv.log, "koppel %s listening on %s://%s%s%s:%u (database %s, schema %d)", KOPPEL_VERSION,
		      cfg.tls_cert[0] ? "https" : "http", v6 ? "[" : "", cfg.listen_host, v6 ? "]" : "", (unsigned)srv.port,
		      cfg.database, kp_db_schema_latest());

	int sig = 0;
	while (sigwait(&stop_signals, &sig) != 0)
		;
	kp_log_info(&srv.log, "received %s, finishing requests", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	kp_server_stop(&srv);
	log_audit_head(&srv, "stop");
	kp_server_close(&srv);
	kp_log_info(&srv.log, "stopped cleanly");
	return 0;
}

static const char *const db_flags[][2] = { { "--db", "database" } };

static int cmd_migrate(int argc, char **argv)
{
	struct parsed_args pa;
	if (parse_args(argc, argv, db_flags, 1, &pa) != 0)
		return EXIT_USAGE;
	if (pa.help || pa.n_positional) {
		fprintf(pa.help ? stdout : stderr,
			"usage: koppel migrate [options]\n\n"
			"Applies pending schema migrations (compiled into this binary), each in its own\n"
			"transaction, and records the version in PRAGMA user_version. A database with a\n"
			"newer schema than this binary knows is refused untouched.\n\noptions:\n%s",
			common_flags);
		return pa.help ? 0 : EXIT_USAGE;
	}
	struct kp_config cfg;
	if (load_config(&pa, &cfg) != 0)
		return EXIT_USAGE;
	umask(077);
	if (make_parent_dirs(cfg.database) != 0) {
		fprintf(stderr, "koppel: cannot create the directory for %s: %s\n", cfg.database, strerror(errno));
		return 1;
	}
	struct kp_db_options o = { .busy_timeout_ms = cfg.busy_timeout_ms, .synchronous_full = cfg.synchronous_full,
				   .readers = 1 };
	int from, to;
	char err[1024];
	if (kp_db_migrate(cfg.database, &o, &from, &to, err, sizeof err) != 0) {
		fprintf(stderr, "koppel: %s\n", err);
		return 1;
	}
	if (from == to)
		printf("database %s is up to date (schema %d)\n", cfg.database, to);
	else
		printf("database %s migrated from schema %d to %d\n", cfg.database, from, to);
	return 0;
}

static const char backup_usage[] =
	"usage: koppel backup [options] FILE\n"
	"       koppel backup --encrypt KEYFILE [options] FILE\n"
	"       koppel backup --decrypt KEYFILE IN OUT\n"
	"       koppel backup --genkey KEYFILE\n\n"
	"Writes a consistent snapshot of the database to FILE (which must not exist),\n"
	"using VACUUM INTO. Safe while koppel serve is running. The copy is written\n"
	"under a temporary name beside FILE (.FILE.tmp-XXXXXX), synced to disk and only\n"
	"then renamed to FILE, so an interrupted backup leaves no file under that name.\n\n"
	"--encrypt KEYFILE  encrypts the copy (libsodium secretstream, XChaCha20-Poly1305)\n"
	"                   for copies that leave the machine\n"
	"--decrypt KEYFILE  decrypts the encrypted backup IN into the database file OUT;\n"
	"                   a changed or truncated file is refused and OUT not written\n"
	"--genkey KEYFILE   writes a new random key (32 bytes as 64 hexadecimal characters,\n"
	"                   mode 0600). 32 random bytes work as well:\n"
	"                   head -c 32 /dev/urandom > KEYFILE\n"
	"Keep the key apart from the backups: without it they cannot be read.\n\n"
	"options:\n%s";

static int cmd_backup(int argc, char **argv)
{
	/* --encrypt, --decrypt and --genkey are this command's own, not settings */
	const char *encrypt = NULL, *decrypt = NULL, *genkey = NULL;
	int out = 1;
	for (int i = 1; i < argc; i++) {
		const char **slot = strcmp(argv[i], "--encrypt") == 0	? &encrypt
				    : strcmp(argv[i], "--decrypt") == 0 ? &decrypt
				    : strcmp(argv[i], "--genkey") == 0	? &genkey
									: NULL;
		if (slot) {
			if (i + 1 >= argc) {
				fprintf(stderr, "koppel: %s needs a key file\n", argv[i]);
				return EXIT_USAGE;
			}
			*slot = argv[++i];
			continue;
		}
		argv[out++] = argv[i];
	}
	argc = out;
	struct parsed_args pa;
	if (parse_args(argc, argv, db_flags, 1, &pa) != 0)
		return EXIT_USAGE;
	int modes = (encrypt != NULL) + (decrypt != NULL) + (genkey != NULL);
	size_t want = genkey ? 0 : decrypt ? 2 : 1;
	if (pa.help || modes > 1 || pa.n_positional != want) {
		fprintf(pa.help ? stdout : stderr, backup_usage, common_flags);
		return pa.help ? 0 : EXIT_USAGE;
	}
	umask(077);
	char err[1024];
	if (genkey) {
		if (kp_backup_genkey(genkey, err, sizeof err) != 0) {
			fprintf(stderr, "koppel: %s\n", err);
			return 1;
		}
		printf("new backup key written to %s (keep it apart from the backups)\n", genkey);
		return 0;
	}
	if (decrypt) {
		if (kp_backup_decrypt(decrypt, pa.positional[0], pa.positional[1], err, sizeof err) != 0) {
			fprintf(stderr, "koppel: %s\n", err);
			return 1;
		}
		printf("%s decrypted to %s\n", pa.positional[0], pa.positional[1]);
		return 0;
	}
	struct kp_config cfg;
	if (load_config(&pa, &cfg) != 0)
		return EXIT_USAGE;
	int rc = encrypt ? kp_backup_encrypted(cfg.database, encrypt, pa.positional[0], err, sizeof err)
			 : kp_db_backup(cfg.database, pa.positional[0], err, sizeof err);
	if (rc != 0) {
		fprintf(stderr, "koppel: %s\n", err);
		return 1;
	}
	printf("%sbackup of %s written to %s\n", encrypt ? "encrypted " : "", cfg.database, pa.positional[0]);
	return 0;
}

static int cmd_restore(int argc, char **argv)
{
	struct parsed_args pa;
	if (parse_args(argc, argv, db_flags, 1, &pa) != 0)
		return EXIT_USAGE;
	if (pa.help || pa.n_positional != 1) {
		fprintf(pa.help ? stdout : stderr,
			"usage: koppel restore [options] FILE\n\n"
			"Puts the backup FILE (from koppel backup; decrypt an encrypted one first with\n"
			"koppel backup --decrypt) in place of the database. Refuses while koppel serve\n"
			"holds the database. Copies FILE beside the database and checks the copy\n"
			"(PRAGMA integrity_check, the schema version and the audit log's hash chain)\n"
			"before anything changes; then keeps the current database as\n"
			"DB.voor-herstel-YYYYMMDD-HHMMSS, moves its stale -wal along with it, removes\n"
			"the -shm, and renames the copy to DB. Prints each step.\n\noptions:\n%s",
			common_flags);
		return pa.help ? 0 : EXIT_USAGE;
	}
	struct kp_config cfg;
	if (load_config(&pa, &cfg) != 0)
		return EXIT_USAGE;
	umask(077);
	if (make_parent_dirs(cfg.database) != 0) {
		fprintf(stderr, "koppel: cannot create the directory for %s: %s\n", cfg.database, strerror(errno));
		return 1;
	}
	char err[1024];
	fflush(stdout);
	if (kp_restore(cfg.database, pa.positional[0], stdout, err, sizeof err) != 0) {
		fflush(stdout);
		fprintf(stderr, "koppel: restore refused, the database is unchanged: %s\n", err);
		return 1;
	}
	return 0;
}

/*
 * koppel health: asks the server at the configured listen address for
 * /api/v1/health (with curl, over https when TLS is configured), for the
 * Docker HEALTHCHECK and scripts. A wildcard address is asked on loopback.
 * Exits 0 when it answers 200, else with curl's non-zero status.
 */
static int cmd_health(int argc, char **argv)
{
	static const char *const flags[][2] = { { "--listen", "listen" } };
	struct parsed_args pa;
	if (parse_args(argc, argv, flags, 1, &pa) != 0)
		return EXIT_USAGE;
	if (pa.help || pa.n_positional) {
		fprintf(pa.help ? stdout : stderr,
			"usage: koppel health [--listen HOST:PORT] [--config FILE]\n\n"
			"Asks the koppel serve at the configured listen address (KOPPEL_LISTEN, the\n"
			"settings file or --listen; 0.0.0.0 and :: are asked on loopback) for\n"
			"/api/v1/health, using curl. Exit status 0: healthy; otherwise curl's (22: the\n"
			"server answered an error, printed; 7: nothing listens there). Used as the\n"
			"Docker HEALTHCHECK.\n");
		return pa.help ? 0 : EXIT_USAGE;
	}
	struct kp_config cfg;
	if (load_config(&pa, &cfg) != 0)
		return EXIT_USAGE;
	const char *host = cfg.listen_host;
	if (strcmp(host, "0.0.0.0") == 0 || host[0] == '\0')
		host = "127.0.0.1";
	else if (strcmp(host, "::") == 0)
		host = "::1";
	bool v6 = strchr(host, ':') != NULL;
	char url[512];
	snprintf(url, sizeof url, "%s://%s%s%s:%u/api/v1/health", cfg.tls_cert[0] ? "https" : "http", v6 ? "[" : "", host,
		 v6 ? "]" : "", (unsigned)cfg.listen_port);
	fflush(stdout);
	/* -k: the certificate names the public host, not the loopback address */
	execlp("curl", "curl", "-sS", "-k", "--max-time", "4", "--fail-with-body", url, (char *)NULL);
	fprintf(stderr, "koppel: cannot run curl for %s: %s\n", url, strerror(errno));
	return 1;
}

/* --- users, werkgebieden, audit ----------------------------------------------- */

/* Options of the user/werkgebied commands, taken out of argv before parse_args. */
struct admin_opts {
	const char *role;
	const char *naam;
	const char *werkgebieden[KP_MAX_WERKGEBIEDEN];
	size_t n_werkgebieden;
	bool password_stdin;
};

/*
 * Removes --role, --naam, --werkgebied (repeatable) and --password-stdin
 * from argv (compacting it) into o. Returns the new argc, or -1.
 */
static int take_admin_opts(int argc, char **argv, struct admin_opts *o)
{
	memset(o, 0, sizeof *o);
	int out = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (strcmp(a, "--password-stdin") == 0) {
			o->password_stdin = true;
			continue;
		} else if (strcmp(a, "--role") == 0) {
			slot = &o->role;
		} else if (strcmp(a, "--naam") == 0) {
			slot = &o->naam;
		} else if (strcmp(a, "--werkgebied") == 0) {
			if (o->n_werkgebieden == KP_MAX_WERKGEBIEDEN) {
				fprintf(stderr, "koppel: too many --werkgebied options\n");
				return -1;
			}
			slot = &o->werkgebieden[o->n_werkgebieden++];
		}
		if (slot) {
			if (i + 1 >= argc) {
				fprintf(stderr, "koppel: %s needs a value\n", a);
				return -1;
			}
			*slot = argv[++i];
			continue;
		}
		argv[out++] = argv[i];
	}
	return out;
}

/* Reads a password: one line from stdin, or twice from the terminal without echo. */
static int read_password(bool from_stdin, char *buf, size_t len)
{
	if (!from_stdin) {
		if (!isatty(STDIN_FILENO)) {
			fprintf(stderr, "koppel: no terminal to ask for the password; use --password-stdin\n");
			return -1;
		}
		struct termios old, quiet;
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		char again[KP_PASSWORD_MAX_BYTES + 2];
		fprintf(stderr, "wachtwoord: ");
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		bool ok = fgets(buf, (int)len, stdin) != NULL;
		fprintf(stderr, "\nnog een keer: ");
		ok = ok && fgets(again, sizeof again, stdin) != NULL;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fprintf(stderr, "\n");
		buf[strcspn(buf, "\r\n")] = '\0';
		again[strcspn(again, "\r\n")] = '\0';
		bool same = ok && strcmp(buf, again) == 0;
		sodium_memzero(again, sizeof again);
		if (!same) {
			fprintf(stderr, "koppel: the passwords differ\n");
			return -1;
		}
		return 0;
	}
	if (!fgets(buf, (int)len, stdin)) {
		fprintf(stderr, "koppel: no password on standard input\n");
		return -1;
	}
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

/* Opens the configured database for a command: migrated, one reader. */
/*
 * Loads the settings pa names and opens (migrating first) their database
 * for a command. Returns it, or NULL with *status set to the exit status
 * after saying why.
 */
static struct kp_db *open_db_for_command(const struct parsed_args *pa, int *status)
{
	struct kp_config cfg;
	*status = EXIT_USAGE;
	if (load_config(pa, &cfg) != 0)
		return NULL;
	*status = 1;
	struct kp_db_options o = { .busy_timeout_ms = cfg.busy_timeout_ms, .synchronous_full = cfg.synchronous_full,
				   .readers = 1 };
	char err[1024];
	int from, to;
	umask(077);
	if (make_parent_dirs(cfg.database) != 0) {
		fprintf(stderr, "koppel: cannot create the directory for %s: %s\n", cfg.database, strerror(errno));
		return NULL;
	}
	if (kp_db_migrate(cfg.database, &o, &from, &to, err, sizeof err) != 0) {
		fprintf(stderr, "koppel: %s\n", err);
		return NULL;
	}
	struct kp_db *db;
	if (kp_db_open(&db, cfg.database, &o, err, sizeof err) != 0) {
		fprintf(stderr, "koppel: %s\n", err);
		return NULL;
	}
	return db;
}

/* Audit entry for a change made on the command line. */
static int audit_cli(struct kp_conn *w, const char *actie, const char *soort, int64_t id, const char *details)
{
	char who[80], oid[24];
	struct passwd *pw = getpwuid(getuid());
	snprintf(who, sizeof who, "cli:%s", pw ? pw->pw_name : "?");
	snprintf(oid, sizeof oid, "%lld", (long long)id);
	struct kp_audit_entry e = {
		.gebruikersnaam = who, .actie = actie, .object_soort = soort, .object_id = oid, .client = "cli",
		.details = details,
	};
	return kp_audit_append(w, &e);
}

static const char user_usage[] =
	"usage: koppel user add NAME --role ROLE [--werkgebied CODE]... [--naam TEXT] [--password-stdin] [options]\n"
	"       koppel user passwd NAME [--password-stdin] [options]\n"
	"       koppel user disable NAME [options]\n"
	"       koppel user list [options]\n\n"
	"Manages the people who log in to Koppel. ROLE is beheerder, coordinator,\n"
	"rapportage or gezinscoach; every role but beheerder needs at least one werkgebied\n"
	"(see 'koppel werkgebied'). The password is asked twice on the terminal\n"
	"without echo, or read as one line from standard input with --password-stdin.\n"
	"Passwords have at least 12 characters, do not contain the user name and are\n"
	"not a well-known password.\n\noptions:\n%s";

/* koppel user add */
static int user_add(struct kp_db *db, const char *name, const struct admin_opts *o)
{
	const char *why = kp_gebruikersnaam_check(name);
	enum kp_role rol = o->role ? kp_role_parse(o->role) : 0;
	if (why || !rol) {
		fprintf(stderr, "koppel: %s\n", why ? why : "--role must be beheerder, coordinator, rapportage or gezinscoach");
		return EXIT_USAGE;
	}
	if (rol != KP_ROLE_BEHEERDER && o->n_werkgebieden == 0) {
		fprintf(stderr, "koppel: a %s needs at least one --werkgebied CODE\n", o->role);
		return EXIT_USAGE;
	}
	const char *naam = o->naam ? o->naam : name;
	if (kp_utf8_length(naam) < 1 || kp_utf8_length(naam) > KP_NAAM_MAX) {
		fprintf(stderr, "koppel: --naam must be 1 to %d characters\n", KP_NAAM_MAX);
		return EXIT_USAGE;
	}
	char pw[KP_PASSWORD_MAX_BYTES + 2], hash[KP_PASSWORD_HASH_MAX];
	if (read_password(o->password_stdin, pw, sizeof pw) != 0)
		return 1;
	why = kp_password_policy(name, pw);
	int hrc = why ? 0 : kp_password_hash(pw, hash);
	sodium_memzero(pw, sizeof pw);
	if (why || hrc != 0) {
		fprintf(stderr, "koppel: %s\n", why ? why : "cannot hash the password (out of memory)");
		return 1;
	}
	json_t *codes = json_array();
	for (size_t i = 0; i < o->n_werkgebieden; i++)
		json_array_append_new(codes, json_string(o->werkgebieden[i]));
	struct kp_conn *w = kp_db_write_begin(db);
	int64_t id = 0;
	const char *bad = NULL;
	enum kp_gebruiker_error e = w ? kp_gebruiker_insert(w, name, naam, rol, hash, codes, &id, &bad) : KP_GB_DB;
	char details[64];
	snprintf(details, sizeof details, "{\"rol\":\"%s\"}", kp_role_name(rol));
	if (e == KP_GB_OK && audit_cli(w, "aanmaken", "gebruiker", id, details) != SQLITE_OK)
		e = KP_GB_DB;
	int rc = 0;
	if (e == KP_GB_OK && kp_db_write_commit(db, w) == SQLITE_OK) {
		printf("user %s (%s) added\n", name, kp_role_name(rol));
	} else {
		if (e != KP_GB_OK && w)
			kp_db_write_rollback(db, w);
		if (e == KP_GB_NAME_TAKEN)
			fprintf(stderr, "koppel: user %s already exists\n", name);
		else if (e == KP_GB_UNKNOWN_WERKGEBIED)
			fprintf(stderr, "koppel: unknown werkgebied %s (add it with 'koppel werkgebied add')\n", bad);
		else
			fprintf(stderr, "koppel: cannot write the database\n");
		rc = 1;
	}
	json_decref(codes);
	return rc;
}

/* koppel user passwd / disable: one UPDATE on an existing user. */
static int user_update(struct kp_db *db, const char *name, bool disable, const struct admin_opts *o)
{
	char hash[KP_PASSWORD_HASH_MAX] = "";
	if (!disable) {
		char pw[KP_PASSWORD_MAX_BYTES + 2];
		if (read_password(o->password_stdin, pw, sizeof pw) != 0)
			return 1;
		const char *why = kp_password_policy(name, pw);
		int hrc = why ? 0 : kp_password_hash(pw, hash);
		sodium_memzero(pw, sizeof pw);
		if (why || hrc != 0) {
			fprintf(stderr, "koppel: %s\n", why ? why : "cannot hash the password (out of memory)");
			return 1;
		}
	}
	struct kp_conn *w = kp_db_write_begin(db);
	if (!w) {
		fprintf(stderr, "koppel: cannot write the database\n");
		return 1;
	}
	int64_t id;
	enum kp_role rol;
	bool actief;
	int rc = kp_gebruiker_find(w, name, &id, &rol, &actief, NULL, 0);
	if (rc != SQLITE_ROW) {
		kp_db_write_rollback(db, w);
		fprintf(stderr, "koppel: %s\n", rc == SQLITE_DONE ? "no such user" : "cannot read the database");
		return 1;
	}
	if (disable && rol == KP_ROLE_BEHEERDER && actief) {
		int64_t others = 0;
		if (kp_gebruikers_active_beheerders(w, id, &others) != SQLITE_OK || others == 0) {
			kp_db_write_rollback(db, w);
			fprintf(stderr, "koppel: %s is the last active beheerder; make someone else beheerder first\n", name);
			return 1;
		}
	}
	char now[32];
	kp_format_time(kp_now(), now);
	sqlite3_stmt *st = kp_conn_stmt(w, disable ? "UPDATE gebruikers SET actief = 0, versie = versie + 1, gewijzigd_op = ?2 "
						     "WHERE id = ?1"
						   : "UPDATE gebruikers SET wachtwoord_hash = ?3, versie = versie + 1, "
						     "gewijzigd_op = ?2 WHERE id = ?1");
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
		if (!disable)
			sqlite3_bind_text(st, 3, hash, -1, SQLITE_TRANSIENT);
	}
	rc = st && sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	if (rc == SQLITE_OK)
		rc = kp_gebruiker_end_sessions(w, id);
	if (rc == SQLITE_OK)
		rc = audit_cli(w, "wijzigen", "gebruiker", id,
			       disable ? "{\"velden\":[\"actief\"]}" : "{\"velden\":[\"wachtwoord\"]}");
	if (rc != SQLITE_OK) {
		kp_db_write_rollback(db, w);
		fprintf(stderr, "koppel: cannot write the database\n");
		return 1;
	}
	if (kp_db_write_commit(db, w) != SQLITE_OK) {
		fprintf(stderr, "koppel: cannot write the database\n");
		return 1;
	}
	printf(disable ? "user %s disabled; their sessions have ended\n" : "password of %s changed; their sessions have ended\n",
	       name);
	return 0;
}

static int user_list(struct kp_db *db)
{
	struct kp_conn *c = kp_db_read_begin(db);
	json_t *arr = c ? kp_gebruikers_json(c) : NULL;
	if (c)
		kp_db_read_end(db, c);
	if (!arr) {
		fprintf(stderr, "koppel: cannot read the database\n");
		return 1;
	}
	size_t i;
	json_t *u;
	json_array_foreach(arr, i, u)
	{
		char *codes = json_dumps(json_object_get(u, "werkgebieden"), JSON_COMPACT);
		printf("%-20s %-12s %-8s %s %s\n", json_string_value(json_object_get(u, "gebruikersnaam")),
		       json_string_value(json_object_get(u, "rol")),
		       json_is_true(json_object_get(u, "actief")) ? "actief" : "uit", codes ? codes : "[]",
		       json_string_value(json_object_get(u, "naam")));
		free(codes);
	}
	json_decref(arr);
	return 0;
}

static int cmd_user(int argc, char **argv)
{
	struct admin_opts o;
	argc = take_admin_opts(argc, argv, &o);
	struct parsed_args pa;
	if (argc < 0 || parse_args(argc, argv, db_flags, 1, &pa) != 0)
		return EXIT_USAGE;
	const char *sub = pa.n_positional ? pa.positional[0] : NULL;
	bool list = sub && strcmp(sub, "list") == 0;
	if (pa.help || !sub || (!list && pa.n_positional != 2) || (list && pa.n_positional != 1)) {
		fprintf(pa.help ? stdout : stderr, user_usage, common_flags);
		return pa.help ? 0 : EXIT_USAGE;
	}
	if (strcmp(sub, "add") != 0 && strcmp(sub, "passwd") != 0 && strcmp(sub, "disable") != 0 && !list) {
		fprintf(stderr, user_usage, common_flags);
		return EXIT_USAGE;
	}
	int status;
	struct kp_db *db = open_db_for_command(&pa, &status);
	if (!db)
		return status;
	int rc;
	if (list)
		rc = user_list(db);
	else if (strcmp(sub, "add") == 0)
		rc = user_add(db, pa.positional[1], &o);
	else
		rc = user_update(db, pa.positional[1], strcmp(sub, "disable") == 0, &o);
	kp_db_close(db);
	return rc;
}

/*
 * Removes every "--gemeente NAAM" from argv (compacting it) into the new
 * array *gemeenten. Returns the new argc, or -1 (a missing value).
 */
static int take_gemeenten(int argc, char **argv, json_t *gemeenten)
{
	int out = 1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--gemeente") != 0) {
			argv[out++] = argv[i];
			continue;
		}
		if (i + 1 >= argc || json_array_append_new(gemeenten, json_string(argv[i + 1])) != 0) {
			fprintf(stderr, "koppel: --gemeente needs a name\n");
			return -1;
		}
		i++;
	}
	return out;
}

static int cmd_werkgebied(int argc, char **argv)
{
	json_t *gemeenten = json_array();
	argc = gemeenten ? take_gemeenten(argc, argv, gemeenten) : -1;
	struct parsed_args pa;
	if (argc < 0 || parse_args(argc, argv, db_flags, 1, &pa) != 0) {
		json_decref(gemeenten);
		return EXIT_USAGE;
	}
	const char *sub = pa.n_positional ? pa.positional[0] : "";
	bool add = strcmp(sub, "add") == 0 && pa.n_positional == 3;
	bool list = strcmp(sub, "list") == 0 && pa.n_positional == 1;
	if (pa.help || (!add && !list)) {
		fprintf(pa.help ? stdout : stderr,
			"usage: koppel werkgebied add CODE NAAM [--gemeente NAAM]... [options]\n"
			"       koppel werkgebied list [options]\n\n"
			"Manages the werkgebieden (regions or municipalities) that coordinators work in.\n"
			"CODE is 2-32 letters, digits or hyphens and never changes; NAAM is shown to people.\n"
			"--gemeente lists a gemeente the werkgebied covers (its families pick one of them).\n\n"
			"options:\n%s",
			common_flags);
		json_decref(gemeenten);
		return pa.help ? 0 : EXIT_USAGE;
	}
	if (add) {
		const char *why = kp_werkgebied_code_check(pa.positional[1]);
		size_t nlen = kp_utf8_length(pa.positional[2]);
		size_t i;
		json_t *g;
		json_array_foreach(gemeenten, i, g) {
			size_t glen = kp_utf8_length(json_string_value(g));
			if (glen < 1 || glen > KP_GEMEENTE_MAX)
				why = "a gemeente must be 1 to 100 characters";
		}
		if (why || nlen < 1 || nlen > KP_NAAM_MAX) {
			fprintf(stderr, "koppel: %s\n", why ? why : "NAAM must be 1 to 200 characters");
			json_decref(gemeenten);
			return EXIT_USAGE;
		}
	}
	int status;
	struct kp_db *db = open_db_for_command(&pa, &status);
	if (!db) {
		json_decref(gemeenten);
		return status;
	}
	int rc = 0;
	if (list) {
		struct kp_conn *c = kp_db_read_begin(db);
		json_t *arr = c ? kp_werkgebieden_json(c) : NULL;
		if (c)
			kp_db_read_end(db, c);
		size_t i;
		json_t *w;
		json_array_foreach(arr, i, w)
			printf("%-12s %s\n", json_string_value(json_object_get(w, "code")),
			       json_string_value(json_object_get(w, "naam")));
		rc = arr ? 0 : 1;
		json_decref(arr);
	} else {
		struct kp_conn *w = kp_db_write_begin(db);
		int64_t id = 0;
		enum kp_gebruiker_error e = w ? kp_werkgebied_insert(w, pa.positional[1], pa.positional[2], &id) : KP_GB_DB;
		json_t *problem = NULL;
		if (e == KP_GB_OK && kp_werkgebied_gemeenten_set(w, id, gemeenten, &problem) != 0)
			e = KP_GB_DB;
		json_decref(problem);
		if (e == KP_GB_OK && audit_cli(w, "aanmaken", "werkgebied", id, NULL) != SQLITE_OK)
			e = KP_GB_DB;
		if (e == KP_GB_OK && kp_db_write_commit(db, w) == SQLITE_OK) {
			printf("werkgebied %s added\n", pa.positional[1]);
		} else {
			if (e != KP_GB_OK && w)
				kp_db_write_rollback(db, w);
			fprintf(stderr, "koppel: %s\n",
				e == KP_GB_NAME_TAKEN ? "a werkgebied with this code exists" : "cannot write the database");
			rc = 1;
		}
	}
	kp_db_close(db);
	json_decref(gemeenten);
	return rc;
}

static int cmd_audit(int argc, char **argv)
{
	struct parsed_args pa;
	if (parse_args(argc, argv, db_flags, 1, &pa) != 0)
		return EXIT_USAGE;
	if (pa.help || pa.n_positional != 1 || strcmp(pa.positional[0], "verify") != 0) {
		fprintf(pa.help ? stdout : stderr,
			"usage: koppel audit verify [options]\n\n"
			"Recomputes the hash chain of the audit log and names the first entry that was\n"
			"changed or removed. Exit status 0: intact; 1: broken or unreadable.\n\n"
			"options:\n%s",
			common_flags);
		return pa.help ? 0 : EXIT_USAGE;
	}
	struct kp_config cfg;
	if (load_config(&pa, &cfg) != 0)
		return EXIT_USAGE;
	sqlite3 *h;
	if (sqlite3_open_v2(cfg.database, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "koppel: cannot open %s: %s\n", cfg.database, sqlite3_errmsg(h));
		sqlite3_close(h);
		return 1;
	}
	sqlite3_busy_timeout(h, (int)cfg.busy_timeout_ms);
	struct kp_audit_verify_result res;
	char err[512];
	int rc = kp_audit_verify(h, &res, err, sizeof err);
	sqlite3_close(h);
	if (rc != 0) {
		fprintf(stderr, "koppel: %s\n", err);
		return 1;
	}
	if (res.first_bad) {
		printf("audit log BROKEN: entry %lld was changed, or an entry before it was removed (%lld entries checked)\n",
		       (long long)res.first_bad, (long long)res.rows);
		return 1;
	}
	printf("audit log intact: %lld entries, head entry %lld hash %s\n", (long long)res.rows, (long long)res.last_id,
	       res.last_hash);
	return 0;
}

static int cmd_postcodes(int argc, char **argv)
{
	struct parsed_args pa;
	if (parse_args(argc, argv, db_flags, 1, &pa) != 0)
		return EXIT_USAGE;
	if (pa.help || pa.n_positional != 2 || strcmp(pa.positional[0], "import") != 0) {
		fprintf(pa.help ? stdout : stderr,
			"usage: koppel postcodes import FILE.csv [options]\n\n"
			"Loads four-digit postcode areas (PC4) with their centroids, from a CSV file with\n"
			"the header 'pc4,place,lat,lon'. Gezinnen get their coordinates from these areas;\n"
			"an unknown postcode leaves them empty. Existing areas are replaced, and the\n"
			"coordinates of gezinnen are recomputed. Every bad row is reported with its line\n"
			"number, and then nothing is imported.\n\noptions:\n%s",
			common_flags);
		return pa.help ? 0 : EXIT_USAGE;
	}
	int status;
	struct kp_db *db = open_db_for_command(&pa, &status);
	if (!db)
		return status;
	struct kp_postcodes_result res;
	char err[1024];
	int rc = kp_postcodes_import(db, pa.positional[1], stderr, &res, err, sizeof err);
	kp_db_close(db);
	if (rc != 0) {
		fprintf(stderr, "koppel: %s\n", err);
		return 1;
	}
	printf("%zu postcode areas imported; coordinates of %zu gezinnen updated\n", res.rows, res.gezinnen);
	return 0;
}

static int cmd_demo(int argc, char **argv)
{
	/* --postcodes and --seed are this command's own, not settings */
	const char *postcodes = NULL;
	unsigned long seed = 1;
	int out = 1;
	for (int i = 1; i < argc; i++) {
		if ((strcmp(argv[i], "--postcodes") == 0 || strcmp(argv[i], "--seed") == 0) && i + 1 < argc) {
			if (argv[i][2] == 'p') {
				postcodes = argv[++i];
			} else {
				char *end;
				errno = 0;
				seed = strtoul(argv[++i], &end, 10);
				if (errno || *end || seed > 0xFFFFFFFFul) {
					fprintf(stderr, "koppel: --seed must be a number\n");
					return EXIT_USAGE;
				}
			}
			continue;
		}
		argv[out++] = argv[i];
	}
	argc = out;
	struct parsed_args pa;
	if (parse_args(argc, argv, db_flags, 1, &pa) != 0)
		return EXIT_USAGE;
	if (pa.help || pa.n_positional || !postcodes) {
		fprintf(pa.help ? stdout : stderr,
			"usage: koppel demo --postcodes FILE.csv [--seed N] [options]\n\n"
			"Makes a new database holding a fictional organisation so you can try Koppel:\n"
			"two werkgebieden, a beheerder and two coordinators (the password is printed),\n"
			"and 80 gezinnen on both sides with real PC4 postcodes from FILE.csv\n"
			"(pc4,place,lat,lon; config/postcodes/nl-pc4.csv in the source tree).\n"
			"Makes a new database only: it refuses an existing file, builds the demo in a\n"
			"temporary file beside the target and moves it into place when it is complete,\n"
			"so a failed demo leaves nothing behind.\n\noptions:\n%s",
			common_flags);
		return pa.help ? 0 : EXIT_USAGE;
	}
	struct kp_config cfg;
	if (load_config(&pa, &cfg) != 0)
		return EXIT_USAGE;
	struct kp_db_options o = { .busy_timeout_ms = cfg.busy_timeout_ms, .synchronous_full = cfg.synchronous_full,
				   .readers = 1 };
	umask(077);
	if (make_parent_dirs(cfg.database) != 0) {
		fprintf(stderr, "koppel: cannot create the directory for %s: %s\n", cfg.database, strerror(errno));
		return 1;
	}
	char err[2048];
	if (kp_demo_create(cfg.database, &o, postcodes, (unsigned)seed, stdout, err, sizeof err) != 0) {
		fprintf(stderr, "koppel: %s\n", err);
		return 1;
	}
	return 0;
}

static int cmd_version(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: koppel version\n\nPrints the version of koppel and the schema version it brings.\n");
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "usage: koppel version\n");
		return EXIT_USAGE;
	}
	printf("koppel %s (schema %d, SQLite %s)\n", KOPPEL_VERSION, kp_db_schema_latest(), sqlite3_libversion());
	return 0;
}

/*
 * koppel anonimiseer --verlopen [--dry-run]: the retention pass. Lists the
 * gezinnen past bewaartermijn_maanden (kp_anonimisering_kandidaten) and
 * anonymises each in its own transaction, audited as "koppel-cli". Prints
 * ids only, never a name. 0 when every candidate was anonymised (or none
 * was due), 1 when one failed.
 */
static int cmd_anonimiseer(int argc, char **argv)
{
	bool verlopen = false, dry_run = false;
	int out = 1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--verlopen") == 0) {
			verlopen = true;
			continue;
		}
		if (strcmp(argv[i], "--dry-run") == 0) {
			dry_run = true;
			continue;
		}
		argv[out++] = argv[i];
	}
	argc = out;
	static const char *const flags[][2] = { { "--db", "database" }, { "--bewaartermijn", "bewaartermijn_maanden" } };
	struct parsed_args pa;
	if (parse_args(argc, argv, flags, 2, &pa) != 0)
		return EXIT_USAGE;
	if (pa.help || pa.n_positional || !verlopen) {
		fprintf(pa.help ? stdout : stderr,
			"usage: koppel anonimiseer --verlopen [--dry-run] [--bewaartermijn MAANDEN] [options]\n\n"
			"The retention pass: anonymises every gezin whose last koppeling ended, or that\n"
			"was closed without one, more than bewaartermijn_maanden months ago (status\n"
			"afgerond or gestopt, no open koppeling). Names, contact details, the address\n"
			"below PC4, birth dates (the year stays) and free text are removed; what the\n"
			"reports need stays. Each gezin in its own transaction, audited as koppel-cli.\n"
			"--dry-run only lists the gezinnen (by number) that are due.\n\noptions:\n%s",
			common_flags);
		return pa.help ? 0 : EXIT_USAGE;
	}
	struct kp_config cfg;
	if (load_config(&pa, &cfg) != 0)
		return EXIT_USAGE;
	int status;
	struct kp_db *db = open_db_for_command(&pa, &status);
	if (!db)
		return status;
	char today[16];
	kp_today(today);
	struct kp_conn *c = kp_db_read_begin(db);
	json_t *due = c ? kp_anonimisering_kandidaten(c, NULL, cfg.bewaartermijn_maanden, today) : NULL;
	if (c)
		kp_db_read_end(db, c);
	if (!due) {
		fprintf(stderr, "koppel: cannot read the gezinnen from %s\n", cfg.database);
		kp_db_close(db);
		return 1;
	}
	char reden[96];
	snprintf(reden, sizeof reden, "bewaartermijn van %u maanden verstreken", cfg.bewaartermijn_maanden);
	struct kp_actor actor = { .gebruiker_id = 0, .gebruikersnaam = "koppel-cli", .client = "cli", .principal = NULL };
	size_t done = 0, failed = 0, i;
	json_t *k;
	json_array_foreach(due, i, k)
	{
		int64_t id = json_integer_value(json_object_get(k, "id"));
		const char *sinds = json_string_value(json_object_get(k, "sinds"));
		if (dry_run) {
			printf("gezin %lld: afgesloten sinds %s, wordt geanonimiseerd\n", (long long)id, sinds);
			continue;
		}
		struct kp_conn *w = kp_db_write_begin(db);
		json_t *problem = NULL;
		int rc = w ? kp_gezin_anonimiseer(w, &actor, id, NULL, reden, &problem) : 503;
		if (rc == 0 && kp_db_write_commit(db, w) == SQLITE_OK) {
			printf("gezin %lld: geanonimiseerd (afgesloten sinds %s)\n", (long long)id, sinds);
			done++;
		} else {
			if (w && rc != 0)
				kp_db_write_rollback(db, w);
			fprintf(stderr, "koppel: gezin %lld: not anonymised: %s\n", (long long)id,
				problem ? json_string_value(json_object_get(problem, "detail")) : "database error");
			failed++;
		}
		json_decref(problem);
	}
	size_t n = json_array_size(due);
	json_decref(due);
	kp_db_close(db);
	if (dry_run)
		printf("%zu gezinnen over de bewaartermijn van %u maanden (niets gewijzigd)\n", n,
		       cfg.bewaartermijn_maanden);
	else
		printf("%zu gezinnen geanonimiseerd, %zu mislukt\n", done, failed);
	return failed ? 1 : 0;
}

static int cmd_help(int argc, char **argv);

static const struct command commands[] = {
	{ "serve", cmd_serve, "run the daemon" },
	{ "migrate", cmd_migrate, "apply pending database migrations" },
	{ "backup", cmd_backup, "write a consistent (optionally encrypted) copy of the database" },
	{ "restore", cmd_restore, "put a backup in place of the database (server stopped)" },
	{ "health", cmd_health, "ask the running server whether it is healthy" },
	{ "user", cmd_user, "add users, set passwords, disable and list users" },
	{ "werkgebied", cmd_werkgebied, "add and list werkgebieden" },
	{ "audit", cmd_audit, "verify the audit log" },
	{ "postcodes", cmd_postcodes, "import PC4 postcode areas from CSV" },
	{ "anonimiseer", cmd_anonimiseer, "anonymise the gezinnen past the retention period" },
	{ "demo", cmd_demo, "make a new database holding a fictional organisation" },
	{ "version", cmd_version, "print the version" },
	{ "help", cmd_help, "show this help" },
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
	fprintf(out, "usage: koppel COMMAND [options]\n\n"
		     "Koppel: case management and matching for informal family-support programmes.\n\n"
		     "commands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-11s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n'koppel COMMAND --help' describes a command.\n");
}

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	tzset(); /* "today" follows TZ (kp_today); read it once, before any thread starts */
	kp_db_library_init();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(argc - 1, argv + 1);
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(1, argv + 1);
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "koppel: '%s' is not a command (see 'koppel --help')\n", argv[1]);
	return EXIT_USAGE;
}
