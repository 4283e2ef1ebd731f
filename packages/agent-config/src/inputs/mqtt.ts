import { IdSchema } from '@gongbang/shared';
import { z } from 'zod';
import { BackoffSchema, ChannelSchema, inputBase, UnitSchema } from './common.js';
import { checkDeriveChannels, DeriveListSchema } from './derive.js';

/** Channels a Shelly Gen2 switch produces (see decode/shelly.ts). */
export const SHELLY_CHANNELS = ['output', 'power_w', 'voltage_v', 'current_a', 'energy_wh', 'temperature'];

/** How a payload becomes measurements. */
export const PayloadMapSchema = z.discriminatedUnion('format', [
  /** The payload is one number, e.g. `23.5`. */
  z.strictObject({
    format: z.literal('number'),
    channel: IdSchema,
    unit: UnitSchema,
    scale: z.number().finite().default(1),
    offset: z.number().finite().default(0),
  }),
  /** A JSON object; each channel's `key` is a dot path (`sensors.temp`, `values[0]`). */
  z.strictObject({
    format: z.literal('json'),
    channels: z.array(ChannelSchema).min(1).max(128),
    /** Dot path of a device timestamp (Unix s or ms); absent → agent time. */
    timestampKey: z.string().min(1).max(200).optional(),
  }),
  /**
   * Shelly Gen2 switch/plug: the topic pattern is the device prefix; the input reads
   * `<prefix>/status/switch:<n>`, `<prefix>/events/rpc` and `<prefix>/online`.
   */
  z.strictObject({
    format: z.literal('shelly-gen2'),
    /** Switch component number. Default 0. */
    switch: z.number().int().min(0).max(15).default(0),
  }),
]);
export type PayloadMap = z.infer<typeof PayloadMapSchema>;

/**
 * A topic pattern mapped to a source. `{name}` matches one topic level (MQTT `+`), `#` the rest;
 * `source` may use the same placeholders, e.g. topic `plugs/{plug}` → source `plug-{plug}`.
 */
export const TopicMapSchema = z
  .strictObject({
    topic: z
      .string()
      .min(1)
      .max(512)
      .refine((t) => !t.includes('+') && !/#./.test(t), { message: 'use {name} for one level and # only at the end' }),
    /** Source id template. Default: the input id, plus `.{placeholder}` for each placeholder. */
    source: z.string().min(1).max(64).optional(),
    payload: PayloadMapSchema,
    /** Subscription QoS (subscriber only). Default 1. */
    qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(1),
    derive: DeriveListSchema,
  })
  .superRefine((m, ctx) => {
    const p = m.payload;
    const channels =
      p.format === 'number' ? [p.channel] : p.format === 'json' ? p.channels.map((c) => c.channel) : SHELLY_CHANNELS;
    checkDeriveChannels(m.derive, channels, ctx, ['derive']);
  });
export type TopicMapConfig = z.infer<typeof TopicMapSchema>;

/** True for a well-formed MQTT filter: `+` and `#` fill a whole level, `#` only last (MQTT 3.1.1 §4.7.1). */
export function isMqttFilter(f: string): boolean {
  const levels = f.split('/');
  return (
    !f.includes('\u0000') &&
    levels.every((l, i) => (l === '#' && i === levels.length - 1) || l === '+' || !/[+#]/.test(l))
  );
}

/** A device allowed to connect to the embedded broker. */
export const BrokerDeviceSchema = z.strictObject({
  /**
   * Login name; also the topic level of the default `devices/<username>/#`, so it must not
   * contain `+`, `#` or `/` (they would widen the device's topics) nor NUL (MQTT 3.1.1 §1.5.3).
   */
  username: z
    .string()
    .min(1)
    .max(128)
    .refine((u) => !/[+#/\u0000]/.test(u), {
      message: 'must not contain +, #, / or NUL: the username is a topic level in devices/<username>/#',
    }),
  password: z.string().min(1).max(256),
  /** Topics it may publish (and subscribe) to, MQTT filters. Default `devices/<username>/#`. */
  topics: z
    .array(
      z
        .string()
        .min(1)
        .max(512)
        .refine(isMqttFilter, { message: 'not an MQTT filter: + and # must fill a whole level, # only at the end' }),
    )
    .max(64)
    .optional(),
});

/** TLS for the embedded broker: PEM files (absolute paths), read when the input starts. */
export const BrokerTlsSchema = z.strictObject({
  /** Server certificate, followed by its intermediate certificates. */
  cert: z.string().min(1).max(4096),
  /** Private key of the certificate. */
  key: z.string().min(1).max(4096),
  /** CA of client certificates: when set, every device must present a certificate it signed. */
  ca: z.string().min(1).max(4096).optional(),
});

export const MqttBrokerConfigSchema = z
  .strictObject({
    ...inputBase,
    type: z.literal('mqtt-broker'),
    /** Address to bind. Default 127.0.0.1; use the workshop LAN address for devices. */
    host: z.string().min(1).max(253).default('127.0.0.1'),
    /** TCP port. Default 1883; use 8883 with `tls`. 0 picks a free port (tests). */
    port: z.number().int().min(0).max(65_535).default(1883),
    /** MQTT over TLS (node:tls) instead of plain TCP on `port`. */
    tls: BrokerTlsSchema.optional(),
    devices: z.array(BrokerDeviceSchema).min(1).max(1024),
    topics: z.array(TopicMapSchema).min(1).max(256),
    /** At most one log line per kind of bad payload per this interval, ms. Default 60000. */
    logIntervalMs: z.number().int().min(100).max(86_400_000).default(60_000),
  })
  .refine((c) => new Set(c.devices.map((d) => d.username)).size === c.devices.length, {
    message: 'usernames must be unique',
    path: ['devices'],
  });
export type MqttBrokerConfig = z.infer<typeof MqttBrokerConfigSchema>;

export const MqttSubscribeConfigSchema = z.strictObject({
  ...inputBase,
  type: z.literal('mqtt-subscribe'),
  /** Broker URL: `mqtt://host:1883` or `mqtts://host:8883` (TLS). */
  url: z.url({ protocol: /^(mqtts?|wss?)$/ }),
  username: z.string().min(1).max(128).optional(),
  password: z.string().min(1).max(256).optional(),
  clientId: z.string().min(1).max(128).optional(),
  /** 4 = MQTT 3.1.1, 5 = MQTT 5. Default 4. */
  protocolVersion: z.union([z.literal(4), z.literal(5)]).default(4),
  tls: z
    .strictObject({
      /** CA certificate file (PEM) for a private CA. */
      caFile: z.string().min(1).optional(),
      certFile: z.string().min(1).optional(),
      keyFile: z.string().min(1).optional(),
      /** Default true; false only for a test broker. */
      rejectUnauthorized: z.boolean().default(true),
    })
    .optional(),
  reconnect: BackoffSchema.prefault({ minMs: 1000, maxMs: 30_000 }),
  topics: z.array(TopicMapSchema).min(1).max(256),
  logIntervalMs: z.number().int().min(100).max(86_400_000).default(60_000),
});
export type MqttSubscribeConfig = z.infer<typeof MqttSubscribeConfigSchema>;
