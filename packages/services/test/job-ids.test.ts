import { afterAll, describe, expect, inject, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { Job } from 'bullmq';
import { createProducer, createQueueBackend, jobs, type JobDefinition, type QueueBackendConfig } from '@stationdesk/jobs';
import '@stationdesk/test-utils';

/**
 * A reminder or flush job keeps one id (so a re-enqueue while it waits is the same job), yet a
 * finished one must not swallow the next: BullMQ ignores an add whose id matches a kept job.
 */
const redisUrl = inject('redisUrl');
const backends: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const b of backends) await b.close();
});

describe.each([['redis'], ['postgres']] as const)('job ids on %s', (variant) => {
  it.skipIf(variant === 'redis' && !redisUrl)('the same id runs again once the first run has finished', async () => {
    const uid = randomBytes(4).toString('hex');
    const config: QueueBackendConfig =
      variant === 'redis' ? { kind: 'redis', url: redisUrl!, prefix: `${inject('queuePrefix')}-${uid}` } : { kind: 'postgres', url: inject('db').appUrl, schema: 'bullmq' };
    const backend = createQueueBackend(config);
    backends.push(backend);
    // The flush job's definition on a queue of this test's own (the shared queues have other workers).
    const def = { ...jobs.flushDeliveries, queue: `jobid-test-${uid}` } as unknown as JobDefinition;
    const runs: string[] = [];
    const worker = backend.worker(def.queue, async (job: Job) => void runs.push(job.id!));
    const producer = createProducer(backend);
    const payload = { tenantId: crypto.randomUUID(), channel: 'inbox', target: crypto.randomUUID() };
    const jobId = `flush-${uid}`;
    const until = async (n: number) => {
      for (let i = 0; i < 200 && runs.length < n; i++) await new Promise((r) => setTimeout(r, 50));
    };
    await producer.enqueue(def, payload, { jobId });
    await until(1);
    expect(runs).toEqual([jobId]);
    await new Promise((r) => setTimeout(r, 200));
    await producer.enqueue(def, payload, { jobId });
    await until(2);
    expect(runs).toEqual([jobId, jobId]);
    await worker.close();
    await backend.queue(def.queue).obliterate({ force: true });
  });
});
