import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Worker } from 'bullmq';
import { createDb } from '@stationdesk/db';
import { createProducer, createQueueBackend, jobs, queueNames, type JobDefinition } from '@stationdesk/jobs';
import { allowRobotHosts, createSenders, parseRobotHostList } from '@stationdesk/services';
import { createStorage, storageConfigFromEnv } from '@stationdesk/storage';
import { readWorkerEnv } from './env.ts';
import { heartbeat } from './processors/heartbeat.ts';
import { reconcile } from './processors/reconcile.ts';
import { generatePatrolRounds } from './processors/generate-patrol-rounds.ts';
import { runPatrolRules } from './processors/run-patrol-rules.ts';
import { flush, flushInbox } from './processors/flush-deliveries.ts';
import { fire } from './processors/fire-reminder.ts';
import { tenantExport } from './processors/tenant-export.ts';
import { noticeEmails } from './processors/notice-emails.ts';
import { buildWorker, type Handler } from './worker-factory.ts';

const env = readWorkerEnv();
const log = pino({ level: env.LOG_LEVEL, base: { app: 'worker' } });
const db = createDb(env.APP_DATABASE_URL, {
  max: env.DB_POOL_MAX,
  applicationName: 'stationdesk-worker',
  onConnectionError: (err) => log.warn({ err: err.message }, 'a database connection was lost; the pool reconnects'),
});
const backend = createQueueBackend(
  env.REDIS_URL
    ? { kind: 'redis', url: env.REDIS_URL, prefix: env.QUEUE_PREFIX }
    : { kind: 'postgres', url: env.APP_DATABASE_URL, schema: 'bullmq' },
);
const producer = createProducer(backend);
// The file store the web app writes to (the same STORAGE_* / S3_* variables): tenant exports read and write it.
const storage = createStorage(storageConfigFromEnv(process.env));
allowRobotHosts(parseRobotHostList(env.WEBHOOK_ALLOW_HOSTS));
const senders = createSenders({
  smtp: env.SMTP_HOST
    ? { host: env.SMTP_HOST, port: env.SMTP_PORT, secure: env.SMTP_SECURE, user: env.SMTP_USER, password: env.SMTP_PASSWORD, from: env.SMTP_FROM }
    : null,
});
const workerId = randomUUID();
const startedAt = new Date();

/** The job registry: definition → handler, grouped by queue below. */
const registry: { def: JobDefinition; handle: Handler }[] = [
  { def: jobs.heartbeat, handle: heartbeat({ db, workerId, backend: backend.config.kind, startedAt }) },
  { def: jobs.reconcile, handle: reconcile({ db, producer }) },
  { def: jobs.generatePatrolRounds, handle: generatePatrolRounds({ db, log }) },
  { def: jobs.runPatrolRules, handle: runPatrolRules({ db, producer, log }) },
  { def: jobs.fireReminder, handle: fire({ db, producer, batchWindowMs: env.BATCH_WINDOW_MS, batch: { maxSize: env.FIRE_BATCH_MAX, waitMs: env.FIRE_BATCH_MS } }) },
  { def: jobs.flushDeliveries, handle: flush({ db, senders }) },
  { def: jobs.flushInbox, handle: flushInbox({ db }) },
  { def: jobs.tenantExport, handle: tenantExport({ db, storage, log }) },
  { def: jobs.noticeEmails, handle: noticeEmails({ db, senders }) },
];

const byQueue = new Map<string, Map<string, { def: JobDefinition; handle: Handler }>>();
for (const entry of registry) {
  const m = byQueue.get(entry.def.queue) ?? new Map();
  m.set(entry.def.name, entry);
  byQueue.set(entry.def.queue, m);
}
// Reminder jobs mostly wait for their batch, so that queue runs many at once.
const concurrencyOf = (queue: string) => (queue === queueNames.reminders ? env.FIRE_CONCURRENCY : env.WORKER_CONCURRENCY);
const workers: Worker[] = [...byQueue].map(([queue, handlers]) => buildWorker(backend, queue, handlers, log, { concurrency: concurrencyOf(queue) }));

// Schedules are upserted, so any number of workers starting agree on one schedule per job. They
// are upserted again every reconcile period: a Redis that lost its data (restarted without
// persistence) loses the schedules with it, and the reconciler must come back by itself.
const maintenance = backend.queue(queueNames.maintenance);
async function upsertSchedules() {
  await maintenance.upsertJobScheduler('heartbeat', { every: 60_000 }, { name: jobs.heartbeat.name, data: { at: startedAt.toISOString() } });
  await maintenance.upsertJobScheduler('reconcile', { every: env.RECONCILE_EVERY_MS }, { name: jobs.reconcile.name, data: {} });
  await maintenance.upsertJobScheduler('patrol-rounds', { every: env.PATROL_ROUNDS_EVERY_MS }, { name: jobs.generatePatrolRounds.name, data: {} });
  await maintenance.upsertJobScheduler('patrol-rules', { every: env.PATROL_RULES_EVERY_MS }, { name: jobs.runPatrolRules.name, data: {} });
}
let closing = false;
const scheduleTimer = setInterval(() => {
  if (!closing) upsertSchedules().catch((e: unknown) => log.error({ err: e }, 'could not upsert the maintenance schedules'));
}, env.RECONCILE_EVERY_MS);

async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  clearInterval(scheduleTimer);
  log.info({ signal }, 'worker shutting down: finishing active jobs');
  await Promise.allSettled(workers.map((w) => w.close()));
  await backend.close();
  await db.close();
  process.exit(0);
}
// A promise someone forgot to await must not take every reminder down with it: log it.
process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
// Before any await: the job workers above already take jobs, so a stop during start-up is graceful too.
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

// Redis or Postgres may be out of reach at start (or restarting): wait for them, quietly and with
// backoff, rather than exit — the job workers above already reconnect by themselves.
const START_RETRY_MS = [500, 1000, 2000, 5000];
for (let attempt = 0; !closing; attempt++) {
  try {
    await upsertSchedules();
    await heartbeat({ db, workerId, backend: backend.config.kind, startedAt })();
    // Today's rounds at once (a worker started after midnight, or down for days, catches up now).
    await producer.enqueue(jobs.generatePatrolRounds, {}, { jobId: `patrol-rounds-start-${workerId}` });
    // The automatic findings at once too (an hour is long to wait after a restart).
    await producer.enqueue(jobs.runPatrolRules, {}, { jobId: `patrol-rules-start-${workerId}` });
    log.info({ backend: backend.config.kind, queues: [...byQueue.keys()] }, 'worker started');
    break;
  } catch (e) {
    // A stop during start-up closes the connections these calls were waiting on: the shutdown ends the process.
    if (closing) break;
    if (attempt === 0) log.warn({ err: (e as Error).message }, 'queue or database not reachable yet; retrying');
    await new Promise((r) => setTimeout(r, START_RETRY_MS[Math.min(attempt, START_RETRY_MS.length - 1)]));
  }
}
