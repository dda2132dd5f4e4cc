import { LRUCache } from 'lru-cache';
import type { DbOrTrx } from '../db/database';
import { findAimsSettings, type AimsSettings } from './aims-settings';

/**
 * An AIMS's settings (policy merged over the defaults, the working calendar) kept in memory for a
 * short while, so that the activities of a lifecycle do not read the `aims` row and rebuild the
 * calendar at every step. The API forgets an AIMS's entry when it changes its settings, so in
 * the process that made the change (the all-in-one engine: API and worker together) the next
 * command computes with the new settings. Another process (a separate worker) sees the change
 * once its entry is older than `ttlMs`: what it plans meanwhile is what it would have planned a
 * few seconds earlier, and already planned instants never followed a settings change anyway.
 * The row's other columns (the case-number counter) must not be read from here.
 */
export interface AimsSettingsCache {
  /** The settings, from memory while fresh, else read (one read however many ask at once); undefined for an unknown AIMS. */
  get(db: DbOrTrx, aimsId: string): Promise<AimsSettings | undefined>;
  /** Forgets the AIMS's settings: the next `get` reads them again. */
  invalidate(aimsId: string): void;
}

/** Enough for every AIMS of a large deployment; the least recently used go first beyond it. */
const MAX_AIMS = 2000;

export function createAimsSettingsCache(options: { ttlMs: number }): AimsSettingsCache {
  if (options.ttlMs <= 0) return { get: findAimsSettings, invalidate: () => {} };
  const cache = new LRUCache<string, AimsSettings, DbOrTrx>({
    max: MAX_AIMS,
    ttl: options.ttlMs,
    // An unknown AIMS is not kept: it may be set up a moment later.
    fetchMethod: (aimsId, _stale, { context }) => findAimsSettings(context, aimsId),
  });
  return {
    // A read forgotten while in flight (a settings change) resolves to nothing: read again then.
    get: async (db, aimsId) => (await cache.fetch(aimsId, { context: db })) ?? findAimsSettings(db, aimsId),
    invalidate: (aimsId) => {
      cache.delete(aimsId);
    },
  };
}
