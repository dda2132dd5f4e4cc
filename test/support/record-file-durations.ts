// `npm run test:durations`: keeps each test file's duration from vitest's cache of the last runs
// (node_modules/.vite/vitest) in test/support/file-durations.json, which the slowest-first
// sequencer reads where that cache is missing (a fresh clone, CI). Run it after a full `npm test`:
// figures from files run alone are shorter than in the full run, where two files share the cores.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KEPT_DURATIONS_FILE, keptSeconds, type KeptDurations } from './file-durations';

const root = path.join(__dirname, '..', '..');
const cacheDir = path.join(root, 'node_modules', '.vite', 'vitest');

interface VitestResults {
  results: [string, { duration: number; failed: boolean }][];
}

// Files this clone has not run keep their earlier figure.
const seconds = keptSeconds(root);
for (const folder of readdirSync(cacheDir)) {
  const { results } = JSON.parse(readFileSync(path.join(cacheDir, folder, 'results.json'), 'utf8')) as VitestResults;
  // Keys are `<project>:<path>`; this repository has one, unnamed, project.
  for (const [key, result] of results) {
    const file = key.slice(key.indexOf(':') + 1);
    if (file.endsWith('.test.ts')) seconds[file] = Math.round(result.duration / 100) / 10;
  }
}
const sorted = Object.fromEntries(
  Object.entries(seconds)
    .filter(([file]) => existsSync(path.join(root, file)))
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b)),
);
const kept: KeptDurations = {
  about:
    'Seconds each test file took (hooks included) in a full `npm test` on 2 cores; the slowest-first sequencer starts the longest first. Refresh: npm run test:durations.',
  seconds: sorted,
};
writeFileSync(path.join(root, KEPT_DURATIONS_FILE), `${JSON.stringify(kept, null, 2)}\n`);
console.log(`kept ${Object.keys(sorted).length} files' durations in ${KEPT_DURATIONS_FILE}`);
