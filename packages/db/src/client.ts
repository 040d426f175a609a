import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

const UTC_TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

/**
 * A timestamptz as Postgres prints it, as the ISO string `Date#toISOString` gives (milliseconds,
 * Z). A session in UTC prints `2026-11-27 05:23:26.123456+00`: rewritten without parsing a Date —
 * a list page holds hundreds of timestamps. Any other shape goes through Date.
 */
export function isoFromTimestamptz(v: string): string {
  const m = UTC_TIMESTAMP.exec(v);
  if (!m) return new Date(v).toISOString();
  return `${m[1]}T${m[2]}.${((m[3] ?? '') + '000').slice(0, 3)}Z`;
}

/** Types pg hands back: timestamps as ISO strings (the API is plain JSON), int8 counts as numbers. */
function typeParsers(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(1184, isoFromTimestamptz); // timestamptz
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
  /** Told of connections lost outside a query (logging only: the pool recovers by itself). */
  onConnectionError?: (err: Error) => void;
}

export function createDb(connectionString: string, opts: DbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? 20,
    application_name: opts.applicationName ?? 'stationdesk',
    statement_timeout: opts.statementTimeoutMs ?? 30_000,
    types: typeParsers(),
  });
  // A connection dropping (Postgres restarting) must not crash the process. The pool handles it
  // for idle clients; a checked-out client emits 'error' on itself between statements, and with
  // no listener that is an uncaught exception. Its pending query fails on its own, the holder
  // releases it, and the pool opens a new connection for the next request.
  pool.on('error', (err) => opts.onConnectionError?.(err));
  pool.on('connect', (client) => {
    client.on('error', (err) => opts.onConnectionError?.(err));
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    pool,
    close: () => kysely.destroy(),
  };
}

const bound = new WeakMap<pg.PoolClient, Kysely<Database>>();

/** Statement names by SQL text, shared by every connection: the same text is the same statement. */
const statementNames = new Map<string, string>();
/** Bounds for SQL built from varying parts (IN lists): past them a statement simply runs unnamed. */
const MAX_STATEMENT_NAMES = 2000;
const MAX_PREPARED_PER_CONNECTION = 250;
const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();

/** A statement without parameters that is one query (no `;`): safe to prepare. */
const SINGLE_QUERY = /^\s*(select|with)\b[^;]*$/i;

/**
 * Runs queries as named prepared statements, one per SQL text and connection. Under row-level
 * security planning costs far more than executing: the work-item queue page plans in about 1 ms
 * and runs in 0.15 ms, and a prepared statement plans once per connection. Text without
 * parameters is prepared only when it is a single SELECT (otherwise it may hold several commands).
 */
function preparingQuery(client: pg.PoolClient) {
  return (text: string, values?: unknown[]) => {
    if (!values?.length && !SINGLE_QUERY.test(text)) return client.query(text, values);
    let name = statementNames.get(text);
    if (!name && statementNames.size < MAX_STATEMENT_NAMES) statementNames.set(text, (name = `sd_${statementNames.size + 1}`));
    let prepared = preparedOn.get(client);
    if (!prepared) preparedOn.set(client, (prepared = new Set()));
    if (!name || (!prepared.has(name) && prepared.size >= MAX_PREPARED_PER_CONNECTION)) return client.query(text, values);
    prepared.add(name);
    return client.query({ name, text, values });
  };
}

/** A Kysely bound to one checked-out client (the body of a scoped transaction); one per client, reused. */
export function kyselyOnClient(client: pg.PoolClient): Kysely<Database> {
  let k = bound.get(client);
  if (!k) {
    k = kyselyOn(async () => client);
    bound.set(client, k);
  }
  return k;
}

/** A Kysely whose every statement runs on the client `acquire` gives (opened at the first statement). */
export function kyselyOn(acquire: () => Promise<pg.PoolClient>): Kysely<Database> {
  const shim = { connect: async () => ({ query: preparingQuery(await acquire()), release: () => {} }), end: async () => {} };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: shim as unknown as pg.Pool }) });
}
