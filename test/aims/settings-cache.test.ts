import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAims } from '../../db/repositories/aims.repository';
import { createAimsSettingsCache } from '../../services/aims-settings-cache';
import { freshPostgres } from '../support/database';
import { EngineHarness } from '../support/engine-harness';
import { newPerson } from '../support/fixtures';

// Issue #20: an AIMS's settings and working calendar are kept in memory instead of being read and
// rebuilt by every activity; the API forgets what it changes, so the next command computes with it.

describe('the AIMS settings cache', () => {
  let postgres: Awaited<ReturnType<typeof freshPostgres>>;
  let aimsId: string;

  beforeAll(async () => {
    postgres = await freshPostgres();
    const pm = await newPerson(postgres.db, { roles: ['programme_manager'] });
    aimsId = (await insertAims(postgres.db, { name: 'AIMS Berlin', time_zone: 'Europe/Berlin', holiday_region: 'DE', programme_manager_id: pm.id })).id;
  });
  afterAll(async () => {
    await postgres?.drop();
  });

  const changeZoneBehindTheApi = (zone: string) => postgres.db.updateTable('aims').set({ time_zone: zone }).where('id', '=', aimsId).execute();

  it('keeps what it read until it is told to forget it, and reads again then', async () => {
    const cache = createAimsSettingsCache({ ttlMs: 3_600_000 });
    const first = await cache.get(postgres.db, aimsId);
    expect(first?.calendar.timeZone).toBe('Europe/Berlin');
    await changeZoneBehindTheApi('Europe/Paris');
    // Kept: the same object, calendar included, not rebuilt.
    expect(await cache.get(postgres.db, aimsId)).toBe(first);
    cache.invalidate(aimsId);
    expect((await cache.get(postgres.db, aimsId))?.calendar.timeZone).toBe('Europe/Paris');
    await changeZoneBehindTheApi('Europe/Berlin');
  });

  it('answers many callers at once with one read, and lets an entry expire', async () => {
    const cache = createAimsSettingsCache({ ttlMs: 50 });
    const answers = await Promise.all(Array.from({ length: 10 }, () => cache.get(postgres.db, aimsId)));
    expect(new Set(answers).size).toBe(1);
    await changeZoneBehindTheApi('Asia/Tokyo');
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await cache.get(postgres.db, aimsId))?.calendar.timeZone).toBe('Asia/Tokyo');
    await changeZoneBehindTheApi('Europe/Berlin');
  });

  it('keeps nothing of an unknown AIMS, nor with no lifetime', async () => {
    const cache = createAimsSettingsCache({ ttlMs: 3_600_000 });
    expect(await cache.get(postgres.db, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
    const uncached = createAimsSettingsCache({ ttlMs: 0 });
    const before = await uncached.get(postgres.db, aimsId);
    expect(await uncached.get(postgres.db, aimsId)).not.toBe(before);
  });
});

describe('a settings change through the API', () => {
  let h: EngineHarness;

  beforeAll(async () => {
    // An hour: only the API's forgetting can make the change visible within the test.
    h = await EngineHarness.start({ env: { AIMS_SETTINGS_CACHE_SECONDS: '3600' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('takes effect on the next command: a new case gets the new containment deadline', async () => {
    const pm = await h.person('Pam', ['programme_manager']);
    const owner = await h.person('Olli', ['action_owner']);
    const settings = { name: 'AIMS Berlin', timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: pm.id };
    const aims = await h.call('POST', '/aims', pm.token, settings);
    expect(aims.status).toBe(201);
    await h.advanceTo('2027-09-06T06:00:00Z'); // a Monday
    const raise = async (title: string) => {
      const raised = await h.call('POST', '/cases', pm.token, { aimsId: aims.body.id, title, severity: 'minor', source: 'incident', ownerId: owner.id });
      expect(raised.status).toBe(201);
      return raised.body.tasks[0].dueDate as string;
    };
    // The default: 10 working days for a minor containment (the settings are in memory now).
    expect(await raise('Model card missing')).toBe('2027-09-20');
    const changed = await h.call('PUT', `/aims/${aims.body.id}`, pm.token, { ...settings, policy: { caseDeadlines: { containment: { major: 2, minor: 3 } } } });
    expect(changed.status).toBe(200);
    expect(await raise('Bias test skipped')).toBe('2027-09-09');
  });
});
