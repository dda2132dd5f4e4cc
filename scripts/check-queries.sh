#!/usr/bin/env bash
# One owner per record: every query of a table lives in its repository under db/ (issue #11).
# A kysely builder or raw SQL anywhere else in the product fails the check, with where it is.
set -euo pipefail
cd "$(dirname "$0")/.."
found=$(grep -rnE '\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql`|from .kysely.;?$' \
  --include='*.ts' activities api calendar config domain mail main planning services temporal web workflows \
  | grep -vE "import type .* from 'kysely'" || true)
if [ -n "$found" ]; then
  echo "Queries belong in db/repositories (one repository per record); found outside db/:" >&2
  echo "$found" >&2
  exit 1
fi
echo "queries: none outside db/"
