#!/usr/bin/env bash
# Installs Debian's Chromium if missing: the browser test drives it headless through
# playwright-core (which never downloads a browser of its own). Idempotent. Prints the
# executable's path on its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"

step "Chromium (for the browser test)"
if ! command -v chromium >/dev/null; then
  [ "$(id -u)" = 0 ] || die "Chromium is missing; run this script as root to apt-get install it, or set CHROMIUM_PATH"
  echo "    installing Debian's chromium package (about 100 MB, a minute or two)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
chromium --version >&2
command -v chromium
