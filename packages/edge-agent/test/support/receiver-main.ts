// A TestReceiver in its own process (benchmarks): prints `listening <port>`;
// GET /count answers how many readings it acknowledged.
// Run: node --import tsx packages/edge-agent/test/support/receiver-main.ts [--validate]
import { TestReceiver } from './receiver.js';

const receiver = new TestReceiver({ keep: false, validate: process.argv.includes('--validate') });
await receiver.start();
process.stdout.write(`listening ${receiver.port}\n`);
process.on('SIGTERM', () => void receiver.stop().then(() => process.exit(0)));
