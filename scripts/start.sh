#!/usr/bin/env bash
# One command for the whole engine on its embedded defaults: fetch what is missing, then run the
# Temporal dev server, worker, API, PGlite and the local mail catcher in one process tree.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
use_supported_node
bash "$here/setup.sh"
export TEMPORAL_CLI_PATH="${TEMPORAL_CLI_PATH:-$AIMS_CACHE_DIR/temporal/bin/temporal}"
cd "$here/.."
printf '\n==> starting the engine\n'
exec bash "$here/run-engine.sh" start "$@"
