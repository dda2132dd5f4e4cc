import { localDateOf } from '../calendar/local-time';
import type { Db } from '../db/database';
import { loadAimsSettings, type SettingsDeps } from './load-aims-settings';

/** Today's date in the AIMS zone, for records that workflows date (they do no zone arithmetic). */
export function createAimsToday({ db, aimsSettings }: SettingsDeps) {
  return async function aimsToday(input: { aimsId: string; at: string }): Promise<string> {
    const { aims } = await loadAimsSettings({ db, aimsSettings }, input.aimsId);
    return localDateOf(new Date(input.at), aims.time_zone);
  };
}
