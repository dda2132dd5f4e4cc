import { missingRow } from './classify-failure';
import type { Db, DbOrTrx } from '../db/database';
import { findAimsSettings, type AimsSettings } from '../services/aims-settings';
import type { AimsSettingsCache } from '../services/aims-settings-cache';

/** What an activity needs to read an AIMS's settings: the database, and the process's cache when there is one. */
export interface SettingsDeps {
  db: Db;
  /** Without it every use reads the row (tests that build activities alone). */
  aimsSettings?: AimsSettingsCache;
}

/** For activities: an unknown AIMS is a permanent failure, not something a retry can mend. */
export async function loadAimsSettings({ db, aimsSettings }: { db: DbOrTrx; aimsSettings?: AimsSettingsCache }, aimsId: string): Promise<AimsSettings> {
  const settings = aimsSettings ? await aimsSettings.get(db, aimsId) : await findAimsSettings(db, aimsId);
  if (!settings) throw missingRow(`AIMS ${aimsId} does not exist`);
  return settings;
}
