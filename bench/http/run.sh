#!/usr/bin/env bash
# bench/http/run.sh - HTTP throughput of koppel versus a bare libmicrohttpd
# server that sends the same bytes (see bench/README.md).
#
# Usage: bench/http/run.sh [BUILD_DIR]          (default BUILD_DIR: build)
#
# Environment:
#   DURATION=10     seconds per measured wrk run
#   ROUNDS=3        measured runs per server; the median is reported
#   THREADS=2       HTTP worker threads for every server
#   KEEP_TMP=1      keep the scratch directory (logs, wrk output)
#   KOPPEL_BIN_OVERRIDE=PATH
#                   dry run without koppel: PATH must be a baseline binary;
#                   it stands in for koppel and serves a fixed copy of the
#                   health response. Only for checking this script.
#
# This is a benchmark, not a test: a ratio below the target is reported but
# does not fail. The script exits non-zero only when a server does not start,
# the two servers do not answer identically, or wrk sees errors or non-2xx
# responses. All traffic goes to 127.0.0.1.
set -euo pipefail

readonly TARGET=0.80
readonly WARMUP_SECONDS=2
readonly WRK_THREADS=1
readonly WRK_CONNECTIONS=32
readonly HEALTH_PATH=/api/v1/health
readonly STARTUP_TIMEOUT_SECONDS=15

DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}

die() {
	echo "bench http: error: $*" >&2
	exit 1
}

note() {
	echo "bench http: $*" >&2
}

for var in DURATION ROUNDS THREADS; do
	if ! [[ ${!var} =~ ^[1-9][0-9]*$ ]]; then
		echo "bench http: error: $var must be a positive integer (got '${!var}')" >&2
		exit 2
	fi
done
if [[ $# -gt 1 || ${1:-} == -h || ${1:-} == --help ]]; then
	echo "usage: $0 [BUILD_DIR]    (default: build)" >&2
	exit 2
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_DIR=${1:-build}
# A relative build directory is looked up from the current directory first,
# then from the repository root.
if [[ $BUILD_DIR != /* && ! -d $BUILD_DIR && -d $ROOT/$BUILD_DIR ]]; then
	BUILD_DIR=$ROOT/$BUILD_DIR
fi
[[ -d $BUILD_DIR ]] || die "build directory '$BUILD_DIR' not found; build first:
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build build -j2"
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)

BASELINE_BIN=$BUILD_DIR/bench/koppel-bench-http-baseline
KOPPEL_BIN=$BUILD_DIR/koppel
WEB_DIR=$ROOT/web

for tool in wrk curl; do
	command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed (Debian: apt-get install $tool)"
done
[[ -x $BASELINE_BIN ]] || die "$BASELINE_BIN not found or not executable;
  build it with: cmake --build $BUILD_DIR --target koppel-bench-http-baseline"
if [[ -n ${KOPPEL_BIN_OVERRIDE:-} ]]; then
	[[ -x $KOPPEL_BIN_OVERRIDE ]] || die "KOPPEL_BIN_OVERRIDE=$KOPPEL_BIN_OVERRIDE is not executable"
	note "DRY RUN: KOPPEL_BIN_OVERRIDE is set; '$KOPPEL_BIN_OVERRIDE' stands in for koppel, the numbers say nothing about koppel"
else
	[[ -x $KOPPEL_BIN ]] || die "$KOPPEL_BIN not found or not executable;
  build it with: cmake --build $BUILD_DIR --target koppel"
	[[ -d $WEB_DIR ]] || die "web directory $WEB_DIR not found"
fi

# Build type from the CMake cache, reported so that numbers from an
# unoptimised build are not mistaken for real ones.
BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null || true)
BUILD_TYPE=${BUILD_TYPE:-unknown}
case $BUILD_TYPE in
Release | RelWithDebInfo | MinSizeRel) ;;
*) note "warning: $BUILD_DIR is a '$BUILD_TYPE' build; benchmark a RelWithDebInfo or Release build" ;;
esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/koppel-bench-http.XXXXXX")
SERVER_PIDS=()
SERVER_NAMES=()

stop_servers() {
	local i pid name status waited
	for i in "${!SERVER_PIDS[@]}"; do
		kill -TERM "${SERVER_PIDS[$i]}" 2>/dev/null || true
	done
	for i in "${!SERVER_PIDS[@]}"; do
		pid=${SERVER_PIDS[$i]}
		name=${SERVER_NAMES[$i]}
		waited=0
		while kill -0 "$pid" 2>/dev/null && ((waited < 50)); do
			sleep 0.1
			waited=$((waited + 1))
		done
		if kill -0 "$pid" 2>/dev/null; then
			note "$name (pid $pid) ignored SIGTERM for 5 s; killing it"
			kill -KILL "$pid" 2>/dev/null || true
		fi
		status=0
		wait "$pid" 2>/dev/null || status=$?
		if ((status != 0)); then
			note "$name (pid $pid) exited with status $status"
		fi
	done
	SERVER_PIDS=()
	SERVER_NAMES=()
}

cleanup() {
	stop_servers
	if [[ ${KEEP_TMP:-0} == 1 ]]; then
		note "scratch files kept in $TMP"
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_server NAME PORT_VAR COMMAND... : starts COMMAND in the background
# with stderr to $TMP/NAME.log, waits for its "listening on" line and stores
# the port in the variable named PORT_VAR.
start_server() {
	local name=$1 port_var=$2 log=$TMP/$1.log pid deadline port=""
	shift 2
	"$@" >"$TMP/$name.stdout" 2>"$log" &
	pid=$!
	SERVER_PIDS+=("$pid")
	SERVER_NAMES+=("$name")
	deadline=$((SECONDS + STARTUP_TIMEOUT_SECONDS))
	while [[ -z $port ]]; do
		port=$(grep -o -m1 'listening on http://127\.0\.0\.1:[0-9][0-9]*' "$log" | sed 's/.*://' || true)
		[[ -n $port ]] && break
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "bench http: error: $name exited during startup; its log:" >&2
			sed 's/^/  | /' "$log" >&2
			exit 1
		fi
		if ((SECONDS >= deadline)); then
			echo "bench http: error: $name printed no 'listening on http://127.0.0.1:PORT' line within ${STARTUP_TIMEOUT_SECONDS} s; its log:" >&2
			sed 's/^/  | /' "$log" >&2
			exit 1
		fi
		sleep 0.05
	done
	printf -v "$port_var" '%s' "$port"
}

# fetch_health PORT PREFIX : writes PREFIX.body, PREFIX.head (raw header
# block without the CRs) and returns non-zero unless the status is 200.
fetch_health() {
	local port=$1 prefix=$2 code
	code=$(curl -sS --max-time 5 -D "$prefix.rawhead" -o "$prefix.body" \
		-w '%{http_code}' "http://127.0.0.1:$port$HEALTH_PATH") || return 1
	tr -d '\r' <"$prefix.rawhead" >"$prefix.head"
	[[ $code == 200 ]]
}

# Header lines that libmicrohttpd generates itself; everything else is
# passed to the baseline so that both servers send the same header set.
extract_extra_headers() {
	awk 'NR > 1 && NF > 0 && tolower($0) !~ /^(date|content-length|connection|transfer-encoding|keep-alive):/' "$1"
}

# Compares two health responses: identical body bytes and identical header
# lines (in order) apart from Date and Connection. Whether a server keeps the
# connection open is a property of how it uses libmicrohttpd, not of the
# response, so it is reported separately (see keepalive_of) rather than
# refused: the benchmark should show what it costs.
check_same_response() {
	local a=$1 b=$2 name_a=$3 name_b=$4
	if ! cmp -s "$a.body" "$b.body"; then
		echo "bench http: error: $name_a and $name_b send different bodies:" >&2
		echo "  $name_a: $(head -c 300 "$a.body")" >&2
		echo "  $name_b: $(head -c 300 "$b.body")" >&2
		exit 1
	fi
	if ! diff -u --label "$name_a" --label "$name_b" \
		<(grep -Evi '^(date|connection):' "$a.head") \
		<(grep -Evi '^(date|connection):' "$b.head") >"$TMP/header.diff"; then
		echo "bench http: error: $name_a and $name_b send different headers:" >&2
		cat "$TMP/header.diff" >&2
		exit 1
	fi
}

# keepalive_of PREFIX : "no" if the response announced Connection: close.
keepalive_of() {
	if grep -Eqi '^connection:.*close' "$1.head"; then
		echo no
	else
		echo yes
	fi
}

# run_wrk NAME PORT SECONDS OUT : runs wrk, fails on socket errors or
# non-2xx/3xx responses. Sets WRK_RPS, WRK_P50_MS and WRK_P99_MS.
run_wrk() {
	local name=$1 port=$2 seconds=$3 out=$4
	if ! wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${seconds}s" --latency \
		"http://127.0.0.1:$port$HEALTH_PATH" >"$out" 2>&1; then
		echo "bench http: error: wrk against $name failed:" >&2
		sed 's/^/  | /' "$out" >&2
		exit 1
	fi
	if grep -q -e '^ *Socket errors:' -e '^ *Non-2xx or 3xx responses:' "$out"; then
		echo "bench http: error: wrk reported errors against $name:" >&2
		sed 's/^/  | /' "$out" >&2
		exit 1
	fi
	WRK_RPS=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
	# Latency values carry a unit (us, ms, s); convert to milliseconds.
	read -r WRK_P50_MS WRK_P99_MS < <(awk '
		function ms(v) {
			if (v ~ /us$/) return v * 0.001
			if (v ~ /ms$/) return v + 0
			if (v ~ /m$/) return v * 60000
			if (v ~ /s$/) return v * 1000
			return v + 0
		}
		/Latency Distribution/ { dist = 1; next }
		dist && $1 == "50%" { p50 = ms($2) }
		dist && $1 == "99%" { p99 = ms($2) }
		END { printf "%.3f %.3f\n", p50, p99 }' "$out")
	if [[ -z $WRK_RPS || $WRK_RPS == 0 ]]; then
		echo "bench http: error: wrk measured no requests against $name:" >&2
		sed 's/^/  | /' "$out" >&2
		exit 1
	fi
	local i
	for i in "${!SERVER_NAMES[@]}"; do
		if [[ ${SERVER_NAMES[$i]} == "$name" ]] && ! kill -0 "${SERVER_PIDS[$i]}" 2>/dev/null; then
			die "$name died during the run; see $TMP/$name.log (KEEP_TMP=1 keeps it)"
		fi
	done
}

median() {
	printf '%s\n' "$@" | sort -g | awk '
		{ v[NR] = $1 }
		END {
			if (NR % 2) m = v[(NR + 1) / 2]
			else m = (v[NR / 2] + v[NR / 2 + 1]) / 2
			print m
		}'
}

# --- start the servers -----------------------------------------------------

# koppel: request logging off (warn) to compare serving cost, and a second
# instance at info level, which logs one line per request. koppel_cmd runs in
# the background subshell made by start_server and execs, so the recorded
# pid is the server's own.
if [[ -n ${KOPPEL_BIN_OVERRIDE:-} ]]; then
	printf '%s' '{"status":"ok","version":"0.1.0","schemaVersion":1}' >"$TMP/standin.body"
	printf '%s\n' 'Content-Type: application/json' 'API-Version: 0.1.0' \
		'Cache-Control: no-store' 'X-Content-Type-Options: nosniff' >"$TMP/standin.headers"
	koppel_cmd() {
		exec "$KOPPEL_BIN_OVERRIDE" --port 0 --threads "$THREADS" \
			--body "$TMP/standin.body" --headers "$TMP/standin.headers"
	}
else
	koppel_cmd() {
		exec "$KOPPEL_BIN" serve --listen 127.0.0.1:0 --db "$TMP/$1.db" --web "$WEB_DIR" \
			--threads "$THREADS" --log-level "$2"
	}
fi

start_server koppel KOPPEL_PORT koppel_cmd koppel warn
fetch_health "$KOPPEL_PORT" "$TMP/koppel" ||
	die "koppel: GET $HEALTH_PATH did not answer 200; headers:
$(cat "$TMP/koppel.head" 2>/dev/null)"
extract_extra_headers "$TMP/koppel.head" >"$TMP/baseline.headers"
cp "$TMP/koppel.body" "$TMP/baseline.body.in"

start_server baseline BASELINE_PORT "$BASELINE_BIN" --port 0 --threads "$THREADS" \
	--body "$TMP/baseline.body.in" --headers "$TMP/baseline.headers"
start_server koppel_info_log KOPPEL_INFO_PORT koppel_cmd koppel_info_log info

fetch_health "$BASELINE_PORT" "$TMP/baseline" || die "baseline: GET $HEALTH_PATH did not answer 200"
fetch_health "$KOPPEL_INFO_PORT" "$TMP/koppel_info_log" || die "koppel_info_log: GET $HEALTH_PATH did not answer 200"
check_same_response "$TMP/koppel" "$TMP/baseline" koppel baseline
check_same_response "$TMP/koppel" "$TMP/koppel_info_log" koppel koppel_info_log

KEEPALIVE_BASELINE=$(keepalive_of "$TMP/baseline")
KEEPALIVE_KOPPEL=$(keepalive_of "$TMP/koppel")
KEEPALIVE_INFO=$(keepalive_of "$TMP/koppel_info_log")
for name in baseline koppel koppel_info_log; do
	if [[ $(keepalive_of "$TMP/$name") == no ]]; then
		note "warning: $name answers 'Connection: close' to a plain HTTP/1.1 GET, so every request" \
			"pays for a new TCP connection (libmicrohttpd 0.9.75 does this when the response is" \
			"queued from the first access-handler call)"
	fi
done

echo "bench http config build_type=$BUILD_TYPE duration=${DURATION}s rounds=$ROUNDS server_threads=$THREADS wrk_threads=$WRK_THREADS connections=$WRK_CONNECTIONS cpus=$(nproc) body_bytes=$(wc -c <"$TMP/koppel.body") extra_headers=$(wc -l <"$TMP/baseline.headers")"

# --- warm up, then alternate ------------------------------------------------

declare -A PORT=([koppel]=$KOPPEL_PORT [baseline]=$BASELINE_PORT [koppel_info_log]=$KOPPEL_INFO_PORT)
declare -A RPS P50 P99
for name in koppel baseline koppel_info_log; do
	run_wrk "$name" "${PORT[$name]}" "$WARMUP_SECONDS" "$TMP/$name.warmup.txt"
	RPS[$name]=""
	P50[$name]=""
	P99[$name]=""
done

for ((round = 1; round <= ROUNDS; round++)); do
	# Reverse the order every other round so slow drift on the machine
	# does not always favour the same server.
	if ((round % 2)); then
		order=(koppel baseline koppel_info_log)
	else
		order=(koppel_info_log baseline koppel)
	fi
	for name in "${order[@]}"; do
		run_wrk "$name" "${PORT[$name]}" "$DURATION" "$TMP/$name.round$round.txt"
		RPS[$name]+="$WRK_RPS "
		P50[$name]+="$WRK_P50_MS "
		P99[$name]+="$WRK_P99_MS "
		echo "bench http round=$round server=$name rps=$WRK_RPS p50_ms=$WRK_P50_MS p99_ms=$WRK_P99_MS"
	done
done

# --- report -----------------------------------------------------------------

# shellcheck disable=SC2086 # the lists are space-separated numbers
{
	base_rps=$(median ${RPS[baseline]})
	koppel_rps=$(median ${RPS[koppel]})
	info_rps=$(median ${RPS[koppel_info_log]})
}
ratio=$(awk -v k="$koppel_rps" -v b="$base_rps" 'BEGIN { printf "%.2f", k / b }')
info_ratio=$(awk -v k="$info_rps" -v b="$base_rps" 'BEGIN { printf "%.2f", k / b }')
result=$(awk -v r="$ratio" -v t="$TARGET" 'BEGIN { print (r + 0 >= t + 0) ? "PASS" : "BELOW_TARGET" }')

printf 'bench http baseline_rps=%.0f koppel_rps=%.0f ratio=%s target=%s result=%s\n' \
	"$base_rps" "$koppel_rps" "$ratio" "$TARGET" "$result"
printf 'bench http koppel_info_log_rps=%.0f ratio=%s\n' "$info_rps" "$info_ratio"
echo "bench http keepalive baseline=$KEEPALIVE_BASELINE koppel=$KEEPALIVE_KOPPEL koppel_info_log=$KEEPALIVE_INFO"
for name in baseline koppel koppel_info_log; do
	# shellcheck disable=SC2086
	printf 'bench http latency server=%s p50_ms=%.3f p99_ms=%.3f\n' \
		"$name" "$(median ${P50[$name]})" "$(median ${P99[$name]})"
done
log_file=$TMP/koppel_info_log.log
printf 'bench http koppel_info_log_lines=%d log_bytes=%d\n' \
	"$(wc -l <"$log_file")" "$(wc -c <"$log_file")"
