#!/usr/bin/env bash
# test_deb.sh - builds the .deb (cpack) and installs it on a fresh Debian 12
# made with debootstrap, then runs what an operator would: `koppel version`,
# a PC4 import from the packaged table, and `koppel serve` as the koppel user
# with the packaged web files, until /api/v1/health answers 200.
#
# usage: tests/package/test_deb.sh BUILD_DIR
#   BUILD_DIR is a configured build directory with the koppel binary built.
# Needs root and debootstrap (apt-get install debootstrap) and a Debian
# mirror (KOPPEL_DEBIAN_MIRROR, default http://deb.debian.org/debian);
# without root or debootstrap it says so and exits 77 (skipped). The chroot
# is kept in BUILD_DIR/package-chroot for the next run (delete it to start
# from scratch); the package is purged from it at the end.
set -euo pipefail

build=$(cd "${1:?usage: test_deb.sh BUILD_DIR}" && pwd)
mirror=${KOPPEL_DEBIAN_MIRROR:-http://deb.debian.org/debian}
root="$build/package-chroot"
port=${KOPPEL_PACKAGE_PORT:-18089}

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIPPED: test_deb.sh needs root (debootstrap, chroot)"
  exit 77
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "SKIPPED: debootstrap is not installed (apt-get install debootstrap)"
  exit 77
fi

echo "== package (cpack) =="
rm -f "$build"/koppel_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/koppel_*.deb)
dpkg-deb -I "$deb" | sed -n '/Package:/p;/Version:/p;/Depends:/p'

if [ ! -f "$root/.koppel-ready" ]; then
  echo "== debootstrap bookworm (minbase) into $root =="
  rm -rf "$root"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$build/package-debootstrap.log" 2>&1 || {
    tail -n 30 "$build/package-debootstrap.log"
    exit 1
  }
  touch "$root/.koppel-ready"
fi

mounted=()
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  chroot "$root" apt-get purge -y -qq koppel >/dev/null 2>&1 || true
  rm -rf "$root/var/lib/koppel" "$root/tmp/koppel.deb"
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount "${mounted[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
mount -t proc proc "$root/proc" && mounted+=("$root/proc")
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/koppel.deb"

echo "== apt-get install ./koppel.deb on the fresh system =="
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/koppel.deb \
  >"$build/package-install.log" 2>&1 || { tail -n 30 "$build/package-install.log"; exit 1; }

fail() { echo "FAIL: $*"; exit 1; }

echo "== koppel version =="
version=$(chroot "$root" koppel version)
echo "$version"
grep -q "0\.1\.0\|[0-9]\+\.[0-9]\+\.[0-9]\+" <<<"$version" || fail "koppel version printed no version"

echo "== installed files, user and data directory =="
for f in /usr/bin/koppel /usr/share/koppel/web/index.html /usr/share/koppel/postcodes/nl-pc4.csv \
  /usr/share/koppel/postcodes/README.md /usr/share/koppel/koppel.conf.example /usr/lib/systemd/system/koppel.service; do
  [ -e "$root$f" ] || fail "$f is not installed"
done
chroot "$root" getent passwd koppel >/dev/null || fail "the postinst made no koppel user"
[ "$(chroot "$root" stat -c '%U %a' /var/lib/koppel)" = "koppel 700" ] || fail "/var/lib/koppel is not koppel's, mode 0700"

as_koppel() { chroot "$root" setpriv --reuid=koppel --regid=koppel --init-groups "$@"; }

echo "== koppel postcodes import (the packaged PC4 table) =="
as_koppel koppel postcodes import /usr/share/koppel/postcodes/nl-pc4.csv --db /var/lib/koppel/koppel.db

echo "== koppel serve as the koppel user, health =="
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
  fail "something already listens on 127.0.0.1:$port (set KOPPEL_PACKAGE_PORT)"
fi
# not through as_koppel: a function in the background is a subshell, and $!
# must be the daemon itself (chroot, setpriv and env exec into it)
chroot "$root" setpriv --reuid=koppel --regid=koppel --init-groups env KOPPEL_DATABASE=/var/lib/koppel/koppel.db \
  KOPPEL_WEB_DIR=/usr/share/koppel/web KOPPEL_LISTEN="127.0.0.1:$port" koppel serve >"$build/package-serve.log" 2>&1 &
server_pid=$!
status=000
for _ in $(seq 1 50); do
  status=$(curl -s -o "$build/package-health.json" -w '%{http_code}' "http://127.0.0.1:$port/api/v1/health" || true)
  [ "$status" = 200 ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.2
done
cat "$build/package-health.json" 2>/dev/null && echo
[ "$status" = 200 ] || { cat "$build/package-serve.log"; fail "health answered $status"; }
page=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")
[ "$page" = 200 ] || fail "the packaged web app answered $page"
kill "$server_pid"
wait "$server_pid" || fail "koppel serve exited with status $? after SIGTERM"
server_pid=

if command -v systemd-analyze >/dev/null 2>&1; then
  echo "== systemd unit =="
  systemd-analyze security --offline=yes --root="$root" koppel.service 2>/dev/null | tail -n 1 || true
fi
echo "PASS: the .deb installs on Debian 12, koppel version, postcodes import and serve + health work"
