import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

/** Types pg hands back: timestamps as ISO strings (the API is plain JSON), int8 counts as numbers. */
function typeParsers(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(1184, (v: string) => new Date(v).toISOString()); // timestamptz
  types.setTypeParser(1114, (v: string) => new Date(`${v}Z`).toISOString()); // timestamp
  types.setTypeParser(1082, (v: string) => v); // date stays YYYY-MM-DD
  types.setTypeParser(20, (v: string) => Number(v)); // int8 (counts)
  return types;
}

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export interface DbOptions {
  max?: number;
  applicationName?: string;
  statementTimeoutMs?: number;
}

export function createDb(connectionString: string, opts: DbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? 20,
    application_name: opts.applicationName ?? 'stationdesk',
    statement_timeout: opts.statementTimeoutMs ?? 30_000,
    types: typeParsers(),
  });
  // An idle client dropping (e.g. Postgres restarting) must not crash the process.
  pool.on('error', () => {});
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    pool,
    close: () => kysely.destroy(),
  };
}

const bound = new WeakMap<pg.PoolClient, Kysely<Database>>();

/** A Kysely bound to one checked-out client (the body of a scoped transaction); one per client, reused. */
export function kyselyOnClient(client: pg.PoolClient): Kysely<Database> {
  let k = bound.get(client);
  if (!k) {
    const shim = { connect: async () => ({ query: client.query.bind(client), release: () => {} }), end: async () => {} };
    k = new Kysely<Database>({ dialect: new PostgresDialect({ pool: shim as unknown as pg.Pool }) });
    bound.set(client, k);
  }
  return k;
}
