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
