/** One queue per concern (DESIGN §5). */
export const queueNames = {
  reminders: 'reminders',
  notifications: 'notifications',
  digests: 'digests',
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof queueNames)[keyof typeof queueNames];

/** Finished jobs are removed: the database, not Redis, keeps the record of what happened. */
export const defaultJobOptions = {
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
} as const;
