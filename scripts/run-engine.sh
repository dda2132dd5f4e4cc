#!/usr/bin/env bash
# Runs one of the engine's entry points (start, worker, api) as plain JavaScript, compiled once
# per code version (main/compiled-engine.ts), so that no TypeScript loader sits in the engine's
# memory. Falls back to running the TypeScript through tsx when the build cannot be made (e.g.
# node_modules is read-only), so the engine still starts.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
entry="$1"
shift
if dir="$(node --import tsx main/print-compiled-engine.ts)"; then
  exec node "$dir/$entry.js" "$@"
fi
printf 'could not compile the engine: running main/%s.ts through tsx instead\n' "$entry" >&2
exec node --import tsx "main/$entry.ts" "$@"
