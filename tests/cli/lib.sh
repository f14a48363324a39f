# lib.sh - helpers shared by the CLI test scripts (sourced, not run):
# TAP-like ok/fail counting, a temporary directory removed on exit with the
# servers started in it, and start_server, which runs koppel serve on port 0
# and reads its address from the "listening on" line.
#
# The sourcing script sets KOPPEL (the binary) and ROOT (the source tree).
T=$(mktemp -d)
PIDS=()
CLEANUP_EXTRA=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
  for c in "${CLEANUP_EXTRA[@]}"; do eval "$c" 2>/dev/null; done
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
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# start_server LOG ARGS...: starts koppel serve in the background; sets
# SERVE_PID and SERVE_URL, or returns 1 (the log says why).
start_server() {
  local log=$1; shift
  "$KOPPEL" serve --web "$ROOT/web" --listen 127.0.0.1:0 "$@" 2>"$log" &
  SERVE_PID=$!
  PIDS+=("$SERVE_PID")
  SERVE_URL=""
  for _ in $(seq 1 200); do
    SERVE_URL=$(grep -Eo 'listening on https?://[^ ]*' "$log" 2>/dev/null | head -1 | sed 's/listening on //')
    [ -n "$SERVE_URL" ] && return 0
    kill -0 "$SERVE_PID" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

stop_server() {
  kill -TERM "$SERVE_PID" 2>/dev/null
  wait "$SERVE_PID" 2>/dev/null
}

# login USER PASSWORD: POST /sessies on SERVE_URL; prints the status code.
login() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 30 -H 'Content-Type: application/json' \
    -d "{\"gebruikersnaam\":\"$1\",\"wachtwoord\":\"$2\"}" "$SERVE_URL/api/v1/sessies"
}

# health: prints "STATUS BODY" of GET /api/v1/health on SERVE_URL.
health() {
  local body code
  body=$(curl -s --max-time 10 -w '\n%{http_code}' "$SERVE_URL/api/v1/health")
  code=${body##*$'\n'}
  echo "$code ${body%$'\n'*}"
}

# wait_health CODE SECONDS: polls health until it answers CODE; prints the
# last answer. Returns 0 when it did.
wait_health() {
  local want=$1 secs=$2 h
  for _ in $(seq 1 $((secs * 5))); do
    h=$(health)
    if [ "${h%% *}" = "$want" ]; then echo "$h"; return 0; fi
    sleep 0.2
  done
  echo "$h"
  return 1
}
