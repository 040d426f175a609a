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

/** Producers fail fast (DESIGN §5): an enqueue not done by then is given up (the reconciler has it). */
export const ENQUEUE_TIMEOUT_MS = 2000;

export function createProducer(backend: QueueBackend, opts: { timeoutMs?: number } = {}): QueueProducer {
  const timeoutMs = opts.timeoutMs ?? ENQUEUE_TIMEOUT_MS;
  return {
    backend,
    async enqueue(def, payload, opts = {}) {
      const data = def.payload.parse(payload);
      const added = backend.queue(def.queue as QueueName).add(def.name, data, {
        ...defaultJobOptions,
        ...(def.options ?? {}),
        ...(opts.jobId ? { jobId: opts.jobId } : {}),
        ...(opts.delayMs && opts.delayMs > 0 ? { delay: Math.round(opts.delayMs) } : {}),
      });
      await within(timeoutMs, added, 'enqueue');
    },
    ping: () => within(timeoutMs, backend.ping(), 'queue ping'),
  };
}

/** `p`, or a rejection once `ms` have passed (what `p` does later is of no concern: jobs are keyed by id). */
async function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  p.catch(() => undefined);
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
