#!/usr/bin/env bash
# test_cli.sh - the koppel command as an operator uses it: help texts, exit
# codes, migrate (fresh, repeated, refusing a newer schema untouched), backup
# while serving, settings precedence (file < environment < flags), and a
# graceful stop on SIGTERM that checkpoints the WAL.
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
    SERVE_URL=$(grep -o 'listening on http://[^ ]*' "$log" 2>/dev/null | head -1 | sed 's/listening on //')
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

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
