import { randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../db/connect';
import type { Db } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations';
import { insertPerson, updatePersonRow } from '../../db/repositories/people.repository';
import { loadReach } from '../../services/access';

// The organisations migration on a database made by the code before it: everything goes into one
// organisation and every person keeps every role they had, now as organisation-wide memberships.

const BEFORE = '2026-12-03T0500-ai-systems';

describe('moving a single-organisation database into organisations', () => {
  let db: Db;
  const people = [
    { id: randomUUID(), roles: ['programme_manager', 'admin'] },
    { id: randomUUID(), roles: ['auditor', 'action_owner'] },
    { id: randomUUID(), roles: ['management'] },
    { id: randomUUID(), roles: [] },
  ];
  const aims = [randomUUID(), randomUUID()];

  beforeAll(async () => {
    db = connectDatabase({ kind: 'pglite', dir: undefined });
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(BEFORE);
    if (error) throw error;
    for (const [i, p] of people.entries()) {
      await sql`insert into people (id, name, email, time_zone, roles) values (${p.id}, ${'P' + i}, ${`p${i}@example.org`}, 'Europe/Berlin', ${p.roles}::text[])`.execute(
        db,
      );
    }
    for (const id of aims)
      await sql`insert into aims (id, name, time_zone, programme_manager_id) values (${id}, ${'AIMS ' + id}, 'UTC', ${people[0]!.id})`.execute(db);
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('puts every AIMS and person into one organisation', async () => {
    const organisations = await db.selectFrom('organisations').select(['id', 'name']).execute();
    expect(organisations).toHaveLength(1);
    const [only] = organisations;
    expect(only!.name).toBe('Default organisation');
    expect(new Set((await db.selectFrom('aims').select('organisation_id').execute()).map((a) => a.organisation_id))).toEqual(new Set([only!.id]));
    expect(new Set((await db.selectFrom('people').select('organisation_id').execute()).map((p) => p.organisation_id))).toEqual(new Set([only!.id]));
  });

  it("keeps every person's roles, on every AIMS", async () => {
    for (const person of people) {
      const reach = await loadReach(db, person.id);
      expect(reach.allRoles().sort()).toEqual([...person.roles].sort());
      for (const id of aims) expect(reach.rolesOn(id).sort()).toEqual([...person.roles].sort());
      expect(reach.aimsWith().sort()).toEqual(person.roles.length ? [...aims].sort() : []);
    }
  });

  it('keeps memberships following people.roles for people changed or added later', async () => {
    await updatePersonRow(db, people[3]!.id, { roles: ['auditor'] });
    expect((await loadReach(db, people[3]!.id)).rolesOn(aims[0]!)).toEqual(['auditor']);
    await updatePersonRow(db, people[0]!.id, { roles: ['admin'] });
    expect((await loadReach(db, people[0]!.id)).rolesOn(aims[1]!)).toEqual(['admin']);
    const added = await insertPerson(db, {
      name: 'New',
      email: 'new@example.org',
      time_zone: 'UTC',
      department: null,
      manager_id: null,
      roles: ['management'],
    });
    expect((await loadReach(db, added.id)).rolesOn(aims[0]!)).toEqual(['management']);
  });
});
