#!/usr/bin/env bash
# Installs schemathesis (property-based testing over an OpenAPI document) from PyPI into a venv in
# the cache, every wheel pinned by hash, for the fuzz test. Idempotent: cached by the
# requirements' hash. Prints the path of its `st` command on its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"

requirements="$here/schemathesis-requirements.txt"
target="$AIMS_CACHE_DIR/schemathesis-$(sha256sum "$requirements" | cut -c1-12)"
step "schemathesis ($target)"
if [ ! -x "$target/bin/st" ]; then
  command -v python3 >/dev/null || die "python3 is needed to install schemathesis from PyPI"
  # A venv records its own path in its scripts, so it is built where it stays; a failed
  # install removes it, so that the check above never finds half a venv.
  rm -rf "$target"
  python3 -m venv "$target"
  "$target/bin/python" -m pip install --disable-pip-version-check --no-deps --require-hashes \
    --only-binary=:all: --progress-bar on -r "$requirements" >&2 || { rm -rf "$target"; die "installing schemathesis failed"; }
fi
"$target/bin/st" --version >/dev/null || die "schemathesis at $target/bin/st does not run"
done_step "$("$target/bin/st" --version)"
echo "$target/bin/st"
