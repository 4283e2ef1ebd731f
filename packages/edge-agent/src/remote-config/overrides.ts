import type { Bilingual, Lang } from '@gongbang/shared';
import type { AgentConfig } from '../config/index.js';
import { mergeRemoteConfig, remoteSections } from './merge.js';
import { LastGoodConfigStore } from './store.js';

/**
 * Which settings of the local agent.yaml a stored remote config replaces, so `check-config`,
 * `run` and `status` can say so instead of running something else than the file shows.
 */
export type RemoteOverride =
  /** No remote config stored: the local file runs as written. */
  | { state: 'none' }
  /** Remote version `version` runs; `sections` of the local file are replaced (may be empty). */
  | { state: 'applied'; version: number; sections: string[]; appliedAt: string; config: Readonly<AgentConfig> }
  /** A stored remote config that cannot be used: the local file runs. */
  | { state: 'unusable'; version: number; reason: string };

/** The remote config stored in the agent's data folder, merged over `local`, and what it replaces. */
export function readRemoteOverride(local: Readonly<AgentConfig>): RemoteOverride {
  const stored = new LastGoodConfigStore(local.agent.dataDir).load();
  if (!stored) return { state: 'none' };
  try {
    const config = mergeRemoteConfig(local, stored.config);
    return {
      state: 'applied',
      version: stored.version,
      sections: remoteSections(stored.config),
      appliedAt: stored.appliedAt,
      config,
    };
  } catch (err) {
    return { state: 'unusable', version: stored.version, reason: (err as Error).message };
  }
}

/** The override without the merged config, as `status --json` and the log show it. */
export function overrideSummary(o: RemoteOverride): Record<string, unknown> {
  if (o.state === 'applied')
    return { state: o.state, version: o.version, sections: o.sections, appliedAt: o.appliedAt };
  return { ...o };
}

/** One line saying which local settings the remote config replaces, in `lang`. */
export function overrideLine(o: RemoteOverride, lang: Lang): string {
  return overrideText(o)[lang];
}

/** The same line in both languages. */
export function overrideText(o: RemoteOverride): Bilingual {
  if (o.state === 'none') {
    return { ko: '원격 설정: 없음 — 이 파일의 설정대로 실행', en: 'Remote config: none — runs as this file says' };
  }
  if (o.state === 'unusable') {
    return {
      ko: `원격 설정 버전 ${o.version}: 사용할 수 없어 이 파일의 설정대로 실행 (${o.reason})`,
      en: `Remote config version ${o.version}: unusable, so this file runs as written (${o.reason})`,
    };
  }
  if (o.sections.length === 0) {
    return {
      ko: `원격 설정 버전 ${o.version}: 이 파일의 설정을 바꾸지 않음`,
      en: `Remote config version ${o.version}: overrides nothing in this file`,
    };
  }
  const list = o.sections.join(', ');
  return {
    ko: `⚠ 원격 설정(버전 ${o.version})이 이 파일의 ${list} 항목을 대체합니다 (파일의 해당 값은 쓰이지 않음)`,
    en: `⚠ Remote config version ${o.version} overrides ${list} of this file (the file's values there are not used)`,
  };
}
