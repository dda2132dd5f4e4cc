import { ConfigError, loadConfig } from '../config/load-config';
import type { RunMode } from '../config/config-schema';

/** Loads the config or ends the process with the one message that names every bad variable. */
export function loadConfigOrExit(mode: RunMode): ReturnType<typeof loadConfig> {
  try {
    return loadConfig(process.env, mode);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
