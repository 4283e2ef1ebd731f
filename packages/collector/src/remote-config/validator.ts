import { AgentConfigSchema } from '@gongbang/agent-config';
import { type ValidationIssue, validationIssues } from '@gongbang/shared';

/** Validates an agent config; the collector uses the very schema the agent loads its file with. */
export type AgentConfigValidator = (
  config: unknown,
) => { ok: true; config: unknown } | { ok: false; issues: ValidationIssue[] };

/** The edge agent's own AgentConfigSchema (@gongbang/agent-config), so a config the collector accepts is one the agent can load. */
export const validateWithAgentSchema: AgentConfigValidator = (config) => {
  const r = AgentConfigSchema.safeParse(config);
  return r.success ? { ok: true, config: r.data } : { ok: false, issues: validationIssues(r.error) };
};
