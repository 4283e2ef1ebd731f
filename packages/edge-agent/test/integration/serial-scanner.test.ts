import { type FileHandle, open } from 'node:fs/promises';
import { cleanupAfterEach, type PtyPair, startPtyPair, tempDir, waitFor } from '@gongbang/harness';
import type { ScanReading } from '@gongbang/shared';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { buildInput, type Capture, scans } from './input-helpers.js';

const GS = '\x1d';
const cleanups = cleanupAfterEach(afterEach);

async function scanner(extra: Record<string, unknown> = {}, pty?: PtyPair) {
  const p = pty ?? (await startPtyPair());
  if (!pty) cleanups.push(p.close);
  const cap = buildInput({
    id: 'scanner-1',
    type: 'serial-scanner',
    port: p.devicePath,
    interCharTimeoutMs: 300,
    ...extra,
  });
  await cap.input.start();
  cleanups.push(() => cap.input.stop());
  await waitFor('scanner port open', () => cap.input.health().connected, { timeoutMs: 20_000 });
  // Async writes: a blocking write to a full pty would stall the event loop the input reads on.
  const fd = await open(p.testPath, 'r+');
  cleanups.push(() => fd.close());
  return { cap, fd, pty: p };
}

const byText = (cap: Capture, text: string) => scans(cap).find((s) => s.text === text);
async function goodScan(cap: Capture, fd: FileHandle, n: number): Promise<ScanReading> {
  await fd.write(Buffer.from(`]C0GOOD-${n}\r`));
  return await waitFor(`good scan ${n}`, () => byText(cap, `GOOD-${n}`), { timeoutMs: 20_000 });
}

function noise(n: number): Buffer {
  let x = 12345;
  return Buffer.from(
    Array.from({ length: n }, () => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const b = x >> 16 && (x >> 16) & 0xff;
      return b === 0x5d ? 0x00 : b; // no "]", so the noise is one frame
    }),
  );
}

describe('serial barcode scanner on a socat pty', () => {
  it('reads real-world scan bytes, keeps reading after garbage, and every reading fits the contract', async () => {
    const { cap, fd } = await scanner({
      terminatorInside: true,
      rules: [
        { id: 'gtin', meaning: 'product', gs1: true },
        { id: 'wo', meaning: 'work_order', regex: '^작업지시:(?<order>WO-\\d+)$' },
        { id: 'defect', meaning: 'defect', regex: '^불량:(?<code>.+)$' },
      ],
    });
    let n = 0;

    await fd.write(Buffer.from(']C1010880123456789310LOT7\r'));
    await goodScan(cap, fd, ++n);
    const gs1128 = scans(cap).find((s) => s.symbology?.aim === ']C1')!;
    expect(gs1128.gs1).toEqual([
      { ai: '01', value: '08801234567893', valid: true },
      { ai: '10', value: 'LOT7' },
    ]);
    expect(gs1128.meaning).toBe('product');
    expect(Buffer.from(gs1128.raw, 'base64').toString()).toBe(']C1010880123456789310LOT7\r');

    await fd.write(Buffer.from(`]d201088012345678931726123110ABC${GS}21SN-9\r`));
    await goodScan(cap, fd, ++n);
    expect(
      scans(cap)
        .find((s) => s.symbology?.aim === ']d2')
        ?.gs1?.map((e) => e.ai),
    ).toEqual(['01', '17', '10', '21']);

    await fd.write(Buffer.from(']E08801234567893\r'));
    await goodScan(cap, fd, ++n);
    expect(byText(cap, '8801234567893')).toMatchObject({ symbology: { name: 'ean-13' }, flags: [] });

    await fd.write(Buffer.from(']Q1작업지시:WO-1234\r', 'utf8'));
    await goodScan(cap, fd, ++n);
    expect(byText(cap, '작업지시:WO-1234')).toMatchObject({
      encoding: 'utf-8',
      meaning: 'work_order',
      fields: { order: 'WO-1234' },
    });

    await fd.write(Buffer.concat([Buffer.from(']Q1'), iconv.encode('불량:실밥 풀림', 'cp949'), Buffer.from('\r')]));
    await goodScan(cap, fd, ++n);
    expect(byText(cap, '불량:실밥 풀림')).toMatchObject({
      encoding: 'cp949',
      meaning: 'defect',
      fields: { code: '실밥 풀림' },
    });

    await fd.write(Buffer.from(']Q1LINE1\rLINE2\r'));
    await goodScan(cap, fd, ++n);
    expect(byText(cap, 'LINE1\rLINE2')).toBeDefined();

    await fd.write(Buffer.from(']C0TWO-A\r]C0TWO-B\r'));
    await goodScan(cap, fd, ++n);
    expect([byText(cap, 'TWO-A'), byText(cap, 'TWO-B')].every(Boolean)).toBe(true);

    // Shapes the input (one byte per read), waits for nothing: the scan below is waited for.
    for (const b of Buffer.from(']C0BYTEWISE-1\r')) {
      await fd.write(Buffer.from([b]));
      await new Promise((r) => setTimeout(r, 2));
    }
    await goodScan(cap, fd, ++n);
    expect(byText(cap, 'BYTEWISE-1')).toBeDefined();

    await fd.write(Buffer.alloc(64 * 1024, 0x41));
    await waitFor('the overlong frame', () => scans(cap).find((s) => s.flags.includes('truncated')), {
      timeoutMs: 20_000,
    });
    // The rest of the 64 KiB is discarded until the line falls silent (interCharTimeoutMs). Proof
    // that it has, instead of a pause: a probe without line end comes through as a scan once
    // silence ends it. A probe sent while the tail is still being discarded is discarded with
    // it, so each round sends a new one until the latest (alone or glued to the one before,
    // on a slow machine) arrives; then nothing is left pending before the next scan.
    let probe = 0;
    await waitFor(
      'a probe scan after the discarded tail',
      async () => {
        if (probe > 0 && scans(cap).some((s) => s.text?.includes(`PROBE-${probe}`))) return true;
        await fd.write(Buffer.from(`]C0PROBE-${++probe}`));
        return false;
      },
      { timeoutMs: 20_000, intervalMs: 1_000 },
    );
    await goodScan(cap, fd, ++n);
    expect(scans(cap).find((s) => s.flags.includes('truncated'))?.text).toHaveLength(4096);
    expect(cap.input.health().errors.frame_too_long).toBe(1);

    await fd.write(noise(1000));
    await waitFor('the noise frame', () => scans(cap).find((s) => s.flags.includes('binary_noise')), {
      timeoutMs: 20_000,
    });
    await goodScan(cap, fd, ++n);
    expect(cap.input.health().errors.binary_noise).toBeGreaterThanOrEqual(1);

    expect(cap.invalid).toEqual([]);
    expect(cap.input.health()).toMatchObject({ id: 'scanner-1', connected: true, lastDataTs: expect.any(Number) });
  });

  it('splits on CRLF and on CR, and two scans in one chunk, without AIM identifiers', async () => {
    const crlf = await scanner({ terminator: 'CRLF', aim: false });
    await crlf.fd.write(Buffer.from('A\rB\r\nC-1\r\nC-2\r\n'));
    await waitFor('CRLF scans', () => scans(crlf.cap).length >= 3, { timeoutMs: 20_000 });
    expect(scans(crlf.cap).map((s) => s.text)).toEqual(['A\rB', 'C-1', 'C-2']);

    const cr = await scanner({ terminator: 'CR', aim: false, stripPrefix: 'P:' });
    await cr.fd.write(Buffer.from('P:8801234567893\rP:WO-77\r'));
    await waitFor('CR scans', () => scans(cr.cap).length >= 2, { timeoutMs: 20_000 });
    expect(scans(cr.cap).map((s) => s.text)).toEqual(['8801234567893', 'WO-77']);
    expect(cr.cap.invalid).toEqual([]);
  });

  it('gives exactly the scans when a scanner sends CRLF to a CR setting: no empty scan, no CR or LF in the text', async () => {
    const { cap, fd } = await scanner({ terminator: 'CR', aim: false });
    const texts = () => scans(cap).map((s) => s.text);
    await fd.write(Buffer.from('A-1\r\nB-2\r\n'));
    await waitFor('two scans', () => scans(cap).length >= 2, { timeoutMs: 20_000 });
    // The LF of a CRLF split into its own write, after the line fell silent.
    await fd.write(Buffer.from('C-3\r'));
    await waitFor('C-3', () => texts().includes('C-3'), { timeoutMs: 20_000 });
    await fd.write(Buffer.from('\n'));
    await fd.write(Buffer.from('D-4\r\n'));
    await waitFor('D-4', () => texts().includes('D-4'), { timeoutMs: 20_000 });
    // One more scan after silence: an empty scan from a stray LF would have come before it.
    await fd.write(Buffer.from('E-5\r\n'));
    await waitFor('E-5', () => texts().includes('E-5'), { timeoutMs: 20_000 });
    expect(texts()).toEqual(['A-1', 'B-2', 'C-3', 'D-4', 'E-5']);
    expect(Buffer.from(scans(cap)[0]!.raw, 'base64').toString()).toBe('A-1\r\n');
    expect(cap.invalid).toEqual([]);
  });

  it('reads two CRLF scans in one burst as two readings with terminatorInside on a CR setting', async () => {
    const { cap, fd } = await scanner({ terminator: 'CR', terminatorInside: true });
    await fd.write(Buffer.from(']C0E-5\r\n]C0F-6\r\n'));
    await waitFor('two scans', () => scans(cap).length >= 2, { timeoutMs: 20_000 });
    await goodScan(cap, fd, 2);
    expect(scans(cap).map((s) => s.text)).toEqual(['E-5', 'F-6', 'GOOD-2']);
  });

  it('resumes reading after the port disappears and comes back (unplug, replug), with no restart', async () => {
    const dir = await tempDir('gb-replug-');
    cleanups.push(dir.remove);
    let pty = await startPtyPair({ dir: dir.dir, name: 'scanner' });
    cleanups.push(() => pty.close());
    const { cap, fd } = await scanner({ reconnect: { minMs: 100, maxMs: 1000 } }, pty);
    await fd.write(Buffer.from(']C0BEFORE\r'));
    await waitFor('scan before unplug', () => byText(cap, 'BEFORE'), { timeoutMs: 20_000 });

    await fd.close();
    cleanups.pop(); // fd closed already
    await pty.close(); // unplug: socat dies, the port path disappears
    await waitFor('the input to notice the unplug', () => !cap.input.health().connected, { timeoutMs: 20_000 });
    expect(cap.input.health().errors.disconnected ?? cap.input.health().errors.port_error).toBeGreaterThanOrEqual(1);

    pty = await startPtyPair({ dir: dir.dir, name: 'scanner' }); // replug at the same path
    await waitFor('the port to be reopened', () => cap.input.health().connected, { timeoutMs: 20_000 });
    const fd2 = await open(pty.testPath, 'r+');
    cleanups.push(() => fd2.close());
    await goodScan(cap, fd2, 1);
    expect(cap.invalid).toEqual([]);
  });

  it('waits for a scanner that is not plugged in at start, without throwing, and reads it once it appears', async () => {
    const dir = await tempDir('gb-late-');
    cleanups.push(dir.remove);
    const cap = buildInput({ id: 'scanner-late', type: 'serial-scanner', port: `${dir.dir}/scanner-device` });
    await cap.input.start();
    cleanups.push(() => cap.input.stop());
    await waitFor(
      'the absent port to be logged',
      () => cap.logs.some((l) => l.msg === 'scanner port not present; waiting for it'),
      {
        timeoutMs: 20_000,
      },
    );
    expect(cap.input.health()).toMatchObject({ connected: false, reason: 'port_absent' });
    const pty = await startPtyPair({ dir: dir.dir, name: 'scanner' });
    cleanups.push(() => pty.close());
    await waitFor('the port to be opened', () => cap.input.health().connected, { timeoutMs: 20_000 });
    expect(cap.input.health()).not.toHaveProperty('reason');
    const fd = await open(pty.testPath, 'r+');
    cleanups.push(() => fd.close());
    await goodScan(cap, fd, 1);
  });
});
