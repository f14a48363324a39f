#!/usr/bin/env bash
# openapi_lint.sh - lints the OpenAPI document against the NL GOV API Design
# Rules ruleset with spectral (run by ctest as test_openapi_lint).
#
# The ruleset is a published third-party file that the repository does not
# carry; it is read from ../shared/adr/spectral.yml (or -DKOPPEL_ADR_RULESET).
# Without it the test reports itself skipped: exit 77, which tests/CMakeLists.txt
# declares as SKIP_RETURN_CODE, so ctest lists it as "Skipped", never passed.
#
# usage: openapi_lint.sh SPECTRAL RULESET OPENAPI.json
set -u
spectral=${1:?usage: openapi_lint.sh SPECTRAL RULESET OPENAPI.json}
ruleset=${2:?usage: openapi_lint.sh SPECTRAL RULESET OPENAPI.json}
document=${3:?usage: openapi_lint.sh SPECTRAL RULESET OPENAPI.json}

if [ ! -r "$ruleset" ]; then
  echo "SKIPPED: the NL GOV API Design Rules ruleset $ruleset is not there, so the OpenAPI document is not linted."
  echo "Put the ruleset at ../shared/adr/spectral.yml or configure with -DKOPPEL_ADR_RULESET=FILE to run this test."
  exit 77
fi
if [ ! -x "$spectral" ]; then
  echo "FAILED: $spectral not found: run 'npm ci' in tests/e2e" >&2
  exit 1
fi
exec "$spectral" lint --fail-severity error -r "$ruleset" "$document"
