import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { AgentConfigSchema } from '../config/index.js';
import { writePrivateFile } from '../remote-config/files.js';
import { LastGoodConfigStore } from '../remote-config/store.js';
import type { EnrollmentGrant } from './exchange.js';
import { type ExistingConfig, enrollExisting, readExistingConfig } from './local-file.js';

/** Where enrollment writes its files. */
export interface EnrollmentPaths {
  /** The agent.yaml to write, or to complete when it exists (its inputs are kept). */
  configFile: string;
  /**
   * The agent's data folder (token, enrollment record, last good remote config). Default: the
   * `agent.dataDir` of an existing agent.yaml, else `./data`.
   */
  dataDir?: string;
}

/** Files an enrollment wrote, all mode 0600. */
export interface EnrollmentFiles {
  configFile: string;
  tokenFile: string;
  recordFile: string;
  remoteConfigFile: string;
  /** An agent.yaml existed and was completed, keeping its inputs. */
  keptExisting: boolean;
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

/** The data folder the enrollment uses: the one asked for, else the existing file's, else `./data`. */
function dataDirOf(paths: EnrollmentPaths, existing: ExistingConfig | undefined): string {
  return path.resolve(paths.dataDir ?? existing?.dataDir ?? 'data');
}

/**
 * Throws unless the target is free (or `force`), and checks an existing agent.yaml; run before
 * the code is exchanged, so a refusal burns no code. An agent.yaml without a collector section
 * is not an enrollment: it is completed, keeping its inputs.
 */
export function checkEnrollmentTarget(paths: EnrollmentPaths, force = false): ExistingConfig | undefined {
  const existing = readExistingConfig(paths.configFile);
  if (force) return existing;
  const tokenFile = path.join(dataDirOf(paths, existing), 'agent-token');
  if (existsSync(tokenFile)) throw new AlreadyEnrolledError(tokenFile);
  if (existing?.enrolled) throw new AlreadyEnrolledError(existing.file);
  return existing;
}

/**
 * Stores the credentials and the initial config: the token in `<dataDir>/agent-token`, a record
 * of the enrollment, the collector's config as the last good remote config, and an agent.yaml
 * that points at all of them — a new one, or the existing one completed with the agent id and
 * the collector (its inputs and comments kept). Every file is mode 0600: the token is a password.
 */
export function writeEnrollment(
  grant: EnrollmentGrant,
  collectorUrl: string,
  paths: EnrollmentPaths,
  force = false,
): EnrollmentFiles {
  const existing = checkEnrollmentTarget(paths, force);
  const dataDir = dataDirOf(paths, existing);
  const configFile = path.resolve(paths.configFile);
  const tokenFile = path.join(dataDir, 'agent-token');
  const recordFile = path.join(dataDir, 'enrollment.json');

  let text: string;
  if (existing) {
    // A data folder asked for on the command line is written; else the file's own value stays.
    const dir = paths.dataDir !== undefined || existing.dataDir === undefined ? dataDir : undefined;
    text = enrollExisting(existing, { agentId: grant.agentId, dataDir: dir, collectorUrl, tokenFile });
  } else {
    const local = { agent: { id: grant.agentId, dataDir }, collector: { url: collectorUrl, tokenFile } };
    const remote = (grant.config ?? {}) as Record<string, unknown>;
    const header = `# Written by gongbang-agent enroll for ${grant.agentId} (workshop ${grant.workshopId}).\n# The collector may replace the inputs remotely (check-config and status say so); agent and collector stay as written here.\n`;
    text = header + stringify({ ...remote, ...local });
  }
  // The file must load with the agent's own schema before anything is written.
  const check = AgentConfigSchema.safeParse(parse(text));
  if (!check.success) throw new Error(`collector sent a config this agent cannot load: ${check.error.message}`);

  writePrivateFile(tokenFile, `${grant.token}\n`);
  writePrivateFile(
    recordFile,
    `${JSON.stringify({ agentId: grant.agentId, workshopId: grant.workshopId, collectorUrl, configVersion: grant.configVersion, enrolledAt: new Date().toISOString() }, null, 2)}\n`,
  );
  const store = new LastGoodConfigStore(dataDir);
  store.save(grant.configVersion, grant.config);
  writePrivateFile(configFile, text);
  return { configFile, tokenFile, recordFile, remoteConfigFile: store.file, keptExisting: existing !== undefined };
}
