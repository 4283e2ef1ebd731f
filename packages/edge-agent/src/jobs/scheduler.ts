import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';

/** One scheduled job: a node-cron expression and what to run. */
export interface JobSpec {
  name: string;
  cron: string;
  run: () => void | Promise<void>;
}

/**
 * Runs the agent's periodic jobs with node-cron. A job that throws is logged and runs again
 * next time; a job still running when its next turn comes is skipped (noOverlap).
 */
export class JobScheduler {
  private tasks: ScheduledTask[] = [];
  private readonly log: Logger;

  constructor(
    private readonly jobs: readonly JobSpec[],
    private readonly timezone: string,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'jobs' });
  }

  start(): void {
    for (const job of this.jobs) {
      const task = cron.schedule(
        job.cron,
        async () => {
          try {
            await job.run();
          } catch (err) {
            this.log.error({ err, job: job.name }, 'scheduled job failed');
          }
        },
        { name: job.name, timezone: this.timezone, noOverlap: true },
      );
      this.tasks.push(task);
    }
  }

  async stop(): Promise<void> {
    for (const t of this.tasks.splice(0)) await t.destroy();
  }
}
