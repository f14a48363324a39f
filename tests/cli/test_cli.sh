#!/usr/bin/env bash
# test_cli.sh - the koppel command as an operator uses it: help texts, exit
# codes, migrate (fresh, repeated, refusing a newer schema untouched), backup
# while serving, settings precedence (file < environment < flags), and a
# graceful stop on SIGTERM that checkpoints the WAL, the PC4 table in
# config/postcodes, and koppel demo making a new database or nothing.
#
# usage: test_cli.sh PATH/TO/koppel      (run by ctest)
set -u
KOPPEL=${1:?usage: test_cli.sh PATH/TO/koppel}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$T"
}
trap cleanup EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
check() { # check DESCRIPTION COMMAND...
  local d=$1; shift
  if "$@"; then ok "$d"; else fail "$d"; fi
}

# Starts koppel serve in the background with the given extra args; sets
# SERVE_PID and SERVE_URL (from the "listening on" line) or fails.
start_server() {
  local log=$1; shift
  "$KOPPEL" serve --web "$ROOT/web" "$@" 2>"$log" &
  SERVE_PID=$!
  PIDS+=("$SERVE_PID")
  SERVE_URL=""
  for _ in $(seq 1 100); do
    SERVE_URL=$(grep -Eo 'listening on https?://[^ ]*' "$log" 2>/dev/null | head -1 | sed 's/listening on //')
    [ -n "$SERVE_URL" ] && return 0
    kill -0 "$SERVE_PID" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# --- help and usage ---------------------------------------------------------
out=$("$KOPPEL" version); rc=$?
check "version exits 0" test $rc -eq 0
check "version names koppel and the schema" grep -Eq '^koppel [0-9]+\.[0-9]+\.[0-9]+ \(schema [0-9]+' <<<"$out"
for cmd in serve migrate backup version help; do
  out=$("$KOPPEL" $cmd --help); rc=$?
  check "$cmd --help exits 0" test $rc -eq 0
  check "$cmd --help shows usage" grep -q "usage: koppel" <<<"$out"
done
"$KOPPEL" >/dev/null 2>&1; check "no command exits 2" test $? -eq 2
"$KOPPEL" frobnicate >/dev/null 2>&1; check "unknown command exits 2" test $? -eq 2
err=$("$KOPPEL" serve --bogus 2>&1); rc=$?
check "unknown option exits 2" test $rc -eq 2
check "unknown option is named" grep -q -- "--bogus" <<<"$err"
err=$("$KOPPEL" serve --listen 2>&1); check "option without value exits 2" test $? -eq 2

# --- migrate ------------------------------------------------------------------
DB="$T/sub/dir/koppel.db"
out=$("$KOPPEL" migrate --db "$DB"); rc=$?
check "migrate creates a database (and its directories)" test $rc -eq 0 -a -f "$DB"
check "migrate reports the versions" grep -q "migrated from schema 0 to" <<<"$out"
check "database directory is private" test "$(stat -c %a "$T/sub/dir")" = 700
check "database file is private" test "$(stat -c %a "$DB")" = 600
out=$("$KOPPEL" migrate --db "$DB"); rc=$?
check "migrate again is a no-op" grep -q "up to date" <<<"$out"
out=$(KOPPEL_DATABASE="$DB" "$KOPPEL" migrate); check "KOPPEL_DATABASE is honoured" grep -q "$DB" <<<"$out"

NEWER="$T/newer.db"
sqlite3 "$NEWER" "CREATE TABLE x(a); PRAGMA user_version=4242;"
before=$(sha256sum "$NEWER" | cut -d' ' -f1)
err=$("$KOPPEL" migrate --db "$NEWER" 2>&1); rc=$?
check "newer schema refused with exit 1" test $rc -eq 1
check "newer schema message is clear" grep -q "newer than this koppel" <<<"$err"
check "newer database left byte for byte" test "$before" = "$(sha256sum "$NEWER" | cut -d' ' -f1)"
check "newer database not switched to WAL" test ! -e "$NEWER-wal"
err=$("$KOPPEL" serve --db "$NEWER" --listen 127.0.0.1:0 2>&1); rc=$?
check "serve refuses a newer schema too" test $rc -eq 1

# --- settings precedence ----------------------------------------------------------
CONF="$T/koppel.conf"
printf 'listen = 127.0.0.1:1\ndatabase = %s\nthreads = 3\n' "$T/from-file.db" >"$CONF"
if start_server "$T/prec.log" --config "$CONF" --listen 127.0.0.1:0; then
  check "flag --listen wins over the file" grep -q '^http://127.0.0.1:[0-9]*$' <<<"$SERVE_URL"
  check "file setting used when no flag" test -f "$T/from-file.db"
  kill -TERM "$SERVE_PID"; wait "$SERVE_PID"
else
  fail "server with config file did not start: $(cat "$T/prec.log")"
fi
KOPPEL_DATABASE="$T/from-env.db" start_server "$T/env.log" --config "$CONF" --listen 127.0.0.1:0 \
  && { check "environment wins over the file" test -f "$T/from-env.db"; kill -TERM "$SERVE_PID"; wait "$SERVE_PID"; } \
  || fail "server with environment did not start"
printf 'threads = veel\n' >"$T/bad.conf"
err=$("$KOPPEL" serve --config "$T/bad.conf" 2>&1); rc=$?
check "bad config file exits 2" test $rc -eq 2
check "bad config names file and line" grep -q "bad.conf:1: threads" <<<"$err"
err=$(KOPPEL_LOG_LEVEL=luid "$KOPPEL" serve 2>&1); rc=$?
check "bad environment value exits 2 and names the variable" grep -q KOPPEL_LOG_LEVEL <<<"$err"
err=$("$KOPPEL" serve --db "$T/w.db" --web "$T/geen-web" --listen 127.0.0.1:0 2>&1); rc=$?
check "missing web directory exits 1 with its name" test $rc -eq 1 -a -n "$(grep geen-web <<<"$err")"

# --- serve, backup while running, graceful stop -------------------------------------
SDB="$T/serve.db"
if start_server "$T/serve.log" --db "$SDB" --listen 127.0.0.1:0 --log-level info; then
  body=$(curl -s "$SERVE_URL/api/v1/health")
  check "health answers while serving" grep -q '"status":"ok"' <<<"$body"
  out=$("$KOPPEL" backup --db "$SDB" "$T/backup.db"); rc=$?
  check "backup while serving exits 0" test $rc -eq 0
  check "backup passes integrity_check" test "$(sqlite3 "$T/backup.db" 'PRAGMA integrity_check')" = ok
  check "backup has the schema version" test "$(sqlite3 "$T/backup.db" 'PRAGMA user_version')" = \
    "$(sqlite3 "$SDB" 'PRAGMA user_version')"
  err=$("$KOPPEL" backup --db "$SDB" "$T/backup.db" 2>&1); rc=$?
  check "backup never overwrites" test $rc -eq 1
  "$KOPPEL" backup --db "$SDB" >/dev/null 2>&1; check "backup without FILE exits 2" test $? -eq 2
  curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"naam":"Jansen-geheim"}' "$SERVE_URL/api/v1/health"
  curl -s -o /dev/null "$SERVE_URL/api/v1/health?bsn=123456789"
  kill -TERM "$SERVE_PID"; wait "$SERVE_PID"; rc=$?
  check "SIGTERM stops with exit 0" test $rc -eq 0
  check "stop is logged" grep -q "stopped cleanly" "$T/serve.log"
  check "one log line per request with route template and status" grep -Eq 'GET /api/v1/health 200 [0-9.]+ms' "$T/serve.log"
  check "log never holds bodies or query values" bash -c "! grep -Eq 'Jansen|123456789' '$T/serve.log'"
  check "WAL checkpointed and truncated on stop" test ! -s "$SDB-wal"
else
  fail "server did not start: $(cat "$T/serve.log")"
fi
if start_server "$T/int.log" --db "$T/int.db" --listen 127.0.0.1:0; then
  kill -INT "$SERVE_PID"; wait "$SERVE_PID"; check "SIGINT stops with exit 0" test $? -eq 0
else
  fail "server for SIGINT did not start"
fi

# --- users, werkgebieden and the audit log ------------------------------------------
UDB="$T/users.db"
PW='paard-batterij-nietje-7'
out=$("$KOPPEL" werkgebied add AMS "Amsterdam" --db "$UDB"); check "werkgebied add" test $? -eq 0
"$KOPPEL" werkgebied add AMS "Nog eens" --db "$UDB" >/dev/null 2>&1; check "werkgebied code is unique" test $? -eq 1
"$KOPPEL" werkgebied add "A B" "Fout" --db "$UDB" >/dev/null 2>&1; check "bad werkgebied code exits 2" test $? -eq 2
check "werkgebied list" grep -q "AMS *Amsterdam" <<<"$("$KOPPEL" werkgebied list --db "$UDB")"
out=$(echo "$PW" | "$KOPPEL" user add anne --role beheerder --naam "Anne de Boer" --password-stdin --db "$UDB"); rc=$?
check "user add beheerder" test $rc -eq 0
echo "$PW" | "$KOPPEL" user add piet --role coordinator --password-stdin --db "$UDB" >/dev/null 2>&1
check "coordinator without werkgebied exits 2" test $? -eq 2
echo "$PW" | "$KOPPEL" user add piet --role coordinator --werkgebied AMS --password-stdin --db "$UDB" >/dev/null
check "user add coordinator" test $? -eq 0
echo "$PW" | "$KOPPEL" user add coach --role gezinscoach --password-stdin --db "$UDB" >/dev/null 2>&1
check "user add gezinscoach without werkgebied refused" test $? -ne 0
echo "$PW" | "$KOPPEL" user add coach --role gezinscoach --werkgebied AMS --password-stdin --db "$UDB" >/dev/null
check "user add gezinscoach" test $? -eq 0
err=$(echo "kort" | "$KOPPEL" user add kees --role beheerder --password-stdin --db "$UDB" 2>&1); rc=$?
check "weak password refused" test $rc -eq 1 -a -n "$(grep 12 <<<"$err")"
err=$(echo "kees-kees-kees-kees" | "$KOPPEL" user add kees --role beheerder --password-stdin --db "$UDB" 2>&1)
check "password with the user name refused" grep -q gebruikersnaam <<<"$err"
err=$(echo "$PW" | "$KOPPEL" user add anne --role beheerder --password-stdin --db "$UDB" 2>&1); rc=$?
check "duplicate user refused" test $rc -eq 1 -a -n "$(grep exists <<<"$err")"
err=$(echo "$PW" | "$KOPPEL" user add jan --role coordinator --werkgebied XXX --password-stdin --db "$UDB" 2>&1)
check "unknown werkgebied named" grep -q "unknown werkgebied XXX" <<<"$err"
err=$("$KOPPEL" user add jan --role beheerder --db "$UDB" </dev/null 2>&1); rc=$?
check "no terminal and no --password-stdin refused" test $rc -eq 1 -a -n "$(grep password-stdin <<<"$err")"
err=$("$KOPPEL" user add jan --role baas --password-stdin --db "$UDB" </dev/null 2>&1)
check "unknown role exits 2" test $? -eq 2
out=$("$KOPPEL" user list --db "$UDB")
check "user list shows users and roles" grep -Eq '^anne +beheerder +actief' <<<"$out"
check "user list shows werkgebieden" grep -Eq '^piet +coordinator +actief +\["AMS"\]' <<<"$out"
err=$("$KOPPEL" user disable anne --db "$UDB" 2>&1); rc=$?
check "last beheerder cannot be disabled" test $rc -eq 1 -a -n "$(grep "last active beheerder" <<<"$err")"
"$KOPPEL" user disable piet --db "$UDB" >/dev/null; check "user disable" test $? -eq 0
check "disabled user listed as uit" grep -Eq '^piet +coordinator +uit' <<<"$("$KOPPEL" user list --db "$UDB")"
echo 'nieuw-paard-batterij' | "$KOPPEL" user passwd piet --password-stdin --db "$UDB" >/dev/null
check "user passwd" test $? -eq 0
"$KOPPEL" user passwd nobody --password-stdin --db "$UDB" <<<"$PW" >/dev/null 2>&1; check "passwd of unknown user exits 1" test $? -eq 1
check "passwords stored only as argon2id" test "$(sqlite3 "$UDB" "SELECT count(*) FROM gebruikers WHERE wachtwoord_hash NOT LIKE '\$argon2id\$%'")" = 0
check "command-line changes are audited" test "$(sqlite3 "$UDB" "SELECT count(*) FROM audit_log WHERE client = 'cli'")" -ge 5
out=$("$KOPPEL" audit verify --db "$UDB"); rc=$?
check "audit verify: intact" test $rc -eq 0 -a -n "$(grep intact <<<"$out")"
sqlite3 "$UDB" "UPDATE audit_log SET actie = 'x' WHERE id = 2" 2>/dev/null
check "audit log refuses updates" test "$(sqlite3 "$UDB" "SELECT actie FROM audit_log WHERE id = 2")" != x
sqlite3 "$UDB" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET details = '{}' WHERE id = 3"
out=$("$KOPPEL" audit verify --db "$UDB"); rc=$?
check "audit verify finds an edited entry" test $rc -eq 1 -a -n "$(grep 'entry 3 ' <<<"$out")"

# --- PC4 postcode import ----------------------------------------------------------------
PDB="$T/pc.db"
printf 'pc4,place,lat,lon\n1015,Amsterdam,52.378149,4.88321\n0123,Nul,52.1,4.5\n1016,,52.3,4.8\n1017,Ergens,99,4.8\n1018,"Oost, West",52.36,4.92\n' >"$T/bad.csv"
err=$("$KOPPEL" postcodes import "$T/bad.csv" --db "$PDB" 2>&1); rc=$?
check "postcode import with bad rows exits 1" test $rc -eq 1
check "bad rows named by line (3)" grep -q "bad.csv:3: pc4" <<<"$err"
check "bad rows named by line (4)" grep -q "bad.csv:4: place" <<<"$err"
check "bad rows named by line (5)" grep -q "bad.csv:5: lat" <<<"$err"
check "nothing half-imported" test "$(sqlite3 "$PDB" 'SELECT count(*) FROM postcodes')" = 0
printf 'postcode,plaats\n1015,Amsterdam\n' >"$T/wrong.csv"
"$KOPPEL" postcodes import "$T/wrong.csv" --db "$PDB" >/dev/null 2>&1; check "wrong header refused" test $? -eq 1
PC4="$ROOT/config/postcodes/nl-pc4.csv"
out=$("$KOPPEL" postcodes import "$PC4" --db "$PDB"); rc=$?
check "the PC4 file imports" test $rc -eq 0 -a "$(sqlite3 "$PDB" 'SELECT count(*) FROM postcodes')" = 4766
check "quoted place names survive" test "$(sqlite3 "$PDB" "SELECT plaats FROM postcodes WHERE pc4 = 1015")" = Amsterdam
check "Frisian place names are spelled right (9265 Suwâld, 8832 Húns)" test \
  "$(sqlite3 "$PDB" "SELECT group_concat(plaats, '|') FROM (SELECT plaats FROM postcodes WHERE pc4 IN (8832, 9265) ORDER BY pc4)")" = "Húns|Suwâld"
check "no mis-encoded place names (+, Ã, Â, ¶, ¦, ½, ®)" test \
  "$(sqlite3 "$PDB" "SELECT count(*) FROM postcodes WHERE plaats GLOB '*[+ÃÂ¶¦½®]*'")" = 0

# --- koppel demo: a new database, complete or not at all ---------------------------------
DEMO_DIR="$T/demo"
DDB="$DEMO_DIR/demo.db"
err=$("$KOPPEL" demo --postcodes "$T/geen.csv" --db "$DDB" 2>&1); rc=$?
check "demo with a missing postcode file exits 1 and names it" test $rc -eq 1 -a -n "$(grep geen.csv <<<"$err")"
check "a failed demo (missing file) leaves no database file" test ! -e "$DDB"
check "a failed demo (missing file) leaves no temporary file" test -z "$(ls -A "$DEMO_DIR")"
err=$("$KOPPEL" demo --postcodes "$T/bad.csv" --db "$DDB" 2>&1); rc=$?
check "demo with a bad postcode file exits 1 and names the line" test $rc -eq 1 -a -n "$(grep 'bad.csv:3' <<<"$err")"
check "a failed demo (bad rows) leaves no database file" test ! -e "$DDB"
check "a failed demo (bad rows) leaves no temporary file" test -z "$(ls -A "$DEMO_DIR")"
out=$("$KOPPEL" demo --postcodes "$PC4" --db "$DDB"); rc=$?
check "demo then makes the database" test $rc -eq 0 -a "$(sqlite3 "$DDB" 'SELECT count(*) FROM gezinnen')" = 80
check "demo prints its logins" grep -q "coord-zaanstad" <<<"$out"
check "demo leaves only the database" test "$(ls -A "$DEMO_DIR")" = demo.db
check "demo database is private" test "$(stat -c %a "$DDB")" = 600
check "demo gezinnen have coordinates" test "$(sqlite3 "$DDB" 'SELECT count(*) FROM gezinnen WHERE lat IS NULL')" = 0
check "demo is audited and the chain holds" grep -q intact <<<"$("$KOPPEL" audit verify --db "$DDB")"
before=$(sha256sum "$DDB" | cut -d' ' -f1)
err=$("$KOPPEL" demo --postcodes "$PC4" --db "$DDB" 2>&1); rc=$?
check "demo refuses an existing database" test $rc -eq 1 -a -n "$(grep 'already exists' <<<"$err")"
check "the refused database is left byte for byte" test "$before" = "$(sha256sum "$DDB" | cut -d' ' -f1)"
"$KOPPEL" migrate --db "$T/leeg.db" >/dev/null
"$KOPPEL" demo --postcodes "$PC4" --db "$T/leeg.db" >/dev/null 2>&1
check "demo refuses an existing empty database too" test $? -eq 1 -a "$(sqlite3 "$T/leeg.db" 'SELECT count(*) FROM gebruikers')" = 0
printf 'x' >"$T/wees.db-wal"
"$KOPPEL" demo --postcodes "$PC4" --db "$T/wees.db" >/dev/null 2>&1
check "demo refuses a path with a stale -wal beside it" test $? -eq 1 -a ! -e "$T/wees.db"
printf 'pc4,place,lat,lon\r\n1018,"Oost, West",52.36,4.92\r\n' >"$T/quoted.csv"
"$KOPPEL" postcodes import "$T/quoted.csv" --db "$PDB" >/dev/null; check "CRLF and quoted commas" test "$(sqlite3 "$PDB" "SELECT plaats FROM postcodes WHERE pc4 = 1018")" = "Oost, West"

# --- first start, login over HTTP, and HTTPS ------------------------------------------
if start_server "$T/first.log" --db "$T/first.db" --listen 127.0.0.1:0; then
  check "first start says how to add the first beheerder" grep -q "no users yet: create the first beheerder with: koppel user add" "$T/first.log"
  kill -TERM "$SERVE_PID"; wait "$SERVE_PID"
else
  fail "first-start server did not start"
fi
if start_server "$T/login.log" --db "$UDB" --listen 127.0.0.1:0; then
  code=$(curl -s -o "$T/login.json" -D "$T/login.hdr" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"gebruikersnaam\":\"anne\",\"wachtwoord\":\"$PW\"}" "$SERVE_URL/api/v1/sessies")
  check "login over HTTP" test "$code" = 201
  check "session cookie is HttpOnly" grep -qi "^Set-Cookie: koppel_sessie=.*HttpOnly" "$T/login.hdr"
  kill -TERM "$SERVE_PID"; wait "$SERVE_PID"
  check "audit head logged at start and stop" test "$(grep -c 'audit log head at' "$T/login.log")" -eq 2
else
  fail "server for login did not start"
fi
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 -subj /CN=localhost \
  >/dev/null 2>&1
if KOPPEL_TLS_CERT="$T/cert.pem" KOPPEL_TLS_KEY="$T/key.pem" start_server "$T/tls.log" --db "$UDB" --listen 127.0.0.1:0; then
  check "TLS: listening on https" grep -q '^https://' <<<"$SERVE_URL"
  check "TLS: health over https" grep -q '"status":"ok"' <<<"$(curl -sk "$SERVE_URL/api/v1/health")"
  curl -sk -o /dev/null -D "$T/tls.hdr" -H 'Content-Type: application/json' \
    -d "{\"gebruikersnaam\":\"anne\",\"wachtwoord\":\"$PW\"}" "$SERVE_URL/api/v1/sessies"
  check "TLS: session cookie is Secure" grep -qi "^Set-Cookie: koppel_sessie=.*; Secure" "$T/tls.hdr"
  check "TLS: plain HTTP is not answered" test "$(curl -s -o /dev/null -w '%{http_code}' "${SERVE_URL/https/http}/api/v1/health")" != 200
  kill -TERM "$SERVE_PID"; wait "$SERVE_PID"
else
  fail "TLS server did not start: $(cat "$T/tls.log")"
fi
err=$(KOPPEL_TLS_CERT="$T/cert.pem" "$KOPPEL" serve --db "$UDB" --listen 127.0.0.1:0 --web "$ROOT/web" 2>&1); rc=$?
check "TLS certificate without key is refused" test $rc -eq 1 -a -n "$(grep tls_key <<<"$err")"

# --- koppel anonimiseer: the retention pass -------------------------------------
out=$("$KOPPEL" anonimiseer --help); rc=$?
check "anonimiseer --help exits 0" test $rc -eq 0
check "anonimiseer --help shows usage" grep -q "usage: koppel anonimiseer --verlopen" <<<"$out"
"$KOPPEL" anonimiseer --db "$T/anon.db" >/dev/null 2>&1; check "anonimiseer without --verlopen exits 2" test $? -eq 2
ADB="$T/anon.db"
"$KOPPEL" migrate --db "$ADB" >/dev/null
sqlite3 "$ADB" "INSERT INTO werkgebieden(id, code, naam, aangemaakt_op, gewijzigd_op) VALUES (1, 'AMS', 'Amsterdam', 'x', 'x');
INSERT INTO gezinnen(id, naam, rol, status, werkgebied_id, postcode, pc4, gemeente, aangemeld_op, profiel, aangemaakt_op, gewijzigd_op)
 VALUES (1, 'Gezin Bewaarmans', 'vraaggezin', 'gestopt', 1, '1011 AB', 1011, 'Amsterdam', '2020-01-05',
         '{\"watGaatGoed\":\"Bewaar-sterk\",\"vraag\":{\"tekst\":\"Bewaar-vraag\"}}', 'x', 'x'),
        (2, 'Gezin Recentmans', 'vraaggezin', 'gestopt', 1, NULL, NULL, 'Amsterdam', date('now', '-2 months'), '{}', 'x', 'x');
INSERT INTO gezin_statussen(gezin_id, rol, status, datum) VALUES (1, 'vraaggezin', 'gestopt', '2020-02-01'),
 (2, 'vraaggezin', 'gestopt', date('now', '-1 months'));
INSERT INTO leden(gezin_id, volgorde, soort, voornaam, achternaam, geboortedatum, telefoon)
 VALUES (1, 1, 'volwassene', 'Berta', 'Bewaarmans', '1985-04-03', '0611122233');
INSERT INTO logboek(gezin_id, datum, soort, tekst, aangemaakt_op) VALUES (1, '2020-01-06', 'notitie', 'Bewaar-logboek', 'x');"
out=$("$KOPPEL" anonimiseer --verlopen --dry-run --db "$ADB"); rc=$?
check "dry run exits 0 and names the due gezin by number" test $rc -eq 0 -a -n "$(grep '^gezin 1:' <<<"$out")"
check "dry run leaves the recent gezin out" test -z "$(grep '^gezin 2' <<<"$out")"
check "dry run changes nothing" test "$(sqlite3 "$ADB" "SELECT naam FROM gezinnen WHERE id = 1")" = "Gezin Bewaarmans"
check "dry run prints no name" test -z "$(grep -i bewaarmans <<<"$out")"
out=$("$KOPPEL" anonimiseer --verlopen --db "$ADB"); rc=$?
check "retention pass exits 0" test $rc -eq 0
check "retention pass anonymises the due gezin" test "$(sqlite3 "$ADB" "SELECT naam FROM gezinnen WHERE id = 1")" = "Geanonimiseerd gezin"
check "retention pass keeps the recent gezin" test "$(sqlite3 "$ADB" "SELECT naam FROM gezinnen WHERE id = 2")" = "Gezin Recentmans"
dump=$(sqlite3 "$ADB" .dump)
check "no name, phone, birth date or text of it is left in the database" \
  test -z "$(grep -E 'Bewaarmans|Berta|0611122233|1985-04-03|Bewaar-sterk|Bewaar-vraag|Bewaar-logboek|1011 AB' <<<"$dump")"
check "the birth year stays" test "$(sqlite3 "$ADB" "SELECT geboortejaar FROM leden WHERE gezin_id = 1")" = 1985
check "audited as koppel-cli" test "$(sqlite3 "$ADB" "SELECT count(*) FROM audit_log WHERE actie = 'anonimiseren' AND gebruikersnaam = 'koppel-cli' AND object_id = '1'")" = 1
out=$("$KOPPEL" audit verify --db "$ADB"); rc=$?
check "audit chain intact after the retention pass" test $rc -eq 0
out=$("$KOPPEL" anonimiseer --verlopen --bewaartermijn 1200 --db "$ADB"); rc=$?
check "a second pass finds nothing to do" test $rc -eq 0 -a -n "$(grep '^0 gezinnen' <<<"$out")"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
