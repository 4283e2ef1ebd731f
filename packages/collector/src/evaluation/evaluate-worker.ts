// The evaluation's worker thread: builds the panel and runs the estimator (seconds of CPU on a
// whole programme with the bootstrap) beside the collector's event loop. Messages: see worker-pool.ts.
import { parentPort } from 'node:worker_threads';
import { evaluate } from './analysis.js';
import { buildPanel } from './panel.js';
import { analyseProgramme } from './programme-analysis.js';
import type { EvaluationJob, EvaluationReply } from './worker-pool.js';

const port = parentPort;
if (!port) throw new Error('evaluate-worker.ts runs only as a worker thread');
port.on('message', (job: EvaluationJob) => {
  let reply: EvaluationReply;
  try {
    const result = job.op === 'evaluate' ? evaluate(buildPanel(job.columns), job.options) : analyseProgramme(job.input);
    reply = { id: job.id, result };
  } catch (err) {
    reply = { id: job.id, error: (err as Error).message };
  }
  port.postMessage(reply);
});
