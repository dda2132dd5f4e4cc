#!/usr/bin/env bash
# Installs Debian's PostgreSQL if missing, starts a cluster listening on 127.0.0.1 and creates the
# role and the test database. Idempotent. Prints the DATABASE_URL for tests on its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"

port="${AIMS_PG_PORT:-5432}"
role="${AIMS_PG_ROLE:-aims}"
password="${AIMS_PG_PASSWORD:-aims}"
database="${AIMS_PG_TEST_DATABASE:-aims_test}"

step "PostgreSQL server"
if ! command -v pg_ctlcluster >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || die "PostgreSQL is missing; run this script as root to apt-get install it, or set DATABASE_URL"
  echo "    installing Debian's postgresql package" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main"' | grep -q .; then
  pg_createcluster "$version" main --port "$port" >/dev/null
fi
# Listen on loopback only; the test suite and the engine connect over TCP with a password.
conf_dir="/etc/postgresql/$version/main/conf.d"
mkdir -p "$conf_dir"
printf "listen_addresses = '127.0.0.1'\n" > "$conf_dir/aims-cycles.conf"
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start
fi
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
for _ in $(seq 1 30); do as_postgres psql -p "$port" -qAtc 'select 1' >/dev/null 2>&1 && break; sleep 1; done
as_postgres psql -p "$port" -qAt -v ON_ERROR_STOP=1 <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE "$role" LOGIN CREATEDB PASSWORD '$password';
  END IF;
END \$\$;
SQL
if ! as_postgres psql -p "$port" -qAtc "select 1 from pg_database where datname = '$database'" | grep -q 1; then
  as_postgres createdb -p "$port" -O "$role" "$database"
fi
done_step "PostgreSQL $version on 127.0.0.1:$port"
echo "postgres://$role:$password@127.0.0.1:$port/$database"
