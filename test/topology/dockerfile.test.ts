import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.join(__dirname, '..', '..');
const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');

/** Top-level folders of the product's sources: every one holding TypeScript, but the benchmarks' and the tests'. */
function productFolders(): string[] {
  const holdsTypeScript = (dir: string): boolean =>
    readdirSync(dir).some((name) => {
      const full = path.join(dir, name);
      return name.endsWith('.ts') || (statSync(full).isDirectory() && holdsTypeScript(full));
    });
  return readdirSync(repoRoot)
    .filter((name) => !name.startsWith('.') && !['node_modules', 'bench', 'test', 'scripts', 'data', 'test-artifacts'].includes(name))
    .filter((name) => statSync(path.join(repoRoot, name)).isDirectory() && holdsTypeScript(path.join(repoRoot, name)))
    .sort();
}

describe('Dockerfile', () => {
  it('copies every folder of the product into the image (an engine missing one fails at its first import)', () => {
    const copied = [...dockerfile.matchAll(/^COPY (\w[\w-]*) \.\/\1$/gm)].map((m) => m[1]!).sort();
    expect(productFolders().length).toBeGreaterThan(10);
    expect(productFolders().filter((folder) => !copied.includes(folder))).toEqual([]);
  });

  it('gives glibc the same trim threshold as npm start (scripts/run-engine.sh), so freed start-up memory is returned', () => {
    const script = readFileSync(path.join(repoRoot, 'scripts', 'run-engine.sh'), 'utf8');
    const threshold = /MALLOC_TRIM_THRESHOLD_[^0-9]*(\d+)/.exec(script)?.[1];
    expect(threshold).toBeDefined();
    expect(dockerfile).toMatch(new RegExp(`^ENV MALLOC_TRIM_THRESHOLD_=${threshold}$`, 'm'));
  });
});
