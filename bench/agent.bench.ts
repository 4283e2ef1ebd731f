// The agent as a real process: resident memory and CPU when idle and at 1,000 readings/s, as
// shipped — bin/gongbang-agent.js executed itself, as npm's bin link, PATH and the systemd unit
// start it, so the settings on its first line apply — and, for reference, as `node
// bin/gongbang-agent.js` with Node's defaults. A third run at 1,000 readings/s is as shipped but
// with `spool.commitGapMs: 0` (commit as soon as free, the spool before issue #11) for the CPU
// the commit pacing saves. Heartbeats run every 5 s, so the remote-config pull is inside the
// measurement (it once loaded undici after the windows).
import { DEFAULT_SPOOL_OPTIONS } from '@gongbang/edge-agent';
import { startReceiverProcess } from '../packages/edge-agent/test/support/receiver-process.js';
import { shippedSettings } from './agent-bin-settings.js';
import { type AgentFigures, type Launch, measureAgent } from './agent-measure.js';

/** Issue #11: as shipped, at 1,000 readings/s and idle. */
const TARGETS = { rssAnonMiB: 32, rssMiB: 80, idleCpuPercent: 0.5 };

export async function run(log: (m: string) => void): Promise<Record<string, unknown>> {
  const receiver = await startReceiverProcess();
  try {
    const load = [
      {
        id: 'sim-load',
        type: 'simulated',
        ratePerS: 1000,
        channels: [{ id: 'power_w', kind: 'measurement', unit: 'W' }],
      },
    ];
    const shipped = shippedSettings();
    const label = [...Object.entries(shipped.env).map(([k, v]) => `${k}=${v}`), 'node', ...shipped.nodeArgs].join(' ');
    const asShippedLaunch: Launch = { binary: true, nodeArgs: [], env: {} };
    const both = async (name: string, launch: Launch) => ({
      idle: await measureAgent(`idle, ${name}`, [], receiver, launch, log),
      at1000ReadingsPerS: await measureAgent(`1,000 readings/s, ${name}`, load, receiver, launch, log),
    });
    const asShipped = await both('as shipped (bin/gongbang-agent.js)', asShippedLaunch);
    // The bench measures what users get only if the binary really started node with its settings.
    for (const f of [asShipped.idle, asShipped.at1000ReadingsPerS]) {
      const missing = shipped.nodeArgs.filter((a) => !f.observed.nodeArgs.includes(a));
      if (missing.length || f.observed.mallocArenaMax !== shipped.env.MALLOC_ARENA_MAX)
        throw new Error(`the binary did not start node with its settings: ${JSON.stringify(f.observed)}`);
    }
    const nodeDefaults = await both('node bin/gongbang-agent.js, Node defaults', { nodeArgs: [], env: {} });
    const noPacing = await measureAgent(
      '1,000 readings/s, as shipped, spool.commitGapMs 0',
      load,
      receiver,
      { ...asShippedLaunch, spool: { commitGapMs: 0 } },
      log,
    );
    const u = asShipped;
    const meets = (f: AgentFigures) => f.rssAnonMiB <= TARGETS.rssAnonMiB && f.rssMiB <= TARGETS.rssMiB;
    return {
      targets: {
        ...TARGETS,
        measuredWith: `as shipped: bin/gongbang-agent.js executed (#!/usr/bin/env -S ${label})`,
        meetsTargets:
          meets(u.idle) && meets(u.at1000ReadingsPerS) && u.idle.cpuPercentOfOneCore < TARGETS.idleCpuPercent,
      },
      asShipped: { ...shipped, commitGapMs: DEFAULT_SPOOL_OPTIONS.commitGapMs, ...asShipped },
      nodeDefaults,
      asShippedCommitGapMs0: { at1000ReadingsPerS: noPacing },
      ratios: {
        busyOverIdleCpu: +(
          u.at1000ReadingsPerS.cpuPercentOfOneCore / Math.max(u.idle.cpuPercentOfOneCore, 0.01)
        ).toFixed(1),
        busyOverIdleRss: +(u.at1000ReadingsPerS.rssMiB / u.idle.rssMiB).toFixed(2),
        shippedOverDefaultRssIdle: +(u.idle.rssMiB / nodeDefaults.idle.rssMiB).toFixed(2),
        shippedOverDefaultRssBusy: +(u.at1000ReadingsPerS.rssMiB / nodeDefaults.at1000ReadingsPerS.rssMiB).toFixed(2),
        shippedOverDefaultCpuBusy: +(
          u.at1000ReadingsPerS.cpuPercentOfOneCore / nodeDefaults.at1000ReadingsPerS.cpuPercentOfOneCore
        ).toFixed(2),
        pacedOverUnpacedCpuBusy: +(u.at1000ReadingsPerS.cpuPercentOfOneCore / noPacing.cpuPercentOfOneCore).toFixed(2),
      },
    };
  } finally {
    await receiver.stop();
  }
}
