import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/commands/check-config.js';

function check(yaml: string) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'gb-broker-cfg-')), 'agent.yaml');
  writeFileSync(file, yaml);
  const err: string[] = [];
  const code = checkConfig(
    file,
    () => {},
    (l) => err.push(l),
  );
  return { file, code, err };
}

const broker = (devices: string, extra = '') => `agent:
  id: shop-1
inputs:
  - id: shop-mqtt
    type: mqtt-broker
    port: 0
${extra}    devices:
${devices}
    topics:
      - { topic: 'devices/{dev}/temp', payload: { format: number, channel: temp, unit: Cel } }
`;

describe('embedded broker config', () => {
  it.each([
    ['plus', 'a+b'],
    ['hash', '#'],
    ['slash', 'plug/1'],
    ['NUL', 'x\\0y'],
  ])('refuses a username with %s, naming the file, line and path', (_n, name) => {
    const { file, code, err } = check(
      broker(`      - { username: ok-1, password: pw }\n      - { username: "${name}", password: pw }`),
    );
    expect(code).toBe(1);
    const line = err.find((l) => l.includes('inputs[0].devices[1].username'));
    expect(line, err.join('\n')).toBeDefined();
    expect(line!.startsWith(`${file}:9:`)).toBe(true);
    expect(line).toContain('must not contain +, #, / or NUL');
  });

  it('refuses a device topic filter with a wildcard inside a level', () => {
    const { code, err } = check(
      broker(`      - { username: s1, password: pw, topics: ['devices/s1/#', 'devices/s1#', 'a/+x'] }`),
    );
    expect(code).toBe(1);
    for (const i of [1, 2]) {
      expect(err.some((l) => l.includes(`inputs[0].devices[0].topics[${i}]`) && l.includes('not an MQTT filter'))).toBe(
        true,
      );
    }
    expect(err.some((l) => l.includes('topics[0]'))).toBe(false);
  });

  it('takes TLS files and refuses unknown TLS fields', () => {
    const ok = check(
      broker(
        '      - { username: s1, password: pw }',
        '    tls: { cert: /x/server.pem, key: /x/server.key, ca: /x/ca.pem }\n',
      ),
    );
    expect(ok.err).toEqual([]);
    expect(ok.code).toBe(0);
    const bad = check(
      broker('      - { username: s1, password: pw }', '    tls: { cert: /x/server.pem, keyFile: /x/k }\n'),
    );
    expect(bad.code).toBe(1);
    expect(bad.err.some((l) => l.includes('inputs[0].tls'))).toBe(true);
  });
});
