/*
 * main.c - the koppel command: one binary, git-style subcommands.
 *
 *   koppel serve     run the daemon (migrates the database first)
 *   koppel migrate   apply pending schema migrations and exit
 *   koppel backup    write a consistent copy of the database (server may run)
 *   koppel version   print the version and the schema version it brings
 *
 * Every subcommand answers --help. Settings come from defaults, then the
 * config file, then KOPPEL_* variables, then flags (config.h). Exit status:
 * 0 success, 1 failure, 2 wrong usage.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "routes.h"
#include "server.h"

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
	bool v6 = strchr(cfg.listen_host, ':') != NULL;
	kp_log_always(&srv.log, "koppel %s listening on http://%s%s%s:%u (database %s, schema %d)", KOPPEL_VERSION, v6 ? "[" : "",
		      cfg.listen_host, v6 ? "]" : "", (unsigned)srv.port, cfg.database, kp_db_schema_latest());

	int sig = 0;
	while (sigwait(&stop_signals, &sig) != 0)
		;
	kp_log_info(&srv.log, "received %s, finishing requests", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	kp_server_stop(&srv);
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

static int cmd_backup(int argc, char **argv)
{
	struct parsed_args pa;
	if (parse_args(argc, argv, db_flags, 1, &pa) != 0)
		return EXIT_USAGE;
	if (pa.help || pa.n_positional != 1) {
		fprintf(pa.help ? stdout : stderr,
			"usage: koppel backup [options] FILE\n\n"
			"Writes a consistent snapshot of the database to FILE (which must not exist),\n"
			"using VACUUM INTO. Safe while koppel serve is running.\n\noptions:\n%s",
			common_flags);
		return pa.help ? 0 : EXIT_USAGE;
	}
	struct kp_config cfg;
	if (load_config(&pa, &cfg) != 0)
		return EXIT_USAGE;
	umask(077);
	char err[1024];
	if (kp_db_backup(cfg.database, pa.positional[0], err, sizeof err) != 0) {
		fprintf(stderr, "koppel: %s\n", err);
		return 1;
	}
	printf("backup of %s written to %s\n", cfg.database, pa.positional[0]);
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

static int cmd_help(int argc, char **argv);

static const struct command commands[] = {
	{ "serve", cmd_serve, "run the daemon" },
	{ "migrate", cmd_migrate, "apply pending database migrations" },
	{ "backup", cmd_backup, "write a consistent copy of the database" },
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
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
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
