#!/usr/bin/env bash
# test_health.sh - /api/v1/health tells whether the database can be written,
# on a real file system, against a running koppel serve.
#
#   alleen-lezen  The database file made unwritable: chattr +i (immutable)
#                 when run as root (root ignores file modes), chmod a-w
#                 otherwise. Health answers 503 naming the reason without any
#                 write (within the 5 s its answer is reused), and 200 again
#                 after the change is undone. Then (as root only, shown as
#                 SKIP otherwise) the write-failure signal: the -wal made unwritable, a login
#                 (which writes a session) fails, health answers 503 naming
#                 the failed write, and 200 again (after one probe write) once
#                 the -wal is writable; the login then works. Also: health
#                 calls do not write (the -wal is untouched by 30 of them).
#   vol           A 24 MiB tmpfs holds the database; filling it leaves less
#                 than Koppel's 16 MiB threshold: 503 naming the full disk;
#                 200 again after the filler is removed.
#
# Exits 77 (ctest SKIP, shown as skipped) with the reason when the machine
# cannot do it: no chattr support on this file system as root, or no
# permission to mount a tmpfs.
#
# usage: test_health.sh PATH/TO/koppel alleen-lezen|vol
set -u
KOPPEL=${1:?usage: test_health.sh PATH/TO/koppel alleen-lezen|vol}
MODE=${2:?usage: test_health.sh PATH/TO/koppel alleen-lezen|vol}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/cli/lib.sh"
PW='paard-batterij-nietje-7'

skip() { echo "SKIP: $1"; exit 77; }

# make_db DIR: a database with the user anne in DIR.
make_db() {
  echo "$PW" | "$KOPPEL" user add anne --role beheerder --password-stdin --db "$1/koppel.db" >/dev/null
}

case "$MODE" in
alleen-lezen)
  if [ "$(id -u)" = 0 ]; then
    touch "$T/probe"
    chattr +i "$T/probe" 2>/dev/null || skip "running as root, and chattr +i is not supported here (root ignores chmod)"
    chattr -i "$T/probe"
    lock() { chattr +i "$1"; }
    unlock() { chattr -i "$1"; }
    how="chattr +i"
  else
    lock() { chmod a-w "$1"; }
    unlock() { chmod u+w "$1"; }
    how="chmod a-w"
  fi
  DB="$T/d/koppel.db"
  mkdir -p "$T/d"
  make_db "$T/d"
  CLEANUP_EXTRA+=("unlock '$DB'" "unlock '$DB-wal'")
  start_server "$T/s.log" --db "$DB" || { fail "server did not start: $(cat "$T/s.log")"; finish; exit; }
  check "health 200 on a writable database" grep -q '^200 {"status":"ok"' <<<"$(health)"
  check "a login works" test "$(login anne "$PW")" = 201
  before=$(stat -c '%s %.9Y' "$DB-wal" "$DB")
  for _ in $(seq 1 30); do health >/dev/null; done
  check "30 health calls write nothing (-wal and database untouched)" test "$before" = "$(stat -c '%s %.9Y' "$DB-wal" "$DB")"

  lock "$DB"
  h=$(wait_health 503 10)
  check "database file unwritable ($how): health 503 within the cache time" grep -q '^503 ' <<<"$h"
  check "the 503 is a problem naming the reason" grep -q '"detail":"De database is niet schrijfbaar. Het databasebestand is niet schrijfbaar' <<<"$h"
  unlock "$DB"
  h=$(wait_health 200 10); check "writable again: health 200 within the cache time ($h)" grep -q '^200 ' <<<"$h"

  if [ "$how" != "chattr +i" ]; then
    # chmod is checked when a file is opened, and the server holds its -wal open
    echo "SKIP - the write-failure half needs root and chattr +i (chmod does not stop writes to an open file)"
    stop_server
    finish
    exit
  fi
  lock "$DB-wal"
  code=$(login anne "$PW")
  check "-wal unwritable ($how): a login cannot be written ($code)" test "$code" != 201
  h=$(health)
  check "after the failed write health answers 503" grep -q '^503 ' <<<"$h"
  check "naming the failed write" grep -q 'Schrijven in de database mislukt' <<<"$h"
  sleep 5.5
  check "still 503 while writes still fail (the probe write fails too)" grep -q '^503 ' <<<"$(health)"
  unlock "$DB-wal"
  h=$(wait_health 200 10); check "-wal writable again: health 200 ($h)" grep -q '^200 ' <<<"$h"
  check "and a login works again" test "$(login anne "$PW")" = 201
  stop_server
  ;;
vol)
  mkdir -p "$T/mnt"
  mount -t tmpfs -o size=24m,mode=0700 koppel-test "$T/mnt" 2>/dev/null || skip "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)"
  CLEANUP_EXTRA=("umount -l '$T/mnt'" "${CLEANUP_EXTRA[@]}")
  make_db "$T/mnt"
  DB="$T/mnt/koppel.db"
  start_server "$T/s.log" --db "$DB" || { fail "server did not start: $(cat "$T/s.log")"; finish; exit; }
  check "health 200 with room on the disk" grep -q '^200 ' <<<"$(health)"
  dd if=/dev/zero of="$T/mnt/vulsel" bs=1M count=64 status=none 2>/dev/null
  check "the tmpfs is full" test "$(df --output=avail -k "$T/mnt" | tail -1 | tr -d ' ')" -lt 1024
  h=$(wait_health 503 10)
  check "disk full: health 503 within the cache time" grep -q '^503 ' <<<"$h"
  check "naming the full disk" grep -q 'De schijf van de database is (bijna) vol' <<<"$h"
  rm -f "$T/mnt/vulsel"
  h=$(wait_health 200 10); check "room again: health 200 ($h)" grep -q '^200 ' <<<"$h"
  check "a login works" test "$(login anne "$PW")" = 201
  stop_server
  ;;
*)
  echo "unknown mode $MODE" >&2
  exit 2
  ;;
esac
finish
