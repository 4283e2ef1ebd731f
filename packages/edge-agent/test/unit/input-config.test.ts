import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/commands/check-config.js';
import { loadAgentConfig } from '../../src/config/load.js';
import { decodeScan } from '../../src/decode/scan.js';
import { applyRules, compileRules } from '../../src/decode/scan-rules.js';
import { listSerialPorts } from '../../src/inputs/serial/list-ports.js';

const examples = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const agentExamples = readdirSync(examples).filter((f) => /^agent-.*\.yaml$/.test(f));

function write(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'gb-inputs-')), 'agent.yaml');
  writeFileSync(file, text);
  return file;
}

function run(file: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = checkConfig(
    file,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out, err };
}

describe('example agent configs', () => {
  it('includes the sewing and jewelry shops', () => {
    expect(agentExamples).toEqual(expect.arrayContaining(['agent-sewing.yaml', 'agent-jewelry.yaml']));
  });

  it.each(agentExamples)('%s passes loadAgentConfig and check-config', (f) => {
    expect(() => loadAgentConfig(path.join(examples, f), {})).not.toThrow();
    expect(run(path.join(examples, f)).code).toBe(0);
  });

  const rulesOf = (f: string, id: string) => {
    const input = loadAgentConfig(path.join(examples, f), {}).inputs.find((i) => i.id === id);
    if (input?.type !== 'serial-scanner') throw new Error(`no scanner ${id} in ${f}`);
    return compileRules(input.rules);
  };
  const meaning = (rules: ReturnType<typeof compileRules>, bytes: Buffer) =>
    applyRules(decodeScan(bytes, { aim: true }), rules);

  it.each([
    [']C0EMP-0042', 'badge', { worker: '0042' }],
    [']Q1S:WO-240611-003-12', 'work_order', { ticket: 'WO-240611-003-12', order: 'WO-240611-003', bundle: '12' }],
    [']C0OP-SLEEVE', 'operation', { op: 'SLEEVE' }],
    [']Q1불량:실밥', 'defect', { code: '실밥' }],
    [']E08801234567893', 'product', {}],
  ])('sewing rules: %s → %s', (scan, want, fields) => {
    expect(meaning(rulesOf('agent-sewing.yaml', 'scanner-line-1'), Buffer.from(scan))).toMatchObject({
      meaning: want,
      fields,
    });
  });

  it.each([
    [Buffer.from(']C0J-07'), 'badge', { worker: '07' }],
    [
      Buffer.concat([Buffer.from(']Q1'), iconv.encode('작업:JB-2406-0042', 'cp949')]),
      'work_order',
      { job: 'JB-2406-0042' },
    ],
    [Buffer.concat([Buffer.from(']Q1'), iconv.encode('공정:연마', 'cp949')]), 'operation', { step: '연마' }],
    [Buffer.from(']Q1불량:기포'), 'defect', { code: '기포' }],
    [Buffer.from(']d20108801234567893101234'), 'product', {}],
    [Buffer.from(']Q1J-07'), 'unknown', {}], // a badge must be Code 128
  ])('jewelry rules: scan %# → %s', (bytes, want, fields) => {
    expect(meaning(rulesOf('agent-jewelry.yaml', 'bench-scanner'), bytes)).toMatchObject({ meaning: want, fields });
  });
});

describe('check-config', () => {
  it('prints every problem with file, line and path, and exits 1', () => {
    const file = write(`agent:
  id: shop-1
inputs:
  - id: scanner-1
    type: serial-scanner
    port: /dev/ttyACM0
    baudRate: fast
    terminator: ETX
    rules:
      - { id: wo, meaning: job, regex: '(' }
    cycleTime: { startRules: [nope], finishRules: [wo], key: order }
  - id: meters
    type: modbus-rtu
    port: /dev/ttyUSB0
    devices:
      - unit: 300
        groups: [{ registers: [{ channel: p, table: input, address: 0, type: float64 }] }]
        derive: [{ kind: machine-state, channel: q, offBelow: 1, runningAbove: 2 }]
  - id: scanner-1
    type: mqtt-subscribe
    url: http://broker
    topics: [{ topic: 'a/+/b', payload: { format: number, channel: t, unit: Cel } }]
  - id: x
    type: teleport
`);
    const { code, err } = run(file);
    expect(code).toBe(1);
    const want = [
      [7, 'inputs[0].baudRate'],
      [8, 'inputs[0].terminator'],
      [10, 'inputs[0].rules[0].meaning'],
      [10, 'inputs[0].rules[0].regex'],
      [16, 'inputs[1].devices[0].unit'],
      [17, 'inputs[1].devices[0].groups[0].registers[0].type'],
      [21, 'inputs[2].url'],
      [22, 'inputs[2].topics[0].topic'],
      [24, 'inputs[3].type'],
    ] as const;
    for (const [line, p] of want) {
      expect(
        err.some((l) => l.startsWith(`${file}:${line}:`) && l.includes(` ${p}:`)),
        `${line} ${p}\n${err.join('\n')}`,
      ).toBe(true);
    }
    expect(err.find((l) => l.includes('inputs[0].terminator'))).toContain('CR, LF, CRLF, newline, none or { hex:');
    expect(err.at(-1)).toMatch(/problem\(s\) in .* \/ 설정 파일에 문제/);
  });

  it('reports rules, derive channels and source ids that refer to nothing or collide', () => {
    const file = write(`agent: { id: shop-1 }
inputs:
  - id: scanner-1
    type: serial-scanner
    port: /dev/ttyACM0
    rules: [{ id: wo, meaning: work_order, regex: '^(?<order>.+)$' }]
    cycleTime: { startRules: [nope], finishRules: [wo], key: order }
  - id: meters
    type: modbus-tcp
    host: 10.0.0.2
    devices:
      - unit: 1
        groups: [{ registers: [{ channel: p, table: input, address: 0, type: float32 }] }]
        derive: [{ kind: machine-state, channel: q, offBelow: 1, runningAbove: 2 }]
`);
    const { code, err } = run(file);
    expect(code).toBe(1);
    expect(err.some((l) => l.includes('inputs[0].cycleTime.startRules[0]: no scan rule with id "nope"'))).toBe(true);
    expect(
      err.some((l) => l.includes('inputs[1].devices[0].derive[0].channel: channel "q" is not produced here')),
    ).toBe(true);

    const dup = write(`agent: { id: shop-1 }
inputs:
  - { id: a, type: serial-scanner, port: /dev/ttyACM0 }
  - { id: a, type: serial-scanner, port: /dev/ttyACM1 }
`);
    expect(run(dup).err[0]).toContain('inputs[1].id: source id "a" is already used at inputs[0].id');
  });

  it('prints a Korean and English summary for a good file', () => {
    const { code, out } = run(
      write('agent: { id: shop-1 }\ninputs:\n  - { id: s1, type: serial-scanner, port: /dev/ttyACM0 }\n'),
    );
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^OK .*agent "shop-1", 1 input\(s\), 1 enabled \(serial-scanner ×1\)$/);
    expect(out[1]).toContain('설정 파일이 올바릅니다');
  });
});

describe('serial port listing without udevadm', () => {
  it('reads sysfs and /dev/serial/by-id, skipping legacy UARTs without hardware', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'gb-sysfs-'));
    const usbDev = path.join(root, 'sys/devices/pci0000:00/usb1/1-2');
    const ttyDev = path.join(usbDev, '1-2:1.0/tty/ttyACM0');
    mkdirSync(ttyDev, { recursive: true });
    for (const [k, v] of Object.entries({
      idVendor: '0c2e',
      idProduct: '0b61',
      manufacturer: 'Honeywell',
      product: '1900',
      serial: 'ABC',
    })) {
      writeFileSync(path.join(usbDev, k), `${v}\n`);
    }
    const drv = path.join(root, 'sys/bus/usb/drivers/cdc_acm');
    mkdirSync(drv, { recursive: true });
    symlinkSync(drv, path.join(usbDev, '1-2:1.0/driver'));
    const tty = path.join(root, 'sys/class/tty');
    mkdirSync(path.join(tty, 'ttyACM0'), { recursive: true });
    symlinkSync(path.join(usbDev, '1-2:1.0'), path.join(tty, 'ttyACM0/device'));
    const uart = path.join(root, 'sys/devices/platform/serial8250');
    mkdirSync(uart, { recursive: true });
    mkdirSync(path.join(tty, 'ttyS3'));
    symlinkSync(uart, path.join(tty, 'ttyS3/device'));
    writeFileSync(path.join(tty, 'ttyS3/type'), '0\n');
    mkdirSync(path.join(tty, 'tty1')); // a virtual console, not a serial port
    mkdirSync(path.join(root, 'dev/serial/by-id'), { recursive: true });
    writeFileSync(path.join(root, 'dev/ttyACM0'), '');
    symlinkSync('../../ttyACM0', path.join(root, 'dev/serial/by-id/usb-Honeywell_1900_ABC-if00'));

    expect(listSerialPorts(root)).toEqual([
      {
        path: '/dev/ttyACM0',
        byId: ['/dev/serial/by-id/usb-Honeywell_1900_ABC-if00'],
        driver: 'cdc_acm',
        vendorId: '0c2e',
        productId: '0b61',
        manufacturer: 'Honeywell',
        product: '1900',
        serialNumber: 'ABC',
      },
    ]);
  });
});
