import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../../db/database';
import { issueToken } from '../../db/repositories/api-tokens.repository';
import { insertMembership } from '../../db/repositories/memberships.repository';
import { insertOrganisation } from '../../db/repositories/organisations.repository';
import { insertPerson } from '../../db/repositories/people.repository';
import { upsertAttentionItem } from '../../db/repositories/attention.repository';
import { ROLES, type Role } from '../../domain/roles';
import { reviewInputs, seedAiSystem, seedAudit, seedDocument, seedReview } from '../support/seed-records';

export interface Member {
  id: string;
  token: string;
}

/** Item ids of one seeded AIMS, by the kind a route's scope names. */
export interface SeededAims {
  aims: string;
  case: string;
  task: string;
  audit: string;
  review: string;
  'ai-system': string;
  attention: string;
  document: string;
  supplier: string;
  evidence: string;
  /** A unique word in the AIMS's name and its items' titles: no list of another's may show it. */
  marker: string;
}

export async function newOrganisation(db: Db, name: string): Promise<string> {
  return (await insertOrganisation(db, { name })).id;
}

/** A person whose home is the organisation, with organisation-wide roles there, and a token. */
export async function newMember(db: Db, organisationId: string, roles: Role[], label = 'member'): Promise<Member> {
  const id = randomUUID().slice(0, 8);
  const person = await insertPerson(db, {
    name: `${label} ${id}`,
    email: `${label}-${id}@example.org`,
    time_zone: 'Europe/Berlin',
    department: 'Quality',
    manager_id: null,
    roles,
    organisation_id: organisationId,
  });
  return { id: person.id, token: (await issueToken(db, person.id, 'test')).secret };
}

/** A person of the organisation holding every role on one AIMS only (a programme manager of that AIMS). */
export async function newAimsMember(db: Db, organisationId: string, aimsId: string): Promise<Member> {
  const member = await newMember(db, organisationId, [], 'aims-only');
  for (const role of ROLES) await insertMembership(db, { personId: member.id, organisationId, aimsId, role });
  return member;
}

/**
 * An AIMS of the organisation with one item of every kind a route can name, written straight into
 * the record (no workflow runs: a refused call must not get as far as asking one).
 */
export async function seedAims(db: Db, organisationId: string, pmId: string, ownerId: string): Promise<SeededAims> {
  const marker = `zq${randomUUID().slice(0, 8)}`;
  const aims = (
    await db
      .insertInto('aims')
      .values({
        name: `AIMS ${marker}`,
        time_zone: 'Europe/Berlin',
        holiday_region: null,
        programme_manager_id: pmId,
        policy: '{}',
        organisation_id: organisationId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const caseId = randomUUID();
  await db
    .insertInto('nc_cases')
    .values({
      id: caseId,
      number: 1,
      aims_id: aims,
      workflow_id: `nc-case-${caseId}`,
      title: `Case ${marker}`,
      description: '',
      source: 'incident',
      severity: 'minor',
      status: 'containment',
      owner_id: ownerId,
      verifier_id: null,
      raised_by: pmId,
      raised_on: '2026-11-30',
      clause_ref: null,
      audit_id: null,
      iteration: 1,
      // As a fresh case's workflow saves it, so that its own members read it within the schema.
      details: JSON.stringify({ containment: null, rootCauses: [], effectivenessReviews: [], cancelReason: null }),
      closed_at: null,
      version: 1,
      updated_at: new Date(),
    })
    .execute();
  const task = randomUUID();
  await db
    .insertInto('tasks')
    .values({
      id: task,
      aims_id: aims,
      workflow_id: `nc-case-${caseId}`,
      item_type: 'nc_case',
      item_id: caseId,
      step: 'containment',
      title: `Contain ${marker}`,
      owner_id: ownerId,
      // Long overdue, so overdue views and trends would show it if they leaked.
      due_date: '2026-01-05',
      status: 'open',
      approval: 'manager',
      extensions: '[]',
      created_at: new Date('2026-01-01'),
      completed_at: null,
      version: 1,
    })
    .execute();
  const audit = await seedAudit(db, { aimsId: aims, scope: ['4.1'], fieldworkStart: '2027-01-10', fieldworkEnd: '2027-01-12' });
  const review = await seedReview(
    db,
    { aimsId: aims, chairId: pmId, attendeeIds: [pmId], meetingDate: '2027-03-01', meetingAt: new Date('2027-03-01T10:00:00Z') },
    { inputs: reviewInputs(pmId, { taskId: task }) },
  );
  const aiSystem = await seedAiSystem(
    db,
    { aimsId: aims, ownerId, riskOwnerId: pmId },
    { name: `System ${marker}`, purpose: 'p', role: 'user', intended_users: 'u', affected_people: 'a', reassessment_months: 12 },
  );
  const attention = await upsertAttentionItem(db, {
    workflowId: `nc-case-${caseId}`,
    aimsId: aims,
    itemType: 'task',
    itemId: task,
    itemLabel: `NC-1 ${marker}`,
    step: 'plan_notifications',
    errorType: 'Defect',
    error: `failed ${marker}`,
    at: new Date(),
  });
  const document = await seedDocument(
    db,
    { aimsId: aims, ownerId, approverIds: [pmId] },
    { title: `Policy ${marker}`, addresses: JSON.stringify(['5.2']), review_months: 12 },
  );
  const supplier = randomUUID();
  await db
    .insertInto('suppliers')
    .values({
      id: supplier,
      aims_id: aims,
      workflow_id: `supplier-${supplier}`,
      status: 'active',
      name: `Supplier ${marker}`,
      kind: 'model_provider',
      criticality: 'high',
      owner_id: ownerId,
      description: 'd',
      ai_system_ids: JSON.stringify([aiSystem]),
      registered_at: new Date(),
      retired_at: null,
      next_review_due: '2027-06-01',
      review_due: null,
      last_review_on: null,
      last_outcome: null,
      reviews: '[]',
      version: 1,
      updated_at: new Date(),
    })
    .execute();
  const evidence = randomUUID();
  await db
    .insertInto('evidence_files')
    .values({
      id: evidence,
      aims_id: aims,
      item_type: 'nc_case',
      item_id: caseId,
      step: null,
      filename: `evidence-${marker}.txt`,
      media_type: 'text/plain',
      size_bytes: 5,
      sha256: createHash('sha256').update('hello').digest('hex'),
      store: 'postgres',
      uploaded_by: pmId,
      uploaded_at: new Date(),
    })
    .execute();
  await db
    .insertInto('evidence_blobs')
    .values({ file_id: evidence, content: Buffer.from('hello') })
    .execute();
  return { aims, case: caseId, task, audit, review, 'ai-system': aiSystem, attention: attention.id, document, supplier, evidence, marker };
}
