import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Document, isMap, parseDocument } from 'yaml';
import { AgentConfigSchema, ConfigError, parseConfigText } from '../config/index.js';

/** Stands in for the agent id while an agent.yaml written before enrollment is checked. */
const PLACEHOLDER_ID = 'not-enrolled-yet';

/**
 * An agent.yaml that exists before enrollment — the technician wrote its inputs first and
 * checked them with `check-config`. Enrollment fills in `agent.id`, `agent.dataDir` and the
 * `collector` section and keeps everything else (inputs, comments) as written.
 */
export interface ExistingConfig {
  file: string;
  doc: Document;
  /** The file already names a collector: it was enrolled before. */
  enrolled: boolean;
  /** `agent.dataDir` of the file resolved against its folder, when it names one. */
  dataDir: string | undefined;
}

/**
 * Reads and checks the agent.yaml at `file`, or undefined when there is none. Every problem
 * (bad YAML, an input the schema refuses) is a ConfigError naming the file and the place in
 * it, raised before the code is exchanged, so a refusal burns no code.
 */
export function readExistingConfig(file: string): ExistingConfig | undefined {
  const abs = path.resolve(file);
  if (!existsSync(abs)) return undefined;
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw new ConfigError([{ file: abs, path: '(file)', message: `cannot read: ${(err as Error).message}` }]);
  }
  parseConfigText(text, abs, AgentConfigSchema, (raw) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
    const r = { ...(raw as Record<string, unknown>) };
    const agent = (r.agent ?? {}) as Record<string, unknown>;
    if (agent && typeof agent === 'object' && agent.id === undefined) r.agent = { ...agent, id: PLACEHOLDER_ID };
    // Enrollment writes the collector section itself.
    delete r.collector;
    return r;
  });
  const doc = parseDocument(text);
  const dir = doc.getIn(['agent', 'dataDir']);
  return {
    file: abs,
    doc,
    enrolled: doc.has('collector'),
    dataDir: typeof dir === 'string' ? path.resolve(path.dirname(abs), dir) : undefined,
  };
}

/** Sets the enrollment's values in an existing agent.yaml; a token written in it is dropped (the token file rules). */
export function enrollExisting(
  existing: ExistingConfig,
  values: { agentId: string; dataDir: string | undefined; collectorUrl: string; tokenFile: string },
): string {
  const { doc } = existing;
  for (const section of ['agent', 'collector']) if (!isMap(doc.get(section))) doc.set(section, doc.createNode({}));
  doc.setIn(['agent', 'id'], values.agentId);
  if (values.dataDir !== undefined) doc.setIn(['agent', 'dataDir'], values.dataDir);
  doc.setIn(['collector', 'url'], values.collectorUrl);
  doc.setIn(['collector', 'tokenFile'], values.tokenFile);
  doc.deleteIn(['collector', 'token']);
  return doc.toString();
}
