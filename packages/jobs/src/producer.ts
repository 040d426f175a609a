import type { QueueBackend } from './backend.ts';
import { defaultJobOptions, type QueueName } from './queues.ts';
import type { JobDefinition } from './definitions.ts';
import type { z } from 'zod';

/** What services use to enqueue: typed by job definition, ids only in payloads. */
export interface QueueProducer {
  enqueue<S extends z.ZodType>(
    def: JobDefinition<S>,
    payload: z.input<S>,
    opts?: { jobId?: string; delayMs?: number },
  ): Promise<void>;
  ping(): Promise<void>;
  readonly backend: QueueBackend;
}

export function createProducer(backend: QueueBackend): QueueProducer {
  return {
    backend,
    async enqueue(def, payload, opts = {}) {
      const data = def.payload.parse(payload);
      await backend.queue(def.queue as QueueName).add(def.name, data, {
        ...defaultJobOptions,
        ...(def.options ?? {}),
        ...(opts.jobId ? { jobId: opts.jobId } : {}),
        ...(opts.delayMs && opts.delayMs > 0 ? { delay: Math.round(opts.delayMs) } : {}),
      });
    },
    ping: () => backend.ping(),
  };
}
