#!/usr/bin/env bash
# Creates (first run) and upgrades (every run) the Temporal server's two PostgreSQL databases,
# `temporal` and `temporal_visibility`, through Temporal's own schema tool. Idempotent: run it
# before each server start or upgrade. The same script serves docker-compose's schema job (inside
# temporalio/admin-tools, where the tool and the schema files are at their defaults) and the
# topology test (the cached build of scripts/provision-temporal-server.sh).
#   TEMPORAL_SQL_TOOL   the tool (default: temporal-sql-tool on PATH)
#   TEMPORAL_SCHEMA_DIR the schema folder holding postgresql/v12 (default: /etc/temporal/schema)
#   POSTGRES_SEEDS, DB_PORT, POSTGRES_USER, POSTGRES_PWD   where and as whom
#   TEMPORAL_DB, TEMPORAL_VISIBILITY_DB                    the databases' names
set -eu
tool="${TEMPORAL_SQL_TOOL:-temporal-sql-tool}"
schema="${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema}/postgresql/v12"
sql() {
  "$tool" --plugin postgres12 --ep "${POSTGRES_SEEDS:-127.0.0.1}" -p "${DB_PORT:-5432}" \
    -u "${POSTGRES_USER:-temporal}" --pw "${POSTGRES_PWD:-}" "$@"
}
for pair in "${TEMPORAL_DB:-temporal}:temporal" "${TEMPORAL_VISIBILITY_DB:-temporal_visibility}:visibility"; do
  db="${pair%%:*}"
  kind="${pair##*:}"
  echo "schema: $db ($kind)"
  # The first run creates the database and the version table; later runs find them and go on.
  sql --db "$db" create-database 2>/dev/null || echo "schema: $db exists"
  sql --db "$db" setup-schema -v 0.0 2>/dev/null || echo "schema: $db has its version table"
  sql --db "$db" update-schema -d "$schema/$kind/versioned"
done
echo "schema: up to date"
