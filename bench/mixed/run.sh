#!/usr/bin/env bash
# bench/mixed/run.sh - a mixed workload of many coordinators at once on
# 100,000 generated gezinnen and 60,000 koppelingen (see bench/README.md).
#
# Usage: bench/mixed/run.sh [BUILD_DIR]
#        (default BUILD_DIR: build-rel if it exists, else build)
#
# Environment:
#   LEVELS="50 200 500"  numbers of coordinators working at once, one run each
#   SECONDS_PER_PHASE=30 measured seconds per phase (without, then with reports)
#   WARMUP=5             seconds before each phase's measurement starts
#   THINK_MS=3000        mean think time of a coordinator between two actions
#   REPORT_EVERY=5       seconds between two quarterly reports (reports phase)
#   EXPORT_EVERY=5       seconds between two CSV exports (reports phase)
#   REPORTS=1            0: only the phases without reports
#   GEZINNEN=100000  KOPPELINGEN=60000   the generated data
#   THREADS=2            koppel's --threads
#   QUICK=1              a short run: LEVELS="50 200", 8 s phases, 2 s warm-up
#                        (explicit variables still win)
#   KEEP_TMP=1           keep the scratch directory
#
# Each coordinator has its own user account (werkgebied WEST or OOST,
# alternately) and its own session, written straight into the scratch
# database (a login per coordinator would cost an argon2id hash each), and
# its own kept-alive connection. The load generator is bench/mixed/client.mjs
# (Node.js, node:http only). It prints per level and phase one line per
# operation (count, p50, p99, non-2xx) and a summary; see bench/README.md.
# A benchmark, not a test: numbers beyond their targets are reported, not
# failed. All traffic goes to 127.0.0.1.
set -euo pipefail

if [[ ${QUICK:-0} == 1 ]]; then
	LEVELS=${LEVELS:-50 200}
	SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-8}
	WARMUP=${WARMUP:-2}
fi
LEVELS=${LEVELS:-50 200 500}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-30}
WARMUP=${WARMUP:-5}
THINK_MS=${THINK_MS:-3000}
REPORT_EVERY=${REPORT_EVERY:-5}
EXPORT_EVERY=${EXPORT_EVERY:-5}
GEZINNEN=${GEZINNEN:-100000}
KOPPELINGEN=${KOPPELINGEN:-60000}
THREADS=${THREADS:-2}
REPORTS=${REPORTS:-1}

BENCH=mixed
BENCH_TOOLS="node python3"
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

bench_positive_integers SECONDS_PER_PHASE WARMUP THINK_MS REPORT_EVERY EXPORT_EVERY GEZINNEN KOPPELINGEN THREADS
MAX_N=0
for n in $LEVELS; do
	[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "bench mixed: error: LEVELS must be positive integers (got '$LEVELS')" >&2; exit 2; }
	((n > MAX_N)) && MAX_N=$n
done
bench_init "$@"
GEN_KOPPELINGEN=$ROOT/bench/overzichten/koppelingen.sql
CLIENT=$ROOT/bench/mixed/client.mjs

cleanup() {
	bench_stop_server
	bench_remove_tmp
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the database -------------------------------------------------------------

bench_database
bench_sql "$GEZINNEN_SQL" gezinnen gezinnen "$GEZINNEN"
bench_sql "$GEN_KOPPELINGEN" koppelingen koppelingen "$KOPPELINGEN"
N_GEZINNEN=$(query "SELECT count(*) FROM gezinnen")
N_KOPPELINGEN=$(query "SELECT count(*) FROM koppelingen")
((N_GEZINNEN == GEZINNEN && N_KOPPELINGEN == KOPPELINGEN)) ||
	die "the generators wrote $N_GEZINNEN gezinnen and $N_KOPPELINGEN koppelingen"

# MAX_N coordinators (bench0001...), alternately in WEST and OOST, with the
# coordinator's password hash, and a session each: token and CSRF from
# Python's secrets, stored as koppel stores them (BLAKE2b-256 of the token).
python3 - "$MAX_N" "$TMP/sessions.sql" "$TMP/sessions.json" <<'EOF'
import hashlib, json, secrets, sys, time
n, sql_path, json_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
now = int(time.time())
sql, out = ["BEGIN;"], []
for i in range(1, n + 1):
    name = "bench%04d" % i
    wg = "WEST" if i % 2 else "OOST"
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    h = hashlib.blake2b(token.encode(), digest_size=32).hexdigest()
    sql.append(
        "INSERT INTO gebruikers(gebruikersnaam, naam, rol, wachtwoord_hash, aangemaakt_op, gewijzigd_op) "
        "SELECT '%s', 'Coordinator %d', 'coordinator', wachtwoord_hash, aangemaakt_op, gewijzigd_op "
        "FROM gebruikers WHERE gebruikersnaam = 'coordinator';" % (name, i))
    sql.append("INSERT INTO gebruiker_werkgebieden(gebruiker_id, werkgebied_id) "
               "SELECT last_insert_rowid(), id FROM werkgebieden WHERE code = '%s';" % wg)
    sql.append("INSERT INTO sessies(token_hash, gebruiker_id, csrf_token, aangemaakt_op, laatst_actief_op, verloopt_op) "
               "SELECT x'%s', id, '%s', %d, %d, %d FROM gebruikers WHERE gebruikersnaam = '%s';"
               % (h, csrf, now, now, now + 40000, name))
    out.append({"name": name, "wg": wg, "cookie": "koppel_sessie=" + token, "csrf": csrf})
sql.append("COMMIT;")
open(sql_path, "w").write("\n".join(sql) + "\n")
json.dump(out, open(json_path, "w"))
EOF
sqlite3 -bail "$DB" <"$TMP/sessions.sql" || die "writing the coordinators and their sessions failed"

# What the coordinators work on, per werkgebied: gezinnen to open and write
# in, vraaggezinnen to ask suggestions for, lopende koppelingen to change.
ids() {
	query "SELECT group_concat(id) FROM (SELECT id FROM $1 WHERE werkgebied_id = (SELECT id FROM werkgebieden WHERE code = '$2') $3 ORDER BY random() LIMIT 2000)"
}
GEMEENTE=$(query "SELECT gemeente FROM gezinnen WHERE gemeente IS NOT NULL GROUP BY gemeente ORDER BY count(*) DESC LIMIT 1")
[[ -n $GEMEENTE ]] || die "no gezin has a gemeente"
declare -A GZ VG KP USERS
for wg in WEST OOST; do
	GZ[$wg]=$(ids gezinnen "$wg" "")
	VG[$wg]=$(ids gezinnen "$wg" "AND rol = 'vraaggezin' AND status = 'wachtend'")
	# a coordinator sees a koppeling only when both gezinnen are in its werkgebieden
	KP[$wg]=$(ids koppelingen "$wg" "AND fase = 'lopend' AND (SELECT s.werkgebied_id FROM gezinnen s WHERE s.id = steungezin_id) = werkgebied_id")
	[[ -n ${GZ[$wg]} && -n ${VG[$wg]} && -n ${KP[$wg]} ]] || die "werkgebied $wg has no gezinnen, vraaggezinnen or lopende koppelingen"
done
USER_IDS=$(query "SELECT group_concat(gebruikersnaam || ':' || id) FROM gebruikers WHERE gebruikersnaam LIKE 'bench%'")

# --- the server ---------------------------------------------------------------

bench_start_server "$THREADS"
COOKIE_ADMIN=$(bench_login "$ADMIN_USER" "$ADMIN_PASSWORD")
JAAR=$(date +%Y)
KWARTAAL=$((($(date +%-m) - 1) / 3 + 1))
EXPORT_QS="lijst=wachtlijst"

# The report: the period report of this year where the build has it, else
# the quarterly overview of the largest gemeente. It is not run here: on a
# database this size a report can take minutes, and that is what the
# reports phase is to show.
# Whether the period report exists: asked with an impossible year, it
# answers 400 without computing anything; an unknown route answers 404.
code=$(curl -sS --max-time 30 -H "$COOKIE_ADMIN" -o /dev/null -w '%{http_code}' "$BASE/api/v1/rapportages/periode?jaar=1")
if [[ $code == 404 ]]; then
	REPORT_PATH="/api/v1/overzichten/kwartaal?gemeente=${GEMEENTE// /%20}&jaar=$JAAR&kwartaal=$KWARTAAL"
else
	REPORT_PATH="/api/v1/rapportages/periode?jaar=$JAAR"
fi
code=$(curl -sS --max-time 120 -H "$COOKIE_ADMIN" -H 'Accept: text/csv' -o "$TMP/check.out" -w '%{http_code}' \
	"$BASE/api/v1/overzichten/caseload?$EXPORT_QS")
[[ $code == 200 ]] || die "the CSV export answered $code: $(head -c 300 "$TMP/check.out")"

python3 - "$TMP/sessions.json" "$TMP/config.json" <<EOF
import json, sys
coords = json.load(open(sys.argv[1]))
ids = dict(p.split(":") for p in "$USER_IDS".split(","))
for c in coords:
    c["gebruikerId"] = int(ids[c["name"]])
split = lambda s: [int(x) for x in s.split(",")]
cfg = {
    "base": "$BASE", "pid": $SERVER_PID, "coordinators": coords,
    "admin": {"cookie": "${COOKIE_ADMIN#Cookie: }"},
    "gezinnen": {"WEST": split("${GZ[WEST]}"), "OOST": split("${GZ[OOST]}")},
    "vraaggezinnen": {"WEST": split("${VG[WEST]}"), "OOST": split("${VG[OOST]}")},
    "koppelingen": {"WEST": split("${KP[WEST]}"), "OOST": split("${KP[OOST]}")},
    "zoek": ["kart", "jan", "bakker", "de vries", "ahmed", "smit"],
    "report": "$REPORT_PATH",
    "export": "$EXPORT_QS",
    "levels": [int(x) for x in "$LEVELS".split()],
    "seconds": $SECONDS_PER_PHASE, "warmup": $WARMUP, "thinkMs": $THINK_MS,
    "reports": "$REPORTS" == "1", "reportEvery": $REPORT_EVERY, "exportEvery": $EXPORT_EVERY,
}
json.dump(cfg, open(sys.argv[2], "w"))
EOF


echo "bench mixed config build_type=$BUILD_TYPE server_threads=$THREADS cpus=$(nproc) loadavg=$(cut -d' ' -f1 /proc/loadavg) gezinnen=$N_GEZINNEN koppelingen=$N_KOPPELINGEN werkgebieden=2 levels=${LEVELS// /,} seconds=$SECONDS_PER_PHASE warmup=$WARMUP think_ms=$THINK_MS report=${REPORT_PATH%%\?*} report_every=$REPORT_EVERY export_every=$EXPORT_EVERY rss_start_mb=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status")"
node "$CLIENT" "$TMP/config.json"
kill -0 "$SERVER_PID" 2>/dev/null || die "koppel died during the run; see $TMP/koppel.log (KEEP_TMP=1 keeps it)"
