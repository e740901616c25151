// Runs a job every `everyMs`, never overlapping itself, logging failures instead of dying.
import { logger } from "@/lib/observability/logger";

export interface PeriodicJob {
  name: string;
  everyMs: number;
  /** Delay before the first run. */
  firstAfterMs: number;
  run(): Promise<unknown>;
}

export function startPeriodic(job: PeriodicJob): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    const started = Date.now();
    try {
      const result = await job.run();
      logger.debug("job done", { job: job.name, ms: Date.now() - started, result });
    } catch (e) {
      logger.error("job failed", { job: job.name, error: e });
    }
    if (!stopped) timer = setTimeout(tick, job.everyMs).unref();
  };
  timer = setTimeout(tick, job.firstAfterMs).unref();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
