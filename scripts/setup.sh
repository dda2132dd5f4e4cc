#!/usr/bin/env bash
# Everything a fresh machine needs before the engine or the tests run: a supported Node (when the
# machine's is older than 22), npm packages and the Temporal binaries. PostgreSQL and the Temporal
# server on PostgreSQL are provisioned by the test script only; the engine embeds PGlite.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
cd "$here/.."
use_supported_node

step "npm packages"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
done_step
bash "$here/provision-temporal.sh"
