#!/usr/bin/env bash
# bench/overzichten/run.sh - the caseload overview and the CSV export of its
# largest list on a database of 100,000 generated gezinnen and 60,000
# koppelingen with their evaluations (see bench/README.md).
#
# Usage: bench/overzichten/run.sh [BUILD_DIR]
#        (default BUILD_DIR: build-rel if it exists, else build)
#
# Environment:
#   GEZINNEN=100000     number of generated gezinnen
#   KOPPELINGEN=60000   number of generated koppelingen
#   OVERVIEWS=21        sequential overview requests per user; the median is reported
#   EXPORTS=5           full CSV exports; the median time is reported
#   THREADS=2           koppel's HTTP worker threads (--threads)
#   KEEP_TMP=1          keep the scratch directory (database, logs, exports)
#
# What it measures, one request at a time and nothing else running:
#   - GET /api/v1/overzichten/caseload as the coordinator (werkgebied WEST,
#     about half the data) and as the beheerder (everything): median ms, and
#     the server's CPU time per request;
#   - GET /api/v1/overzichten/caseload?lijst=<largest> with Accept: text/csv
#     as the beheerder: median seconds, bytes and rows (checked against the
#     overview's aantallen);
#   - the daemon's resident memory: VmRSS before the exports (baseline) and
#     the peak during them (VmHWM after resetting it through
#     /proc/PID/clear_refs; where that is not allowed, the highest VmRSS
#     sampled every 10 ms).
#
# Targets (issue 7): overview <= 200 ms, full export <= 2 s, peak RSS <= 100 MB.
# This is a benchmark, not a test: a figure beyond its target is reported but
# does not fail. The script exits non-zero only when something does not run:
# the database cannot be set up, the server does not start, a login fails, a
# request answers anything but 200, or an export is incomplete. All traffic
# goes to 127.0.0.1.
set -euo pipefail

readonly OVERVIEW_TARGET_MS=200
readonly EXPORT_TARGET_S=2
readonly RSS_TARGET_MB=100

GEZINNEN=${GEZINNEN:-100000}
KOPPELINGEN=${KOPPELINGEN:-60000}
OVERVIEWS=${OVERVIEWS:-21}
EXPORTS=${EXPORTS:-5}
THREADS=${THREADS:-2}

BENCH=overzichten
BENCH_TOOLS=awk
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

bench_positive_integers GEZINNEN KOPPELINGEN OVERVIEWS EXPORTS THREADS
bench_init "$@"
GEN_KOPPELINGEN=$ROOT/bench/overzichten/koppelingen.sql
[[ -r $GEN_KOPPELINGEN ]] || die "$GEN_KOPPELINGEN not found"
SAMPLER_PID=""

stop_sampler() {
	[[ -n $SAMPLER_PID ]] || return 0
	kill "$SAMPLER_PID" 2>/dev/null || true
	wait "$SAMPLER_PID" 2>/dev/null || true
	SAMPLER_PID=""
}

cleanup() {
	stop_sampler
	bench_stop_server
	bench_remove_tmp
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# kib FIELD : a VmRSS/VmHWM value of the server in KiB.
kib() {
	awk -v f="$1:" '$1 == f { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null ||
		die "koppel died; see $TMP/koppel.log (KEEP_TMP=1 keeps it)"
}

mb() {
	awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'
}

# --- the database -------------------------------------------------------------

bench_database
gen_start=$(now)
bench_sql "$GEZINNEN_SQL" gezinnen gezinnen "$GEZINNEN"
bench_sql "$GEN_KOPPELINGEN" koppelingen koppelingen "$KOPPELINGEN"
gen_end=$(now)
N_GEZINNEN=$(query "SELECT count(*) FROM gezinnen")
N_KOPPELINGEN=$(query "SELECT count(*) FROM koppelingen")
N_EVALUATIES=$(query "SELECT count(*) FROM evaluaties")
((N_GEZINNEN == GEZINNEN && N_KOPPELINGEN == KOPPELINGEN)) ||
	die "the generators wrote $N_GEZINNEN gezinnen and $N_KOPPELINGEN koppelingen, expected $GEZINNEN and $KOPPELINGEN"
PHASES=$(query "SELECT group_concat(fase || ':' || n, ',') FROM (SELECT fase, count(*) AS n FROM koppelingen GROUP BY fase ORDER BY fase)")
DB_MB=$(awk -v b="$(stat -c %s "$DB")" 'BEGIN { printf "%.0f", b / 1048576 }')
printf 'bench overzichten generate gezinnen=%s koppelingen=%s evaluaties=%s fasen=%s seconds=%.1f db_mb=%s\n' \
	"$N_GEZINNEN" "$N_KOPPELINGEN" "$N_EVALUATIES" "$PHASES" "$(awk -v a="$gen_start" -v b="$gen_end" 'BEGIN { print b - a }')" "$DB_MB"

# --- the server ---------------------------------------------------------------

bench_start_server "$THREADS"
COOKIE_COORD=$(bench_login "$COORD_USER" "$COORD_PASSWORD")
COOKIE_ADMIN=$(bench_login "$ADMIN_USER" "$ADMIN_PASSWORD")

OVERVIEW=/api/v1/overzichten/caseload

# aantal JSONFILE KEY : one count from the overview's aantallen.
aantal() {
	grep -o '"aantallen":{[^}]*}' "$1" | grep -o "\"$2\":[0-9]*" | cut -d: -f2
}


# overview NAME COOKIE : $OVERVIEWS sequential requests on one connection;
# sets OVERVIEW_MS (median time_total in ms) and OVERVIEW_CPU_MS (the
# server's CPU time per request, which a busy machine disturbs less than the
# wall time) and leaves the last answer in $TMP/NAME.json.
overview() {
	local name=$1 cookie=$2 out=$TMP/$1.times i args=() before after
	for ((i = 0; i < OVERVIEWS; i++)); do
		args+=(-o "$TMP/$name.json" "$BASE$OVERVIEW")
	done
	before=$(cpu_ticks)
	curl -sS --max-time 120 -H "$cookie" -w '%{http_code} %{time_total}\n' "${args[@]}" >"$out" ||
		die "GET $OVERVIEW as $name failed"
	after=$(cpu_ticks)
	OVERVIEW_CPU_MS=$(awk -v a="$before" -v b="$after" -v t="$(getconf CLK_TCK)" -v n="$OVERVIEWS" \
		'BEGIN { printf "%.1f", (b - a) * 1000 / t / n }')
	if awk '$1 != 200 { bad = 1 } END { exit !bad }' "$out"; then
		die "GET $OVERVIEW as $name answered other than 200: $(head -c 300 "$TMP/$name.json")"
	fi
	grep -q '"aantallen":{' "$TMP/$name.json" || die "the overview as $name has no aantallen"
	# shellcheck disable=SC2046 # a list of numbers
	OVERVIEW_MS=$(median $(awk '{ printf "%.3f\n", $2 * 1000 }' "$out"))
}

# one warm-up request each, so that the first measured one is not the one
# that reads the indexes from disk
curl -sS --max-time 120 -o /dev/null -H "$COOKIE_COORD" "$BASE$OVERVIEW" || die "GET $OVERVIEW failed"
curl -sS --max-time 120 -o /dev/null -H "$COOKIE_ADMIN" "$BASE$OVERVIEW" || die "GET $OVERVIEW failed"
overview coordinator "$COOKIE_COORD"
MS_COORD=$OVERVIEW_MS
CPU_COORD=$OVERVIEW_CPU_MS
overview beheerder "$COOKIE_ADMIN"
MS_ADMIN=$OVERVIEW_MS
CPU_ADMIN=$OVERVIEW_CPU_MS

# The largest list the beheerder sees.
LIJST=""
ROWS_EXPECTED=0
for pair in wachtlijst:wachtlijst beschikbaar:beschikbaar te-laat:teLaat binnen-30-dagen:binnen30Dagen \
	bijna-afgelopen:bijnaAfgelopen vog-verloopt:vogVerloopt; do
	n=$(aantal "$TMP/beheerder.json" "${pair#*:}")
	[[ -n $n ]] || die "aantallen has no ${pair#*:}"
	if ((n > ROWS_EXPECTED)); then
		ROWS_EXPECTED=$n
		LIJST=${pair%%:*}
	fi
done
AANTALLEN=$(grep -o '"aantallen":{[^}]*}' "$TMP/beheerder.json" | sed 's/"aantallen"://; s/"//g; s/[{}]//g')
echo "bench overzichten config build_type=$BUILD_TYPE server_threads=$THREADS cpus=$(nproc) loadavg=$(cut -d' ' -f1 /proc/loadavg) overviews=$OVERVIEWS exports=$EXPORTS aantallen_beheerder=$AANTALLEN coordinator_wachtlijst=$(aantal "$TMP/coordinator.json" wachtlijst)"

# --- the export ---------------------------------------------------------------

EXPORT_URL="$BASE$OVERVIEW?lijst=$LIJST"
BASELINE_KIB=$(kib VmRSS)
CAN_RESET=0
if echo 5 2>/dev/null >"/proc/$SERVER_PID/clear_refs"; then
	CAN_RESET=1
fi
# a sampler as well: it also works where clear_refs may not be written
sampler() {
	local max=0 v
	while :; do
		v=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null) || break
		((v > max)) && { max=$v; echo "$max" >"$TMP/rss.max"; }
		sleep 0.01
	done
}
echo "$BASELINE_KIB" >"$TMP/rss.max"
sampler &
SAMPLER_PID=$!

EXPORT_S=()
for ((i = 1; i <= EXPORTS; i++)); do
	out=$TMP/export.csv
	read -r code seconds bytes < <(curl -sS --max-time 300 -H "$COOKIE_ADMIN" -H 'Accept: text/csv' -o "$out" \
		-w '%{http_code} %{time_total} %{size_download}\n' "$EXPORT_URL") || die "the CSV export of $LIJST failed"
	[[ $code == 200 ]] || die "the CSV export of $LIJST answered $code: $(head -c 300 "$out")"
	# records: CRLF-terminated lines (generated names hold no line breaks), minus the header
	rows=$(($(grep -c $'\r$' "$out") - 1))
	((rows == ROWS_EXPECTED)) || die "the CSV export of $LIJST has $rows rows, the overview counted $ROWS_EXPECTED"
	[[ $(head -c 3 "$out" | od -An -tx1 | tr -d ' ') == efbbbf ]] || die "the CSV export does not start with the UTF-8 BOM"
	EXPORT_S+=("$seconds")
	echo "bench overzichten export round=$i lijst=$LIJST seconds=$seconds bytes=$bytes rows=$rows"
done
stop_sampler
SAMPLED_KIB=$(cat "$TMP/rss.max")
if ((CAN_RESET)); then
	PEAK_KIB=$(kib VmHWM)
	PEAK_HOW=vmhwm
else
	PEAK_KIB=$SAMPLED_KIB
	PEAK_HOW=sampled_vmrss
fi
AUDITED=$(query "SELECT count(*) FROM audit_log WHERE actie = 'exporteren' AND object_soort = 'caseload'")
((AUDITED == EXPORTS)) || die "the audit log holds $AUDITED export entries, expected $EXPORTS"

# --- report -------------------------------------------------------------------

result_le() {
	awk -v v="$1" -v t="$2" 'BEGIN { print (v + 0 <= t + 0) ? "PASS" : "BELOW_TARGET" }'
}
# shellcheck disable=SC2068 # a list of numbers
EXPORT_MEDIAN=$(median ${EXPORT_S[@]})
PEAK_MB=$(mb "$PEAK_KIB")
printf 'bench overzichten overview_median_ms=%.1f user=coordinator server_cpu_ms=%s target_ms=%s result=%s\n' \
	"$MS_COORD" "$CPU_COORD" "$OVERVIEW_TARGET_MS" "$(result_le "$MS_COORD" "$OVERVIEW_TARGET_MS")"
printf 'bench overzichten overview_median_ms=%.1f user=beheerder server_cpu_ms=%s target_ms=%s result=%s\n' \
	"$MS_ADMIN" "$CPU_ADMIN" "$OVERVIEW_TARGET_MS" "$(result_le "$MS_ADMIN" "$OVERVIEW_TARGET_MS")"
printf 'bench overzichten export_median_s=%.3f lijst=%s rows=%s bytes=%s target_s=%s result=%s\n' \
	"$EXPORT_MEDIAN" "$LIJST" "$ROWS_EXPECTED" "$bytes" "$EXPORT_TARGET_S" "$(result_le "$EXPORT_MEDIAN" "$EXPORT_TARGET_S")"
printf 'bench overzichten peak_rss_mb=%s baseline_rss_mb=%s sampled_max_rss_mb=%s measured_by=%s target_mb=%s result=%s\n' \
	"$PEAK_MB" "$(mb "$BASELINE_KIB")" "$(mb "$SAMPLED_KIB")" "$PEAK_HOW" "$RSS_TARGET_MB" "$(result_le "$PEAK_MB" "$RSS_TARGET_MB")"
