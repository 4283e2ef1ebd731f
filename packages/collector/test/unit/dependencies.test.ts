import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isNative, productionTree } from '../support/dependency-tree.js';

const collectorDir = fileURLToPath(new URL('../../', import.meta.url));
const agentDir = fileURLToPath(new URL('../../../edge-agent/', import.meta.url));

/** The agent's device and runtime libraries: native bindings, brokers, a scheduler. */
const DEVICE_LIBRARY = /^(serialport|@serialport\/.+|aedes|mqtt|modbus-serial|node-cron|@gongbang\/edge-agent)$/;

describe("the collector's production dependencies", () => {
  it('hold no device library: the agent config schema comes from @gongbang/agent-config alone', () => {
    const tree = productionTree(collectorDir);
    expect(tree.has('@gongbang/agent-config')).toBe(true);
    const device = [...tree].filter(([name]) => DEVICE_LIBRARY.test(name)).map(([, e]) => e.chain.join(' > '));
    expect(device).toEqual([]);
  });

  it('are walked far enough to see them: the agent itself pulls each one in', () => {
    // Guards the walk above: the same walk over the agent finds what the collector must not have.
    const names = [...productionTree(agentDir).keys()];
    for (const lib of ['serialport', '@serialport/bindings-cpp', 'aedes', 'mqtt', 'modbus-serial', 'node-cron']) {
      expect(names).toContain(lib);
    }
  });

  it('keep one native module, better-sqlite3 (the Dockerfile relies on its prebuilt binary)', () => {
    const native = [...productionTree(collectorDir)].filter(([, e]) => e.dir && isNative(e.dir)).map(([n]) => n);
    expect(native).toEqual(['better-sqlite3']);
    // The same check over the agent sees serialport's bindings, so it is not blind.
    const agentNative = [...productionTree(agentDir)].filter(([, e]) => e.dir && isNative(e.dir)).map(([n]) => n);
    expect(agentNative).toContain('@serialport/bindings-cpp');
  });
});
