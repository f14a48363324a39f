#!/usr/bin/env bash
# test_docker.sh - builds the image from the Dockerfile and runs it as the
# README says, on another port than the default: KOPPEL_LISTEN=0.0.0.0:9090
# published on 127.0.0.1 only. Checks that the container turns healthy (the
# HEALTHCHECK follows KOPPEL_LISTEN), answers on the published loopback
# port, carries the PC4 table with its licence and imports it, runs as the
# user koppel, and that a second koppel serve in the container is refused by
# the lock.
#
# Exits 77 (ctest SKIP, shown as skipped) with the reason when there is no
# Docker engine or no debian:12-slim base image. Without Docker Hub, make
# the base image with:
#   debootstrap --variant=minbase bookworm ROOTFS http://deb.debian.org/debian
#   tar -C ROOTFS -c . | docker import - debian:12-slim
# The build runs the unit, HTTP and CLI tests inside (several minutes).
#
# usage: test_docker.sh            (run by ctest from the source tree)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
KOPPEL=/bin/false
. "$ROOT/tests/cli/lib.sh"

skip() { echo "SKIP: $1"; exit 77; }
command -v docker >/dev/null || skip "no docker command"
docker info >/dev/null 2>&1 || skip "no Docker engine is running"
docker image inspect debian:12-slim >/dev/null 2>&1 || skip "no debian:12-slim base image (see the comment at the top of this script)"

TAG="koppel-test:$$"
NAME="koppel-test-$$"
CLEANUP_EXTRA+=("docker rm -f '$NAME' >/dev/null" "docker rmi '$TAG' >/dev/null")
if ! docker build -q -t "$TAG" "$ROOT" >"$T/build.log" 2>&1; then
  fail "docker build failed: $(grep -E ':[0-9]+:[FE]:|FAIL|rror' "$T/build.log" | head -20; tail -12 "$T/build.log")"
  finish
  exit
fi
ok "the image builds (and its tests pass inside)"

docker run -d --name "$NAME" -e KOPPEL_LISTEN=0.0.0.0:9090 -p 127.0.0.1::9090 --health-interval=2s \
  --health-start-period=2s "$TAG" >/dev/null
check "the container starts" test "$(docker inspect -f '{{.State.Running}}' "$NAME")" = true
state=""
for _ in $(seq 1 60); do
  state=$(docker inspect -f '{{.State.Health.Status}}' "$NAME")
  [ "$state" = healthy ] && break
  sleep 1
done
check "with KOPPEL_LISTEN=0.0.0.0:9090 the container turns healthy ($state)" test "$state" = healthy
hostport=$(docker port "$NAME" 9090/tcp | head -1)
check "the port is published on 127.0.0.1 only ($hostport)" grep -q '^127\.0\.0\.1:[0-9]*$' <<<"$hostport"
SERVE_URL="http://$hostport"
check "health answers 200 on the published port" grep -q '^200 ' <<<"$(health)"
check "koppel health in the container exits 0" bash -c "docker exec '$NAME' /opt/koppel/bin/koppel health >/dev/null"
check "koppel health on a port nobody listens on exits non-zero" \
  bash -c "! docker exec '$NAME' /opt/koppel/bin/koppel health --listen 127.0.0.1:8080 >/dev/null 2>&1"
check "the server runs as the user koppel" test "$(docker exec "$NAME" id -un)" = koppel
check "the image carries the PC4 table's licence" docker exec "$NAME" test -s /opt/koppel/share/koppel/postcodes/README.md
out=$(docker exec "$NAME" /opt/koppel/bin/koppel postcodes import /opt/koppel/share/koppel/postcodes/nl-pc4.csv 2>&1)
check "the image's PC4 table imports (4766 areas)" grep -q '^4766 postcode areas imported' <<<"$out"
err=$(docker exec "$NAME" /opt/koppel/bin/koppel serve --listen 127.0.0.1:0 2>&1)
check "a second koppel serve in the container is refused by the lock" grep -q 'in use by another koppel' <<<"$err"
finish
