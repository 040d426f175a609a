import { z } from 'zod';
import { queueNames, type QueueName } from './queues.ts';

/** A job: its queue, name and payload schema, apart from the processor that runs it. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  queue: QueueName;
  name: string;
  version: number;
  payload: S;
}

function define<S extends z.ZodType>(queue: QueueName, name: string, payload: S, version = 1): JobDefinition<S> {
  return { queue, name, version, payload };
}

export const jobs = {
  /** Proves the worker is alive; the platform page shows when it last ran. */
  heartbeat: define(queueNames.maintenance, 'heartbeat', z.object({ at: z.string() }).strict()),
};
