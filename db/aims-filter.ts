import { sql, type RawBuilder } from 'kysely';

/**
 * `column` is one of the AIMS ids: the reach filter every list and count applies (see
 * ARCHITECTURE.md "Organisations and access"). An empty list matches nothing, as it should.
 */
export function inAims(column: string, aimsIds: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} = any(${[...aimsIds]}::uuid[])`;
}
