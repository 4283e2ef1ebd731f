import { ReadingSchema } from '@gongbang/shared';
import { describe, expect, it } from 'vitest';
import { ChannelSchema } from '../../src/config/inputs.js';
import { Framer, frameBody, lineEndsFor } from '../../src/decode/framing.js';
import { decodePayload } from '../../src/decode/payload.js';
import { decodeScan } from '../../src/decode/scan.js';
import { applyRules, compileRules } from '../../src/decode/scan-rules.js';
import { decodeSensorLine } from '../../src/decode/sensor-line.js';
import { shellyStep } from '../../src/decode/shelly.js';

/** Deterministic bytes: noise biased towards the bytes decoders care about (`]`, digits, GS, CR, `{`, `"`). */
function* noise(seed: number, count: number, maxLen: number): Generator<Buffer> {
  let x = seed;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x >> 8;
  };
  const special = [0x5d, 0x43, 0x31, 0x30, 0x1d, 0x0d, 0x0a, 0x7b, 0x7d, 0x22, 0x3a, 0x28, 0x29, 0xea, 0xb0, 0x80];
  for (let i = 0; i < count; i++) {
    const len = next() % maxLen;
    yield Buffer.from(
      Array.from({ length: len }, () => (next() % 3 === 0 ? special[next() % special.length]! : next() % 256)),
    );
  }
}

describe('decoders never throw on garbage, and what they make still fits the contract', () => {
  it('scanner frames', () => {
    const rules = compileRules([{ id: 'any', meaning: 'product', regex: '^(?<all>.*)$' }]);
    const framer = new Framer({ lineEnds: lineEndsFor('CR'), terminatorInside: true, maxFrameBytes: 512 });
    let seq = 0;
    for (const chunk of noise(7, 3000, 700)) {
      for (const f of [...framer.push(chunk), ...(seq % 5 === 0 ? framer.idle() : [])]) {
        const scan = decodeScan(frameBody(f), { aim: true }, f.truncated);
        const reading = {
          seq: ++seq,
          ts: 1_764_000_000_000,
          timeSource: 'agent',
          source: 'fuzz',
          kind: 'scan',
          ...scan,
          raw: f.bytes.toString('base64'),
          ...applyRules(scan, rules),
        };
        expect(ReadingSchema.safeParse(reading).error).toBeUndefined();
      }
      seq++;
    }
    expect(seq).toBeGreaterThan(3000);
  });

  it('sensor lines, MQTT payloads and Shelly messages', () => {
    const channels = [
      ChannelSchema.parse({ channel: 'a', unit: 'A' }),
      ChannelSchema.parse({ channel: 'b', key: 'x.y[0]', unit: 'W' }),
    ];
    for (const buf of noise(11, 3000, 200)) {
      const text = buf.toString('utf8');
      for (const format of ['csv', 'json', 'kv'] as const) {
        const r = decodeSensorLine(text, { format, columns: ['a', 'b'], separator: ',', channels });
        for (const v of r?.values ?? []) expect(Number.isFinite(v.value)).toBe(true);
      }
      decodePayload(buf, { format: 'json', channels });
      decodePayload(buf, { format: 'number', channel: 'a', unit: 'A', scale: 1, offset: 0 });
      for (const topic of ['status', 'rpc', 'online'] as const) shellyStep({ status: { apower: 1 } }, topic, buf, 0);
    }
  });
});
