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
# glibc's allocator keeps memory the process freed (start-up leaves ~140 MB of it: PGlite's
# initdb, module compilation) because it raises its mmap threshold as large blocks are freed.
# Any fixed trim threshold turns that off: blocks of 128 KiB and more go back to the system when
# freed, and free memory above 1 MiB at the top of a heap is returned (BENCH-NOTES.md, session 9).
# Ignored by other C libraries; an operator's own value wins, and an empty one leaves glibc as it is.
if [ -z "${MALLOC_TRIM_THRESHOLD_+set}" ]; then
  export MALLOC_TRIM_THRESHOLD_=1048576
elif [ -z "$MALLOC_TRIM_THRESHOLD_" ]; then
  unset MALLOC_TRIM_THRESHOLD_
fi
# The compiled finder answers when this code version is built (no TypeScript loader to start);
# otherwise tsx runs the builder.
finder=node_modules/.cache/aims-cycles-engine/find-compiled-engine.js
if dir="$( ([ -f "$finder" ] && node "$finder" 2>/dev/null) || node --import tsx main/print-compiled-engine.ts)"; then
  # V8's compiled code for the engine's modules, kept beside the build it belongs to: loading
  # them takes about a fifth less time at every later start (BENCH-NOTES.md, session 10). An
  # operator's own NODE_COMPILE_CACHE wins; an empty one turns it off.
  export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE-$dir/compile-cache}"
  exec node "$dir/$entry.js" "$@"
fi
printf 'could not compile the engine: running main/%s.ts through tsx instead\n' "$entry" >&2
exec node --import tsx "main/$entry.ts" "$@"
