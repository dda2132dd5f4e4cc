#!/usr/bin/env bash
# Every test, against real servers: provisions what is missing (a supported Node, npm packages,
# the Temporal CLI and test server, the Temporal server on PostgreSQL and MinIO built from the Go
# module proxy, schemathesis, PostgreSQL, Debian's Chromium for the browser test), type-checks, checks
# the layers (.dependency-cruiser.cjs), then runs vitest.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
use_supported_node
bash "$here/setup.sh"
# The topology test runs the real Temporal server on PostgreSQL, built from the Go module proxy.
if [ -z "${TEMPORAL_SERVER_DIR:-}" ]; then
  TEMPORAL_SERVER_DIR="$(bash "$here/provision-temporal-server.sh" | tail -n 1)"
fi
export TEMPORAL_SERVER_DIR
# The S3 evidence store's tests run a real S3-compatible server (MinIO), built from the Go module proxy.
if [ -z "${MINIO_PATH:-}" ]; then
  MINIO_PATH="$(bash "$here/provision-minio.sh" | tail -n 1)/bin/minio"
fi
export MINIO_PATH
# Node 22, the oldest supported line, for the start command's smoke test (test/engine/node22-smoke.test.ts).
if [ -z "${NODE22_DIR:-}" ]; then
  NODE22_DIR="$(bash "$here/provision-node.sh" 22 | tail -n 1)"
fi
export NODE22_DIR
if [ -z "${SCHEMATHESIS_PATH:-}" ]; then
  SCHEMATHESIS_PATH="$(bash "$here/provision-schemathesis.sh" | tail -n 1)"
fi
export SCHEMATHESIS_PATH
cd "$here/.."
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  TEST_DATABASE_URL="$(bash "$here/provision-postgres.sh" | tail -n 1)"
fi
export TEST_DATABASE_URL
if [ -z "${CHROMIUM_PATH:-}" ]; then
  CHROMIUM_PATH="$(bash "$here/provision-chromium.sh" | tail -n 1)"
fi
export CHROMIUM_PATH
export TEMPORAL_CLI_PATH="${TEMPORAL_CLI_PATH:-$AIMS_CACHE_DIR/temporal/bin/temporal}"
export TEMPORAL_TEST_SERVER_PATH="${TEMPORAL_TEST_SERVER_PATH:-$AIMS_CACHE_DIR/temporal/bin/temporal-test-server}"
# The three checks are independent and mostly single-threaded: run side by side, they take as long
# as the type check alone. Each one's output is shown under its name once all have finished.
step "type check, formatting (npm run format fixes it), dependency rules (ARCHITECTURE.md's layers), side by side"
checks="$(mktemp -d)"
npx tsc --noEmit >"$checks/type check" 2>&1 &
tsc_pid=$!
npm run --silent check:format >"$checks/formatting" 2>&1 &
format_pid=$!
npm run --silent check:deps >"$checks/dependency rules" 2>&1 &
deps_pid=$!
failed=""
wait "$tsc_pid" || failed="$failed, type check"
wait "$format_pid" || failed="$failed, formatting"
wait "$deps_pid" || failed="$failed, dependency rules"
for check in "type check" "formatting" "dependency rules"; do
  if [ -s "$checks/$check" ]; then
    printf -- '--- %s\n' "$check" >&2
    cat "$checks/$check" >&2
  fi
done
rm -rf "$checks"
[ -z "$failed" ] || die "failed: ${failed#, }"
done_step
step "tests"
mkdir -p test-artifacts
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json "$@" || status=$?
# One plain closing line that any CI reads the same way, whatever vitest prints above it.
node -e '
  const r = require("./test-artifacts/vitest.json");
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit "$status"
