import type { Job, Worker, WorkerOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { JobDefinition, QueueBackend } from '@stationdesk/jobs';

export type Handler = (data: unknown, job: Job) => Promise<unknown>;

/**
 * One BullMQ worker per queue; each job is routed by name to its handler after its payload is
 * re-validated against the definition (a producer of an older version cannot smuggle in fields).
 */
export function buildWorker(
  backend: QueueBackend,
  queue: string,
  handlers: Map<string, { def: JobDefinition; handle: Handler }>,
  log: Logger,
  opts: Partial<WorkerOptions>,
): Worker {
  const worker = backend.worker(
    queue,
    async (job) => {
      const entry = handlers.get(job.name);
      if (!entry) throw new Error(`no handler for job ${queue}/${job.name}`);
      const data = entry.def.payload.parse(job.data);
      return entry.handle(data, job);
    },
    opts,
  );
  worker.on('failed', (job, err) => log.warn({ queue, job: job?.name, jobId: job?.id, err: err.message }, 'job failed'));
  worker.on('error', quietly(log, queue));
  return worker;
}

/** How often a connection error that keeps repeating (Redis down) is logged again. */
const REPEAT_LOG_MS = 30_000;

/**
 * While Redis is unreachable BullMQ reports every reconnection attempt; the worker reconnects by
 * itself and resumes its processors, so one line when it starts failing (and one a period while it
 * lasts, with how many were left out) says all there is to say.
 */
export function quietly(log: Logger, queue: string, repeatMs = REPEAT_LOG_MS): (err: Error) => void {
  let lastAt = 0;
  let suppressed = 0;
  return (err) => {
    const now = Date.now();
    if (now - lastAt < repeatMs) {
      suppressed++;
      return;
    }
    log.error({ queue, err: err.message, repeated: suppressed }, 'worker error (retrying by itself)');
    lastAt = now;
    suppressed = 0;
  };
}
