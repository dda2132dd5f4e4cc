import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../temporal/worker';

// Histories recorded from earlier versions of the workflows. A workflow may live for years: today's
// code must replay every one of them exactly, or running workflows would break on upgrade.
// A change that alters a history goes behind `patched()`, and a new recording is added here.
const dir = path.join(__dirname, '..', 'fixtures', 'histories');
const histories = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('recorded workflow histories', () => {
  it('exist', () => {
    expect(histories.length).toBeGreaterThan(0);
  });

  it.each(histories)('%s replays on the current workflow code without nondeterminism', async (file) => {
    // The JSON of `temporal workflow show --output json`; the SDK decodes it itself.
    const history = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { events: unknown[] };
    expect(history.events.length).toBeGreaterThan(50);
    await Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, file);
  });
});
