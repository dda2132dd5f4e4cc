import { defineConfig } from 'vitest/config';
import SlowestFirstSequencer from './test/support/slowest-first-sequencer';

export default defineConfig({
  test: {
    // Temporal's native bridge does not survive worker threads; each test file gets its own process.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/quiet-temporal.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more parallel files than that only makes the Temporal servers slower to answer.
    maxWorkers: 2,
    // The slowest files first, so the long ones overlap the rest instead of ending the run alone.
    sequence: { sequencer: SlowestFirstSequencer },
  },
});
