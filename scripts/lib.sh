# Shared helpers for the provisioning scripts: progress lines and the cache folder.
# The cache lives outside the clone so that CI's fresh clones reuse what an earlier run fetched.
AIMS_CACHE_DIR="${AIMS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/aims-cycles}"
export AIMS_CACHE_DIR

step_started_at=0
# Progress goes to stderr so that a script's standard output stays its result.
step() {
  step_started_at=$(date +%s)
  printf '\n==> %s\n' "$*" >&2
}
done_step() {
  printf '    done in %ss%s\n' "$(( $(date +%s) - step_started_at ))" "${1:+ ($1)}" >&2
}
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# The project supports Node 22 and 24 (package.json's engines). On a machine whose Node is older
# (or missing), the pinned Node from scripts/provision-node.sh goes first on PATH, so that npm,
# npx, vitest, the engine and the processes the tests spawn all run on it.
use_supported_node() {
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$major" -lt 22 ]; then
    local node_dir
    node_dir="$(bash "$(dirname "${BASH_SOURCE[0]}")/provision-node.sh" | tail -n 1)"
    PATH="$node_dir/bin:$PATH"
    export PATH
  fi
}
