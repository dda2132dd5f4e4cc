import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMembership } from '../../db/repositories/memberships.repository';
import { auditTeamProblem } from '../../services/audit-team';
import { freshPostgres } from '../support/database';
import { newAimsMember, newMember, newOrganisation, seedAims, type Member, type SeededAims } from './seed-organisation';

// The audit-team check (9.2: objective auditors) reads the auditor role where the audit is: on its
// AIMS, through memberships, not a person's roles in their home organisation.
describe('the lead auditor holds the auditor role on the audit’s AIMS', () => {
  let postgres: Awaited<ReturnType<typeof freshPostgres>>;
  let a1: SeededAims;
  let homeAuditor: Member, auditorElsewhere: Member, aimsOnlyAuditor: Member;

  beforeAll(async () => {
    postgres = await freshPostgres();
    const db = postgres.db;
    const [orgA, orgB] = [await newOrganisation(db, 'A'), await newOrganisation(db, 'B')];
    const pm = await newMember(db, orgA, ['programme_manager'], 'pm');
    a1 = await seedAims(db, orgA, pm.id, pm.id);
    homeAuditor = await newMember(db, orgA, ['auditor'], 'auditor-a');
    // An auditor at home in B who is only an action owner in A.
    auditorElsewhere = await newMember(db, orgB, ['auditor'], 'auditor-b');
    await insertMembership(db, { personId: auditorElsewhere.id, organisationId: orgA, aimsId: null, role: 'action_owner' });
    aimsOnlyAuditor = await newAimsMember(db, orgA, a1.aims);
  }, 60_000);
  afterAll(async () => {
    await postgres?.drop();
  });

  it('accepts an auditor of the organisation, or of that AIMS alone', async () => {
    expect(await auditTeamProblem(postgres.db, { leadAuditorId: homeAuditor.id, auditeeIds: [] }, a1.aims)).toBeNull();
    expect(await auditTeamProblem(postgres.db, { leadAuditorId: aimsOnlyAuditor.id, auditeeIds: [] }, a1.aims)).toBeNull();
  });

  it('refuses someone who is an auditor only in another organisation', async () => {
    expect(await auditTeamProblem(postgres.db, { leadAuditorId: auditorElsewhere.id, auditeeIds: [] }, a1.aims)).toMatch(/does not hold the auditor role/);
  });
});
