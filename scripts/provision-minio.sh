#!/usr/bin/env bash
# Builds MinIO, a real S3-compatible object store, from the Go module proxy into the cache outside
# the clone, for the tests of the S3 evidence store (issue #14). Idempotent and cached by version:
# a second run only checks that the binary answers. Shares GOMODCACHE and GOCACHE with the Temporal
# server build (provision-temporal-server.sh), so a fresh clone (CI) reuses what was fetched.
# MinIO publishes no semantic-version tags (its releases are RELEASE.<date> tags, which the proxy
# does not serve here), so the pin is the pseudo-version of the newest commit the proxy serves
# (2026-02-12; `go list -m -versions` shows no other). The first build took 4 min 43 s on two
# busy cores (modules fetched beforehand in 29 s); later runs reuse it.
# Prints the folder holding bin/minio on its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"

version="${AIMS_MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
target="$AIMS_CACHE_DIR/minio-$version"
step "MinIO $version ($target)"
if [ ! -x "$target/bin/minio" ]; then
  command -v go >/dev/null || die "Go is needed to build MinIO from the module proxy"
  export GOMODCACHE="$AIMS_CACHE_DIR/go/mod" GOCACHE="$AIMS_CACHE_DIR/go/build" GOFLAGS="-buildvcs=false"
  export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" CGO_ENABLED=0 GOPROXY="${GOPROXY:-https://proxy.golang.org}"
  rm -rf "$target.partial" && mkdir -p "$target.partial/bin"
  log="$target.partial/build.log"
  echo "    go install github.com/minio/minio@$version (the first build takes many minutes; progress every 100 packages)" >&2
  status=0
  GOBIN="$target.partial/bin" go install -v "github.com/minio/minio@$version" 2>&1 |
    tee "$log" | awk '{ n++ } n % 100 == 0 { printf "    %d packages built\n", n > "/dev/stderr" }' || status=$?
  if [ "$status" -ne 0 ] || [ ! -x "$target.partial/bin/minio" ]; then
    tail -n 30 "$log" >&2
    die "the MinIO build failed (log: $log)"
  fi
  rm -rf "$target" && mv "$target.partial" "$target"
fi
"$target/bin/minio" --version >/dev/null 2>&1 || die "MinIO at $target/bin/minio does not run"
ln -sfn "$target" "$AIMS_CACHE_DIR/minio"
done_step "$("$target/bin/minio" --version 2>/dev/null | head -n 1 || echo "$version")"
echo "$target"
