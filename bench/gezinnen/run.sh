#!/usr/bin/env bash
# bench/gezinnen/run.sh - reading gezinnen from a database of 100,000
# generated gezinnen: one gezin, a filtered list page, a search and a later
# page, each compared with the health endpoint in the same run, with two
# references: an authenticated endpoint that is not audited and an audited
# read of almost nothing (see bench/README.md).
#
# Usage: bench/gezinnen/run.sh [BUILD_DIR]
#        (default BUILD_DIR: build-rel if it exists, else build)
#
# Environment:
#   DURATION=8        seconds per measured wrk run
#   ROUNDS=3          measured runs per endpoint; the median is reported
#   THREADS=2         koppel's HTTP worker threads (--threads)
#   CONNECTIONS=16    wrk connections
#   GEZINNEN=100000   number of generated gezinnen
#   ZOEK=kart         search text (4 letters matching a few hundred gezinnen)
#   SINGLE=50         sequential curl requests per list endpoint for the
#                     single-request latency ...
#   SINGLE_BUDGET=60  ... or fewer (at least 5) when they take longer than
#                     this many seconds in all
#   KEEP_TMP=1        keep the scratch directory (database, logs, wrk output)
#
# This is a benchmark, not a test: a figure below its target is reported but
# does not fail. The script exits non-zero only when something does not run:
# the database cannot be set up, the server does not start, the login fails,
# or a request answers anything but 2xx. All traffic goes to 127.0.0.1.
set -euo pipefail

readonly GET_TARGET=0.50
readonly LIST_TARGET_MS=20
readonly WARMUP_SECONDS=2
readonly WRK_THREADS=1
readonly WRK_TIMEOUT_SECONDS=30

DURATION=${DURATION:-8}
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
GEZINNEN=${GEZINNEN:-100000}
ZOEK=${ZOEK:-kart}
SINGLE=${SINGLE:-50}
SINGLE_BUDGET=${SINGLE_BUDGET:-60}

BENCH=gezinnen
BENCH_TOOLS=wrk
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

bench_positive_integers DURATION ROUNDS THREADS CONNECTIONS GEZINNEN SINGLE SINGLE_BUDGET
if ! [[ $ZOEK =~ ^[A-Za-z]{3,20}$ ]]; then
	echo "bench gezinnen: error: ZOEK must be 3 to 20 letters (got '$ZOEK')" >&2
	exit 2
fi
bench_init "$@"

cleanup() {
	bench_stop_server
	bench_remove_tmp
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the database -------------------------------------------------------------

bench_database
gen_start=$(now)
bench_sql "$GEZINNEN_SQL" gezinnen gezinnen "$GEZINNEN"
gen_end=$(now)
GEN_SECONDS=$(awk -v a="$gen_start" -v b="$gen_end" 'BEGIN { printf "%.1f", b - a }')
N_GEZINNEN=$(query "SELECT count(*) FROM gezinnen")
N_LEDEN=$(query "SELECT count(*) FROM leden")
N_ZOEK=$(query "SELECT count(*) FROM gezinnen_zoek")
((N_GEZINNEN == GEZINNEN && N_ZOEK == GEZINNEN)) ||
	die "the generator wrote $N_GEZINNEN gezinnen and $N_ZOEK search rows, expected $GEZINNEN"
DB_MB=$(awk -v b="$(stat -c %s "$DB")" 'BEGIN { printf "%.0f", b / 1048576 }')
echo "bench gezinnen generate gezinnen=$N_GEZINNEN leden=$N_LEDEN seconds=$GEN_SECONDS db_mb=$DB_MB"

# What the requests below ask for, chosen from the data so that they mean
# the same thing whatever the generator produces: the coordinator's
# werkgebied, one of its vraaggezinnen with children, the cursor of the gezin
# halfway through the coordinator's alphabetical list.
WG=$(query "SELECT id FROM werkgebieden WHERE code = 'WEST'")
GET_ID=$(query "SELECT g.id FROM gezinnen g WHERE g.werkgebied_id = $WG AND g.rol = 'vraaggezin'
	AND (SELECT count(*) FROM leden l WHERE l.gezin_id = g.id) = 3 ORDER BY g.id LIMIT 1 OFFSET 100")
VISIBLE=$(query "SELECT count(*) FROM gezinnen WHERE werkgebied_id = $WG")
LIST_MATCHES=$(query "SELECT count(*) FROM gezinnen WHERE werkgebied_id = $WG AND rol = 'vraaggezin' AND status = 'wachtend'")
ZOEK_ALL=$(query "SELECT count(*) FROM gezinnen_zoek WHERE gezinnen_zoek MATCH '\"$ZOEK\"'")
ZOEK_VISIBLE=$(query "SELECT count(*) FROM gezinnen_zoek z JOIN gezinnen g ON g.id = z.rowid
	WHERE gezinnen_zoek MATCH '\"$ZOEK\"' AND g.werkgebied_id = $WG")
[[ -n $GET_ID ]] || die "no gezin to read in werkgebied WEST; is GEZINNEN too small?"

# --- the server ---------------------------------------------------------------

# The server fills the Dutch sort keys (gezinnen.sorteersleutel) of rows written
# by plain SQL at start, so the later page's cursor is read after it started.
bench_start_server "$THREADS"
PAGE_ID=$(query "SELECT id FROM gezinnen WHERE werkgebied_id = $WG ORDER BY sorteersleutel, id
	LIMIT 1 OFFSET $((VISIBLE / 2))")
# the list's opaque cursor, as its 'volgende' link makes it: base64url("naam\n<id>\n<hex sort key>") without padding
PAGE_NA=$(printf 'naam\n%s\n%s' "$PAGE_ID" "$(query "SELECT hex(sorteersleutel) FROM gezinnen WHERE id = $PAGE_ID")" |
	base64 -w0 | tr '+/' '-_' | tr -d '=')
[[ -n $PAGE_ID && -n $PAGE_NA ]] || die "no sort key for the later page; did the server fill them?"

declare -A URL_PATH=(
	[health]=/api/v1/health
	[auth]=/api/v1/werkgebieden
	[logboek]=/api/v1/gezinnen/$GET_ID/logboek
	[get]=/api/v1/gezinnen/$GET_ID
	[list]="/api/v1/gezinnen?rol=vraaggezin&status=wachtend&limit=50"
	[search]="/api/v1/gezinnen?zoek=$ZOEK&limit=50"
	[page]="/api/v1/gezinnen?limit=50&na=$PAGE_NA"
)
ENDPOINTS=(health auth logboek get list search page)

# Log in as the coordinator; the session cookie goes on every request.
COOKIE=$(bench_login "$COORD_USER" "$COORD_PASSWORD")

# One request per endpoint: 200, and the answer is what it should be.
for ep in "${ENDPOINTS[@]}"; do
	code=$(curl -sS --max-time 10 -H "$COOKIE" -o "$TMP/$ep.check.json" -w '%{http_code}' \
		"$BASE${URL_PATH[$ep]}") || die "GET ${URL_PATH[$ep]} failed"
	[[ $code == 200 ]] || die "GET ${URL_PATH[$ep]} answered $code: $(head -c 300 "$TMP/$ep.check.json")"
done
grep -q "\"id\": *$GET_ID," "$TMP/get.check.json" || die "GET ${URL_PATH[get]} did not return gezin $GET_ID"
for ep in list search page; do
	rows=$(grep -o '"aantalKinderen"' "$TMP/$ep.check.json" | wc -l)
	((rows > 0)) || die "GET ${URL_PATH[$ep]} returned no gezinnen"
	printf -v "ROWS_${ep^^}" '%s' "$rows"
done

echo "bench gezinnen config build_type=$BUILD_TYPE duration=${DURATION}s rounds=$ROUNDS server_threads=$THREADS wrk_threads=$WRK_THREADS connections=$CONNECTIONS cpus=$(nproc) visible_to_coordinator=$VISIBLE get_id=$GET_ID list_matches=$LIST_MATCHES zoek=$ZOEK zoek_matches=$ZOEK_VISIBLE zoek_matches_all=$ZOEK_ALL page_na=$PAGE_NA rows_per_page=$ROWS_LIST/$ROWS_SEARCH/$ROWS_PAGE get_bytes=$(wc -c <"$TMP/get.check.json") list_bytes=$(wc -c <"$TMP/list.check.json")"

# --- measuring ----------------------------------------------------------------

# run_wrk ENDPOINT SECONDS OUT [warmup] : runs wrk and fails on connection
# errors or non-2xx/3xx answers. Requests that take longer than
# WRK_TIMEOUT_SECONDS are a measurement (too slow), not a failure: they are
# counted in WRK_TIMEOUTS. Sets WRK_RPS, WRK_P50_MS, WRK_P99_MS,
# WRK_REQUESTS and WRK_TIMEOUTS.
run_wrk() {
	local ep=$1 seconds=$2 out=$3 warmup=${4:-}
	if ! wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout "${WRK_TIMEOUT_SECONDS}s" --latency \
		-H "$COOKIE" "$BASE${URL_PATH[$ep]}" >"$out" 2>&1; then
		echo "bench gezinnen: error: wrk against $ep failed:" >&2
		sed 's/^/  | /' "$out" >&2
		exit 1
	fi
	local connect read write timeout
	read -r connect read write timeout < <(awk -F'[ ,]+' '/Socket errors:/ {
		for (i = 1; i < NF; i++) if ($i ~ /^(connect|read|write|timeout)$/) v[$i] = $(i + 1)
	} END { printf "%d %d %d %d\n", v["connect"], v["read"], v["write"], v["timeout"] }' "$out")
	if ((connect + read + write > 0)) || grep -q '^ *Non-2xx or 3xx responses:' "$out"; then
		echo "bench gezinnen: error: wrk reported errors against $ep (${URL_PATH[$ep]}):" >&2
		sed 's/^/  | /' "$out" >&2
		echo "  last lines of the server log:" >&2
		tail -n 20 "$TMP/koppel.log" | sed 's/^/  | /' >&2
		exit 1
	fi
	WRK_TIMEOUTS=$timeout
	WRK_RPS=$(awk '/^Requests\/sec:/ { printf "%.1f", $2 }' "$out")
	WRK_REQUESTS=$(awk '/ requests in / { print $1 }' "$out")
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
	if [[ -z $warmup ]] && [[ -z $WRK_REQUESTS || $WRK_REQUESTS == 0 ]]; then
		echo "bench gezinnen: error: no request to $ep completed within ${seconds} s; raise DURATION:" >&2
		sed 's/^/  | /' "$out" >&2
		exit 1
	fi
	kill -0 "$SERVER_PID" 2>/dev/null || die "koppel died during the run; see $TMP/koppel.log (KEEP_TMP=1 keeps it)"
	drain
}

# drain : waits until the server is idle. wrk stops sending when its time
# is up, but requests libmicrohttpd has already read are still answered, and
# with slow endpoints that backlog can take longer than the run itself; left
# alone it would slow down the next measurement. Idle means that the server
# used less than 4 % of one core over half a second.
drain() {
	local before after idle_ticks deadline=$((SECONDS + 900))
	idle_ticks=$(($(getconf CLK_TCK) / 50)) # 0.02 s of CPU time
	after=$(cpu_ticks)
	while :; do
		before=$after
		sleep 0.5
		after=$(cpu_ticks)
		((after - before > idle_ticks)) || break
		((SECONDS < deadline)) || die "the server was still busy 900 s after wrk stopped"
	done
}

# single ENDPOINT : sequential requests on one kept-alive connection, no
# other load: up to $SINGLE, in batches of 5, stopping after the batch that
# passes $SINGLE_BUDGET seconds. Sets SINGLE_MS (median time_total in ms) and
# SINGLE_N (requests made).
single() {
	local ep=$1 i args=() start=$SECONDS out=$TMP/$1.single.txt
	: >"$out"
	for ((i = 0; i < 5; i++)); do
		args+=(-o /dev/null "$BASE${URL_PATH[$ep]}")
	done
	SINGLE_N=0
	while ((SINGLE_N < SINGLE)) && { ((SINGLE_N == 0)) || ((SECONDS - start < SINGLE_BUDGET)); }; do
		curl -sS --max-time 120 -H "$COOKIE" -w '%{http_code} %{time_total}\n' \
			"${args[@]:0:$((3 * (SINGLE - SINGLE_N < 5 ? SINGLE - SINGLE_N : 5)))}" >>"$out" ||
			die "curl against $ep failed"
		SINGLE_N=$(wc -l <"$out")
	done
	if awk '$1 != 200 { bad = 1 } END { exit !bad }' "$out"; then
		die "GET ${URL_PATH[$ep]} answered other than 200 in the single-request run: $(awk '{ print $1 }' "$out" | sort | uniq -c | tr '\n' ' ')"
	fi
	# shellcheck disable=SC2046 # a list of numbers
	SINGLE_MS=$(median $(awk '{ printf "%.3f\n", $2 * 1000 }' "$out"))
}

AUDIT_BEFORE=$(query "SELECT count(*) FROM audit_log")
declare -A RPS P50 P99 TIMEOUTS
AUDITED_REQUESTS=0
for ep in "${ENDPOINTS[@]}"; do
	run_wrk "$ep" "$WARMUP_SECONDS" "$TMP/$ep.warmup.txt" warmup
	[[ $ep == get || $ep == logboek ]] && AUDITED_REQUESTS=$((AUDITED_REQUESTS + WRK_REQUESTS))
	RPS[$ep]=""
	TIMEOUTS[$ep]=0
	P50[$ep]=""
	P99[$ep]=""
done

for ((round = 1; round <= ROUNDS; round++)); do
	# Reverse the order every other round so slow drift on the machine (and
	# the growing audit log) does not always favour the same endpoint.
	if ((round % 2)); then
		order=("${ENDPOINTS[@]}")
	else
		order=(page search list get logboek auth health)
	fi
	for ep in "${order[@]}"; do
		run_wrk "$ep" "$DURATION" "$TMP/$ep.round$round.txt"
		[[ $ep == get || $ep == logboek ]] && AUDITED_REQUESTS=$((AUDITED_REQUESTS + WRK_REQUESTS))
		RPS[$ep]+="$WRK_RPS "
		P50[$ep]+="$WRK_P50_MS "
		P99[$ep]+="$WRK_P99_MS "
		TIMEOUTS[$ep]=$((TIMEOUTS[$ep] + WRK_TIMEOUTS))
		echo "bench gezinnen round=$round endpoint=$ep rps=$WRK_RPS p50_ms=$WRK_P50_MS p99_ms=$WRK_P99_MS requests=$WRK_REQUESTS timeouts=$WRK_TIMEOUTS"
	done
done

declare -A SINGLE_MED SINGLE_COUNT
for ep in list search page; do
	single "$ep"
	SINGLE_MED[$ep]=$SINGLE_MS
	SINGLE_COUNT[$ep]=$SINGLE_N
done

# --- report -------------------------------------------------------------------

declare -A MED_RPS MED_P50 MED_P99
for ep in "${ENDPOINTS[@]}"; do
	# shellcheck disable=SC2086 # space-separated numbers
	{
		MED_RPS[$ep]=$(median ${RPS[$ep]})
		MED_P50[$ep]=$(median ${P50[$ep]})
		MED_P99[$ep]=$(median ${P99[$ep]})
	}
done
# a / b with two decimals; below 0.01 with two significant digits (0.00038).
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		r = a / b
		if (r >= 0.01 || r == 0) { printf "%.2f", r; exit }
		d = 2; for (x = r; x < 0.1; x *= 10) d++
		printf "%.*f", d, r
	}'
}
# Whole requests per second, or one decimal below 100.
rps() {
	awk -v r="$1" 'BEGIN { printf (r < 100) ? "%.1f" : "%.0f", r }'
}
get_ratio=$(ratio "${MED_RPS[get]}" "${MED_RPS[health]}")
get_result=$(awk -v r="$get_ratio" -v t="$GET_TARGET" 'BEGIN { print (r + 0 >= t + 0) ? "PASS" : "BELOW_TARGET" }')
printf 'bench gezinnen health_rps=%s get_rps=%s get_ratio=%s target=%s result=%s\n' \
	"$(rps "${MED_RPS[health]}")" "$(rps "${MED_RPS[get]}")" "$get_ratio" "$GET_TARGET" "$get_result"
# The references that explain the GET: an authenticated endpoint that reads
# almost nothing and is not audited, and an audited read that reads almost
# nothing (the gezin's empty logboek): the floor for any audited read.
printf 'bench gezinnen reference auth_rps=%s auth_ratio=%s audited_empty_read_rps=%s audited_empty_read_ratio=%s\n' \
	"$(rps "${MED_RPS[auth]}")" "$(ratio "${MED_RPS[auth]}" "${MED_RPS[health]}")" \
	"$(rps "${MED_RPS[logboek]}")" "$(ratio "${MED_RPS[logboek]}" "${MED_RPS[health]}")"
for ep in list search page; do
	result=$(awk -v m="${SINGLE_MED[$ep]}" -v t="$LIST_TARGET_MS" 'BEGIN { print (m + 0 <= t + 0) ? "PASS" : "BELOW_TARGET" }')
	printf 'bench gezinnen %s_rps=%s %s_ratio=%s %s_p50_ms=%.3f %s_p99_ms=%.3f %s_median_single_ms=%.3f target_ms=%s result=%s\n' \
		"$ep" "$(rps "${MED_RPS[$ep]}")" "$ep" "$(ratio "${MED_RPS[$ep]}" "${MED_RPS[health]}")" \
		"$ep" "${MED_P50[$ep]}" "$ep" "${MED_P99[$ep]}" "$ep" "${SINGLE_MED[$ep]}" "$LIST_TARGET_MS" "$result"
done
echo "bench gezinnen single_requests list=${SINGLE_COUNT[list]} search=${SINGLE_COUNT[search]} page=${SINGLE_COUNT[page]}"
timeouts=""
for ep in "${ENDPOINTS[@]}"; do
	((TIMEOUTS[$ep] == 0)) || timeouts+=" $ep=${TIMEOUTS[$ep]}"
done
[[ -z $timeouts ]] || echo "bench gezinnen wrk_timeouts(>${WRK_TIMEOUT_SECONDS}s)$timeouts"
for ep in health auth logboek get; do
	printf 'bench gezinnen latency endpoint=%s p50_ms=%.3f p99_ms=%.3f\n' "$ep" "${MED_P50[$ep]}" "${MED_P99[$ep]}"
done
# Every GET of a gezin or its logboek appends an audit entry (by design).
# wrk counts only the answers it received before its time was up, so the log
# may hold a few more entries than it counted.
AUDIT_AFTER=$(query "SELECT count(*) FROM audit_log")
echo "bench gezinnen audit_log_rows=$AUDIT_AFTER added=$((AUDIT_AFTER - AUDIT_BEFORE)) audited_requests_counted=$AUDITED_REQUESTS"
