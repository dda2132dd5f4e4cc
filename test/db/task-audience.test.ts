// The two one-statement reads a command's save makes for the tasks it opens (issue #20): the
// owner with their active manager, and who may receive the task's timed emails. Run on PGlite,
// the embedded default, whose SQL support is the narrower of the two.
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../db/connect';
import type { Db } from '../../db/database';
import { migrations } from '../../db/migrations';
import { findTaskAudience } from '../../db/repositories/memberships.repository';
import { findPersonWithActiveManager } from '../../db/repositories/people.repository';
import type { Role } from '../../domain/roles';
import { newPerson } from '../support/fixtures';

describe('the reads behind a new task, on PGlite', () => {
  let db: Db;
  let aimsId: string;
  let otherAimsId: string;

  beforeAll(async () => {
    db = connectDatabase({ kind: 'pglite', dir: undefined });
    const migrated = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
    expect(migrated.error).toBeUndefined();
    const pm = await newPerson(db, { roles: ['programme_manager'] });
    const aims = async (name: string) =>
      (await sql<{ id: string }>`insert into aims (name, time_zone, programme_manager_id) values (${name}, 'UTC', ${pm.id}) returning id`.execute(db)).rows[0]!
        .id;
    aimsId = await aims('This AIMS');
    otherAimsId = await aims('Another AIMS');
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
  });

  const deactivate = (id: string) => sql`update people set active = false where id = ${id}`.execute(db);
  const memberOnAims = (personId: string, onAimsId: string, role: Role) =>
    sql`insert into memberships (person_id, organisation_id, aims_id, role)
        select ${personId}, organisation_id, id, ${role} from aims where id = ${onAimsId}`.execute(db);

  it("finds a person's manager only while the manager is active", async () => {
    const manager = await newPerson(db);
    const owner = await newPerson(db, { managerId: manager.id });
    const alone = await newPerson(db);
    expect((await findPersonWithActiveManager(db, owner.id))?.active_manager_id).toBe(manager.id);
    expect((await findPersonWithActiveManager(db, alone.id))?.active_manager_id).toBeNull();
    await deactivate(manager.id);
    expect(await findPersonWithActiveManager(db, owner.id)).toMatchObject({ id: owner.id, active_manager_id: null });
    expect(await findPersonWithActiveManager(db, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it("gives the named people and the AIMS's management, active ones only, each with their zone", async () => {
    const owner = await newPerson(db, { timeZone: 'Asia/Kolkata' });
    const goneManager = await newPerson(db);
    const boardMember = await newPerson(db, { roles: ['management'], timeZone: 'America/New_York' });
    const aimsManagement = await newPerson(db);
    await memberOnAims(aimsManagement.id, aimsId, 'management');
    const otherAimsManagement = await newPerson(db);
    await memberOnAims(otherAimsManagement.id, otherAimsId, 'management');
    const retiredBoardMember = await newPerson(db, { roles: ['management'] });
    await deactivate(retiredBoardMember.id);
    await deactivate(goneManager.id);

    // The owner twice (as owner and as programme manager) comes back once.
    const audience = await findTaskAudience(db, aimsId, [owner.id, goneManager.id, owner.id]);
    const byId = new Map(audience.map((p) => [p.id, p]));
    expect(byId.get(owner.id)).toEqual({ id: owner.id, time_zone: 'Asia/Kolkata', management: false });
    expect(byId.get(boardMember.id)).toEqual({ id: boardMember.id, time_zone: 'America/New_York', management: true });
    expect(byId.get(aimsManagement.id)?.management).toBe(true);
    expect(byId.has(goneManager.id)).toBe(false);
    expect(byId.has(otherAimsManagement.id)).toBe(false);
    expect(byId.has(retiredBoardMember.id)).toBe(false);
    expect(audience.map((p) => p.id)).toEqual([...audience.map((p) => p.id)].sort());
  });
});
