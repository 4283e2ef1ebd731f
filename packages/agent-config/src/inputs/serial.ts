import { z } from 'zod';
import { BackoffSchema, ChannelSchema, inputBase } from './common.js';
import { checkDeriveChannels, DeriveListSchema } from './derive.js';
import { ScanCycleTimeSchema, ScanRuleSchema } from './scan-rules.js';

export const ParitySchema = z.enum(['none', 'even', 'odd', 'mark', 'space']);
export type Parity = z.infer<typeof ParitySchema>;

/** How a microcontroller lays out a line: comma-separated, a JSON object, or `key=value` pairs. */
export const SensorLineFormatSchema = z.enum(['csv', 'json', 'kv']);
export type SensorLineFormat = z.infer<typeof SensorLineFormatSchema>;

/** Serial line settings shared by scanners and sensors. */
export const serialPortFields = {
  /** Device path, e.g. `/dev/ttyACM0` or a stable `/dev/serial/by-id/usb-…` name. */
  port: z.string().min(1).max(4096),
  /** Bits per second. Default 9600. */
  baudRate: z.number().int().min(50).max(4_000_000).default(9600),
  parity: ParitySchema.default('none'),
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(1),
  /** Reopen delays after the port disappears or fails to open. */
  reconnect: BackoffSchema.prefault({}),
};

/**
 * Frame terminator: `CR` (CRLF counts as one line end too), `LF`, `CRLF`, `newline` (any of
 * CR, LF or CRLF), `none` (silence only), or custom bytes as hex (`03` for ETX).
 * Each strips exactly the line end it got (see decode/line-ends.ts).
 */
export const TerminatorSchema = z.union(
  [
    z.enum(['CR', 'LF', 'CRLF', 'newline', 'none']),
    z.strictObject({ hex: z.string().regex(/^(?:[0-9a-fA-F]{2}){1,4}$/, { message: '1–4 bytes as hex, e.g. "03"' }) }),
  ],
  { error: 'expected CR, LF, CRLF, newline, none or { hex: "03" } (1–4 bytes)' },
);
export type TerminatorConfig = z.infer<typeof TerminatorSchema>;

export const SerialScannerConfigSchema = z
  .strictObject({
    ...inputBase,
    type: z.literal('serial-scanner'),
    ...serialPortFields,
    /** What ends a scan. Default CR (the factory setting of most scanners). */
    terminator: TerminatorSchema.default('CR'),
    /**
     * 2D codes can carry CR/LF inside: when true, a terminator ends a scan only if the next byte
     * starts an AIM identifier (`]`) or the line stays silent for `interCharTimeoutMs`. Default false.
     */
    terminatorInside: z.boolean().default(false),
    /** Silence after which a partial frame is complete, ms. Default 100. */
    interCharTimeoutMs: z.number().int().min(5).max(10_000).default(100),
    /** Longest frame, bytes; longer ones are cut, flagged `truncated` and counted. Default 4096. */
    maxFrameBytes: z.number().int().min(16).max(8192).default(4096),
    /** Recognise and remove AIM symbology identifiers (`]C1` …). Default true. */
    aim: z.boolean().default(true),
    /** Text the scanner adds before each scan, removed. */
    stripPrefix: z.string().min(1).max(32).optional(),
    /** Text the scanner adds after each scan (before the terminator), removed. */
    stripSuffix: z.string().min(1).max(32).optional(),
    /** Ordered scan rules: the first match gives the scan its meaning. */
    rules: z.array(ScanRuleSchema).max(256).default([]),
    /** Cycle times from start/finish scans of the same work order. */
    cycleTime: ScanCycleTimeSchema.optional(),
  })
  .superRefine((c, ctx) => {
    const ids = new Set(c.rules.map((r) => r.id));
    for (const key of ['startRules', 'finishRules'] as const) {
      c.cycleTime?.[key].forEach((id, i) => {
        if (!ids.has(id))
          ctx.addIssue({ code: 'custom', path: ['cycleTime', key, i], message: `no scan rule with id "${id}"` });
      });
    }
  });
export type SerialScannerConfig = z.infer<typeof SerialScannerConfigSchema>;

export const SerialSensorConfigSchema = z
  .strictObject({
    ...inputBase,
    type: z.literal('serial-sensor'),
    ...serialPortFields,
    /** Line format sent by the microcontroller. */
    format: SensorLineFormatSchema,
    /** CSV column names in order (`-` skips a column). Required for csv. */
    columns: z.array(z.string().min(1).max(64)).max(64).optional(),
    /** CSV separator. Default `,`. */
    separator: z.string().min(1).max(4).default(','),
    /** Channels to emit; values of other keys are ignored. */
    channels: z.array(ChannelSchema).min(1).max(128),
    /** Key holding the device's timestamp (Unix s or ms); absent → the agent stamps arrival. */
    timestampKey: z.string().min(1).max(200).optional(),
    /** Longest line, bytes; longer lines are cut and counted. Default 4096. */
    maxLineBytes: z.number().int().min(16).max(65_536).default(4096),
    derive: DeriveListSchema,
  })
  .refine((c) => c.format !== 'csv' || (c.columns?.length ?? 0) > 0, {
    message: 'csv needs `columns`',
    path: ['columns'],
  })
  .superRefine((c, ctx) =>
    checkDeriveChannels(
      c.derive,
      c.channels.map((ch) => ch.channel),
      ctx,
      ['derive'],
    ),
  );
export type SerialSensorConfig = z.infer<typeof SerialSensorConfigSchema>;
