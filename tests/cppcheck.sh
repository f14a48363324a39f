#!/usr/bin/env bash
# cppcheck.sh - static analysis of server/ with cppcheck; fails on any
# finding that tests/cppcheck-suppressions.txt does not name and explain.
#
# usage: tests/cppcheck.sh CPPCHECK SOURCE_DIR
# Exits 77 (ctest: skipped) when cppcheck is not installed
# (.ci/install-deps test installs it).
set -euo pipefail
cppcheck=${1:-}
src=${2:?usage: cppcheck.sh CPPCHECK SOURCE_DIR}
if [ -z "$cppcheck" ] || ! command -v "$cppcheck" >/dev/null 2>&1; then
  echo "cppcheck not found: skipped (install it with .ci/install-deps test)"
  exit 77
fi
cd "$src"
"$cppcheck" --version
# warning, style, performance and portability; jansson's foreach macros from
# tests/cppcheck-jansson.cfg (cppcheck does not read system headers).
exec "$cppcheck" --enable=warning,style,performance,portability --std=c11 --inline-suppr \
  --library=tests/cppcheck-jansson.cfg --suppressions-list=tests/cppcheck-suppressions.txt \
  --error-exitcode=1 --quiet -j "$(nproc)" -I server \
  --template='{file}:{line}: {severity} ({id}): {message}' server/
