import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../db/repositories/api-tokens.repository';
import { listChanges } from '../../db/repositories/audit-trail.repository';
import { caseWorkflowId } from '../../domain/nc-case';
import { EngineHarness } from '../support/engine-harness';

// The operator creates organisations and their first admins and sees nothing inside them; an
// organisation's admins keep its settings, which its emails and its new AIMS follow.

type Caller = { id: string; token: string };

describe('organisations: the operator, and each organisation’s settings', () => {
  let h: EngineHarness;
  let operator: Caller;
  let defaultAdmin: Caller;
  let clientId: string;
  let clientAdmin: Caller;

  const organisationCount = async () =>
    Number(
      (
        await h.db
          .selectFrom('organisations')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    h = await EngineHarness.start();
    const ops = await h.person('Olga', []);
    await h.db.updateTable('people').set({ operator: true }).where('id', '=', ops.id).execute();
    operator = ops;
    defaultAdmin = await h.person('Dana', ['admin', 'programme_manager']);
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('only the operator creates or lists organisations', async () => {
    const body = { name: 'Nope Ltd', admin: { name: 'Nia', email: 'nia@nope.example', timeZone: 'UTC' } };
    expect((await h.call('POST', '/organisations', defaultAdmin.token, body)).status).toBe(403);
    expect((await h.call('GET', '/organisations', defaultAdmin.token)).status).toBe(403);
    expect(await organisationCount()).toBe(1);
  });

  it('creates an organisation with its first admin, who is emailed a sign-in link', async () => {
    await h.newEmails();
    const created = await h.call('POST', '/organisations', operator.token, {
      name: 'Client Co',
      admin: { name: 'Carla', email: 'carla@client.example', timeZone: 'America/New_York', department: 'Compliance' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: 'Client Co', signInLinkSent: true, admin: { email: 'carla@client.example', roles: ['admin'] } });
    clientId = created.body.id;
    const admin = await h.db.selectFrom('people').selectAll().where('email', '=', 'carla@client.example').executeTakeFirstOrThrow();
    expect(admin.organisation_id).toBe(clientId);
    const memberships = await h.db.selectFrom('memberships').selectAll().where('person_id', '=', admin.id).execute();
    expect(memberships.map((m) => [m.organisation_id, m.aims_id, m.role])).toEqual([[clientId, null, 'admin']]);

    const [mail] = (await h.newEmails()).filter((m) => m.to === 'carla@client.example');
    const link = /\/ui\/sign-in\/link\?token=([\w-]+)/.exec(mail!.text)?.[1];
    expect(link).toBeDefined();
    // The link is a working single-use sign-in link (its confirmation page opens).
    expect((await fetch(`${h.api.url}/ui/sign-in/link?token=${link}`)).status).toBe(200);
    expect((await listChanges(h.db, 'organisation', clientId)).map((e) => e.action)).toEqual(['created']);
    clientAdmin = { id: admin.id, token: (await issueToken(h.db, admin.id, 'test')).secret };
  });

  it('lists organisations to the operator by name and id only', async () => {
    const listed = await h.call('GET', '/organisations', operator.token);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((o: object) => Object.keys(o).sort())).toEqual([
      ['id', 'name'],
      ['id', 'name'],
    ]);
    expect(listed.body.items.map((o: { name: string }) => o.name).sort()).toEqual(['Client Co', 'Default organisation']);
  });

  it('creates nothing when the first admin’s email is taken', async () => {
    const before = await organisationCount();
    const taken = await h.call('POST', '/organisations', operator.token, {
      name: 'Twice Ltd',
      admin: { name: 'C', email: 'carla@client.example', timeZone: 'UTC' },
    });
    expect(taken.status).toBe(409);
    expect(await organisationCount()).toBe(before);
  });

  it('the operator sees nothing inside an organisation', async () => {
    for (const path of ['/aims', '/cases', '/people', `/organisations/${clientId}/settings`, '/tasks', '/overdue']) {
      const seen = await h.call('GET', path, operator.token);
      expect(seen.status, path).toBe(403);
      expect(JSON.stringify(seen.body), path).not.toContain('Carla');
    }
  });

  it('keeps settings per organisation: admins only, validated, recorded, another organisation’s answered like an unknown one', async () => {
    const settings = {
      senderName: 'Client Co compliance',
      replyTo: 'compliance@client.example',
      defaultTimeZone: 'America/New_York',
      defaultHolidayRegion: 'US-CA',
      defaultPolicy: { maxExtensionsPerStep: 1 },
    };
    const path = `/organisations/${clientId}/settings`;
    const bad = await h.call('PUT', path, clientAdmin.token, {
      ...settings,
      defaultTimeZone: 'Mars/Olympus',
      defaultHolidayRegion: 'XX-YY',
      replyTo: 'nobody',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.defaultHolidayRegion', 'body.defaultTimeZone', 'body.replyTo']);
    const put = await h.call('PUT', path, clientAdmin.token, settings);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toEqual({ id: clientId, name: 'Client Co', ...settings });
    expect((await h.call('GET', path, clientAdmin.token)).body).toEqual(put.body);
    const [, changed] = await listChanges(h.db, 'organisation', clientId);
    expect(changed).toMatchObject({ action: 'settings_changed', actor_id: clientAdmin.id, after: { sender_name: 'Client Co compliance' } });

    // The default organisation's admin: another organisation's settings are an unknown id's 404.
    const foreign = await h.call('GET', path, defaultAdmin.token);
    const unknownId = randomUUID();
    const unknown = await h.call('GET', `/organisations/${unknownId}/settings`, defaultAdmin.token);
    expect([foreign.status, foreign.body.detail]).toEqual([404, `no organisation ${clientId}`]);
    expect([unknown.status, unknown.body.detail]).toEqual([404, `no organisation ${unknownId}`]);
    expect((await h.call('PUT', path, defaultAdmin.token, { ...settings, senderName: 'Hijack' })).status).toBe(404);
    expect((await h.call('GET', path, clientAdmin.token)).body.senderName).toBe('Client Co compliance');
  });

  it('a new AIMS takes its organisation’s defaults for what it leaves out', async () => {
    const pm = (await h.call('POST', '/people', clientAdmin.token, { name: 'Pia', email: 'pia@client.example', timeZone: 'UTC', roles: ['programme_manager'] }))
      .body;
    const pmCaller = { id: pm.id, token: (await issueToken(h.db, pm.id, 'test')).secret };
    const defaulted = await h.newAims(pmCaller, { timeZone: undefined, holidayRegion: undefined });
    expect(defaulted).toMatchObject({ timeZone: 'America/New_York', holidayRegion: 'US-CA', policy: { maxExtensionsPerStep: 1 } });
    const explicit = await h.newAims(pmCaller, { timeZone: 'Europe/Paris', holidayRegion: null, policy: { maxExtensionsPerStep: 3 } });
    expect(explicit).toMatchObject({ timeZone: 'Europe/Paris', holidayRegion: null, policy: { maxExtensionsPerStep: 3 } });
    // The default organisation has no default zone: a new AIMS there must name one.
    const noZone = await h.call('POST', '/aims', defaultAdmin.token, { name: 'Zoneless', programmeManagerId: defaultAdmin.id });
    expect(noZone.status).toBe(422);
    expect(noZone.body.errors).toEqual([{ field: 'body.timeZone', reason: 'required (the organisation has no default zone)' }]);
  });

  it('sends an item’s emails with its organisation’s sender name and reply-to', async () => {
    const pm = await h.db.selectFrom('people').selectAll().where('email', '=', 'pia@client.example').executeTakeFirstOrThrow();
    const pmCaller = { id: pm.id, token: (await issueToken(h.db, pm.id, 'pia again')).secret };
    const owner = (await h.call('POST', '/people', clientAdmin.token, { name: 'Omar', email: 'omar@client.example', timeZone: 'UTC', roles: ['action_owner'] }))
      .body;
    const aims = await h.newAims(pmCaller, { timeZone: undefined, holidayRegion: undefined });
    await h.newEmails();
    const raised = await h.raiseCase(aims.id, owner, { by: pmCaller });
    const [assignment] = (await h.emailsSentBy(caseWorkflowId(raised.id))).filter((m) => m.to === 'omar@client.example');
    expect(assignment, 'the assignment email').toBeDefined();
    expect(assignment!.parsed.from?.value).toEqual([{ name: 'Client Co compliance', address: 'aims@example.org' }]);
    expect(assignment!.parsed.replyTo?.value).toEqual([{ name: '', address: 'compliance@client.example' }]);

    // The default organisation's item keeps the deployment's sender and has no reply-to.
    const owner2 = await h.person('Otto', ['action_owner']);
    const home = await h.newAims(defaultAdmin);
    const other = await h.raiseCase(home.id, owner2, { by: defaultAdmin });
    const [plain] = (await h.emailsSentBy(caseWorkflowId(other.id))).filter((m) => m.to === 'otto@example.org');
    expect(plain!.parsed.from?.value).toEqual([{ name: 'AIMS', address: 'aims@example.org' }]);
    expect(plain!.parsed.replyTo).toBeUndefined();
  });
});
