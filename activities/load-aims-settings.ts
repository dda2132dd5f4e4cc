import { missingRow } from './classify-failure';
import type { DbOrTrx } from '../db/database';
import { findAimsSettings, type AimsSettings } from '../services/aims-settings';

/** For activities: an unknown AIMS is a permanent failure, not something a retry can mend. */
export async function loadAimsSettings(db: DbOrTrx, aimsId: string): Promise<AimsSettings> {
  const settings = await findAimsSettings(db, aimsId);
  if (!settings) throw missingRow(`AIMS ${aimsId} does not exist`);
  return settings;
}
