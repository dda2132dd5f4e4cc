import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../support/engine-harness';

/**
 * Property-based requests over the whole OpenAPI document (schemathesis, from PyPI, provisioned by
 * scripts/provision-schemathesis.sh) against a running engine on a real Temporal dev server and
 * PostgreSQL, once with each of two roles' tokens. Bounded in examples per operation and in time.
 */
const schemathesis = process.env.SCHEMATHESIS_PATH;
const MAX_EXAMPLES = 6;
const MAX_SECONDS_PER_ROLE = 60;

interface Run {
  code: number | null;
  output: string;
  requests: number;
}

function runSchemathesis(apiUrl: string, token: string, reportDir: string): Promise<Run> {
  const ndjson = path.join(reportDir, 'events.ndjson');
  const args = [
    'run',
    `${apiUrl}/openapi.json`,
    '--url',
    apiUrl,
    '--header',
    `Authorization: Bearer ${token}`,
    // No 5xx; every answer's status, content type and body as documented; every error problem+json.
    '--checks',
    'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,errors_are_problem_json',
    '--phases',
    'examples,fuzzing',
    '--max-examples',
    String(MAX_EXAMPLES),
    '--max-time',
    String(MAX_SECONDS_PER_ROLE),
    '--seed',
    '42',
    '--workers',
    '1',
    '--request-timeout',
    '20',
    '--suppress-health-check',
    'all',
    '--report',
    'ndjson',
    '--report-ndjson-path',
    ndjson,
    '--output-truncate',
    'true',
    '--no-color',
  ];
  return new Promise((resolve, reject) => {
    // Run in the report folder: schemathesis keeps a cache folder in its working directory.
    const child = spawn(schemathesis!, args, {
      cwd: reportDir,
      env: { ...process.env, SCHEMATHESIS_HOOKS: 'problem_json_check', PYTHONPATH: __dirname, NO_COLOR: '1' },
    });
    let output = '';
    const log = createWriteStream(path.join(reportDir, 'output.log'));
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      log.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    // schemathesis's own budget covers generation; this one also bounds a request that hangs.
    const stop = setTimeout(() => child.kill('SIGKILL'), (MAX_SECONDS_PER_ROLE + 60) * 1000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(stop);
      log.end();
      // Each recorded interaction carries the status code of one answer the engine gave.
      const events = existsSync(ndjson) ? readFileSync(ndjson, 'utf8') : '';
      const requests = events.match(/"status_code":/g)?.length ?? 0;
      resolve({ code, output, requests });
    });
  });
}

describe('fuzzing the OpenAPI document against a running engine', () => {
  let h: EngineHarness;
  const reports = mkdtempSync(path.join(os.tmpdir(), 'aims-fuzz-'));
  beforeAll(async () => {
    if (!schemathesis) throw new Error('SCHEMATHESIS_PATH is not set: run the tests with `npm test`, which provisions schemathesis');
    h = await EngineHarness.start({ server: 'dev' });
  });
  afterAll(async () => {
    await h?.stop();
    if (!process.env.KEEP_FUZZ_REPORTS) rmSync(reports, { recursive: true, force: true });
  });

  for (const role of ['programme_manager', 'action_owner'] as const) {
    it(`answers every generated request as documented, without a 5xx, as ${role}`, { timeout: (MAX_SECONDS_PER_ROLE + 90) * 1000 }, async () => {
      const caller = await h.person(
        role === 'programme_manager' ? 'Pam' : 'Otto',
        role === 'programme_manager' ? ['admin', 'programme_manager'] : ['action_owner'],
      );
      const dir = mkdtempSync(path.join(reports, `${role}-`));
      const run = await runSchemathesis(h.api.url, caller.token, dir);
      console.log(`schemathesis as ${role}: ${run.requests} requests`);
      expect(run.code, run.output.slice(-6000)).toBe(0);
      // A floor, not a target: on a busy machine the time budget buys fewer requests (about 300 to 3,000 seen).
      expect(run.requests).toBeGreaterThan(100);
    });
  }
});
