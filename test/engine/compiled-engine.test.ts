import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPILED_FINDER, compiledEngine, ENGINE_ENTRIES } from '../../main/compiled-engine';

describe('the compiled engine (npm start, worker, api)', () => {
  it('is built once per code version, and each entry point runs as plain JavaScript', () => {
    const dir = compiledEngine();
    const built = statSync(path.join(dir, 'start.js')).mtimeMs;
    expect(compiledEngine()).toBe(dir);
    expect(statSync(path.join(dir, 'start.js')).mtimeMs).toBe(built);
    // The compiled finder scripts/run-engine.sh runs first names the same build.
    const found = spawnSync(process.execPath, [COMPILED_FINDER], { env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8', timeout: 30_000 });
    expect([found.status, found.stdout.trim()]).toEqual([0, dir]);
    for (const entry of ENGINE_ENTRIES) {
      const file = path.join(dir, `${entry}.js`);
      const code = readFileSync(file, 'utf8');
      // Packages stay in node_modules; no test code and no TypeScript loader are compiled in.
      expect(code).toContain('require("@temporalio/client")');
      expect(code).not.toMatch(/require\("(tsx|vitest)|test\/support\//);
      // No loader in the process (NODE_OPTIONS emptied): the config loader runs and stops a bad variable.
      const run = spawnSync(process.execPath, [file], { env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'loud' }, encoding: 'utf8', timeout: 30_000 });
      expect([entry, run.status]).toEqual([entry, 2]);
      expect(run.stderr).toContain('LOG_LEVEL');
    }
  });
});
