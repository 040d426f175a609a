import { sql } from 'kysely';
import type { ApiDeps } from '@stationdesk/api';

async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<T>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * /readyz: 503 when the database does not answer (nothing can be served); 200 "degraded" when only
 * the queue does not — requests still work and their reminders are kept in Postgres until the
 * reconciler can enqueue them, so a load balancer must not take every web node out for it.
 */
export async function checkReadiness(deps: ApiDeps) {
  const [database, queue] = await Promise.allSettled([
    within(2000, sql`select 1`.execute(deps.db.kysely)),
    deps.queue ? within(2000, deps.queue.ping()) : Promise.reject(new Error('no queue configured')),
  ]);
  const failed: string[] = [];
  if (database.status === 'rejected') failed.push('database');
  if (queue.status === 'rejected') failed.push('queue');
  const ok = database.status === 'fulfilled';
  return {
    ok,
    body: {
      status: failed.length === 0 ? 'ready' : ok ? 'degraded' : 'unavailable',
      checks: {
        database: database.status === 'fulfilled' ? 'ok' : String((database.reason as Error)?.message ?? database.reason),
        queue:
          queue.status === 'fulfilled'
            ? `ok (${deps.queue?.backend.config.kind})`
            : String((queue.reason as Error)?.message ?? queue.reason),
      },
      ...(failed.length ? { failed } : {}),
    },
  };
}
