import { randomUUID } from 'node:crypto';
import { buildWorkspace } from './build.js';
import { signalGroupOrProcess } from './children.js';
import { endSurvivors, findSurvivors, RUN_MARKER_ENV, type Survivor } from './survivors.js';

/**
 * Vitest global setup, run once per `vitest run` in the runner's process before any worker:
 *
 * 1. Builds the packages (`tsc -b`, incremental), so running one test file tests the current
 *    code even where a test spawns the built binaries (e2e, the CLI tests). A failing build
 *    stops the run with the compiler's output.
 * 2. Marks the run: every worker and every process a test starts inherits RUN_MARKER_ENV.
 *    The teardown lists the marked processes still alive (socat, influxd, victoria-metrics,
 *    mosquitto, the pymodbus peer, node agents and collectors …), ends them, and fails the run
 *    naming each one. An interrupted run ends them on its way out.
 */
export async function setup(): Promise<() => void> {
  buildWorkspace();
  const runId = randomUUID();
  process.env[RUN_MARKER_ENV] = runId;
  // Interrupted (Ctrl-C, SIGTERM), vitest exits without the teardown, and the children lead
  // process groups of their own that the terminal's signal does not reach: end them here.
  process.once('exit', () => {
    for (const s of findSurvivors(runId, (x) => x.pid === process.pid)) signalGroupOrProcess(s.pid, 'SIGKILL');
  });
  return () => {
    try {
      endSurvivors(runId, isRunnerOrWorker);
    } catch (err) {
      // Vitest logs a teardown error ("error during close") but would still exit 0.
      process.exitCode = 1;
      throw err;
    }
  };
}

/** The runner itself and its pool workers carry the marker too; they end with the run. */
function isRunnerOrWorker(s: Survivor): boolean {
  return s.pid === process.pid || (s.ppid === process.pid && s.command.includes('/vitest/'));
}
