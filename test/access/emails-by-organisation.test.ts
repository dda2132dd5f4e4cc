import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDigestWorkflow } from '../../temporal/digests';
import { EngineHarness, type Email } from '../support/engine-harness';
import { newMember, newOrganisation, type Member } from './seed-organisation';

// Two organisations in one deployment, each with a programme manager, management and an action
// owner. A major nonconformity in A goes unanswered for a month: reminders, the overdue notice,
// the escalation to A's programme manager and management, the weekly chase, the digests and
// management's monthly overdue report. None of it may reach B's people, who hold the same roles.

describe("emails of A's lifecycle reach only A's people", () => {
  let h: EngineHarness;
  let a: Record<'pm' | 'management' | 'owner', Member>;
  let b: Record<'pm' | 'management' | 'owner', Member>;
  let emails: Email[];
  const emailOf = new Map<string, string>();

  beforeAll(async () => {
    h = await EngineHarness.start();
    const member = async (organisationId: string, label: string, roles: Parameters<typeof newMember>[2]) => {
      const m = await newMember(h.db, organisationId, roles, label);
      const row = await h.db.selectFrom('people').select('email').where('id', '=', m.id).executeTakeFirstOrThrow();
      emailOf.set(m.id, row.email);
      return m;
    };
    const [orgA, orgB] = [await newOrganisation(h.db, 'A'), await newOrganisation(h.db, 'B')];
    a = {
      pm: await member(orgA, 'a-pm', ['programme_manager']),
      management: await member(orgA, 'a-mgmt', ['management']),
      owner: await member(orgA, 'a-owner', ['action_owner']),
    };
    b = {
      pm: await member(orgB, 'b-pm', ['programme_manager']),
      management: await member(orgB, 'b-mgmt', ['management']),
      owner: await member(orgB, 'b-owner', ['action_owner']),
    };
    await h.advanceTo('2027-01-04T07:30:00Z');
    await ensureDigestWorkflow(h.env.client.workflow, 'aims-cycles');
    const aims = await h.call('POST', '/aims', a.pm.token, { name: 'AIMS of A', timeZone: 'Europe/Berlin', programmeManagerId: a.pm.id });
    expect(aims.status, JSON.stringify(aims.body)).toBe(201);
    const raised = await h.call('POST', '/cases', a.pm.token, {
      aimsId: aims.body.id,
      title: 'Model drift unwatched',
      source: 'incident',
      severity: 'major',
      ownerId: a.owner.id,
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    // B's programme manager may not give A's task to B's people: answered like an unknown person.
    const intoB = await h.call('POST', '/cases', a.pm.token, { aimsId: aims.body.id, title: 'x', source: 'incident', severity: 'minor', ownerId: b.owner.id });
    expect(intoB.status).toBe(422);
    expect(JSON.stringify(intoB.body)).toContain('body.ownerId');
    await h.advanceTo('2027-02-06T00:00:00Z');
    emails = await h.newEmails();
  }, 240_000);
  afterAll(async () => {
    await h?.stop();
  });

  it("sends A's escalations and reports to A's programme manager and management", () => {
    const to = (m: Member) => emails.filter((e) => e.to === emailOf.get(m.id)).map((e) => e.subject);
    expect(to(a.owner).some((s) => s.startsWith('[NC-1] Overdue'))).toBe(true);
    expect(to(a.pm).some((s) => s.includes('Escalation'))).toBe(true);
    expect(to(a.management).some((s) => s.includes('Escalation'))).toBe(true);
    expect(to(a.management).some((s) => /overdue report/i.test(s))).toBe(true);
  });

  it("sends nothing to B's people, though they hold the same roles", () => {
    const toB = emails.filter((e) => [b.pm, b.management, b.owner].some((m) => e.to === emailOf.get(m.id)));
    expect(toB.map((e) => `${e.to} ${e.subject}`)).toEqual([]);
    for (const e of emails)
      expect([...emailOf.entries()].filter(([id]) => [a.pm, a.management, a.owner].some((m) => m.id === id)).map(([, addr]) => addr)).toContain(e.to);
  });
});
