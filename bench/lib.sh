# bench/lib.sh - what the gezinnen and overzichten benchmarks share: their
# messages, the build directory, a scratch database with two werkgebieden, a
# beheerder, a coordinator and generated gezinnen, starting and stopping
# koppel, logging in and a few numeric helpers.
#
# Sourced by bench/*/run.sh after `set -euo pipefail` and after setting
# BENCH (the benchmark's name in messages). bench_init "$@" then resolves
# the build directory and sets ROOT, BUILD_DIR, BUILD_TYPE, KOPPEL_BIN,
# WEB_DIR, PC4_CSV, GEZINNEN_SQL (the gezinnen generator), TMP (a scratch
# directory) and DB. The caller installs
# its own EXIT trap and calls bench_stop_server and bench_remove_tmp in it.

readonly COORD_USER=coordinator
readonly COORD_PASSWORD=acht-groene-tulpen-17
readonly ADMIN_USER=beheerder
readonly ADMIN_PASSWORD=zeven-blauwe-fietsen-42
# The first start on generated data fills the search index and the Dutch sort
# keys of every gezin (server/zoeken.h): about 15 s of CPU per 100,000.
readonly STARTUP_TIMEOUT_SECONDS=${STARTUP_TIMEOUT_SECONDS:-300}

SERVER_PID=""

die() {
	echo "bench $BENCH: error: $*" >&2
	exit 1
}

note() {
	echo "bench $BENCH: $*" >&2
}

# bench_positive_integers NAME... : exits 2 unless each named variable holds
# a positive integer.
bench_positive_integers() {
	local var
	for var in "$@"; do
		if ! [[ ${!var} =~ ^[1-9][0-9]*$ ]]; then
			echo "bench $BENCH: error: $var must be a positive integer (got '${!var}')" >&2
			exit 2
		fi
	done
}

# bench_init [BUILD_DIR] : see the top of this file. Tools named in
# BENCH_TOOLS (besides curl and sqlite3) must be installed.
bench_init() {
	if [[ $# -gt 1 || ${1:-} == -h || ${1:-} == --help ]]; then
		echo "usage: $0 [BUILD_DIR]    (default: build-rel if it exists, else build)" >&2
		exit 2
	fi
	ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	if [[ $# -eq 1 ]]; then
		BUILD_DIR=$1
	elif [[ -d build-rel || -d $ROOT/build-rel ]]; then
		BUILD_DIR=build-rel
	else
		BUILD_DIR=build
	fi
	# A relative build directory is looked up from the current directory
	# first, then from the repository root.
	if [[ $BUILD_DIR != /* && ! -d $BUILD_DIR && -d $ROOT/$BUILD_DIR ]]; then
		BUILD_DIR=$ROOT/$BUILD_DIR
	fi
	[[ -d $BUILD_DIR ]] || die "build directory '$BUILD_DIR' not found; build first:
  cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKOPPEL_TESTS=OFF -DKOPPEL_E2E=OFF
  cmake --build build-rel -j2"
	BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
	KOPPEL_BIN=$BUILD_DIR/koppel
	WEB_DIR=$ROOT/web
	PC4_CSV=$ROOT/config/postcodes/nl-pc4.csv
	GEZINNEN_SQL=$ROOT/bench/gezinnen/generate.sql

	local tool
	for tool in curl sqlite3 ${BENCH_TOOLS:-}; do
		command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed (Debian: apt-get install $tool)"
	done
	[[ -x $KOPPEL_BIN ]] || die "$KOPPEL_BIN not found or not executable;
  build it with: cmake --build $BUILD_DIR --target koppel"
	[[ -d $WEB_DIR ]] || die "web directory $WEB_DIR not found"
	[[ -r $PC4_CSV ]] || die "PC4 postcode file $PC4_CSV not found"
	[[ -r $GEZINNEN_SQL ]] || die "$GEZINNEN_SQL not found"

	BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null || true)
	BUILD_TYPE=${BUILD_TYPE:-unknown}
	case $BUILD_TYPE in
	Release | RelWithDebInfo | MinSizeRel) ;;
	*) note "warning: $BUILD_DIR is a '$BUILD_TYPE' build; benchmark a RelWithDebInfo or Release build" ;;
	esac

	TMP=$(mktemp -d "${TMPDIR:-/tmp}/koppel-bench-$BENCH.XXXXXX")
	DB=$TMP/k.db
}

# bench_remove_tmp : removes the scratch directory, or says where it is
# when KEEP_TMP=1.
bench_remove_tmp() {
	if [[ ${KEEP_TMP:-0} == 1 ]]; then
		note "scratch files kept in $TMP"
	else
		rm -rf "$TMP"
	fi
}

# koppel_cli ARGS... : runs a koppel command against the scratch database
# (standard input passed on), output to $TMP/cli.log; stops with the log on
# failure.
koppel_cli() {
	if ! "$KOPPEL_BIN" "$@" --db "$DB" >>"$TMP/cli.log" 2>&1; then
		echo "bench $BENCH: error: 'koppel $*' failed:" >&2
		sed 's/^/  | /' "$TMP/cli.log" >&2
		exit 1
	fi
}

# query SQL : one value from the scratch database.
query() {
	sqlite3 -bail "$DB" "$1"
}

now() {
	date +%s.%N
}

# median NUMBER... : the median.
median() {
	printf '%s\n' "$@" | sort -g | awk '
		{ v[NR] = $1 }
		END {
			if (NR % 2) m = v[(NR + 1) / 2]
			else m = (v[NR / 2] + v[NR / 2 + 1]) / 2
			print m
		}'
}

# bench_sql FILE LABEL PARAMETER VALUE : runs a generator script on the
# scratch database with @PARAMETER set; stops with its output on failure.
bench_sql() {
	if ! sqlite3 -bail "$DB" -cmd "PRAGMA temp_store = MEMORY" -cmd ".parameter set @$3 $4" <"$1" \
		>>"$TMP/generate.log" 2>&1; then
		echo "bench $BENCH: error: generating the $2 failed:" >&2
		sed 's/^/  | /' "$TMP/generate.log" >&2
		exit 1
	fi
}

# bench_database : migrates the scratch database, loads the PC4 areas and
# adds the werkgebieden WEST and OOST, the beheerder and the coordinator
# (werkgebied WEST). The gezinnen come after, from
# `bench_sql "$GEZINNEN_SQL" gezinnen gezinnen N`.
bench_database() {
	koppel_cli migrate
	koppel_cli postcodes import "$PC4_CSV"
	koppel_cli werkgebied add WEST "Regio West"
	koppel_cli werkgebied add OOST "Regio Oost"
	printf '%s\n' "$ADMIN_PASSWORD" | koppel_cli user add "$ADMIN_USER" --role beheerder --password-stdin
	printf '%s\n' "$COORD_PASSWORD" | koppel_cli user add "$COORD_USER" --role coordinator --werkgebied WEST \
		--naam "Anne de Boer" --password-stdin
}

# bench_start_server THREADS : starts koppel serve on 127.0.0.1 (a free
# port) and waits until it listens. Sets SERVER_PID, PORT and BASE.
bench_start_server() {
	"$KOPPEL_BIN" serve --listen 127.0.0.1:0 --db "$DB" --web "$WEB_DIR" --threads "$1" \
		--log-level warn >"$TMP/koppel.stdout" 2>"$TMP/koppel.log" &
	SERVER_PID=$!
	local deadline=$((SECONDS + STARTUP_TIMEOUT_SECONDS))
	PORT=""
	while [[ -z $PORT ]]; do
		PORT=$(grep -o -m1 'listening on http://127\.0\.0\.1:[0-9][0-9]*' "$TMP/koppel.log" | sed 's/.*://' || true)
		[[ -n $PORT ]] && break
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then
			echo "bench $BENCH: error: koppel exited during startup; its log:" >&2
			sed 's/^/  | /' "$TMP/koppel.log" >&2
			SERVER_PID=""
			exit 1
		fi
		if ((SECONDS >= deadline)); then
			echo "bench $BENCH: error: koppel printed no 'listening on http://127.0.0.1:PORT' line within ${STARTUP_TIMEOUT_SECONDS} s; its log:" >&2
			sed 's/^/  | /' "$TMP/koppel.log" >&2
			exit 1
		fi
		sleep 0.05
	done
	BASE=http://127.0.0.1:$PORT
}

# bench_stop_server : SIGTERM, then SIGKILL after 5 s; notes a non-zero exit.
bench_stop_server() {
	local pid=$SERVER_PID waited=0 status=0
	[[ -n $pid ]] || return 0
	SERVER_PID=""
	kill -TERM "$pid" 2>/dev/null || true
	while kill -0 "$pid" 2>/dev/null && ((waited < 50)); do
		sleep 0.1
		waited=$((waited + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		note "koppel (pid $pid) ignored SIGTERM for 5 s; killing it"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || status=$?
	if ((status != 0)); then
		note "koppel (pid $pid) exited with status $status"
	fi
}

# bench_login USER PASSWORD : prints the session cookie header
# ("Cookie: koppel_sessie=...").
bench_login() {
	local code session
	code=$(curl -sS --max-time 30 -D "$TMP/login.head" -o "$TMP/login.body" -w '%{http_code}' \
		-H 'Content-Type: application/json' \
		--data "{\"gebruikersnaam\":\"$1\",\"wachtwoord\":\"$2\"}" "$BASE/api/v1/sessies") ||
		die "the login request for $1 failed"
	[[ $code == 201 ]] || die "login of $1 answered $code: $(head -c 300 "$TMP/login.body")"
	session=$(tr -d '\r' <"$TMP/login.head" | sed -n 's/^[Ss]et-[Cc]ookie: *koppel_sessie=\([^;]*\).*/\1/p' | head -n1)
	[[ -n $session ]] || die "the login of $1 set no koppel_sessie cookie"
	echo "Cookie: koppel_sessie=$session"
}

# cpu_ticks : the server's user + system CPU time in clock ticks (fields 14
# and 15 of /proc/PID/stat; the command name has no spaces).
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat" 2>/dev/null ||
		die "koppel died; see $TMP/koppel.log (KEEP_TMP=1 keeps it)"
}
