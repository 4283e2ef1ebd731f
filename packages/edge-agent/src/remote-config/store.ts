import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writePrivateFile } from './files.js';

/** The last remote config that started cleanly, kept on disk so a restart runs it again. */
export interface LastGoodConfig {
  version: number;
  /** The config as the collector sent it (agent-local sections are re-applied on load). */
  config: unknown;
  appliedAt: string;
}

/** File name of the last good remote config inside the agent's data folder. */
export const LAST_GOOD_CONFIG_FILE = 'remote-config.json';

/** Reads and writes `<dataDir>/remote-config.json` (mode 0600). */
export class LastGoodConfigStore {
  readonly file: string;
  constructor(dataDir: string) {
    this.file = path.join(dataDir, LAST_GOOD_CONFIG_FILE);
  }

  /** The stored config, or undefined when there is none (or it is unreadable: the local file then rules). */
  load(): LastGoodConfig | undefined {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const v = JSON.parse(text) as LastGoodConfig;
      return typeof v?.version === 'number' && v.config !== undefined ? v : undefined;
    } catch {
      return undefined;
    }
  }

  save(version: number, config: unknown): LastGoodConfig {
    const entry: LastGoodConfig = { version, config, appliedAt: new Date().toISOString() };
    writePrivateFile(this.file, `${JSON.stringify(entry, null, 2)}\n`);
    return entry;
  }
}
