import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from '@stationdesk/db';
import type { TenantActor, TenantContext } from '@stationdesk/services';
import type { BenchContext, BenchQuery } from './scenarios.ts';

/**
 * The statements a use case runs, captured by running it against a Kysely that records instead of
 * connecting: so a floor times exactly the SQL the procedure sends (repository queries, inline
 * `sql` templates and helper lookups alike), in the same order. Every statement answers `rows(text)`
 * (empty by default): enough for the use case to reach its end without data.
 */
export async function recordServiceSql(
  ctx: BenchContext,
  run: (tenant: TenantContext) => Promise<unknown>,
  opts: { actor?: Partial<TenantActor>; rows?: (text: string) => unknown[] } = {},
): Promise<BenchQuery[]> {
  const recorded: BenchQuery[] = [];
  const rows = opts.rows ?? (() => []);
  const client = {
    query: async (text: string, values: unknown[]) => {
      recorded.push({ text, values: values.map((v) => (v instanceof Date ? v.toISOString() : v)) });
      return { rows: rows(text), command: 'SELECT', rowCount: 0 };
    },
    release: () => {},
  };
  const pool = { connect: async () => client, end: async () => {} };
  const trx = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as never }) });
  const actor: TenantActor = { userId: ctx.userId, role: 'manager', membershipId: null, scope: { kind: 'tenant' }, ip: null, ...opts.actor };
  await run({ trx, tenantId: ctx.tenantId, timezone: 'Asia/Shanghai', actor });
  return recorded;
}
