import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUSES } from '../../domain/reference/iso42001';
import type { AuditResult } from '../../db/tables/audits.table';
import { EngineHarness } from '../support/engine-harness';
import { seedAiSystem, seedAudit, seedAuditResults, seedDocument } from '../support/seed-records';

// The gap assessment of seeded records equals an independent computation over the same tables:
// the facts by one SQL query per item kind, the status, scores and remediation order by the
// rules as ARCHITECTURE.md documents them, written here again without the product's code.

describe('readiness: the gap assessment from the record', () => {
  let h: EngineHarness;
  type Person = Awaited<ReturnType<EngineHarness['person']>>;
  let pm: Person;
  let owner: Person;
  let aimsId: string;

  const insertDocument = (title: string, status: string, addresses: string[], reviewDue: string | null) =>
    seedDocument(
      h.db,
      { aimsId, ownerId: owner.id, approverIds: [pm.id] },
      { title, status, addresses: JSON.stringify(addresses), current_version: status === 'draft' ? null : 1, review_due: reviewDue },
    );

  /** A register entry as its workflow saves it, with its assessment cycles as documented JSON. */
  const insertAiSystem = (name: string, status: string, current: object | null, completed: object[]) =>
    seedAiSystem(
      h.db,
      { aimsId, ownerId: owner.id, riskOwnerId: pm.id },
      {
        name,
        status,
        retired_at: status === 'retired' ? new Date() : null,
        current_assessment: current === null ? null : JSON.stringify(current),
        completed_assessments: JSON.stringify(completed),
      },
    );
  const approval = { submittedBy: 'seeded', submittedAt: '2026-11-02T09:00:00Z', approvedBy: 'seeded', approvedAt: '2026-11-03T09:00:00Z' };
  const cycle = (dueDate: string, risk: boolean, impact: boolean) => ({
    id: randomUUID(),
    reason: 'planned',
    changeId: null,
    dueDate,
    openedAt: '2026-11-01T09:00:00Z',
    completedAt: risk && impact ? '2026-11-03T09:00:00Z' : null,
    completedOn: risk && impact ? '2026-11-03' : null,
    risk: risk ? { ...approval, risks: [] } : null,
    impact: impact ? { ...approval, impacts: [] } : null,
  });

  async function insertAudit(fieldworkStart: string, results: [string, AuditResult][]) {
    const id = await seedAudit(h.db, { aimsId, scope: results.map(([item]) => item), fieldworkStart }, { status: 'closed' });
    await seedAuditResults(
      h.db,
      id,
      pm.id,
      results.map(([itemId, result]) => ({ itemId, result, evidence: 'seeded' })),
    );
  }

  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.advanceTo('2027-01-04T08:00:00Z');
    pm = await h.person('Pia', ['programme_manager'], { timeZone: 'UTC' });
    owner = await h.person('Olaf', ['action_owner'], { timeZone: 'UTC' });
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'Acme AIMS', timeZone: 'UTC', programmeManagerId: pm.id })).body.id;
    const soa = await h.call('PUT', `/aims/${aimsId}/soa`, pm.token, {
      entries: [{ controlId: 'A.10.4', applicable: false, justification: 'No customers use our AI systems' }],
    });
    expect(soa.status).toBe(200);
    await insertDocument('AI policy', 'approved', ['5.2', 'A.2.2', 'A.2.4'], null);
    await insertDocument('Document control', 'due_for_review', ['7.5'], '2027-02-01'); // past its review by March
    await insertDocument('Records procedure', 'draft', ['7.5', 'A.6.2.4'], null);
    await insertDocument('Old scope', 'retired', ['4.3'], null);
    await insertDocument('Audit procedure', 'due_for_review', ['9.2'], '2027-06-01'); // review open, not yet due
    await insertAudit('2026-10-01', [
      ['5.2', 'conforming'],
      ['9.2', 'major_nc'],
      ['7.5', 'minor_nc'],
      ['A.10.4', 'conforming'],
    ]);
    await insertAudit('2026-12-01', [
      ['9.2', 'conforming'],
      ['A.2.2', 'observation'],
      ['4.1', 'major_nc'],
    ]);
    const raise = (clauseRef: string, severity: string) =>
      h.call('POST', '/cases', pm.token, { aimsId, title: `Finding against ${clauseRef}`, source: 'monitoring', severity, ownerId: owner.id, clauseRef });
    expect((await raise('8.1', 'major')).status).toBe(201);
    expect((await raise('A.2.2', 'minor')).status).toBe(201);
    expect((await raise('A.2.2', 'minor')).status).toBe(201);
    // An AI system whose first assessment opens at once, due 20 working days on (Mon 2027-02-01): overdue by March.
    const system = await h.call('POST', `/aims/${aimsId}/ai-systems`, pm.token, {
      name: 'Support bot',
      purpose: 'Answers questions',
      role: 'provider',
      ownerId: owner.id,
      riskOwnerId: pm.id,
      lifecycleStage: 'operation_and_monitoring',
      deploymentStatus: 'live',
      riskClassification: 'limited',
    });
    expect(system.body.currentAssessmentDue).toBe('2027-02-01');
    // Assessed and approved, its reassessment not yet due: current for every item.
    await insertAiSystem('Pricing model', 'active', cycle('2027-11-15', false, false), [cycle('2026-11-15', true, true)]);
    // Its first cycle open until May: the risk assessment approved, the impact assessment not yet.
    await insertAiSystem('Triage model', 'active', cycle('2027-05-03', true, false), []);
    // Retired: out of scope, never assessed.
    await insertAiSystem('Old chatbot', 'retired', cycle('2026-06-01', false, false), []);
    await h.advanceTo('2027-03-01T12:00:00Z');
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  });

  /** The facts of every item, straight from the tables. */
  async function factsBySql(today: string) {
    const clauses = CLAUSES.map((c) => c.id);
    const rows = await sql<{
      id: string;
      kind: string;
      addressing: number;
      current: number;
      last_result: string | null;
      major: number;
      minor: number;
      systems: number;
      lacking: number;
    }>`
      with items as (
        select unnest(${sql.val(clauses)}::text[]) as id, 'clause' as kind
        union all select control_id, 'control' from soa_entries where aims_id = ${aimsId} and applicable
      ), docs as (
        select i.id,
          count(d.id) filter (where d.status <> 'retired')::int as addressing,
          count(d.id) filter (where d.status in ('approved', 'due_for_review') and (d.review_due is null or d.review_due >= ${today}::date))::int as current
        from items i left join documents d on d.aims_id = ${aimsId} and d.addresses ? i.id group by i.id
      ), last_audit as (
        select distinct on (r.item_id) r.item_id, r.result from audit_results r join audits a on a.id = r.audit_id
        where a.aims_id = ${aimsId} order by r.item_id, a.fieldwork_start desc
      ), ncs as (
        select clause_ref, count(*) filter (where severity = 'major')::int as major, count(*) filter (where severity = 'minor')::int as minor
        from nc_cases where aims_id = ${aimsId} and status not in ('closed', 'cancelled') group by clause_ref
      ), needed(item_id, kind) as (
        values ('6.1', 'risk'), ('6.1', 'impact'), ('8.2', 'risk'), ('8.4', 'impact'),
          ('A.5.2', 'impact'), ('A.5.3', 'impact'), ('A.5.4', 'impact'), ('A.5.5', 'impact')
      ), system_kinds as (
        -- per active system and kind: approved in the open cycle, or not needed yet
        select s.id, k.kind,
          (s.current_assessment -> k.kind ->> 'approvedAt') is not null as approved_in_open,
          jsonb_typeof(s.current_assessment) = 'object' and (s.current_assessment ->> 'dueDate') < ${today} as open_past_due,
          jsonb_array_length(s.completed_assessments) > 0 as ever_completed
        from ai_systems s cross join (values ('risk'), ('impact')) k(kind)
        where s.aims_id = ${aimsId} and s.status = 'active'
      ), lacking as (
        select n.item_id, count(distinct sk.id)::int as lacking from needed n join system_kinds sk on sk.kind = n.kind
        where not sk.approved_in_open and (sk.open_past_due or not sk.ever_completed) group by n.item_id
      ), sys as (
        select count(*)::int as systems from ai_systems where aims_id = ${aimsId} and status = 'active'
      )
      select i.id, i.kind, docs.addressing, docs.current, last_audit.result as last_result,
        coalesce(ncs.major, 0)::int as major, coalesce(ncs.minor, 0)::int as minor, sys.systems, coalesce(lacking.lacking, 0)::int as lacking
      from items i join docs on docs.id = i.id left join last_audit on last_audit.item_id = i.id
        left join ncs on ncs.clause_ref = i.id left join lacking on lacking.item_id = i.id cross join sys`.execute(h.db);
    return rows.rows;
  }

  /** The documented rule, restated: gap reasons, partial reasons, status and score. */
  function expected(f: Awaited<ReturnType<typeof factsBySql>>[number]) {
    const assessed = ['6.1', '8.2', '8.4', 'A.5.2', 'A.5.3', 'A.5.4', 'A.5.5'].includes(f.id);
    const gaps = [f.addressing === 0, f.major > 0, f.last_result === 'major_nc'].filter(Boolean).length;
    const partials = [
      f.addressing > 0 && f.current === 0,
      f.minor > 0,
      f.last_result === null || f.last_result === 'minor_nc',
      assessed && (f.systems === 0 || f.lacking > 0),
    ].filter(Boolean).length;
    const status = gaps > 0 ? 'gap' : partials > 0 ? 'partial' : 'ready';
    return { id: f.id, kind: f.kind, status, score: { gap: 0, partial: 50, ready: 100 }[status], gaps, partials };
  }

  it('gives every item the status and score the documented rule gives the facts in the tables', async () => {
    const answer = await h.call('GET', `/aims/${aimsId}/readiness`, pm.token);
    expect(answer.status).toBe(200);
    const r = answer.body;
    expect(r.asOf).toBe('2027-03-01');
    const independent = (await factsBySql(r.asOf)).map(expected);
    expect(independent.length).toBe(CLAUSES.length + 37); // every clause, every control but A.10.4
    const byId = new Map(independent.map((e) => [e.id, e]));
    expect(r.items.map((i: { id: string }) => i.id).sort()).toEqual([...byId.keys()].sort());
    for (const item of r.items) expect([item.id, item.status, item.score]).toEqual([item.id, byId.get(item.id)!.status, byId.get(item.id)!.score]);

    // Spot checks, each a rule at work on the seeded record.
    const status = (id: string) => r.items.find((i: { id: string }) => i.id === id).status;
    expect(status('5.2')).toBe('ready'); // approved policy, conforming audit
    expect(status('A.2.2')).toBe('partial'); // approved policy, observation, but two open minor NCs
    expect(status('7.5')).toBe('partial'); // past review and a draft; minor finding
    expect(status('4.3')).toBe('gap'); // only a retired document
    expect(status('9.2')).toBe('ready'); // review open but not yet due: current; the later audit's conforming result counts
    expect(r.items.find((i: { id: string }) => i.id === '9.2').reasons.map((x: { text: string }) => x.text)).toContain('last audited 2026-12-01: conforming');
    expect(status('8.1')).toBe('gap'); // open major NC
    // Per AI system: the overdue one lacks both kinds, the half-assessed one its impact assessment.
    const texts = (id: string) => r.items.find((i: { id: string }) => i.id === id).reasons.map((x: { text: string }) => x.text);
    expect(texts('8.2')).toContain('1 of 3 AI systems without a current risk assessment: Support bot (risk assessment overdue since 2027-02-01)');
    expect(texts('A.5.2')).toContain(
      '2 of 3 AI systems without a current impact assessment: Support bot (impact assessment overdue since 2027-02-01), Triage model (impact assessment never approved)',
    );
    expect(texts('6.1')).toContainEqual(
      expect.stringMatching(/^2 of 3 AI systems without a current risk and impact assessments: Support bot \(risk assessment overdue since 2027-02-01; impact/),
    );
    expect(r.items.find((i: { id: string }) => i.id === '8.4').facts.assessments.lacking.map((l: { name: string }) => l.name)).toEqual([
      'Support bot',
      'Triage model',
    ]);

    // Scores: each group and the whole, the rounded mean of the independent scores.
    const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
    expect(r.overall).toBe(mean(independent.map((e) => e.score)));
    for (const g of r.groups) {
      const members = independent.filter((e) => (g.group === 'A' ? e.kind === 'control' : e.kind === 'clause' && e.id.split('.')[0] === g.group));
      expect([g.group, g.score, g.items]).toEqual([g.group, mean(members.map((e) => e.score)), members.length]);
    }
    expect(r.counts).toEqual({
      ready: independent.filter((e) => e.status === 'ready').length,
      partial: independent.filter((e) => e.status === 'partial').length,
      gap: independent.filter((e) => e.status === 'gap').length,
    });

    // Remediation: not-ready items, gaps first, clauses before controls, more gap then partial reasons, then the standard's order.
    const position = new Map(r.items.map((i: { id: string }, n: number) => [i.id, n]));
    const order = independent
      .filter((e) => e.status !== 'ready')
      .sort(
        (a, b) =>
          (a.status === 'gap' ? 0 : 1) - (b.status === 'gap' ? 0 : 1) ||
          (a.kind === 'clause' ? 0 : 1) - (b.kind === 'clause' ? 0 : 1) ||
          b.gaps - a.gaps ||
          b.partials - a.partials ||
          (position.get(a.id) as number) - (position.get(b.id) as number),
      )
      .map((e) => e.id);
    expect(r.remediation.map((i: { id: string }) => i.id)).toEqual(order);
    expect(r.remediation.slice(0, 2).map((i: { id: string }) => i.id)).toEqual(['8.1', '4.1']); // two gap reasons each; 8.1 also never audited
  });

  it('reads without writing: the trend is the figure the AIMS workflow took on the first of each month', async () => {
    const kept = () => h.db.selectFrom('readiness_snapshots').select(['month', 'taken_on', 'overall']).where('aims_id', '=', aimsId).orderBy('month').execute();
    const before = await kept();
    expect(before.map((s) => [s.month, s.taken_on])).toEqual([
      ['2027-02', '2027-02-01'],
      ['2027-03', '2027-03-01'],
    ]);
    let r = (await h.call('GET', `/aims/${aimsId}/readiness`, pm.token)).body;
    expect(await kept()).toEqual(before);
    expect(r.trend.map((t: { month: string; overall: number }) => [t.month, t.overall])).toEqual(before.map((s) => [s.month, s.overall]));
    const march = before[1]!.overall;
    // Later in March the AI policy is found to address every clause: March's figure stays, April's shows it.
    await h.db
      .updateTable('documents')
      .set({ addresses: JSON.stringify([...CLAUSES.map((c) => c.id), 'A.2.2', 'A.2.4']) })
      .where('title', '=', 'AI policy')
      .execute();
    await h.advanceTo('2027-04-05T12:00:00Z');
    r = (await h.call('GET', `/aims/${aimsId}/readiness`, pm.token)).body;
    expect(r.trend.map((t: { month: string; takenOn: string; overall: number }) => [t.month, t.takenOn, t.overall])).toEqual([
      ['2027-02', '2027-02-01', before[0]!.overall],
      ['2027-03', '2027-03-01', march],
      ['2027-04', '2027-04-01', r.overall],
    ]);
    expect(r.overall).toBeGreaterThan(march);
  });
});
