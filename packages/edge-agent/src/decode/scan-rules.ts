import type { ScanMeaning } from '@gongbang/shared';
import type { ScanRule } from '../config/inputs.js';
import type { DecodedScan } from './scan.js';

/** A rule with its regex compiled once. */
export interface CompiledRule {
  rule: ScanRule;
  regex?: RegExp;
}

export interface RuleMatch {
  meaning: ScanMeaning;
  rule: string | null;
  fields: Record<string, string>;
}

export function compileRules(rules: readonly ScanRule[]): CompiledRule[] {
  return rules.map((rule) => ({ rule, regex: rule.regex ? new RegExp(rule.regex, 'u') : undefined }));
}

/** First rule whose every condition holds gives the scan its meaning; none → `unknown`. Pure. */
export function applyRules(scan: DecodedScan, rules: readonly CompiledRule[]): RuleMatch {
  const text = scan.text;
  if (text === null || scan.flags.includes('binary_noise')) return { meaning: 'unknown', rule: null, fields: {} };
  for (const { rule, regex } of rules) {
    if (rule.prefix !== undefined && !text.startsWith(rule.prefix)) continue;
    if (rule.symbology !== undefined) {
      const s = scan.symbology;
      if (!s || !rule.symbology.some((x) => x === s.aim || x === s.name)) continue;
    }
    if (rule.gs1 !== undefined && rule.gs1 !== (scan.gs1 !== null)) continue;
    let fields: Record<string, string> = {};
    if (regex) {
      const m = regex.exec(text);
      if (!m) continue;
      fields = Object.fromEntries(
        Object.entries(m.groups ?? {})
          .filter((e): e is [string, string] => e[1] !== undefined)
          .map(([k, v]) => [k, v.slice(0, 1024)]),
      );
    }
    return { meaning: rule.meaning, rule: rule.id, fields };
  }
  return { meaning: 'unknown', rule: null, fields: {} };
}
