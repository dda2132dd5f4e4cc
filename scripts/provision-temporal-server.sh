#!/usr/bin/env bash
# Builds the real Temporal server (frontend, history, matching, worker services in one binary) and
# its SQL schema tool from the Go module proxy, pinned, into the cache outside the clone. Used by
# the topology test (Temporal on PostgreSQL, issue #18). Idempotent and cached by version: a second
# run only checks that the binaries answer. GOMODCACHE and GOCACHE live in the cache as well so a
# fresh clone (CI) reuses the downloaded modules and compiled packages.
# Prints the folder holding bin/temporal-server and bin/temporal-sql-tool on its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"

version="${AIMS_TEMPORAL_SERVER_VERSION:-v1.32.0}"
target="$AIMS_CACHE_DIR/temporal-server-$version"
step "Temporal server $version on SQL ($target)"
if [ ! -x "$target/bin/temporal-server" ] || [ ! -x "$target/bin/temporal-sql-tool" ] || [ ! -d "$target/schema/postgresql" ]; then
  command -v go >/dev/null || die "Go is needed to build the Temporal server from the module proxy"
  export GOMODCACHE="$AIMS_CACHE_DIR/go/mod" GOCACHE="$AIMS_CACHE_DIR/go/build" GOFLAGS="-buildvcs=false"
  export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" CGO_ENABLED=0
  rm -rf "$target.partial" && mkdir -p "$target.partial/bin"
  echo "    go install go.temporal.io/server/cmd/server@$version (the first build takes many minutes)" >&2
  GOBIN="$target.partial/bin" go install "go.temporal.io/server/cmd/server@$version"
  mv "$target.partial/bin/server" "$target.partial/bin/temporal-server"
  echo "    go install go.temporal.io/server/cmd/tools/sql@$version (the schema tool)" >&2
  GOBIN="$target.partial/bin" go install "go.temporal.io/server/cmd/tools/sql@$version"
  mv "$target.partial/bin/sql" "$target.partial/bin/temporal-sql-tool"
  # The versioned schema files ship inside the module, not the binaries; keep a copy beside them.
  cp -r "$GOMODCACHE/go.temporal.io/server@$version/schema" "$target.partial/schema"
  chmod -R u+w "$target.partial/schema"
  rm -rf "$target" && mv "$target.partial" "$target"
fi
"$target/bin/temporal-sql-tool" --help >/dev/null 2>&1 || die "the schema tool at $target/bin/temporal-sql-tool does not run"
ln -sfn "$target" "$AIMS_CACHE_DIR/temporal-server"
done_step "$("$target/bin/temporal-server" --version 2>/dev/null | head -n 1 || echo "$version")"
echo "$target"
