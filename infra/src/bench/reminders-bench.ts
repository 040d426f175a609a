import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import pg from 'pg';
import { ensureAppRole } from '@stationdesk/db';
import { createProducer, createQueueBackend, defaultJobOptions, jobs, migratePostgresQueueSchema, reminderJobId, type QueueBackendConfig } from '@stationdesk/jobs';
import { repoRoot, type Log } from '../services.ts';
import { percentile } from './stats.ts';

/**
 * Issue 5's figure: 100,000 reminders due within one minute, delivered in-app by the real worker
 * process, for each queue backend. The reminders are rows like the app's own (subject a user,
 * recipient `user:<id>`, inbox), spread round robin over every member of every bench tenant, due
 * evenly over the minute; each is enqueued as the app does (a delayed `fire` job, jobId from the
 * reminder id, delay = due − now) before the first is due. The worker fires them in batches
 * (reminder rows locked and re-read, a delivery row per recipient, one transaction per tenant and
 * batch) and each tenant's inbox flush, at the end of its batch window, writes one notification
 * per recipient. Measured from the rows: fired_at − due_at (the reminder lag the platform page
 * shows), deliveries.sent_at − due_at (in the inbox, batch window included), throughput, and
 * duplicates.
 *
 * A worker that keeps up delivers at the rate reminders fall due (100,000 a minute: 1,667/s), so
 * the bench runs twice: due evenly over the minute (the lag of a worker that keeps up), and all
 * due at one instant (`spreadMs` 0: the worker's capacity, deliveries per second until drained).
 */

const KIND = 'bench_reminder';
/**
 * Before the measured reminders, a tenth as many fall due over ten seconds: the worker process is
 * new, and its first seconds of work run cold (the HTTP layers are warmed up for the same reason).
 * Not counted in any figure.
 */
const WARM_KIND = 'bench_reminder_warmup';
const WARM_MS = 10_000;
const KEY_PREFIX = 'bench-rem:';
export const REMINDER_QUEUE_PREFIX = 'sd-bench-rem';
const PG_QUEUE_SCHEMA = 'bullmq';
/**
 * The reconciler schedules the staff's morning digest (08:30 local on working days, made up to six
 * hours late) and the managers' Monday summary. Which of those fall inside a bench run depends on
 * the clock, so the bench holds them off with a cancelled row under each person's key for today
 * (the scheduler inserts "on conflict do nothing"), marked so the cleanup finds them.
 */
const DIGEST_PLACEHOLDER = 'bench: holds off digests during the reminder bench';

export type QueueKind = 'redis' | 'postgres';

export interface ReminderBenchOptions {
  ownerUrl: string;
  appUrl: string;
  appRole: { name: string; password: string };
  backend: QueueKind;
  redisUrl?: string | undefined;
  count?: number;
  spreadMs?: number;
  /** Worker processes to start (BENCH_WORKERS). */
  workers?: number;
  log: Log;
}

export interface LagFigures {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface ReminderFigures {
  backend: QueueKind;
  count: number;
  recipients: number;
  tenants: number;
  workers: number;
  workerEnv: string;
  enqueue: { ms: number; perSecond: number; leadMs: number };
  fired: number;
  delivered: number;
  notifications: number;
  inboxLines: number;
  duplicates: number;
  stillPending: number;
  /** Deliveries per second from the first due time to the last delivery. */
  throughput: number;
  /** Best 5-second window of deliveries (what the worker can do when it has work). */
  peak5s: number;
  fireThroughput: number;
  fireLag: LagFigures;
  deliveryLag: LagFigures;
  unsaturated: { n: number; fireLagP99: number; deliveryLagP99: number };
  drainMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function owner(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

/** Runs `fn` once per tenant with that tenant's setting (row-level security holds for a non-superuser owner too). */
async function perTenant<T>(c: pg.Client, tenants: string[], fn: (tenantId: string) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const t of tenants) {
    await c.query(`select set_config('app.tenant_id', $1, false)`, [t]);
    out.push(await fn(t));
  }
  return out;
}

async function benchTenants(c: pg.Client): Promise<string[]> {
  await c.query(`select set_config('app.platform', 'on', false)`);
  const { rows } = await c.query<{ id: string }>(`select id from tenants where slug like 'bench-%' order by slug`);
  await c.query(`select set_config('app.platform', '', false)`);
  return rows.map((r) => r.id);
}

/** Deletes every bench reminder with its deliveries and notifications (this run's or a stopped run's). */
export async function cleanupReminders(ownerUrl: string): Promise<void> {
  const c = await owner(ownerUrl);
  try {
    await perTenant(c, await benchTenants(c), async (t) => {
      const kinds = `('${KIND}', '${WARM_KIND}')`;
      await c.query(`delete from deliveries where tenant_id = $1 and reminder_id in (select id from reminders where tenant_id = $1 and kind in ${kinds})`, [t]);
      await c.query(`delete from reminders where tenant_id = $1 and kind in ${kinds}`, [t]);
      await c.query(`delete from notifications where tenant_id = $1 and kind in ${kinds}`, [t]);
      await c.query(`delete from reminders where tenant_id = $1 and status = 'cancelled' and last_error = $2`, [t, DIGEST_PLACEHOLDER]);
    });
    // The bench database's workers are the bench's.
    await c.query('delete from worker_heartbeats');
    // A run writes and deletes 100,000 reminders: reclaim them so the next run does not start on
    // tables and indexes of dead rows (the CI server runs with autovacuum off).
    await c.query('vacuum reminders, deliveries, notifications');
  } finally {
    await c.end();
  }
}

/** The queue's own state, emptied: the bench's Redis key prefix (never the whole server), or BullMQ's schema in the bench database. */
async function resetQueue(o: ReminderBenchOptions) {
  if (o.backend === 'redis') {
    const r = new Redis(o.redisUrl!, { maxRetriesPerRequest: 1 });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', `${REMINDER_QUEUE_PREFIX}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await r.unlink(...keys);
      } while (cursor !== '0');
    } finally {
      r.disconnect();
    }
    return;
  }
  const c = await owner(o.ownerUrl);
  try {
    await c.query(`drop schema if exists ${PG_QUEUE_SCHEMA} cascade`);
  } finally {
    await c.end();
  }
  await migratePostgresQueueSchema(o.ownerUrl, PG_QUEUE_SCHEMA);
  await ensureAppRole(o.ownerUrl, o.appRole, [PG_QUEUE_SCHEMA]);
}

function queueConfig(o: ReminderBenchOptions): QueueBackendConfig {
  return o.backend === 'redis'
    ? { kind: 'redis', url: o.redisUrl!, prefix: REMINDER_QUEUE_PREFIX }
    : { kind: 'postgres', url: o.appUrl, schema: PG_QUEUE_SCHEMA };
}

/** The worker's tuning knobs passed through from the bench's environment (defaults are the worker's own). */
const WORKER_KNOBS = ['WORKER_CONCURRENCY', 'DB_POOL_MAX', 'BATCH_WINDOW_MS', 'RECONCILE_EVERY_MS', 'FIRE_CONCURRENCY', 'FIRE_BATCH_MS', 'FIRE_BATCH_MAX'] as const;

function startWorker(o: ReminderBenchOptions): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    APP_DATABASE_URL: o.appUrl,
    QUEUE_PREFIX: REMINDER_QUEUE_PREFIX,
    LOG_LEVEL: 'info',
    ...(o.backend === 'redis' ? { REDIS_URL: o.redisUrl } : {}),
  };
  for (const k of WORKER_KNOBS) if (process.env[k]) env[k] = process.env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/index.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${out.slice(-500)}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('worker started')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
      // Anything the worker says at warn or above during the run is worth seeing.
      process.stderr.write(d);
    });
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) if (/"level":(4|5|6)0/.test(line)) process.stderr.write(`[worker] ${line.slice(0, 400)}\n`);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) before it started: ${out.slice(-1000)}`));
    });
  });
}

function stopWorker(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

const lag = (sorted: number[]): LagFigures => ({
  p50: percentile(sorted, 50),
  p95: percentile(sorted, 95),
  p99: percentile(sorted, 99),
  max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
});

/** How many of `sortedTimes` are ≤ t (binary search). */
function countUpTo(sortedTimes: number[], t: number): number {
  let lo = 0;
  let hi = sortedTimes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedTimes[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export async function benchReminders(o: ReminderBenchOptions): Promise<ReminderFigures> {
  const count = o.count ?? 100_000;
  const spreadMs = o.spreadMs ?? 60_000;
  const workerCount = o.workers ?? 1;
  await cleanupReminders(o.ownerUrl);
  await resetQueue(o);
  const workers: ChildProcess[] = [];
  const backend = createQueueBackend(queueConfig(o));
  const producer = createProducer(backend);
  const c = await owner(o.ownerUrl);
  try {
    const tenants = await benchTenants(c);
    const members = (
      await perTenant(c, tenants, async (t) => {
        const { rows } = await c.query<{ user_id: string }>(`select user_id from memberships where tenant_id = $1 and role in ('manager', 'staff') order by user_id`, [t]);
        await c.query(
          `insert into reminders (tenant_id, kind, subject_type, subject_id, recipients, channels, due_at, status, idempotency_key, last_error)
           select $1, d.kind, 'user', m.user_id, jsonb_build_array('user:' || m.user_id), '{inbox}', now(), 'cancelled',
                  d.kind || ':' || to_char(now() at time zone t.timezone, 'YYYY-MM-DD') || ':' || m.user_id, $2
             from memberships m join tenants t on t.id = m.tenant_id
             join (values ('daily_digest', 'staff'), ('weekly_summary', 'manager')) as d(kind, role) on d.role = m.role
            where m.tenant_id = $1
           on conflict do nothing`,
          [t, DIGEST_PLACEHOLDER],
        );
        return rows.map((r) => ({ tenantId: t, userId: r.user_id }));
      })
    ).flat();

    for (let i = 0; i < workerCount; i++) workers.push(await startWorker(o));

    // How fast this backend takes delayed jobs, so all are enqueued before the first is due.
    const probe = backend.queue('bench-calibration');
    const probeN = 2000;
    const p0 = performance.now();
    await runPool(probeN, 32, (i) =>
      probe.add('fire', { tenantId: members[0]!.tenantId, reminderId: members[0]!.userId }, { ...defaultJobOptions, jobId: `probe-${i}`, delay: 3_600_000 }).then(() => undefined),
    );
    const probeRate = probeN / ((performance.now() - p0) / 1000);
    const warm = Math.round(count / 10);
    const leadMs = Math.round(5000 + WARM_MS + 3000 + ((count + warm) / probeRate) * 1300);

    const start = Date.now() + leadMs;
    const warmStart = start - 3000 - WARM_MS;
    const byTenant = new Map<string, { users: string[]; due: Date[]; keys: number[]; kinds: string[] }>();
    for (let g = 0; g < count + warm; g++) {
      const m = members[g % members.length]!;
      const e = byTenant.get(m.tenantId) ?? { users: [], due: [], keys: [], kinds: [] };
      const measured = g < count;
      e.users.push(m.userId);
      e.due.push(new Date(measured ? start + Math.floor((g * spreadMs) / count) : warmStart + Math.floor(((g - count) * WARM_MS) / warm)));
      e.keys.push(g);
      e.kinds.push(measured ? KIND : WARM_KIND);
      byTenant.set(m.tenantId, e);
    }
    const created: { tenantId: string; id: string; due: number }[] = [];
    await perTenant(c, [...byTenant.keys()], async (t) => {
      const e = byTenant.get(t)!;
      const { rows } = await c.query<{ id: string; due_at: Date }>(
        `insert into reminders (tenant_id, kind, subject_type, subject_id, recipients, channels, due_at, idempotency_key)
         select $1, x.kind, 'user', x.u, jsonb_build_array('user:' || x.u), '{inbox}', x.d, '${KEY_PREFIX}' || x.k
           from unnest($2::uuid[], $3::timestamptz[], $4::int[], $5::text[]) as x(u, d, k, kind)
         returning id, due_at`,
        [t, e.users, e.due, e.keys, e.kinds],
      );
      for (const r of rows) created.push({ tenantId: t, id: r.id, due: r.due_at.getTime() });
    });
    created.sort((a, b) => a.due - b.due);
    const e0 = performance.now();
    let late = 0;
    await runPool(created.length, 32, async (i) => {
      const r = created[i]!;
      const delayMs = r.due - Date.now();
      if (delayMs <= 0) late++;
      await producer.enqueue(jobs.fireReminder, { tenantId: r.tenantId, reminderId: r.id }, { jobId: reminderJobId(r.id), delayMs });
    });
    const enqueueMs = performance.now() - e0;
    o.log(
      `reminders/${o.backend}: ${count.toLocaleString('en')} reminders (+${warm.toLocaleString('en')} first, to warm the worker up) for ${members.length} people in ${tenants.length} tenants enqueued in ${(enqueueMs / 1000).toFixed(1)} s` +
        ` (${Math.round((count + warm) / (enqueueMs / 1000))}/s${late ? `, ${late} after their due time` : ''});` +
        ` first due in ${((start - Date.now()) / 1000).toFixed(1)} s`,
    );

    // Wait for the inbox: every reminder delivered, or no progress for two minutes.
    await c.query(`select set_config('app.system_scan', 'reminders', false)`);
    let last = -1;
    let lastChange = Date.now();
    for (;;) {
      await sleep(2000);
      const { rows: p } = await c.query<{ fired: number; delivered: number }>(
        `select (select count(*) from reminders where kind = '${KIND}' and status = 'sent')::int as fired,
                (select count(*) from deliveries where status = 'sent' and created_at >= $1)::int as delivered`,
        [new Date(start - leadMs)],
      );
      const { fired, delivered } = p[0]!;
      const now = Date.now();
      if (now >= start && (now - start) % 10_000 < 2000) o.log(`reminders/${o.backend}: +${((now - start) / 1000).toFixed(0)} s: fired ${fired}, delivered ${delivered}`);
      if (delivered >= count + warm) break;
      if (delivered !== last) {
        last = delivered;
        lastChange = now;
      } else if (now > start + spreadMs && now - lastChange > 120_000) {
        o.log(`reminders/${o.backend}: no progress for 2 minutes — stopping with ${count - delivered} undelivered`);
        break;
      }
    }

    // The figures, from the rows — planned on statistics that know the run's rows (autovacuum,
    // which would have analysed them, is off on the CI server).
    await c.query('analyze reminders, deliveries');
    const { rows } = await c.query<{ due: number; fired: number | null; sent: number | null; deliveries: number }>(
      `select extract(epoch from r.due_at) * 1000 as due, extract(epoch from r.fired_at) * 1000 as fired,
              extract(epoch from d.sent) * 1000 as sent, coalesce(d.n, 0)::int as deliveries
         from reminders r
         left join (select tenant_id, reminder_id, min(sent_at) filter (where status = 'sent') as sent, count(*) as n
                      from deliveries where created_at >= $1 group by 1, 2) d on d.tenant_id = r.tenant_id and d.reminder_id = r.id
        where r.kind = '${KIND}'`,
      [new Date(start - leadMs)],
    );
    await c.query(`select set_config('app.system_scan', '', false)`);
    const [inbox] = (await perTenantSum(
      c,
      tenants,
      `select count(*)::int as notifications, coalesce(sum(jsonb_array_length(items)), 0)::int as lines from notifications where tenant_id = $1 and kind = '${KIND}'`,
    )) as [{ notifications: number; lines: number }];
    const due = rows.map((r) => Number(r.due));
    const firedRows = rows.filter((r) => r.fired !== null);
    const sentRows = rows.filter((r) => r.sent !== null);
    const fireLags = firedRows.map((r) => Number(r.fired) - Number(r.due)).sort((a, b) => a - b);
    const sendLags = sentRows.map((r) => Number(r.sent) - Number(r.due)).sort((a, b) => a - b);
    const firstDue = Math.min(...due);
    const sentTimes = sentRows.map((r) => Number(r.sent)).sort((a, b) => a - b);
    const firedTimes = firedRows.map((r) => Number(r.fired)).sort((a, b) => a - b);
    const dueSorted = [...due].sort((a, b) => a - b);
    const lastSent = sentTimes.length ? sentTimes[sentTimes.length - 1]! : firstDue;
    const lastFired = firedTimes.length ? firedTimes[firedTimes.length - 1]! : firstDue;
    let peak = 0;
    for (let i = 0, j = 0; i < sentTimes.length; i++) {
      while (sentTimes[i]! - sentTimes[j]! > 5000) j++;
      peak = Math.max(peak, i - j + 1);
    }
    // A reminder is due "while the system is not saturated" when, at its due time, the queue was
    // less than a second behind: everything due up to a second earlier had fired.
    const calm = rows.filter((r) => {
      const t = Number(r.due);
      return countUpTo(firedTimes, t) >= countUpTo(dueSorted, t - 1000);
    });
    const calmFire = calm.filter((r) => r.fired !== null).map((r) => Number(r.fired) - Number(r.due)).sort((a, b) => a - b);
    const calmSend = calm.filter((r) => r.sent !== null).map((r) => Number(r.sent) - Number(r.due)).sort((a, b) => a - b);
    const extraDeliveries = rows.reduce((s, r) => s + Math.max(0, r.deliveries - 1), 0);
    const workerEnv = WORKER_KNOBS.map((k) => `${k}=${process.env[k] ?? 'default'}`).join(' ');
    return {
      backend: o.backend,
      count,
      recipients: members.length,
      tenants: tenants.length,
      workers: workerCount,
      workerEnv,
      enqueue: { ms: enqueueMs, perSecond: (count + warm) / (enqueueMs / 1000), leadMs },
      fired: firedRows.length,
      delivered: sentRows.length,
      notifications: inbox.notifications,
      inboxLines: inbox.lines,
      // A delivery row or an inbox line beyond one per reminder is a duplicate.
      duplicates: extraDeliveries + Math.max(0, inbox.lines - sentRows.length),
      stillPending: count - sentRows.length,
      throughput: sentRows.length / ((lastSent - firstDue) / 1000),
      peak5s: peak / 5,
      fireThroughput: firedRows.length / ((lastFired - firstDue) / 1000),
      fireLag: lag(fireLags),
      deliveryLag: lag(sendLags),
      unsaturated: { n: calm.length, fireLagP99: percentile(calmFire, 99), deliveryLagP99: percentile(calmSend, 99) },
      drainMs: lastSent - firstDue,
    };
  } finally {
    await Promise.all(workers.map(stopWorker));
    await backend.close();
    await c.end();
    await cleanupReminders(o.ownerUrl);
    await resetQueue(o).catch(() => undefined);
  }
}

/** Sums each numeric column of a per-tenant query over the tenants (one row out). */
async function perTenantSum(c: pg.Client, tenants: string[], text: string): Promise<Record<string, number>[]> {
  const parts = await perTenant(c, tenants, async (t) => (await c.query<Record<string, number>>(text, [t])).rows[0]!);
  const total: Record<string, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p)) total[k] = (total[k] ?? 0) + Number(v);
  return [total];
}

/** Runs `task(0..n-1)` with at most `width` in flight. */
async function runPool(n: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await task(next++);
    }),
  );
}
