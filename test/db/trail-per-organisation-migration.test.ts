import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connectDatabase } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations';
import { GENESIS_HASH, trailEntryHash } from '../../db/audit-trail-hash';
import { recordChange } from '../../db/repositories/audit-trail.repository';
import { verifyTrailChain } from '../../services/audit-trail-verification';

// Migration 2026-12-07T0100 (issue #17): the entries of no AIMS were one chain for the whole
// deployment; they become one chain per organisation, so that deleting one organisation leaves
// every other chain whole. An AIMS's chain is not touched (its hashes stay as they were).

describe('the organisations’ own record split per organisation', () => {
  it('re-chains each organisation’s entries on their own, keeps every AIMS chain’s hashes, and new entries continue them', async () => {
    const db = connectDatabase({ kind: 'pglite', dir: undefined });
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('2026-12-05T0600-external-auditor-grants')).error).toBeUndefined();
      const organisation = async (name: string) => (await db.insertInto('organisations').values({ name }).returning('id').executeTakeFirstOrThrow()).id;
      const [acme, bolt] = [await organisation('Acme'), await organisation('Bolt')];
      const person = async (name: string, organisationId: string) =>
        (
          await db
            .insertInto('people')
            .values({ name, email: `${name}@example.org`, time_zone: 'UTC', roles: ['admin'], organisation_id: organisationId })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      const [ada, bob] = [await person('ada', acme), await person('bob', bolt)];
      const aimsId = (
        await db
          .insertInto('aims')
          .values({ name: 'AIMS of Bolt', time_zone: 'UTC', programme_manager_id: bob, policy: '{}', organisation_id: bolt })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      // Written as the old writer did: no AIMS, one deployment-wide chain, interleaved.
      const at = new Date('2026-12-01T10:00:00.000Z');
      const own = (entityType: string, entityId: string, actorId: string | null) => recordChangeBefore(db, { aimsId: null, entityType, entityId, actorId, at });
      await own('person', ada, null);
      await own('organisation', bolt, null);
      await recordChangeBefore(db, { aimsId, entityType: 'aims', entityId: aimsId, actorId: bob, at });
      await own('person', bob, bob);
      await own('api_token', '00000000-0000-4000-8000-00000000000f', ada); // a token of no row: its actor's home
      const aimsHashes = await db.selectFrom('audit_trail').select('hash').where('aims_id', '=', aimsId).execute();

      await migrateToLatest(db);

      const chains = await db
        .selectFrom('audit_trail')
        .select(['entity_type', 'organisation_id', 'chain_seq'])
        .where('aims_id', 'is', null)
        .orderBy('id')
        .execute();
      expect(chains.map((r) => [r.entity_type, r.organisation_id, Number(r.chain_seq)])).toEqual([
        ['person', acme, 1],
        ['organisation', bolt, 1],
        ['person', bolt, 2],
        ['api_token', acme, 2],
      ]);
      expect(await verifyTrailChain(db, null, acme)).toMatchObject({ intact: true, entries: 2 });
      expect(await verifyTrailChain(db, null, bolt)).toMatchObject({ intact: true, entries: 2 });
      expect(await verifyTrailChain(db, null, null)).toMatchObject({ intact: true, entries: 0 });
      expect(await db.selectFrom('audit_trail').select('hash').where('aims_id', '=', aimsId).execute()).toEqual(aimsHashes);
      expect(await verifyTrailChain(db, aimsId)).toMatchObject({ intact: true, entries: 1 });

      // A new entry about Ada goes into Acme's chain by itself, and it still verifies.
      await recordChange(db, {
        aimsId: null,
        actor: { id: ada, label: 'ada' },
        at,
        entityType: 'person',
        entityId: ada,
        action: 'updated',
        before: null,
        after: {},
      });
      expect(await verifyTrailChain(db, null, acme)).toMatchObject({ intact: true, entries: 3 });
      expect(await verifyTrailChain(db, null, bolt)).toMatchObject({ intact: true, entries: 2 });
    } finally {
      await db.destroy();
    }
  });
});

/** An entry as the writer before the split made it: entries of no AIMS in one deployment-wide chain (version 1 hashes). */
async function recordChangeBefore(
  db: ReturnType<typeof connectDatabase>,
  entry: { aimsId: string | null; entityType: string; entityId: string; actorId: string | null; at: Date },
): Promise<void> {
  const head = (
    await sql<{
      chain_seq: string;
      hash: string;
    }>`select chain_seq, hash from audit_trail where aims_id is not distinct from ${entry.aimsId}::uuid order by chain_seq desc limit 1`.execute(db)
  ).rows[0];
  const seq = head ? Number(head.chain_seq) + 1 : 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const hash = trailEntryHash({
    aimsId: entry.aimsId,
    seq,
    prevHash,
    occurredAt: entry.at,
    actorId: entry.actorId,
    actorLabel: 'someone',
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: 'created',
    before: null,
    after: null,
    idempotencyKey: null,
  });
  await sql`insert into audit_trail (occurred_at, actor_id, actor_label, entity_type, entity_id, action, before, after, aims_id, chain_seq, prev_hash, hash)
            values (${entry.at}, ${entry.actorId}, 'someone', ${entry.entityType}, ${entry.entityId}, 'created', null, null, ${entry.aimsId}, ${seq}, ${prevHash}, ${hash})`.execute(
    db,
  );
}
