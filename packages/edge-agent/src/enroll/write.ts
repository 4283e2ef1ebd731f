import { existsSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { AgentConfigSchema } from '../config/index.js';
import { writePrivateFile } from '../remote-config/files.js';
import { LastGoodConfigStore } from '../remote-config/store.js';
import type { EnrollmentGrant } from './exchange.js';

/** Where enrollment writes its files. */
export interface EnrollmentPaths {
  /** The agent.yaml to write. */
  configFile: string;
  /** The agent's data folder (token, enrollment record, last good remote config). */
  dataDir: string;
}

/** Files an enrollment wrote, all mode 0600. */
export interface EnrollmentFiles {
  configFile: string;
  tokenFile: string;
  recordFile: string;
  remoteConfigFile: string;
}

/** The enrollment would overwrite an existing token or config without `--force`. */
export class AlreadyEnrolledError extends Error {
  readonly code = 'GB_ALREADY_ENROLLED';
  constructor(file: string) {
    super(
      `${file} exists: this agent is enrolled already (use --force to enroll again) / 이미 등록됨 (--force로 다시 등록)`,
    );
    this.name = 'AlreadyEnrolledError';
  }
}

/** Throws unless the target is free (or `force`); run before the code is exchanged, so a refusal burns no code. */
export function checkEnrollmentTarget(paths: EnrollmentPaths, force = false): void {
  if (force) return;
  const tokenFile = path.join(path.resolve(paths.dataDir), 'agent-token');
  for (const f of [tokenFile, path.resolve(paths.configFile)]) if (existsSync(f)) throw new AlreadyEnrolledError(f);
}

/**
 * Stores the credentials and the initial config: the token in `<dataDir>/agent-token`, a record
 * of the enrollment, the collector's config as the last good remote config, and an agent.yaml
 * that points at all of them. Every file is mode 0600: the token is a password.
 */
export function writeEnrollment(
  grant: EnrollmentGrant,
  collectorUrl: string,
  paths: EnrollmentPaths,
  force = false,
): EnrollmentFiles {
  const dataDir = path.resolve(paths.dataDir);
  const configFile = path.resolve(paths.configFile);
  const tokenFile = path.join(dataDir, 'agent-token');
  const recordFile = path.join(dataDir, 'enrollment.json');
  checkEnrollmentTarget(paths, force);

  const local = {
    agent: { id: grant.agentId, dataDir },
    collector: { url: collectorUrl, tokenFile },
  };
  const remote = (grant.config ?? {}) as Record<string, unknown>;
  const config = { ...remote, ...local };
  // The file must load with the agent's own schema before anything is written.
  const check = AgentConfigSchema.safeParse(config);
  if (!check.success) throw new Error(`collector sent a config this agent cannot load: ${check.error.message}`);

  writePrivateFile(tokenFile, `${grant.token}\n`);
  writePrivateFile(
    recordFile,
    `${JSON.stringify({ agentId: grant.agentId, workshopId: grant.workshopId, collectorUrl, configVersion: grant.configVersion, enrolledAt: new Date().toISOString() }, null, 2)}\n`,
  );
  const store = new LastGoodConfigStore(dataDir);
  store.save(grant.configVersion, grant.config);
  const header = `# Written by gongbang-agent enroll for ${grant.agentId} (workshop ${grant.workshopId}).\n# The collector may replace the inputs remotely; agent and collector stay as written here.\n`;
  writePrivateFile(configFile, header + stringify(config));
  return { configFile, tokenFile, recordFile, remoteConfigFile: store.file };
}
