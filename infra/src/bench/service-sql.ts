import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Database } from '@stationdesk/db';
import type { TenantActor, TenantContext } from '@stationdesk/services';
import type { BenchContext, BenchQuery } from './scenarios.ts';

/**
 * The statements a use case runs, captured by running it against a Kysely that records: so a floor
 * times exactly the SQL the procedure sends (repository queries, inline `sql` templates and helper
 * lookups alike), in the same order. With `live` (a connection in the bench tenant) each statement
 * also runs there, inside a transaction rolled back at the end, and answers its real rows — so a
 * statement built from an earlier one's answer (a page's ids) is recorded as the API sends it.
 * Otherwise every statement answers `rows(text)` (empty by default).
 */
export async function recordServiceSql(
  ctx: BenchContext,
  run: (tenant: TenantContext) => Promise<unknown>,
  opts: { actor?: Partial<TenantActor>; rows?: (text: string) => unknown[]; live?: pg.Client } = {},
): Promise<BenchQuery[]> {
  const recorded: BenchQuery[] = [];
  const rows = opts.rows ?? (() => []);
  const live = opts.live;
  const client = {
    query: async (text: string, values: unknown[]) => {
      const q = { text, values: values.map((v) => (v instanceof Date ? v.toISOString() : v)) };
      recorded.push(q);
      if (live) return live.query(q.text, q.values);
      return { rows: rows(text), command: 'SELECT', rowCount: 0 };
    },
    release: () => {},
  };
  const pool = { connect: async () => client, end: async () => {} };
  const trx = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as never }) });
  const actor: TenantActor = { userId: ctx.userId, role: 'manager', membershipId: null, scope: { kind: 'tenant' }, ip: null, ...opts.actor };
  if (live) await live.query('begin');
  try {
    await run({ trx, tenantId: ctx.tenantId, timezone: 'Asia/Shanghai', actor });
  } finally {
    if (live) await live.query('rollback');
  }
  return recorded;
}
