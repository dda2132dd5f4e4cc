import { localDateOf } from '../calendar/local-time';
import type { Db } from '../db/database';
import { loadAimsSettings } from './load-aims-settings';

/** Today's date in the AIMS zone, for records that workflows date (they do no zone arithmetic). */
export function createAimsToday({ db }: { db: Db }) {
  return async function aimsToday(input: { aimsId: string; at: string }): Promise<string> {
    const { aims } = await loadAimsSettings(db, input.aimsId);
    return localDateOf(new Date(input.at), aims.time_zone);
  };
}
