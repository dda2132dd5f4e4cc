import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where the kept per-file durations are, from the repository root: written by `npm run test:durations`. */
export const KEPT_DURATIONS_FILE = 'test/support/file-durations.json';

export interface KeptDurations {
  about: string;
  /** Seconds each test file took, hooks included, by its path from the repository root. */
  seconds: Record<string, number>;
}

/** The kept figures; none when the file is missing or unreadable (the order is then vitest's cache's or unknown-first). */
export function keptSeconds(root: string): Record<string, number> {
  try {
    return (JSON.parse(readFileSync(path.join(root, KEPT_DURATIONS_FILE), 'utf8')) as KeptDurations).seconds;
  } catch {
    return {};
  }
}
