import { IdSchema, MAX_BATCH_READINGS, SeqSchema, TimestampMsSchema, WIRE_VERSION } from '@gongbang/shared';
import { z } from 'zod';

/**
 * The batch envelope as the ingest route validates it: the shared BatchSchema's fields, with
 * readings checked one by one afterwards so one bad reading does not cost the good ones.
 */
export const IngestBodySchema = z.strictObject({
  v: z.literal(WIRE_VERSION),
  agentId: IdSchema,
  batchId: z.string().min(1).max(64),
  firstSeq: SeqSchema,
  lastSeq: SeqSchema,
  sentAt: TimestampMsSchema,
  // The upper bound is checked in the handler, to answer 413 (split the batch) rather than 400.
  readings: z.array(z.unknown()).min(1),
});
export type IngestBody = z.infer<typeof IngestBodySchema>;
export { MAX_BATCH_READINGS };
