// Where the project's own files are, and a key for a set of them: the workflow bundle and the
// compiled engine are both built from sources and kept per code version.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The folder holding the project's package.json. Found by walking up rather than from a fixed
 * depth, because this module runs both from its source file and from inside the compiled
 * engine's bundle (kept under node_modules/.cache/).
 */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return sourceFiles(full);
      return /\.(ts|js|json)$/.test(name) ? [full] : [];
    });
}

/**
 * A code version: a hash of `lines` (what else the build depends on, e.g. a tool's version) and
 * of every source file (path and content) under the project's `dirs`.
 */
export function sourceKey(dirs: readonly string[], lines: readonly string[]): string {
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line}\n`);
  for (const dir of dirs) {
    for (const file of sourceFiles(path.join(PROJECT_ROOT, dir))) hash.update(`${path.relative(PROJECT_ROOT, file)}\n`).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 24);
}
