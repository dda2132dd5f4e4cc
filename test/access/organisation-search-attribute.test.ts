import { readinessSnapshotWorkflowId } from '../../domain/readiness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../domain/nc-case';
import { EngineHarness } from '../support/engine-harness';
import { newMember, newOrganisation } from './seed-organisation';

// Against the real dev server (the time-skipping server keeps no custom search attributes): each
// organisation's workflows carry its id as `AimsOrganisationId`, so an operator lists them apart.

describe('workflows listed by organisation', () => {
  let h: EngineHarness;

  beforeAll(async () => {
    h = await EngineHarness.start({ server: 'dev' });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Workflow ids a visibility query finds, once visibility (eventually consistent) shows `expected`. */
  const find = async (query: string, expected: string[]) => {
    let ids: string[] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      ids = [];
      for await (const w of h.env.client.workflow.list({ query })) ids.push(w.workflowId);
      if (JSON.stringify(ids.sort()) === JSON.stringify([...expected].sort())) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return ids.sort();
  };

  it("lists A's workflows and B's apart by AimsOrganisationId", async () => {
    const started: Record<string, string[]> = {};
    const organisations: string[] = [];
    for (const name of ['A', 'B']) {
      const organisationId = await newOrganisation(h.db, name);
      organisations.push(organisationId);
      const pm = await newMember(h.db, organisationId, ['programme_manager'], `pm-${name.toLowerCase()}`);
      const owner = await newMember(h.db, organisationId, ['action_owner'], `owner-${name.toLowerCase()}`);
      const aims = await h.call('POST', '/aims', pm.token, { name: `AIMS ${name}`, timeZone: 'UTC', programmeManagerId: pm.id });
      expect(aims.status, JSON.stringify(aims.body)).toBe(201);
      const raised = await h.call('POST', '/cases', pm.token, {
        aimsId: aims.body.id,
        title: `Case of ${name}`,
        source: 'other',
        severity: 'minor',
        ownerId: owner.id,
      });
      expect(raised.status, JSON.stringify(raised.body)).toBe(201);
      const certification = await h.call('POST', `/aims/${aims.body.id}/certification`, pm.token, {});
      expect(certification.status, JSON.stringify(certification.body)).toBe(201);
      // The AIMS's monthly readiness figures are indexed under it too, started with the AIMS.
      started[organisationId] = [caseWorkflowId(raised.body.id), `certification-${aims.body.id}`, readinessSnapshotWorkflowId(aims.body.id)];
    }
    for (const organisationId of organisations) {
      const expected = started[organisationId]!;
      expect(await find(`AimsOrganisationId = '${organisationId}'`, expected)).toEqual([...expected].sort());
    }
  });
});
