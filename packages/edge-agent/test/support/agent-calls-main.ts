// Makes every kind of call the agent makes to a collector (enrollment, token rotation, heartbeat
// with the remote-config pull, a batch upload, a probe) against the URL given, then prints JSON:
// which of them succeeded and whether undici (fetch) was loaded before and after.
// Run: node --import tsx packages/edge-agent/test/support/agent-calls-main.ts URL TOKENFILE [--fetch]
import { exchangeEnrollmentCode, rotateAgentToken } from '../../src/enroll/index.js';
import { HttpUplink } from '../../src/forwarder/index.js';
import { HttpHeartbeatClient } from '../../src/remote-config/index.js';

const [url, tokenFile] = process.argv.slice(2) as [string, string];
// process.moduleLoadList (undocumented, stable since Node 0.x) lists the built-in modules loaded so far.
const loaded = () => (process as unknown as { moduleLoadList: string[] }).moduleLoadList;
const undiciLoaded = () => loaded().some((m) => m.includes('undici'));
const before = undiciLoaded();
const grant = await exchangeEnrollmentCode({ collectorUrl: url, code: 'ABCD-1234', agentVersion: 'test' });
await rotateAgentToken({ collectorUrl: url, agentId: grant.agentId, token: grant.token, tokenFile });
const beat = await new HttpHeartbeatClient({ url, token: grant.token }).heartbeat({
  agentVersion: 'test',
  appliedConfigVersion: null,
});
const uplink = new HttpUplink({ url, agentId: grant.agentId, token: grant.token, gzip: true, requestTimeoutMs: 5_000 });
const delivery = await uplink.send({ batchId: 'b-1', firstSeq: 1, lastSeq: 1, readings: ['{"seq":1}'] });
const probe = await uplink.probe();
// The positive control: proves the check above sees undici when fetch is used.
if (process.argv.includes('--fetch')) await (await fetch(`${url}/healthz`)).text();
process.stdout.write(
  `${JSON.stringify({ before, after: undiciLoaded(), agentId: grant.agentId, configVersion: beat.configVersion, acked: delivery.ack.batchId, probe })}\n`,
);
