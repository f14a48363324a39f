#!/usr/bin/env bash
# test_herstel.sh - backups and restoring them, as an operator meets them:
# one daemon per database (a second serve and a restore are refused, naming
# the pid), a crash (kill -9 while the daemon writes) followed by koppel
# restore and a working server with the backup's data, an interrupted backup
# that leaves no file under its final name, refused restores (damaged file,
# broken audit chain, not a database), and encrypted backups (round trip,
# changed, truncated or extended ciphertext and a wrong key refused).
#
# usage: test_herstel.sh PATH/TO/koppel      (run by ctest)
set -u
KOPPEL=${1:?usage: test_herstel.sh PATH/TO/koppel}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/cli/lib.sh"

PW='paard-batterij-nietje-7'
DB="$T/data/koppel.db"
"$KOPPEL" werkgebied add AMS Amsterdam --db "$DB" >/dev/null
echo "$PW" | "$KOPPEL" user add anne --role beheerder --password-stdin --db "$DB" >/dev/null
check "fixture: a database with a user" test "$(sqlite3 "$DB" 'SELECT count(*) FROM gebruikers')" = 1

# --- one daemon per database -------------------------------------------------------
if start_server "$T/s1.log" --db "$DB"; then
  check "the lock file beside the database names the serving pid" test "$(cat "$DB.lock")" = "$SERVE_PID"
  start=$(date +%s%N)
  err=$(timeout 20 "$KOPPEL" serve --db "$DB" --listen 127.0.0.1:0 --web "$ROOT/web" 2>&1); rc=$?
  took=$(( ($(date +%s%N) - start) / 1000000 ))
  check "a second serve on the same database exits 1" test $rc -eq 1
  check "a second serve exits at once (${took} ms)" test "$took" -lt 5000
  check "a second serve names the pid that holds the database" grep -q "pid $SERVE_PID holds" <<<"$err"
  check "the first server still answers" grep -q '^200 ' <<<"$(health)"

  out=$("$KOPPEL" backup --db "$DB" "$T/b1.db"); rc=$?
  check "backup while serving exits 0" test $rc -eq 0
  check "backup leaves no temporary file" test -z "$(ls -A "$T" | grep '\.tmp-')"
  check "backup passes integrity_check" test "$(sqlite3 "$T/b1.db" 'PRAGMA integrity_check')" = ok

  err=$("$KOPPEL" restore --db "$DB" "$T/b1.db" 2>&1); rc=$?
  check "restore while serving exits 1" test $rc -eq 1
  check "restore while serving names the pid" grep -q "pid $SERVE_PID holds" <<<"$err"
  check "a refused restore keeps nothing aside" test -z "$(ls "$T/data" | grep voor-herstel)"

  # after the backup: a werkgebied and logins the backup does not hold
  "$KOPPEL" werkgebied add NAB "Na de backup" --db "$DB" >/dev/null
  check "login works before the crash" test "$(login anne "$PW")" = 201
  # --- crash: kill -9 while it writes -------------------------------------------------
  for i in 1 2 3 4; do (for _ in 1 2 3 4 5 6; do login anne "$PW" >/dev/null; done) & done
  sleep 2
  kill -9 "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null
  wait
  check "the crash left a -wal with content beside the database" test -s "$DB-wal"
  check "the crash left the -shm" test -e "$DB-shm"
else
  fail "server did not start: $(cat "$T/s1.log")"
fi

# --- restore after the crash ----------------------------------------------------------
out=$("$KOPPEL" restore --db "$DB" "$T/b1.db" 2>&1); rc=$?
echo "$out" | sed 's/^/# /'
check "restore after the crash exits 0" test $rc -eq 0
check "restore reports the integrity check" grep -q "integrity_check ok" <<<"$out"
check "restore reports the audit chain" grep -q "audit log intact" <<<"$out"
aside=$(ls "$T/data" | grep -E '^koppel\.db\.voor-herstel-[0-9]{8}-[0-9]{6}$')
check "the previous database is kept aside as koppel.db.voor-herstel-<time>" test -n "$aside"
check "restore names the file kept aside" grep -q "kept the previous database as .*$aside" <<<"$out"
check "restore says it moved the stale -wal" grep -q "moved the stale .*koppel.db-wal" <<<"$out"
check "restore says it removed the stale -shm" grep -q "removed the stale .*koppel.db-shm" <<<"$out"
check "no -wal or -shm of the crashed server is left beside the database" test ! -e "$DB-wal" -a ! -e "$DB-shm"
check "no temporary file is left" test -z "$(ls -A "$T/data" | grep '\.tmp-')"
check "the restored database is the backup" test "$(sha256sum <"$DB")" = "$(sha256sum <"$T/b1.db")"
check "the restored database is private" test "$(stat -c %a "$DB")" = 600
check "the database kept aside, with its -wal, still holds what came after the backup" \
  test "$(sqlite3 "$T/data/$aside" "SELECT count(*) FROM werkgebieden WHERE code = 'NAB'")" = 1

if start_server "$T/s2.log" --db "$DB"; then
  check "serve starts on the restored database" grep -q '^200 ' <<<"$(health)"
  check "login works after the restore (the user is there)" test "$(login anne "$PW")" = 201
  check "the backup's werkgebied is there" test "$(sqlite3 "$DB" "SELECT naam FROM werkgebieden WHERE code = 'AMS'")" = Amsterdam
  check "what came after the backup is not" test "$(sqlite3 "$DB" "SELECT count(*) FROM werkgebieden WHERE code = 'NAB'")" = 0
  stop_server
else
  fail "serve did not start on the restored database: $(cat "$T/s2.log")"
fi
check "the audit chain of the restored database is intact" grep -q intact <<<"$("$KOPPEL" audit verify --db "$DB")"

# --- restores that are refused --------------------------------------------------------
before=$(sha256sum <"$DB")
n_aside=$(ls "$T/data" | grep -c voor-herstel)
cp "$T/b1.db" "$T/kapot.db"
size=$(stat -c %s "$T/kapot.db")
dd if=/dev/urandom of="$T/kapot.db" bs=4096 seek=$((size / 4096 / 2)) count=3 conv=notrunc status=none
err=$("$KOPPEL" restore --db "$DB" "$T/kapot.db" 2>&1); rc=$?
check "a damaged backup is refused" test $rc -eq 1 -a -n "$(grep -E 'integrity|not a usable|malformed|not a database' <<<"$err")"
cp "$T/b1.db" "$T/geknoeid.db"
sqlite3 "$T/geknoeid.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET details = '{\"x\":1}' WHERE id = 1"
err=$("$KOPPEL" restore --db "$DB" "$T/geknoeid.db" 2>&1); rc=$?
check "a backup with a broken audit chain is refused" test $rc -eq 1 -a -n "$(grep 'audit log BROKEN' <<<"$err")"
echo "geen database" >"$T/tekst.db"
"$KOPPEL" restore --db "$DB" "$T/tekst.db" >/dev/null 2>&1
check "a file that is no database is refused" test $? -eq 1
"$KOPPEL" restore --db "$DB" "$T/bestaat-niet.db" >/dev/null 2>&1
check "a missing file is refused" test $? -eq 1
check "refused restores leave the database byte for byte" test "$before" = "$(sha256sum <"$DB")"
check "refused restores keep nothing aside" test "$(ls "$T/data" | grep -c voor-herstel)" = "$n_aside"
check "refused restores leave no temporary file" test -z "$(ls -A "$T/data" | grep '\.tmp-')"
"$KOPPEL" restore --db "$DB" >/dev/null 2>&1; check "restore without FILE exits 2" test $? -eq 2
out=$("$KOPPEL" restore --help); check "restore --help shows usage" grep -q "usage: koppel restore" <<<"$out"

# --- an interrupted backup leaves nothing under its name ------------------------------------
BIG="$T/groot.db"
"$KOPPEL" migrate --db "$BIG" >/dev/null
sqlite3 "$BIG" "CREATE TABLE ballast(b BLOB);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300) INSERT INTO ballast SELECT randomblob(1000000) FROM c;"
mkdir "$T/backups"
"$KOPPEL" backup --db "$BIG" "$T/backups/groot.db" >/dev/null 2>&1 &
bpid=$!
PIDS+=("$bpid")
caught=""
for _ in $(seq 1 2000); do
  tmpf=$(ls -A "$T/backups" | grep '^\.groot\.db\.tmp-' | head -1)
  if [ -n "$tmpf" ] && [ "$(stat -c %s "$T/backups/$tmpf" 2>/dev/null || echo 0)" -gt 1000000 ]; then
    kill -STOP "$bpid" && caught=$tmpf
    break
  fi
  kill -0 "$bpid" 2>/dev/null || break
  sleep 0.005
done
check "the backup was caught while writing (temporary file $caught)" test -n "$caught"
check "while it writes, there is no file under the final name" test ! -e "$T/backups/groot.db"
kill -9 "$bpid" 2>/dev/null; kill -CONT "$bpid" 2>/dev/null; wait "$bpid" 2>/dev/null
check "after kill -9 there is no file under the final name" test ! -e "$T/backups/groot.db"
out=$("$KOPPEL" backup --db "$BIG" "$T/backups/groot.db" 2>&1); rc=$?
check "a new backup under that name then succeeds" test $rc -eq 0
check "and is complete" test "$(sqlite3 "$T/backups/groot.db" 'SELECT count(*) FROM ballast')" = 300
rm -f "$BIG" "$T/backups/"*

# --- encrypted backups ---------------------------------------------------------------------
KEY="$T/backup.key"
out=$("$KOPPEL" backup --genkey "$KEY"); rc=$?
check "genkey exits 0" test $rc -eq 0
check "the key file is private" test "$(stat -c %a "$KEY")" = 600
check "the key file holds 64 hexadecimal characters" grep -Eqx '[0-9a-f]{64}' "$KEY"
"$KOPPEL" backup --genkey "$KEY" >/dev/null 2>&1; check "genkey never overwrites a key" test $? -eq 1
out=$("$KOPPEL" backup --encrypt "$KEY" --db "$DB" "$T/b.enc"); rc=$?
check "encrypted backup exits 0" test $rc -eq 0
check "the encrypted backup is no SQLite file" test "$(head -c 15 "$T/b.enc")" != "SQLite format 3"
check "the encrypted backup holds no readable data" bash -c "! grep -aq -e Amsterdam -e anne '$T/b.enc'"
check "the encrypted backup leaves no temporary file" test -z "$(ls -A "$T" | grep '\.tmp-')"
"$KOPPEL" backup --encrypt "$KEY" --db "$DB" "$T/b.enc" >/dev/null 2>&1
check "an encrypted backup never overwrites" test $? -eq 1
out=$("$KOPPEL" backup --decrypt "$KEY" "$T/b.enc" "$T/b.dec"); rc=$?
check "decrypt exits 0" test $rc -eq 0
check "the decrypted backup passes integrity_check" test "$(sqlite3 "$T/b.dec" 'PRAGMA integrity_check')" = ok
check "round trip: the decrypted backup holds the database's data" \
  test "$(sqlite3 "$T/b.dec" .dump | sort | sha256sum)" = "$(sqlite3 "$DB" .dump | sort | sha256sum)"
out=$("$KOPPEL" restore --db "$DB" "$T/b.dec"); check "the decrypted backup restores" test $? -eq 0

enc_size=$(stat -c %s "$T/b.enc")
cp "$T/b.enc" "$T/t1.enc"
printf '\x01' | dd of="$T/t1.enc" bs=1 seek=$((enc_size / 2)) conv=notrunc status=none
cmp -s "$T/b.enc" "$T/t1.enc" || true
orig=$(od -An -tx1 -j $((enc_size / 2)) -N1 "$T/b.enc" | tr -d ' ')
[ "$orig" = 01 ] && printf '\x02' | dd of="$T/t1.enc" bs=1 seek=$((enc_size / 2)) conv=notrunc status=none
err=$("$KOPPEL" backup --decrypt "$KEY" "$T/t1.enc" "$T/t1.db" 2>&1); rc=$?
check "a changed byte in the ciphertext is refused" test $rc -eq 1 -a -n "$(grep 'does not authenticate' <<<"$err")"
check "a refused decrypt writes no file" test ! -e "$T/t1.db"
head -c $((33 + 2 * (65536 + 17))) "$T/b.enc" >"$T/t2.enc"
err=$("$KOPPEL" backup --decrypt "$KEY" "$T/t2.enc" "$T/t2.db" 2>&1); rc=$?
check "a truncated backup (cut at a chunk) is refused" test $rc -eq 1 -a -n "$(grep truncated <<<"$err")" -a ! -e "$T/t2.db"
head -c $((enc_size - 100)) "$T/b.enc" >"$T/t3.enc"
"$KOPPEL" backup --decrypt "$KEY" "$T/t3.enc" "$T/t3.db" >/dev/null 2>&1
check "a truncated backup (cut inside a chunk) is refused" test $? -eq 1 -a ! -e "$T/t3.db"
{ cat "$T/b.enc"; printf 'meer'; } >"$T/t4.enc"
"$KOPPEL" backup --decrypt "$KEY" "$T/t4.enc" "$T/t4.db" >/dev/null 2>&1
check "data after the end is refused" test $? -eq 1 -a ! -e "$T/t4.db"
head -c 32 /dev/urandom >"$T/raw.key"
err=$("$KOPPEL" backup --decrypt "$T/raw.key" "$T/b.enc" "$T/t5.db" 2>&1); rc=$?
check "another key is refused" test $rc -eq 1 -a ! -e "$T/t5.db"
check "refused decrypts leave no temporary file" test -z "$(ls -A "$T" | grep '\.tmp-')"
out=$("$KOPPEL" backup --encrypt "$T/raw.key" --db "$DB" "$T/raw.enc" && "$KOPPEL" backup --decrypt "$T/raw.key" "$T/raw.enc" "$T/raw.db")
check "a key of 32 raw bytes works too" test "$(sqlite3 "$T/raw.db" 'PRAGMA integrity_check')" = ok
printf 'kort' >"$T/bad.key"
err=$("$KOPPEL" backup --encrypt "$T/bad.key" --db "$DB" "$T/bad.enc" 2>&1); rc=$?
check "a key file of the wrong size is refused and says how to make one" test $rc -eq 1 -a -n "$(grep genkey <<<"$err")"
"$KOPPEL" backup --decrypt "$KEY" "$T/b.enc" >/dev/null 2>&1; check "decrypt without OUT exits 2" test $? -eq 2
"$KOPPEL" backup --encrypt "$KEY" --decrypt "$KEY" "$T/b.enc" "$T/x" >/dev/null 2>&1; check "--encrypt with --decrypt exits 2" test $? -eq 2

finish
