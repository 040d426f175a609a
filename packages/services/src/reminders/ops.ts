import { sql } from 'kysely';
import { repo, withSystemScan, type Db } from '@stationdesk/db';
import { queueNames, type QueueBackend } from '@stationdesk/jobs';
import type { OpsOverview } from './ops.schema.ts';

/**
 * The operators' view of reminders across tenants: queue depths, how late reminders fire, what
 * failed. Figures only — no tenant's case data — read on the named cross-tenant path.
 */

export const queueStates = ['waiting', 'delayed', 'active', 'failed'] as const;
export type QueueState = (typeof queueStates)[number];

type QueueFigures = OpsOverview['queues'][number];

/** Upper bounds (seconds) of the lag distribution's bars; the last bar is everything above. */
export const lagBucketBounds = [5, 30, 60, 300, 900] as const;

/** A heartbeat runs every minute: two missed and the worker counts as gone. */
const WORKER_ALIVE_MS = 150_000;
const QUEUE_TIMEOUT_MS = 2_000;

async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<T>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function queueFigures(backend: QueueBackend | null): Promise<{ queues: QueueFigures[]; error: string | null }> {
  if (!backend) return { queues: [], error: 'no queue configured' };
  try {
    const queues = await within(
      QUEUE_TIMEOUT_MS,
      Promise.all(
        Object.values(queueNames).map(async (name) => {
          const c = await backend.queue(name).getJobCounts(...queueStates);
          return { name, waiting: c.waiting ?? 0, delayed: c.delayed ?? 0, active: c.active ?? 0, failed: c.failed ?? 0 };
        }),
      ),
    );
    return { queues, error: null };
  } catch (e) {
    return { queues: [], error: e instanceof Error ? e.message : String(e) };
  }
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Reminder lag of the hour before `now` — fired_at − max(due_at, created_at): a reminder already
 * due when it was written (an item filed late, a calendar recomputed) could not fire before it
 * existed, so its lag runs from then, not from a due time days ago — and failures of the day before.
 */
async function reminderFigures(db: Db, now: Date): Promise<Pick<OpsOverview, 'lag' | 'deliveries24h'>> {
  const at = now.toISOString();
  return withSystemScan(db, 'reminders', async (trx) => {
    const buckets = lagBucketBounds.map((le, i) => {
      const lower = i === 0 ? null : lagBucketBounds[i - 1]!;
      return lower === null ? sql`count(*) filter (where s <= ${le})::int` : sql`count(*) filter (where s > ${lower} and s <= ${le})::int`;
    });
    const top = lagBucketBounds[lagBucketBounds.length - 1]!;
    const { rows } = await sql<Record<string, unknown>>`
      with lag as (
        select greatest(0, extract(epoch from fired_at - greatest(due_at, created_at)))::float8 as s
          from reminders
         where fired_at > ${at}::timestamptz - interval '1 hour' and fired_at <= ${at}::timestamptz
      )
      select count(*)::int as n,
             percentile_cont(0.5) within group (order by s) as p50,
             percentile_cont(0.95) within group (order by s) as p95,
             percentile_cont(0.99) within group (order by s) as p99,
             max(s) as max,
             array[${sql.join(buckets)}, count(*) filter (where s > ${top})::int] as buckets
        from lag`.execute(trx);
    const r = rows[0]!;
    const counts = (r.buckets as number[]).map(Number);
    const failures = await trx
      .selectFrom('deliveries')
      .select([
        sql<number>`count(*) filter (where status = 'failed')::int`.as('failed'),
        sql<number>`count(*) filter (where status = 'uncertain')::int`.as('uncertain'),
      ])
      .where('status', 'in', ['failed', 'uncertain'])
      .where('created_at', '>', sql<string>`${at}::timestamptz - interval '24 hours'`)
      .executeTakeFirstOrThrow();
    return {
      lag: {
        count: Number(r.n),
        p50: num(r.p50),
        p95: num(r.p95),
        p99: num(r.p99),
        max: num(r.max),
        buckets: counts.map((count, i) => ({ le: lagBucketBounds[i] ?? null, count })),
      },
      deliveries24h: { failed: Number(failures.failed), uncertain: Number(failures.uncertain) },
    };
  });
}

export async function opsOverview(deps: { db: Db; backend: QueueBackend | null }, now = new Date()): Promise<OpsOverview> {
  const [queues, reminders, heartbeats] = await Promise.all([queueFigures(deps.backend), reminderFigures(deps.db, now), repo.listHeartbeats(deps.db, 60)]);
  return {
    generatedAt: now.toISOString(),
    queueBackend: deps.backend?.config.kind ?? null,
    queueError: queues.error,
    queues: queues.queues,
    lag: reminders.lag,
    deliveries24h: reminders.deliveries24h,
    workers: heartbeats.map((w) => ({
      id: w.id,
      host: w.host,
      pid: w.pid,
      backend: w.queue_backend,
      startedAt: w.started_at,
      seenAt: w.seen_at,
      alive: now.getTime() - Date.parse(w.seen_at) < WORKER_ALIVE_MS,
    })),
  };
}
