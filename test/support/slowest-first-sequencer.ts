import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { keptSeconds } from './file-durations';

/**
 * Starts the slowest test files first, so that the long ones (the production topology's
 * real-time timer, the fuzzer's time budget) overlap the many short ones instead of running on
 * alone at the end. A file's duration is this machine's last run of it (vitest's own cache, lost
 * with node_modules) or else the kept figure from a full run (file-durations.json), which a fresh
 * clone has too. Files known to neither (new ones) go first, as in vitest's own order.
 */
export default class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const kept = keptSeconds(root);
    const secondsOf = (file: TestSpecification): number => {
      const relative = path.relative(root, file.moduleId).split(path.sep).join('/');
      const cached = this.ctx.cache.getFileTestResults(`${file.project.name}:${relative}`);
      if (cached) return cached.duration / 1000;
      return kept[relative] ?? Number.POSITIVE_INFINITY;
    };
    const seconds = new Map(files.map((file) => [file, secondsOf(file)]));
    return [...files].sort((a, b) => seconds.get(b)! - seconds.get(a)!);
  }
}
