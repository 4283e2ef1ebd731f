// The agent as a real process: resident memory and CPU when idle and at 1,000 readings/s, with
// Node's defaults and with the settings of the example systemd unit (the deployment), each
// compared with the idle baseline measured in the same run. Heartbeats run every 5 s, so the
// remote-config pull is inside the measurement (it once loaded undici after the windows).
import { startReceiverProcess } from '../packages/edge-agent/test/support/receiver-process.js';
import { type AgentFigures, type Launch, measureAgent } from './agent-measure.js';
import { unitSettings } from './agent-unit-settings.js';

/** Issue #11: with the unit's settings, at 1,000 readings/s and idle. */
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
    const unit = unitSettings();
    const defaults: Launch = { nodeArgs: [], env: {} };
    const unitLabel = [...unit.nodeArgs, ...Object.entries(unit.env).map(([k, v]) => `${k}=${v}`)].join(' ');
    const both = async (label: string, launch: Launch) => ({
      idle: await measureAgent(`idle, ${label}`, [], receiver, launch, log),
      at1000ReadingsPerS: await measureAgent(`1,000 readings/s, ${label}`, load, receiver, launch, log),
    });
    const nodeDefaults = await both('Node defaults', defaults);
    const systemdUnit = await both(`systemd unit (${unitLabel})`, unit);
    const u = systemdUnit;
    const meets = (f: AgentFigures) => f.rssAnonMiB <= TARGETS.rssAnonMiB && f.rssMiB <= TARGETS.rssMiB;
    return {
      targets: {
        ...TARGETS,
        measuredWith: `examples/systemd/gongbang-agent.service: ${unitLabel}`,
        meetsTargets:
          meets(u.idle) && meets(u.at1000ReadingsPerS) && u.idle.cpuPercentOfOneCore < TARGETS.idleCpuPercent,
      },
      nodeDefaults,
      systemdUnit: { nodeArgs: unit.nodeArgs, env: unit.env, ...systemdUnit },
      ratios: {
        busyOverIdleCpu: +(
          u.at1000ReadingsPerS.cpuPercentOfOneCore / Math.max(u.idle.cpuPercentOfOneCore, 0.01)
        ).toFixed(1),
        busyOverIdleRss: +(u.at1000ReadingsPerS.rssMiB / u.idle.rssMiB).toFixed(2),
        unitOverDefaultRssIdle: +(u.idle.rssMiB / nodeDefaults.idle.rssMiB).toFixed(2),
        unitOverDefaultRssBusy: +(u.at1000ReadingsPerS.rssMiB / nodeDefaults.at1000ReadingsPerS.rssMiB).toFixed(2),
        unitOverDefaultCpuBusy: +(
          u.at1000ReadingsPerS.cpuPercentOfOneCore / nodeDefaults.at1000ReadingsPerS.cpuPercentOfOneCore
        ).toFixed(2),
      },
    };
  } finally {
    await receiver.stop();
  }
}
