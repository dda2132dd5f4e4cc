import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSaveAiSystem } from '../../activities/ai-systems/save-ai-system.activity';
import type { Db } from '../../db/database';
import { RISK_LEVELS, type RiskLevel } from '../../domain/ai-risk';
import type { AiRisk, AiSystemState, AssessmentCycle } from '../../domain/ai-system';
import { aiRiskFigures } from '../../services/ai-risk-figures';
import { compileReviewPack } from '../../services/review-pack';
import { freshPostgres } from '../support/database';
import { newPerson } from '../support/fixtures';

// AI systems saved through their workflow's own save activity (which keeps `ai_risks`), then the
// dashboard figures and the review pack's AI risk section checked against direct SQL over the
// systems' documented assessments (jsonb), not over `ai_risks`: an active system's latest
// approved risk assessment counts; a retired system, an unapproved assessment and another
// AIMS's systems do not.

describe('AI risk figures for management and the review pack', () => {
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  let db: Db;
  let aimsId: string;
  let otherAimsId: string;
  let reviewId: string;
  let personId: string;
  const save = () => createSaveAiSystem({ db });

  const risk = (description: string, level: RiskLevel, residualLevel: RiskLevel): AiRisk => ({
    source: 'Model',
    description,
    likelihood: 3,
    consequence: 3,
    level,
    controls: [],
    treatment: residualLevel === level ? 'accept' : 'treat',
    actions: [],
    residualLikelihood: 2,
    residualConsequence: 2,
    residualLevel,
  });
  const cycle = (risks: AiRisk[], approved: boolean, completedOn: string | null): AssessmentCycle => ({
    id: randomUUID(),
    reason: 'planned',
    changeId: null,
    dueDate: '2027-03-01',
    openedAt: '2027-02-01T08:00:00.000Z',
    completedAt: completedOn ? `${completedOn}T10:00:00.000Z` : null,
    completedOn,
    risk: {
      risks,
      submittedBy: personId,
      submittedAt: '2027-02-10T10:00:00.000Z',
      approvedBy: approved ? personId : null,
      approvedAt: approved ? '2027-02-11T10:00:00.000Z' : null,
    },
    impact: null,
  });
  async function system(aims: string, name: string, over: Partial<AiSystemState>) {
    const id = randomUUID();
    const state: AiSystemState = {
      id,
      aimsId: aims,
      workflowId: `ai-system-${id}`,
      status: 'active',
      facts: {
        name,
        purpose: 'p',
        role: 'provider',
        ownerId: personId,
        riskOwnerId: personId,
        lifecycleStage: 'deployment',
        deploymentStatus: 'live',
        intendedUsers: '',
        affectedPeople: '',
        dataUsed: [],
        thirdPartyComponents: [],
        suppliers: [],
        riskClassification: 'high',
        reassessmentMonths: null,
      },
      registeredAt: '2027-01-04T08:00:00.000Z',
      retiredAt: null,
      nextPlanned: null,
      current: null,
      completed: [],
      changes: [],
      version: 1,
      tasks: {},
      ...over,
    };
    await save()({ state, changes: [] });
    return state;
  }

  beforeAll(async () => {
    pg = await freshPostgres();
    db = pg.db;
    const pm = await newPerson(db, { roles: ['programme_manager'], timeZone: 'UTC' });
    personId = pm.id;
    const aims = (name: string, policy: object) =>
      db
        .insertInto('aims')
        .values({ name, time_zone: 'UTC', programme_manager_id: pm.id, policy: JSON.stringify(policy) })
        .returning('id')
        .executeTakeFirstOrThrow();
    aimsId = (await aims('AIMS', { aiRiskAppetite: 'low' })).id;
    otherAimsId = (await aims('Other', {})).id;
    reviewId = randomUUID();
    await db
      .insertInto('reviews')
      .values({
        id: reviewId,
        aims_id: aimsId,
        workflow_id: `r-${reviewId}`,
        review_index: 0,
        status: 'planned',
        chair_id: pm.id,
        attendee_ids: [pm.id],
        meeting_date: '2027-06-01',
        meeting_at: new Date('2027-06-01T10:00:00Z'),
        inputs: '{}',
        decisions: '[]',
        version: 1,
      })
      .execute();

    // Latest approved assessment counts, the older one does not.
    const bot = await system(aimsId, 'Support bot', {
      completed: [
        cycle([risk('Bias', 'high', 'medium'), risk('Leak', 'critical', 'high'), risk('Typos', 'low', 'low')], true, '2027-03-05'),
        cycle([risk('Old risk', 'critical', 'critical')], true, '2026-03-05'),
      ],
    });
    // Its current cycle, approved but not yet complete, replaces the completed one.
    await system(aimsId, 'Credit scorer', {
      current: cycle([risk('Unfair refusals', 'critical', 'critical'), risk('Drift', 'medium', 'medium')], true, null),
      completed: [cycle([risk('Superseded', 'high', 'high')], true, '2026-05-01')],
    });
    // Submitted, not approved: nothing counts.
    await system(aimsId, 'Chat summariser', { current: cycle([risk('Wrong summary', 'high', 'high')], false, null) });
    // Retired: nothing counts.
    await system(aimsId, 'Old ranker', {
      status: 'retired',
      retiredAt: '2027-04-01T10:00:00.000Z',
      completed: [cycle([risk('Ranking bias', 'high', 'high')], true, '2027-01-20')],
    });
    await system(otherAimsId, 'Elsewhere', { completed: [cycle([risk('Not ours', 'critical', 'critical')], true, '2027-02-01')] });
    // A second save of the bot with a newer version and a fresh assessment: its rows are replaced.
    await save()({
      state: {
        ...bot,
        version: 2,
        completed: [
          cycle([risk('Bias', 'high', 'medium'), risk('Leak', 'critical', 'high'), risk('Typos', 'low', 'low')], true, '2027-04-05'),
          ...bot.completed,
        ],
      },
      changes: [],
    });
  });
  afterAll(async () => {
    await pg?.drop();
  });
  const at = new Date('2027-05-01T10:00:00Z');

  /** Direct SQL over the documented assessments: each active system's latest approved risk assessment. */
  async function expectedByLevel(aims: string) {
    const { rows } = await sql<{ level: string; n: number }>`
      with latest as (
        select s.id, case when (s.current_assessment->'risk'->>'approvedAt') is not null then s.current_assessment->'risk'
          else (select c->'risk' from jsonb_array_elements(s.completed_assessments) with ordinality as e(c, i)
                where c->'risk'->>'approvedAt' is not null order by i limit 1) end as risk
        from ai_systems s where s.aims_id = ${aims} and s.status = 'active')
      select r->>'residualLevel' as level, count(*)::int as n from latest, jsonb_array_elements(latest.risk->'risks') r
      where latest.risk is not null group by 1`.execute(db);
    return Object.fromEntries(RISK_LEVELS.map((l) => [l, rows.find((r) => r.level === l)?.n ?? 0]));
  }

  it('counts the approved risks of active systems by residual level, and lists those above the appetite', async () => {
    const figures = (await aiRiskFigures(db, aimsId, at))!;
    const expected = await expectedByLevel(aimsId);
    expect(figures.byResidualLevel).toEqual(expected);
    expect(expected).toEqual({ low: 1, medium: 2, high: 1, critical: 1 }); // the seed, by hand
    expect(figures.appetite).toBe('low');
    expect(figures.aboveAppetite).toBe(expected.medium! + expected.high! + expected.critical!);
    expect(figures.risksAboveAppetite.map((r) => [r.system, r.description, r.residualLevel])).toEqual([
      ['Credit scorer', 'Unfair refusals', 'critical'],
      ['Credit scorer', 'Drift', 'medium'],
      ['Support bot', 'Bias', 'medium'],
      ['Support bot', 'Leak', 'high'],
    ]);
    expect((await aiRiskFigures(db, otherAimsId, at))!.byResidualLevel).toEqual(await expectedByLevel(otherAimsId));
    expect((await aiRiskFigures(db, otherAimsId, at))!.aboveAppetite).toBe(1); // default appetite: medium
  });

  it('lists the active systems whose open assessment is past its due date in the AIMS zone', async () => {
    const { rows } = await sql<{ name: string; due: string }>`
      select name, current_assessment->>'dueDate' as due from ai_systems
      where aims_id = ${aimsId} and status = 'active' and current_assessment is not null
        and current_assessment->>'dueDate' < '2027-05-01' order by 2, 1`.execute(db);
    const figures = (await aiRiskFigures(db, aimsId, at))!;
    expect(figures.overdueAssessments.map((o) => [o.system, o.dueDate])).toEqual(rows.map((r) => [r.name, r.due]));
    // By hand: both open cycles were due on 1 March; the bot's and the retired ranker's are complete or gone.
    expect(figures.overdueAssessments.map((o) => o.system)).toEqual(['Chat summariser', 'Credit scorer']);
    // On the due date itself nothing is overdue yet.
    expect((await aiRiskFigures(db, aimsId, new Date('2027-03-01T23:00:00Z')))!.overdueAssessments).toEqual([]);
    expect((await aiRiskFigures(db, otherAimsId, at))!.overdueAssessments).toEqual([]);
  });

  it('puts the same figures in the review pack', async () => {
    const pack = (await compileReviewPack(db, reviewId, at))!;
    expect(pack.aiRisks).toEqual(await aiRiskFigures(db, aimsId, at));
    expect(pack.aiRisks.byResidualLevel).toEqual(await expectedByLevel(aimsId));
  });
});
