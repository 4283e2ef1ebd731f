import { IdSchema } from '@gongbang/shared';
import { z } from 'zod';
import { InputListSchema } from './inputs.js';
import {
  ForwarderSectionSchema,
  JobsSectionSchema,
  LogSectionSchema,
  SpoolSectionSchema,
  StatusPageSectionSchema,
} from './sections.js';

export * from './sections.js';

/** The agent's identity and where it keeps its files. */
export const AgentSectionSchema = z.strictObject({
  /** Agent id, unique in the programme; the collector's token is bound to it. */
  id: IdSchema,
  /** Directory for the spool, credentials and state. Default `./data`. */
  dataDir: z.string().min(1).default('./data'),
});

/** Where and how to reach the collector. */
export const CollectorSectionSchema = z.strictObject({
  /** Base URL of the collector, e.g. `https://collector.example.kr`. */
  url: z.url({ protocol: /^https?$/ }),
  /** Bearer token; prefer `tokenFile` or the GONGBANG_AGENT_TOKEN variable over a token in the file. */
  token: z.string().min(1).optional(),
  /** File holding the bearer token (written by `gongbang-agent enroll`, mode 0600). */
  tokenFile: z.string().min(1).optional(),
  /**
   * Ask the collector for a new token when the token file is this many days old (checked with
   * each heartbeat); `false` never. Only a token kept in `tokenFile` can be rotated.
   */
  rotateTokenDays: z.union([z.number().int().min(1).max(3650), z.literal(false)]).default(90),
});

export const AgentConfigSchema = z.strictObject({
  agent: AgentSectionSchema,
  collector: CollectorSectionSchema.optional(),
  spool: SpoolSectionSchema.prefault({}),
  forwarder: ForwarderSectionSchema.prefault({}),
  statusPage: StatusPageSectionSchema.prefault({}),
  log: LogSectionSchema.prefault({}),
  jobs: JobsSectionSchema.prefault({}),
  /** Every input valid, and input/source ids unique (they become reading sources and spool cursors). */
  inputs: InputListSchema.default([]),
});
export type AgentConfig = z.infer<typeof AgentConfigSchema>;
