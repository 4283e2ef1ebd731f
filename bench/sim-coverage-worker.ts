// A worker thread of the sim-coverage benchmark: analyses the programmes it is sent, one at a time.
import { parentPort } from 'node:worker_threads';
import { analyseSeed, type SeedOptions } from './sim-coverage-run.js';

parentPort?.on('message', (o: SeedOptions) => {
  parentPort?.postMessage(analyseSeed(o));
});
