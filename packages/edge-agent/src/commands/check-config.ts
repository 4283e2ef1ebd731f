import type { Command } from 'commander';
import { type AgentConfig, crossCheckInputs } from '../config/index.js';
import { ConfigError, formatProblem, loadAgentConfig } from '../config/load.js';
import { overrideText, readRemoteOverride } from '../remote-config/index.js';

/**
 * Validates an agent.yaml: prints every problem with its place in the file and exits 1, or a
 * summary. When a remote config stored by enrollment or a heartbeat replaces sections of the
 * file, it says which, and summarises the inputs that will really run.
 */
export function checkConfig(file: string, out: (line: string) => void, err: (line: string) => void): number {
  try {
    const cfg = loadAgentConfig(file);
    const problems = crossCheckInputs(cfg.inputs, file);
    if (problems.length > 0) throw new ConfigError(problems);
    const { en, ko } = inputsSummary(cfg);
    out(`OK ${file}: agent "${cfg.agent.id}", ${en}`);
    out(`설정 파일이 올바릅니다: 에이전트 "${cfg.agent.id}", ${ko}`);
    const o = readRemoteOverride(cfg);
    if (o.state === 'none') return 0;
    const text = overrideText(o);
    out(text.en);
    out(text.ko);
    if (o.state === 'applied' && o.sections.includes('inputs')) {
      const runs = inputsSummary(o.config);
      out(`  inputs that run: ${runs.en} (from ${o.config.agent.dataDir}/remote-config.json)`);
      out(`  실제 실행되는 입력: ${runs.ko}`);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    for (const p of e.problems) err(formatProblem(p));
    err(`${e.problems.length} problem(s) in ${file} / 설정 파일에 문제 ${e.problems.length}개`);
    return 1;
  }
}

function inputsSummary(cfg: Readonly<AgentConfig>): { en: string; ko: string } {
  const byType = new Map<string, number>();
  for (const i of cfg.inputs) byType.set(i.type, (byType.get(i.type) ?? 0) + 1);
  const kinds = [...byType].map(([t, n]) => `${t} ×${n}`).join(', ') || 'none';
  const enabled = cfg.inputs.filter((i) => i.enabled !== false).length;
  return {
    en: `${cfg.inputs.length} input(s), ${enabled} enabled (${kinds})`,
    ko: `입력 ${cfg.inputs.length}개 (사용 ${enabled}개)`,
  };
}

export function registerCheckConfig(program: Command): void {
  program
    .command('check-config')
    .description('Validate an agent.yaml / agent.yaml 검사')
    .argument('<file>', 'agent config file (YAML)')
    .action((file: string) => {
      process.exitCode = checkConfig(file, console.log, console.error);
    });
}
