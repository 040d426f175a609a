import { Queue, Worker, createPostgresBackend, withBackend, type QueueOptions, type WorkerOptions, type Processor } from 'bullmq';
import { Redis } from 'ioredis';

/**
 * Where queues live. Redis is the production backend; BullMQ's PostgreSQL backend lets a machine
 * with nothing but Postgres run everything (DESIGN §7). The choice is made once by the launcher.
 */
export type QueueBackendConfig =
  | { kind: 'redis'; url: string; prefix: string }
  | { kind: 'postgres'; url: string; schema: string };

export interface QueueBackend {
  readonly config: QueueBackendConfig;
  queue<T = unknown>(name: string): Queue<T>;
  worker<T = unknown>(name: string, processor: Processor<T>, opts?: Partial<WorkerOptions>): Worker<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Producers fail fast when Redis is down (no offline queue); workers wait for it forever. */
export function createQueueBackend(config: QueueBackendConfig): QueueBackend {
  const queues = new Map<string, Queue>();
  const closers: Array<() => Promise<unknown>> = [];

  if (config.kind === 'redis') {
    // A command on a connection whose peer went silent (no RST) would otherwise wait forever.
    const producer = new Redis(config.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false, connectTimeout: 2000, commandTimeout: 2000 });
    producer.on('error', () => {});
    closers.push(() => producer.quit().catch(() => producer.disconnect()));
    return {
      config,
      queue<T>(name: string) {
        let q = queues.get(name);
        if (!q) {
          q = new Queue(name, { connection: producer, prefix: config.prefix } as QueueOptions);
          q.on('error', () => {});
          queues.set(name, q);
        }
        return q as unknown as Queue<T>;
      },
      worker<T>(name: string, processor: Processor<T>, opts: Partial<WorkerOptions> = {}) {
        const connection = new Redis(config.url, { maxRetriesPerRequest: null });
        connection.on('error', () => {});
        const w = new Worker<T>(name, processor, { ...opts, connection, prefix: config.prefix } as WorkerOptions);
        closers.push(() => connection.quit().catch(() => connection.disconnect()));
        return w;
      },
      async ping() {
        await producer.ping();
      },
      async close() {
        await Promise.allSettled([...queues.values()].map((q) => q.close()));
        await Promise.allSettled(closers.map((c) => c()));
      },
    };
  }

  const pg = withBackend(createPostgresBackend);
  // The queue is not the record (the reminder rows are; the reconciler re-enqueues what the queue
  // lost, as after a Redis restart), so its commits need not wait for the disk: a crash forgets at
  // most the last fraction of a second of queue writes. Waiting would serialise every job on the
  // WAL flush, under the lock Postgres holds for NOTIFY at commit.
  const connection = { connectionString: config.url, schema: config.schema, max: 4, options: '-c synchronous_commit=off' };
  return {
    config,
    queue<T>(name: string) {
      let q = queues.get(name);
      if (!q) {
        q = new pg.Queue(name, { connection }) as unknown as Queue;
        q.on('error', () => {});
        queues.set(name, q);
      }
      return q as unknown as Queue<T>;
    },
    worker<T>(name: string, processor: Processor<T>, opts: Partial<WorkerOptions> = {}) {
      return new pg.Worker(name, processor as never, { ...opts, connection } as never) as unknown as Worker<T>;
    },
    async ping() {
      const q = this.queue('maintenance');
      await q.getJobCounts('waiting');
    },
    async close() {
      await Promise.allSettled([...queues.values()].map((q) => q.close()));
    },
  };
}

/** Creates BullMQ's own tables in Postgres (run as the owner, before the app role connects). */
export async function migratePostgresQueueSchema(ownerUrl: string, schema: string): Promise<void> {
  const pg = withBackend(createPostgresBackend);
  const q = new pg.Queue('maintenance', { connection: { connectionString: ownerUrl, schema, migrate: true, max: 1 } });
  try {
    await q.waitUntilReady();
  } finally {
    await q.close();
  }
}
